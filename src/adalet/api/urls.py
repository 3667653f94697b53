from django.urls import path

from adalet.api.endpoints import api

urlpatterns = [path("", api.urls)]
