"""How many failed sign-ins lock an account out: few from one address, more from all addresses together.

django-axes counts failures for each alternative of AXES_LOCKOUT_PARAMETERS (here: one username from one address,
and one username from any address) and locks when the largest count reaches AXES_FAILURE_LIMIT, one number for
every alternative. Given as this callable, the limit depends on which alternative is near it: once one address
has failed ADALET_LOCKOUT_PER_ADDRESS times for the username, that address is locked out of it (the limit is that
number); until then only ADALET_LOCKOUT_PER_ACCOUNT failures from all addresses together lock the username, for
everyone, for AXES_COOLOFF_TIME. A guesser who spreads attempts over many addresses is stopped by the second; a
user who mistypes on one machine is stopped by the first without locking the account for everyone else.
"""

from __future__ import annotations

from typing import Any

from axes.attempts import get_cool_off_threshold
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest


def per_address() -> int:
    return int(getattr(settings, "ADALET_LOCKOUT_PER_ADDRESS", 5))


def per_account() -> int:
    return int(getattr(settings, "ADALET_LOCKOUT_PER_ACCOUNT", 20))


def failures_from_address(request: HttpRequest, credentials: dict[str, Any] | None) -> int:
    """Failed sign-ins for this username from this address, within the cool-off time."""
    attempts = AccessAttempt.objects.filter(
        username=get_client_username(request, credentials), ip_address=getattr(request, "axes_ip_address", None),
        attempt_time__gte=get_cool_off_threshold(request),
    )
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


def failure_limit(request: HttpRequest, credentials: dict[str, Any] | None) -> int:
    """AXES_FAILURE_LIMIT: the per-address limit once this address has reached it, else the per-account one."""
    if failures_from_address(request, credentials) >= per_address():
        return per_address()
    return max(per_address(), per_account())
