"""Signatures behind a trusted reverse proxy are counted per client (ADALET_TRUSTED_PROXIES), by its salted hash."""

from __future__ import annotations

from typing import Any

from django.test import Client

from adalet.campaigns import guard
from adalet.campaigns.models import Letter, Signature
from tests.campaigns.conftest import sign


def test_signers_behind_a_trusted_proxy_are_told_apart(letter: Letter, settings: Any) -> None:
    settings.ADALET_TRUSTED_PROXIES = ["10.0.0.0/8"]
    for n, address in enumerate(("198.51.100.1", "198.51.100.2")):
        behind = Client(HTTP_X_FORWARDED_FOR=f"6.6.6.6, {address}")
        assert sign(behind, ip="10.0.0.2", email=f"signer{n}@example.edu").status_code == 302
    hashes = list(Signature.objects.order_by("pk").values_list("ip_hash", flat=True))
    assert hashes == [guard.ip_hash("198.51.100.1"), guard.ip_hash("198.51.100.2")]
