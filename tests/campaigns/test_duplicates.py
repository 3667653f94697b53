"""One signature per mailbox (case, gmail dots and +tags, quoting: test_mailbox_quoting.py), one listing per
organization; a second attempt from a mailbox stores nothing and looks the same to the visitor, while the mailbox
owner is told (by the outbox: test_mail_queue.py); a second organization signature looks the same too."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.test import Client

from adalet.campaigns import letters
from adalet.campaigns.mailboxes import mailbox_key
from adalet.campaigns.models import Letter, Signature
from tests.campaigns.conftest import confirm_last, known, sign


@pytest.mark.parametrize("a,b", [
    ("Alice.Smith@gmail.com", "alicesmith+letters@googlemail.com"),
    ("a.b@example.org", "A.B@EXAMPLE.ORG"),
    ("x+1@outlook.com", "X@outlook.com"),
])
def test_one_mailbox_one_key(a: str, b: str) -> None:
    assert mailbox_key(a) == mailbox_key(b)


def test_dots_matter_where_the_provider_keeps_them() -> None:
    assert mailbox_key("a.b@example.org") != mailbox_key("ab@example.org")


def test_the_same_mailbox_cannot_sign_twice(client: Client, letter: Letter) -> None:
    sign(client, email="Alice.Smith@gmail.com", name="Alice Smith")
    confirm_last(client)
    response = sign(client, email="alicesmith+again@gmail.com", name="Alice Smith Again")
    assert response.status_code == 302  # the same page as a first signature: no one learns who signed
    assert Signature.objects.count() == 1
    assert "already signed" in mail.outbox[-1].subject and mail.outbox[-1].to == ["Alice.Smith@gmail.com"]  # the stored mailbox


def test_a_verified_organization_is_listed_once(client: Client, letter: Letter) -> None:
    known()
    first = sign(client, "organization")
    confirm_last(client)
    again = sign(client, "organization", organization="uyghur rights  WATCH", email="other@uyghurrights.example.org")
    assert again.status_code == first.status_code == 302 and again["Location"] == first["Location"]  # nothing told
    confirm_last(client)
    listed, second = Signature.objects.order_by("pk")
    assert listed.verified_by == "registry" and second.verified_by == "" and not second.counts  # waits, unlisted
    assert letters.tally(letter)["organizations"] == 1


def seen(response: Any, client: Client) -> tuple[int, str, str, list[str]]:
    """What a signer sees of a signing request: the status, where it leads, that page, and the cookies set."""
    page = client.get(response["Location"])
    return response.status_code, response["Location"], page.content.decode(), sorted(response.cookies)


def test_a_second_attempt_shows_exactly_the_page_of_a_first(letter: Letter) -> None:
    first_client, second_client = Client(), Client()
    first = seen(sign(first_client, email="Alice.Smith@gmail.com", name="Alice Smith"), first_client)
    confirm_last(first_client)
    sent = len(mail.outbox)
    again = seen(sign(second_client, email="alicesmith+again@gmail.com", name="Alice Smith Again", ip="198.51.100.9"),
                 second_client)
    assert again == first and first[0] == 302 and "/thanks/" in first[1]
    assert Signature.objects.count() == 1 and len(mail.outbox) == sent + 1  # the mailbox is told, nothing stored
