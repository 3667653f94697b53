"""The client's address: REMOTE_ADDR, or behind trusted proxies (ADALET_TRUSTED_PROXIES) the rightmost address of
X-Forwarded-For that is not a trusted proxy; a forged header never chooses the client's identity."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client, RequestFactory

from adalet.lib.clientip import client_ip, networks
from adalet.web.models import ClientHit


def ip(remote: str, forwarded: str | None = None) -> str:
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return client_ip(RequestFactory().get("/", REMOTE_ADDR=remote, **extra))


def test_without_trusted_proxies_a_forwarded_header_is_ignored(settings: Any) -> None:
    settings.ADALET_TRUSTED_PROXIES = []
    assert ip("203.0.113.7", "198.51.100.1") == "203.0.113.7"
    settings.ADALET_TRUSTED_PROXIES = ["10.0.0.1"]
    assert ip("203.0.113.7", "198.51.100.1") == "203.0.113.7"  # the sender is no proxy of ours


def test_behind_a_trusted_proxy_the_client_it_saw_counts_not_what_the_client_claimed(settings: Any) -> None:
    settings.ADALET_TRUSTED_PROXIES = ["10.0.0.1"]
    assert ip("10.0.0.1", "198.51.100.1") == "198.51.100.1"
    assert ip("10.0.0.1", "1.1.1.1, 6.6.6.6 ,198.51.100.1") == "198.51.100.1"  # spoofed entries on the left
    assert ip("10.0.0.1") == "10.0.0.1" and ip("10.0.0.1", "") == "10.0.0.1"  # no header: the proxy itself


def test_a_chain_of_proxies_and_networks(settings: Any) -> None:
    settings.ADALET_TRUSTED_PROXIES = ["10.0.0.0/8", " 192.0.2.5 ", "2001:db8::/32"]
    assert ip("10.1.2.3", "198.51.100.1, 192.0.2.5, 10.9.9.9") == "198.51.100.1"
    assert ip("2001:db8::1", "2001:db8:ffff::2, 203.0.113.9, 2001:db8::7") == "203.0.113.9"
    assert ip("10.1.2.3", "2001:db8::5, 10.0.0.8") == "2001:db8::5"  # every hop trusted: the farthest one
    assert ip("10.1.2.3", "[2001:db8:1::9]:443, 198.51.100.4:8080, 10.0.0.2") == "198.51.100.4"  # with ports
    assert ip("::ffff:10.1.2.3", "198.51.100.6") == "198.51.100.6"  # an IPv4 proxy seen over IPv6


def test_garbage_in_the_header_or_the_setting_is_ignored_safely(settings: Any) -> None:
    settings.ADALET_TRUSTED_PROXIES = ["not-a-network", "10.0.0.0/33", "10.0.0.0/8"]
    assert networks(("not-a-network", "10.0.0.0/33", "10.0.0.0/8")) == networks(("10.0.0.0/8",))
    assert ip("10.0.0.1", "198.51.100.1, <script>, 10.0.0.2") == "10.0.0.2"  # stops at the last proxy walked
    assert ip("10.0.0.1", "unknown") == "10.0.0.1"
    assert ip("10.0.0.1", ",,,") == "10.0.0.1"
    assert ip("10.0.0.1", "999.1.1.1") == "10.0.0.1"
    assert ip("garbage", "198.51.100.1") == "garbage"  # an odd server: its value, as before, never the header
    assert ip("", "198.51.100.1") == ""
    settings.ADALET_TRUSTED_PROXIES = ["nonsense"]
    assert ip("10.0.0.1", "198.51.100.1") == "10.0.0.1"


@pytest.mark.django_db
def test_two_clients_behind_a_trusted_proxy_have_their_own_relative_search_limits(settings: Any) -> None:
    settings.ADALET_TRUSTED_PROXIES = ["10.0.0.0/8"]
    query = {"name": "Erkin Tuniyaz", "birth_year": 1980}
    first = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.1")
    assert all(first.post("/relatives/", query).status_code == 200 for _ in range(10))
    assert first.post("/relatives/", query).status_code == 429
    spoofing = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.50, 198.51.100.1")
    assert spoofing.post("/relatives/", query).status_code == 429  # a forged entry on the left changes nothing
    second = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.2")
    assert second.post("/relatives/", query).status_code == 200
    clients = set(ClientHit.objects.filter(bucket="relative-search").values_list("client", flat=True))
    assert len(clients) == 2  # counted apart (the custody log keeps no client: tests/web/test_relatives_audit.py)


@pytest.mark.django_db
def test_without_the_setting_everyone_behind_the_proxy_shares_one_limit(settings: Any) -> None:
    settings.ADALET_TRUSTED_PROXIES = []
    query = {"name": "Erkin Tuniyaz", "birth_year": 1980}
    first = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.1")
    assert all(first.post("/relatives/", query).status_code == 200 for _ in range(10))
    assert Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.2").post("/relatives/", query).status_code == 429


def test_sign_in_lockouts_count_the_same_client(settings: Any) -> None:
    from axes.helpers import get_client_ip_address

    settings.ADALET_TRUSTED_PROXIES = ["10.0.0.0/8"]
    request = RequestFactory().post("/login/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.1")
    assert get_client_ip_address(request) == "198.51.100.1"
