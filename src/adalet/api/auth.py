"""Who calls the API: the user of a bearer token (`Authorization: Bearer adt_…`), else the session's user or an
anonymous visitor. The token's user becomes ``request.user``, so every endpoint answers with that user's
visibility (web/privacy.py), as the pages do. A presented token that is wrong or revoked is refused (401) rather
than quietly treated as anonymous.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer

from adalet.api import tokens


class Caller:
    """Truthy marker for a request without a token (the session's user, or anonymous)."""

    def __bool__(self) -> bool:
        return True


class TokenOrSession(HttpBearer):
    """Bearer token when one is presented; otherwise the request goes on as the session's user or anonymously.

    ``ApiKey adt_…`` is read as ``Bearer adt_…``: it is how yente's clients (nomenklatura's enricher, with
    ``api_key`` or YENTE_API_KEY) send their key, and the same token then works from them unchanged."""

    def __call__(self, request: HttpRequest) -> Any | None:
        presented = request.headers.get(self.header)
        if not presented:
            return Caller()
        scheme, _, token = presented.partition(" ")
        if scheme.lower() == "apikey":
            return self.authenticate(request, token)
        return super().__call__(request)

    def authenticate(self, request: HttpRequest, token: str) -> Any | None:
        user = tokens.user_for(token.strip())
        if user is not None:
            request.user = user
        return user
