"""Template tags of the workspace: the vendored htmx script, when `make install` has fetched it."""

from __future__ import annotations

from functools import cache

from django import template
from django.contrib.staticfiles import finders
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()
HTMX = "web/vendor/htmx.min.js"


@cache
def _htmx_present() -> bool:
    return bool(finders.find(HTMX))


@register.simple_tag
def htmx_script() -> SafeString:
    """The script tag for htmx (deferred, from this site), or nothing: every form also works without it."""
    return format_html('<script src="{}" defer></script>', static(HTMX)) if _htmx_present() else SafeString("")
