"""Per-client rate limits that every server process agrees on, counted in the database.

A client is known only by a salted hash of its address (`client_hash`), which is also what the custody log keeps;
the address is the one `adalet.lib.clientip` finds (behind the proxies of ADALET_TRUSTED_PROXIES, the client's).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import salted_hmac

from adalet.lib.clientip import client_ip
from adalet.web.models import ClientHit


def client_hash(request: HttpRequest) -> str:
    """A salted hash of the client's address (the salt is the site's secret key): stable, not reversible."""
    return salted_hmac("adalet.web.client", client_ip(request)).hexdigest()[:32]


def allow(bucket: str, client: str, *, limit: int, per: dt.timedelta) -> bool:
    """Count one request of ``client`` in ``bucket``; False (and not counted) when ``limit`` are already in ``per``."""
    now = timezone.now()
    with transaction.atomic():
        recent = ClientHit.objects.filter(bucket=bucket, client=client, at__gt=now - per)
        if recent.count() >= limit:
            return False
        ClientHit.objects.filter(bucket=bucket, at__lte=now - per).delete()
        ClientHit.objects.create(bucket=bucket, client=client, at=now)
    return True
