"""django-ninja's templates and static files (the API's documentation pages), installed without importing ninja.

Listing ``"ninja"`` in INSTALLED_APPS makes every process import it at start, and with it pydantic: about 0.3 s of
CPU on each `adalet` command that never serves the API. This app config points Django's template and static file
finders at ninja's package folder, found without running its code; the API modules import ninja when the URL map
loads them, as before.
"""

from __future__ import annotations

from importlib.util import find_spec

from django.apps import AppConfig
from django.core.exceptions import ImproperlyConfigured


def _ninja_folder() -> str:
    spec = find_spec("ninja")
    if spec is None or not spec.submodule_search_locations:
        raise ImproperlyConfigured("django-ninja is not installed (pip install -e .)")
    return list(spec.submodule_search_locations)[0]


class NinjaAssets(AppConfig):
    name = "adalet.ninja_assets"
    label = "ninja"
    verbose_name = "django-ninja (templates and static files)"
    path = _ninja_folder()
