"""The user's API tokens in the workspace: make one (shown once, on the page that made it), see and revoke them.

The pages live with the tokens, in the workspace's frame (``adalet.web.workspace``): the web app does not know the API.
`urlpatterns` joins the workspace's own in the project's URL map (adalet/urls.py), in its ``workspace`` namespace.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from adalet.api import tokens
from adalet.web.workspace.access import actor, workspace_view


@never_cache
@workspace_view
def token_list(request: HttpRequest) -> HttpResponse:
    made = None
    if request.method == "POST":
        token, raw = tokens.create(request.user, request.POST.get("name", ""), actor=actor(request))
        made = {"token": token, "raw": raw}
    context = {"tokens": tokens.of_user(request.user), "made": made}
    return render(request, "web/workspace/tokens.html", context)


@workspace_view
@require_POST
def revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    token = tokens.owned(request.user, token_id)
    if token is None:
        raise Http404("no such token")
    try:
        tokens.revoke(token, actor=actor(request))
        messages.success(request, _("Token %(prefix)s… revoked.") % {"prefix": token.prefix})
    except tokens.TokenError as problem:
        messages.error(request, str(problem))
    return redirect("workspace:tokens")


urlpatterns = [
    path("tokens/", token_list, name="tokens"),
    path("tokens/<int:token_id>/revoke/", revoke, name="revoke-token"),
]
