"""A URL map for the error-log tests: the site's, and one view that fails as a bug would."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from adalet.urls import urlpatterns as site

MARKER = "a bug the error log must show"


def failing_view(request: HttpRequest) -> HttpResponse:
    raise RuntimeError(MARKER)


urlpatterns = [path("failing-view/", failing_view), *site]
