"""Bad input gets a clear message and stores nothing: oversized fields, invalid or disposable email, markup or
look-alike letters in names, the honeypot, a form sent back too fast or forged, a missing CSRF token."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.test import Client

from adalet.campaigns import guard
from adalet.campaigns.models import Letter, Signature
from tests.campaigns.conftest import person, sign


@pytest.mark.parametrize("field,value,message", [
    ("name", "x" * 201, "Ensure this value has at most 200 characters"),
    ("affiliation", "y" * 5000, "Ensure this value has at most 200 characters"),
    ("email", "not-an-email", "Enter a valid email address"),
    ("email", "a@" + "b" * 260 + ".com", "Enter a valid email address"),
    ("email", "someone@mailinator.com", "not a disposable one"),
    ("email", "someone@eu.yopmail.com", "not a disposable one"),
    ("name", "<script>alert(1)</script>", "no markup or links"),
    ("name", "Jоhn Smith", "mixes look-alike alphabets"),  # a Cyrillic о
    ("name", "Ann\u202eSmith", "invisible or control characters"),
    ("name", "", "This field is required"),
    ("country", "XX", "Select a valid choice"),
    ("visibility", "everyone", "Select a valid choice"),
])
def test_refused_with_a_clear_message_and_nothing_stored(client: Client, letter: Letter, field: str, value: str,
                                                         message: str) -> None:
    response = sign(client, **{field: value})
    assert response.status_code == 400
    assert message in response.content.decode().replace("&#x27;", "'")
    assert not Signature.objects.exists() and not mail.outbox


def test_names_in_many_scripts_are_welcome(client: Client, letter: Letter) -> None:
    for i, name in enumerate(["ئەركىن تۇنياز", "陈小明", "José Ñúñez-O'Brien", "Erkin 艾尔肯"]):
        assert sign(client, name=name, email=f"n{i}@example{i}.org", ip=f"192.0.2.{i}").status_code == 302
    assert Signature.objects.count() == 4


def test_the_honeypot_stores_nothing_and_says_nothing(client: Client, letter: Letter) -> None:
    response = sign(client, homepage="http://spam.example")
    assert response.status_code == 302 and not Signature.objects.exists() and not mail.outbox


def test_a_form_sent_back_too_fast_is_refused(client: Client, letter: Letter, settings: Any) -> None:
    settings.ADALET_SIGN_MIN_SECONDS = 5
    response = sign(client)
    assert response.status_code == 400 and "faster than a person" in response.content.decode()
    assert not Signature.objects.exists()


def test_a_forged_form_time_is_refused(client: Client, letter: Letter) -> None:
    response = sign(client, started="1700000000:forged")
    assert response.status_code == 400 and "The form has expired" in response.content.decode()
    assert not Signature.objects.exists()


def test_csrf_is_required(letter: Letter) -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post("/letters/letter-2022/sign/individual/", {**person(), "started": guard.form_token()})
    assert response.status_code == 403 and not Signature.objects.exists()


def test_an_unknown_kind_or_letter_is_not_found(client: Client, letter: Letter) -> None:
    assert client.post("/letters/letter-2022/sign/robot/", person()).status_code == 404
    assert client.post("/letters/no-such-letter/sign/individual/", person()).status_code == 404
    assert not Signature.objects.exists()
