"""One rule for every privilege: when a second factor is required (ADALET_REQUIRE_2FA_FOR_STAFF=1), an account signed
in with its password alone is a visitor.

`SecondFactorMiddleware` (after django-otp's, in settings.MIDDLEWARE) puts an anonymous user in ``request.user`` for
such a session, so the site, the API, the letters and the admin, which all ask ``request.user``, grant nothing:
no role, no staff, no unmasked data, no decisions. The account itself stays reachable through `signed_in_account`
for the few pages that finish signing in: the second-factor page (enrol a device, or verify this session with a
code) and signing out. Checking ``request.user`` everywhere and the account in two places fails closed: a page
that forgets the rule shows what a visitor sees.

An API bearer token (adalet.api.auth) is a credential of its own, made in a verified session or by the server's
operator (`adalet token`), and is not affected.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.utils.functional import SimpleLazyObject

ACCOUNT = "_adalet_signed_in_account"


def required() -> bool:
    return bool(getattr(settings, "ADALET_REQUIRE_2FA_FOR_STAFF", False))


def password_only(user: Any) -> bool:
    """Whether this signed-in user has not verified a second factor in this session while one is required."""
    if not required() or user is None or not user.is_authenticated:
        return False
    verified = getattr(user, "is_verified", None)
    return not (callable(verified) and verified())


def signed_in_account(request: HttpRequest) -> Any:
    """The account of this session even when it counts as a visitor (for the pages that finish signing in)."""
    return getattr(request, ACCOUNT, None) or request.user


def awaiting_second_factor(request: HttpRequest) -> bool:
    """Signed in with the password, and the second factor not yet given: a visitor until it is."""
    return password_only(signed_in_account(request))


def context(request: HttpRequest) -> dict[str, Any]:
    """For the page header: whether to offer "finish signing in" (asked only when a template renders it)."""
    return {"awaiting_second_factor": lambda: awaiting_second_factor(request)}


class SecondFactorMiddleware:
    """Replaces a password-only session's user by an anonymous one (lazily: pages that never ask pay nothing)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        account = request.user

        def effective() -> Any:
            return AnonymousUser() if password_only(account) else account

        setattr(request, ACCOUNT, account)
        request.user = SimpleLazyObject(effective)  # type: ignore[assignment]
        return self.get_response(request)
