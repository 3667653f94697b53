"""A cap on the size of a request's body, checked before the API reads or parses it: a larger body is a 413.

Applied to an operation with ninja's ``decorate_view`` (``@decorate_view(body_at_most(256 * 1024))``): the check
wraps the operation's run, which parses the body only after it. The declared Content-Length is what counts: Django
reads no more than it from the connection (and no body at all without one).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse


def declared_length(request: HttpRequest) -> int:
    """The body's length as the client declared it; 0 without a readable one (Django then reads nothing)."""
    raw = request.META.get("CONTENT_LENGTH") or "0"
    return int(raw) if raw.isascii() and raw.isdigit() else 0


def body_at_most(max_bytes: int) -> Callable[[Callable[..., HttpResponse]], Callable[..., HttpResponse]]:
    """A view decorator: 413, with the limit in the answer, for a body declared larger than ``max_bytes``."""

    def decorate(run: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(run)
        def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            size = declared_length(request)
            if size > max_bytes:
                detail = f"the request's body is {size} bytes; at most {max_bytes} are accepted"
                return JsonResponse({"detail": detail}, status=413)
            return run(request, *args, **kwargs)

        return checked

    return decorate
