"""The site's pages at an address per language: ``/ug/…`` and ``/zh-hans/…`` open a page in that language for any
browser; English has the unprefixed address, where the language is still the reader's (the switcher's cookie, else
the browser's Accept-Language), so every existing link keeps its meaning, and also ``/en/…``, English for anyone.

Django's ``i18n_patterns(prefix_default_language=False)`` would answer English at every unprefixed address (and 404
at ``/en/``), whatever the reader chose; :class:`LanguagePrefix` and :class:`LocaleMiddleware` keep the choice:

- :class:`LanguagePrefix` reverses to the active language's prefix (none for English) and matches any site
  language's prefix, or none;
- :class:`LocaleMiddleware` takes the language from the address first, then the cookie and Accept-Language.

The API, /yente/, the admin and static files stay outside (adalet.urls). :func:`alternates` gives a page's address in
every language, for ``<link rel="alternate" hreflang>`` (``x-default``: the unprefixed, negotiated address).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.middleware import locale
from django.urls import URLResolver, get_script_prefix
from django.urls.resolvers import LocalePrefixPattern
from django.utils import translation


def codes() -> list[str]:
    return [code for code, _ in settings.LANGUAGES]


class LanguagePrefix(LocalePrefixPattern):
    """``ug/``, ``zh-hans/``, ``en/`` or nothing before a site address; reversed, the active language's (English: none)."""

    def __init__(self) -> None:
        super().__init__(prefix_default_language=False)

    def match(self, path: str) -> tuple[str, tuple[()], dict[str, Any]]:
        first, slash, rest = path.partition("/")
        if slash and first in codes():
            return rest, (), {}
        return path, (), {}


def language_patterns(*urls: Any) -> list[URLResolver]:
    """i18n_patterns with :class:`LanguagePrefix`."""
    return [URLResolver(LanguagePrefix(), list(urls))]


class LocaleMiddleware(locale.LocaleMiddleware):
    """The language of the address's prefix; at an unprefixed address, the cookie's, else the browser's."""

    def process_request(self, request: HttpRequest) -> None:
        translation.activate(translation.get_language_from_request(request, check_path=True))
        request.LANGUAGE_CODE = translation.get_language()


def unprefixed(path_info: str) -> str:
    """``/ug/relatives/`` -> ``/relatives/``; an address without a language prefix stays."""
    first, slash, rest = path_info.lstrip("/").partition("/")
    if slash and first in codes():
        return "/" + rest
    return path_info


def alternates(request: HttpRequest) -> list[tuple[str, str]]:
    """[(hreflang, absolute address)] of the request's page in every language, then ``x-default``."""
    base = unprefixed(request.path_info)
    query = request.META.get("QUERY_STRING", "")
    suffix = f"?{query}" if query else ""
    prefix = get_script_prefix().rstrip("/")
    found = [(code, request.build_absolute_uri(f"{prefix}/{code}{base}{suffix}")) for code in codes()]
    return [*found, ("x-default", request.build_absolute_uri(f"{prefix}{base}{suffix}"))]
