from django.urls import path

from adalet.api.endpoints import api
from adalet.api.match import router as match_router

api.add_router("/match", match_router)

urlpatterns = [path("", api.urls)]
