"""The client's IP address, also behind reverse proxies the operator trusts (setting ``ADALET_TRUSTED_PROXIES``).

``REMOTE_ADDR`` is the client unless it is a trusted proxy (an address or CIDR network in the setting). Then
X-Forwarded-For is read from the right, skipping trusted proxies: the first address that is not one is the client.
Entries to its left were written by the client itself and are never believed, so a forged header changes nothing.
An unparsable entry stops the walk at the last proxy that was walked through; a malformed setting entry is ignored.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    """The trusted networks of the setting's entries (a single address is a /32 or /128); bad entries skipped."""
    found = []
    for entry in entries:
        try:
            found.append(ipaddress.ip_network(entry.strip(), strict=False))
        except ValueError:
            continue
    return tuple(found)


def parse(value: str) -> Address | None:
    """An address from a header or REMOTE_ADDR entry (``1.2.3.4``, ``1.2.3.4:80``, ``[::1]:80``, ``::1``), or None."""
    value = value.strip()
    if value.startswith("["):
        value = value[1:].partition("]")[0]
    elif value.count(":") == 1:  # IPv4 with a port
        value = value.partition(":")[0]
    try:
        address = ipaddress.ip_address(value.partition("%")[0])  # no IPv6 zone: it is local to a host
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


def is_trusted(address: Address, trusted: tuple[Network, ...]) -> bool:
    return any(address.version == network.version and address in network for network in trusted)


def client_ip(request: HttpRequest) -> str:
    """The client's address (a string; empty when the server gave none)."""
    remote = request.META.get("REMOTE_ADDR", "") or ""
    trusted = networks(tuple(getattr(settings, "ADALET_TRUSTED_PROXIES", ()) or ()))
    nearest = parse(remote)
    if not trusted or nearest is None or not is_trusted(nearest, trusted):
        return remote
    hops = str(request.META.get("HTTP_X_FORWARDED_FOR", "")).split(",")
    for hop in reversed(hops):
        address = parse(hop)
        if address is None:
            break  # garbage: nothing to its left can be believed
        nearest = address
        if not is_trusted(address, trusted):
            break
    return str(nearest)
