"""Bursts are held for review (a held signature's confirmation does not make it count; its signer is told it awaits
review: test_held_review.py), and a moderator invalidates in bulk by IP hash, domain or time window, exactly what
the preview showed, on the custody log."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from adalet.archive.models import CustodyRecord
from adalet.campaigns import guard, letters, moderation
from adalet.campaigns.models import Letter, Signature
from tests.campaigns.conftest import Clock, confirm_last, sign


def burst(client: Client, n: int, ip: str = "198.51.100.9", domain: str = "example.edu", name: str = "Signer") -> None:
    for i in range(n):
        sign(client, email=f"s{i}@{domain}", name=f"{name} {chr(65 + i)}{chr(97 + i)}", ip=ip)


def test_a_burst_from_one_ip_is_held_and_counted_only_once_approved(client: Client, letter: Letter,
                                                                     settings: Any) -> None:
    settings.ADALET_SIGN_FLAG_IP = 3
    burst(client, 5)
    states = list(Signature.objects.order_by("id").values_list("state", flat=True))
    assert states == ["pending"] * 3 + ["flagged"] * 2
    flagged = Signature.objects.filter(state="flagged").last()
    assert flagged is not None and flagged.flag_reason == "burst from one IP"
    page = confirm_last(client).content.decode()
    assert "awaiting review" in page and "your signature is confirmed" not in page
    flagged.refresh_from_db()
    assert flagged.state == "flagged" and flagged.email_confirmed_at is not None and not flagged.counts
    assert letters.tally(letter)["individuals"] == 0
    assert flagged.name not in client.get("/letters/letter-2022/").content.decode()
    moderation.approve(flagged, actor="moderator")
    flagged.refresh_from_db()
    assert flagged.state == "confirmed" and letters.tally(letter)["individuals"] == 1


def test_near_identical_names_are_flagged(client: Client, letter: Letter) -> None:
    for i, name in enumerate(["John Smith", "john  smith", "John Smith1", "JOHN SMITH."]):
        sign(client, email=f"js{i}@example{i}.org", name=name.replace("1", ""), ip=f"192.0.2.{i}")
    assert list(Signature.objects.order_by("id").values_list("state", flat=True)) == ["pending"] * 2 + ["flagged"] * 2


def test_the_hard_rate_limit_per_ip_refuses(client: Client, letter: Letter, settings: Any) -> None:
    settings.ADALET_SIGN_RATE_PER_IP = 2
    burst(client, 2)
    response = sign(client, email="third@example.edu", name="Third Person", ip="198.51.100.9")
    assert response.status_code == 400 and "Too many signatures" in response.content.decode()
    assert Signature.objects.count() == 2


def test_the_rate_limit_per_domain_spares_webmail(client: Client, letter: Letter, settings: Any) -> None:
    settings.ADALET_SIGN_RATE_PER_DOMAIN = 2
    for i in range(3):
        sign(client, email=f"p{i}@gmail.com", name=f"Person {chr(65 + i)}", ip=f"192.0.2.{i}")
    assert Signature.objects.count() == 3
    for i in range(3):
        sign(client, email=f"q{i}@bots.example", name=f"Other {chr(70 + i)}", ip=f"192.0.2.{10 + i}")
    assert Signature.objects.filter(email_domain="bots.example").count() == 2


def test_bulk_invalidation_invalidates_exactly_what_the_preview_showed(client: Client, letter: Letter,
                                                                       clock: Clock) -> None:
    burst(client, 4, ip="198.51.100.9")
    confirm_last(client)
    sign(client, email="keep@other.org", name="Kept Person", ip="192.0.2.50")
    criteria = moderation.Criteria(ip_hash=guard.ip_hash("198.51.100.9"))
    shown = moderation.preview(letter, criteria)
    assert shown["total"] == 4
    assert moderation.invalidate_bulk(letter, criteria, expected=shown["total"], actor="mod", reason="one bot") == 4
    assert Signature.objects.filter(state="invalidated").count() == 4
    assert Signature.objects.exclude(state="invalidated").get().name == "Kept Person"
    record = CustodyRecord.objects.get(action="campaign-invalidate")
    assert record.actor == "mod" and '"count":4' in record.body


def test_bulk_invalidation_refuses_when_the_set_changed(client: Client, letter: Letter) -> None:
    burst(client, 2, domain="bots.example")
    criteria = moderation.Criteria(domain="bots.example")
    shown = moderation.preview(letter, criteria)["total"]
    sign(client, email="late@bots.example", name="Late Bot", ip="192.0.2.77")
    with pytest.raises(moderation.ModerationError, match="preview again"):
        moderation.invalidate_bulk(letter, criteria, expected=shown, actor="mod", reason="x")
    assert not Signature.objects.filter(state="invalidated").exists()
    assert not CustodyRecord.objects.filter(action="campaign-invalidate").exists()


def test_bulk_by_time_window_through_the_page(client: Client, letter: Letter, clock: Clock) -> None:
    start = clock.at
    burst(client, 3, ip="192.0.2.1")
    clock.set(start + timedelta(hours=2))
    sign(client, email="after@example.org", name="After Window", ip="192.0.2.99")
    client.force_login(User.objects.create_user("mod", password="pw-for-tests-only", is_staff=True))
    window = {"since": start.isoformat(), "until": (start + timedelta(hours=1)).isoformat()}
    page = client.get("/letters/letter-2022/moderate/", window).content.decode()
    assert 'id="preview">3 live signatures match' in page
    client.post("/letters/letter-2022/moderate/", {**window, "action": "bulk", "expected": "3", "reason": "spam"})
    assert Signature.objects.filter(state="invalidated").count() == 3
    assert Signature.objects.get(state="pending").name == "After Window"


def test_bulk_needs_some_criterion(letter: Letter) -> None:
    with pytest.raises(moderation.ModerationError):
        moderation.preview(letter, moderation.Criteria())


def test_counters_are_shared_rows_in_the_database(letter: Letter) -> None:
    from adalet.campaigns import counters
    from adalet.campaigns.models import RateCounter

    assert counters.hit({"ip:x": 0, "domain:y": 0}) == {"ip:x": 1, "domain:y": 1}
    assert counters.hit({"ip:x": 0}) == {"ip:x": 2}
    assert counters.hit({"ip:x": 3600}) == {"ip:x": 1}  # a new window starts at one
    assert RateCounter.objects.count() == 3
