"""Per-client rate limits that every server process agrees on, counted in the database.

A client is known only by a salted hash of its address (`client_hash`), kept with its requests for as long as the
window lasts; the address is the one `adalet.lib.clientip` finds (behind the proxies of ADALET_TRUSTED_PROXIES, the
client's). Searches (and names screened) are counted per address and per network in the shared cache
(`search_allowed`, `within_limits`), and so are downloads of originals.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from adalet.lib import keys
from adalet.lib.clientip import client_ip, parse
from adalet.web.models import ClientHit
from adalet.web.roles import holds_a_role


def client_hash(request: HttpRequest) -> str:
    """A keyed hash of the client's address (the key is derived for this purpose, adalet.lib.keys): stable, not
    reversible without the key."""
    return keys.keyed_hash("client", client_ip(request))


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


# --- Search: per client and per network, in the shared cache --------------------------------------------------

NAMESPACE = "rate"  # tests give each test its own


def search_limits() -> tuple[int, int]:
    """Searches a minute from one address, and from one IPv4 /24 or IPv6 /64 (a patient attacker's many addresses):
    ADALET_SEARCH_LIMITS (e.g. "30,120", the default)."""
    per_client, per_network = getattr(settings, "ADALET_SEARCH_LIMITS", (30, 120))
    return int(per_client), int(per_network)


def download_limits() -> tuple[int, int]:
    """Originals a minute from one address and from one /24 or /64: ADALET_DOWNLOAD_LIMITS (e.g. "20,60")."""
    per_client, per_network = getattr(settings, "ADALET_DOWNLOAD_LIMITS", (20, 60))
    return int(per_client), int(per_network)


def network_of(address: str) -> str:
    """The /24 (IPv4) or /64 (IPv6) an address is in; the address itself when it does not parse."""
    parsed = parse(address)
    if parsed is None:
        return address
    prefix = 24 if parsed.version == 4 else 64
    return str(ipaddress.ip_network(f"{parsed}/{prefix}", strict=False))


def is_limited(request: HttpRequest) -> bool:
    """Visitors and accounts without a role are limited; researchers and everyone with a role are not."""
    user = request.user
    if not user.is_authenticated:
        return True
    return not holds_a_role(user)


def search_allowed(request: HttpRequest, bucket: str = "search", units: int = 1) -> bool:
    """Count a search of ``units`` (one for a search; one per name screened at /api/match); False when the client,
    or its network, has had its share in this minute (ADALET_SEARCH_LIMITS)."""
    return within_limits(request, bucket, search_limits(), units)


def within_limits(request: HttpRequest, bucket: str, limits: tuple[int, int], units: int = 1) -> bool:
    """Count ``units`` in ``bucket`` for the client and its network; False, and nothing counted, when that would take
    either beyond its limit (``limits``: per client, per network) in this minute. Role holders are not limited.

    One-minute windows counted in the shared cache (Redis, or files on one machine), so every process and machine
    agrees, weighed as a sliding minute (the last window counts for the part of it still within the minute), so a
    burst across a window's edge gets no second share; the counters' keys hold keyed hashes of the address and
    network, never the addresses. A request larger than the client's whole share is refused without counting.
    """
    if not is_limited(request):
        return True
    address = client_ip(request)
    now = time.time()
    window, elapsed = int(now // 60), (now % 60) / 60
    if units > limits[0]:
        return False
    counted: list[str] = []
    for scope, limit in ((address, limits[0]), (network_of(address), limits[1])):
        prefix = f"{NAMESPACE}:{bucket}:{keys.keyed_hash('client', 'rate:' + scope, 24)}"
        key = f"{prefix}:{window}"
        cache.add(key, 0, timeout=150)
        try:
            count = cache.incr(key, units)
        except ValueError:  # expired between add and incr
            cache.set(key, units, timeout=150)
            count = units
        counted.append(key)
        before = cache.get(f"{prefix}:{window - 1}", 0)
        if count + before * (1 - elapsed) > limit:
            for key in counted:  # a refused request uses none of the share
                try:
                    cache.decr(key, units)
                except ValueError:
                    pass
            return False
    return True
