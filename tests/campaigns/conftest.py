"""Shared fixtures for the open-letter tests: a letter open in New York time, a clock to move, and signing."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.test import Client

from adalet.campaigns import deadlines, guard, letters
from adalet.campaigns.models import KnownOrganization, Letter

NEW_YORK = ZoneInfo("America/New_York")
DURING = datetime(2022, 8, 1, 12, 0, tzinfo=NEW_YORK)
BODY = "We, the undersigned, call on **the Chair** to act.\n\n<script>alert('x')</script>\n"


class Clock:
    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.at = DURING
        monkeypatch.setattr(deadlines, "now", lambda: self.at)

    def set(self, at: datetime) -> None:
        self.at = at


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    return Clock(monkeypatch)


IMMEDIATE_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": []}}


@pytest.fixture(autouse=True)
def quick_forms(settings: Any) -> None:
    """Forms accepted at once; emails kept in memory and sent as soon as they are due (the immediate task backend:
    test_mail_queue.py runs the real queue)."""
    settings.ADALET_SIGN_MIN_SECONDS = 0
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.TASKS = IMMEDIATE_TASKS


@pytest.fixture
def letter(db: None, clock: Clock) -> Letter:
    draft = letters.Draft(
        slug="letter-2022", title="Open letter on the Xinjiang Police Files", recipients="The Chair\nThe Commission",
        body=BODY, opens_at=datetime(2022, 7, 20, 9, 0, tzinfo=NEW_YORK), deadline=date(2022, 8, 5),
        time_zone="America/New_York", links=[("official", "Chen Quanguo", "/people/1"), ("dossier", "Dossier", "/d/1")],
    )
    return letters.create(draft, actor="organizer")


def person(**overrides: str) -> dict[str, str]:
    data = {"name": "Ayşe Demir", "title": "Professor", "affiliation": "University of Ankara", "country": "TR",
            "email": "ayse.demir@example.edu", "visibility": "listed", "homepage": ""}
    return {**data, **overrides}


def organization(**overrides: str) -> dict[str, str]:
    data = {"organization": "Uyghur Rights Watch", "name": "Omer Kanat", "role": "Director", "country": "US",
            "website": "https://uyghurrights.example.org", "email": "omer@uyghurrights.example.org",
            "visibility": "listed", "homepage": ""}
    return {**data, **overrides}


def known(name: str = "Uyghur Rights Watch", domain: str = "uyghurrights.example.org") -> KnownOrganization:
    """An organization in the registry, as a moderator's approval on an earlier letter leaves it."""
    return KnownOrganization.objects.create(name=name, name_key=guard.name_key(name), domain=domain,
                                            approved_by="moderator", approved_at=DURING)


def form_token(client: Client, slug: str = "letter-2022") -> str:
    """The form's signed start time, as the page gives it (made directly when the page shows no form)."""
    found = re.search(r'name="started" value="([^"]+)"', client.get(f"/letters/{slug}/").content.decode())
    return found.group(1) if found else guard.form_token()


def sign(client: Client, kind: str = "individual", slug: str = "letter-2022", **data: Any) -> Any:
    data = {**(person() if kind == "individual" else organization()), **data}
    data.setdefault("started", form_token(client, slug))
    return client.post(f"/letters/{slug}/sign/{kind}/", data, REMOTE_ADDR=data.pop("ip", "203.0.113.7"))


def link(kind: str = "confirm", message: int = -1) -> str:
    """The path of a link in an email sent (the last one by default)."""
    found = re.search(rf"https?://[^/\s]+((?:/ug|/zh-hans)?/letters/{kind}/[^\s]+)", mail.outbox[message].body)
    return found.group(1)  # type: ignore[union-attr]  # a signer's language's address (/ug/letters/…) when not English


def confirm_last(client: Client) -> Any:
    return client.get(link("confirm"))
