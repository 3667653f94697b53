"""URL map of the yente API surface (adalet.api.yente_api), mounted at /yente/ by the project's URL map."""

from django.urls import path

from adalet.api.yente_api import api

urlpatterns = [path("", api.urls)]
