"""API tokens: make one (shown once), find the user a presented token stands for, revoke one; made and revoked
tokens go on the custody log (by id and prefix, never the token).

A token is ``adt_`` and 40 random URL-safe characters; only its SHA-256 is stored. With that much entropy a fast
hash is enough: nothing is gained by guessing against the hash rather than the API.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any

from django.utils import timezone

from adalet.api.models import ApiToken
from adalet.archive import custody

SCHEME = "adt_"
PREFIX_LENGTH = 10
TOUCH_EVERY = dt.timedelta(minutes=1)  # last_used_at is written at most this often


class TokenError(ValueError):
    pass


def digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def create(user: Any, name: str, actor: str) -> tuple[ApiToken, str]:
    """A new token for ``user``: the record and the token itself, which is never available again."""
    name = name.strip()[:100] or "API token"
    raw = SCHEME + secrets.token_urlsafe(30)
    token = ApiToken.objects.create(user=user, name=name, prefix=raw[:PREFIX_LENGTH], digest=digest(raw))
    custody.append("api-token-create", actor=actor, subject=user.get_username(),
                   detail={"token": token.pk, "prefix": token.prefix, "name": name})
    return token, raw


def revoke(token: ApiToken, actor: str) -> ApiToken:
    if token.revoked_at is not None:
        raise TokenError(f"token {token.prefix}… is already revoked")
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    custody.append("api-token-revoke", actor=actor, subject=token.user.get_username(),
                   detail={"token": token.pk, "prefix": token.prefix, "name": token.name})
    return token


def user_for(raw: str) -> Any | None:
    """The active user a presented token stands for, or None (unknown, revoked, or its user deactivated)."""
    if not raw.startswith(SCHEME) or len(raw) > 200:
        return None
    token = ApiToken.objects.select_related("user").filter(digest=digest(raw), revoked_at__isnull=True).first()
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > TOUCH_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.user


def of_user(user: Any) -> list[ApiToken]:
    return list(ApiToken.objects.filter(user=user).order_by("revoked_at", "-created_at"))


def owned(user: Any, token_id: int) -> ApiToken | None:
    """One of the user's tokens, by id."""
    return ApiToken.objects.filter(pk=token_id, user=user).first()
