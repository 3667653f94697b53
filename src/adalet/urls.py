"""URL map: the public site, the API and the admin."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("adalet.api.urls")),
    path("letters/", include("adalet.campaigns.urls")),
    path("", include("adalet.web.urls")),
]
