"""Anonymous visitors' public pages served from the shared cache, until what they show changes.

A view whose answer depends only on its address, the visitor's language and the published data says so with
:func:`cacheable` (the search page, collections, statistics, the API's public reads). Its answer to an anonymous
GET is kept in the shared cache (Redis when REDIS_URL is set, files under $ADALET_HOME/cache otherwise) under its
full address (scheme, host, path and query) and the language, with the generation token of ``adalet.changes``,
which every committed write to the archive, people, verification or sanctions tables renews: the next visitor
gets the stored answer without the view, its queries or its template, and after a write the page is made again.
Publishing or withdrawing a collection is such a write, so nothing unpublished is ever served from the cache. The
token read here goes with the request (``request.public_generation``), for what the view keeps per token.

Never cached: a visitor with any cookie but the CSRF and language cookies (a session: researchers see what
visitors do not), an ``Authorization`` header (API tokens), anything but a 200, an answer that sets a cookie,
streamed answers, and a request made inside an open transaction (it may see data not yet committed). Relative
search and the letters' pages are not marked cacheable: each relative search is rate-limited and audited, and a
signing form carries its own tokens. ADALET_PAGE_CACHE_SECONDS (default 300) bounds how long a page is kept; 0
turns the cache off. Answers say ``X-Adalet-Cache: hit`` or ``miss``.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import os
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.utils import translation

from adalet import changes

log = logging.getLogger("adalet.lib.pagecache")

HEADER = "X-Adalet-Cache"
#: Cookies that do not change what a public page shows (the language is part of the key).
HARMLESS_COOKIES = frozenset({settings.CSRF_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME})


def seconds() -> int:
    return int(os.environ.get("ADALET_PAGE_CACHE_SECONDS", "300"))


def cacheable(request: HttpRequest) -> None:
    """The view's answer depends only on its address, the language and the published data."""
    request._adalet_cacheable = True  # type: ignore[attr-defined]


def public_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A view whose answer depends only on its address, the language and the published data (see the module)."""

    @functools.wraps(view)
    def marked(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        cacheable(request)
        return view(request, *args, **kwargs)

    return marked


def eligible(request: HttpRequest) -> bool:
    return (request.method == "GET" and "HTTP_AUTHORIZATION" not in request.META
            and all(name in HARMLESS_COOKIES for name in request.COOKIES)
            and not connection.in_atomic_block)


def page_key(request: HttpRequest) -> str:
    language = translation.get_language_from_request(request, check_path=True)  # /ug/…: Uyghur
    # the scheme and host too: a page may hold absolute links, and one site may answer to several names
    address = f"{language}\n{request.scheme}://{request.get_host()}{request.get_full_path()}"
    return f"page:{changes.scope()}:" + hashlib.sha256(address.encode()).hexdigest()


class PageCacheMiddleware:
    """Placed before the session, locale and CSRF middleware: a stored page skips them all."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        timeout = seconds()
        if timeout <= 0 or not eligible(request):
            return self.get_response(request)
        key = page_key(request)
        try:
            generation_key = changes.generation_key()
            found = cache.get_many([generation_key, key])
            generation = found.get(generation_key) or changes.generation()
        except Exception:  # the cache is down: serve without it
            log.exception("page cache unavailable")
            return self.get_response(request)
        stored = found.get(key)
        if stored is not None and stored[0] == generation:
            return rebuilt(stored)
        request.public_generation = generation  # type: ignore[attr-defined]
        response = self.get_response(request)
        if (getattr(request, "_adalet_cacheable", False) and response.status_code == 200 and not response.cookies
                and not response.streaming):
            response[HEADER] = "miss"
            try:
                cache.set(key, (generation, response.content, list(response.items())), timeout)
            except Exception:
                log.exception("could not store a page")
        return response


def rebuilt(stored: tuple[str, bytes, list[tuple[str, str]]]) -> HttpResponse:
    _, content, headers = stored
    response = HttpResponse(content)
    for name, value in headers:
        response[name] = value
    response[HEADER] = "hit"
    return response
