"""URL map: the public site, the API and the admin.

The workspace (/workspace/, namespace ``workspace``) is the web app's pages and the API app's token pages: the API
builds on the web app (its visibility and workspace frame), never the other way round.

The admin has no sign-in of its own: it sends visitors to the site's (password, then the TOTP code for users with a
confirmed device). With ADALET_REQUIRE_2FA_FOR_STAFF a session signed in with the password alone is a visitor
(adalet.web.secondfactor), so the admin, which asks ``request.user``, opens only to verified sessions.
"""

from typing import Any

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import include, path, reverse

from adalet.api import workspace as api_workspace
from adalet.web.languages import language_patterns
from adalet.web.secondfactor import awaiting_second_factor
from adalet.web.workspace import urls as workspace_urls


def admin_login(request: HttpRequest, extra_context: Any = None) -> HttpResponse:
    """The admin's sign-in: the site's sign-in; a signed-in user the admin refuses is told why, not asked again."""
    if awaiting_second_factor(request):
        return redirect("workspace:security")
    if request.user.is_authenticated:
        raise PermissionDenied("this account may not use the admin")
    return redirect_to_login(request.GET.get("next") or reverse("admin:index"), reverse("login"))


admin.site.login = admin_login  # type: ignore[method-assign]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("adalet.api.urls")),
    path("yente/", include("adalet.api.yente_urls")),
    # The pages people read, also at /ug/… and /zh-hans/… (adalet.web.languages); the API and the admin are not.
    *language_patterns(
        path("letters/", include("adalet.campaigns.urls")),
        path("workspace/", include((workspace_urls.urlpatterns + api_workspace.urlpatterns, workspace_urls.app_name))),
        path("", include("adalet.web.urls")),
    ),
]
