"""The attack: sign twice from one mailbox by quoting its local part ("a.b"@gmail.com is a.b@gmail.com, RFC 5322
3.4.1). The mailbox key reads a quoted local part that needs no quotes as the unquoted one, then applies the
provider's rules (gmail's dots, +tags) as before; a quoted string that does need its quotes stays a mailbox of its own."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client

from adalet.campaigns.mailboxes import mailbox_key
from adalet.campaigns.models import Letter, Signature
from tests.campaigns.conftest import confirm_last, sign


@pytest.mark.parametrize("quoted,plain", [
    ('"a.b"@gmail.com', "a.b@gmail.com"),
    ('"a.b"@gmail.com', "ab@googlemail.com"),
    ('"a.b"@example.org', "a.b@example.org"),
    ('"a\\.b"@example.org', "a.b@example.org"),  # a quoted pair that needs no escaping
    ('"Alice+letters"@outlook.com', "alice@outlook.com"),
    ('"A.B"@Example.ORG', "a.b@example.org"),
])
def test_a_quoted_local_part_that_needs_no_quotes_is_the_same_mailbox(quoted: str, plain: str) -> None:
    assert mailbox_key(quoted) == mailbox_key(plain)


@pytest.mark.parametrize("quoted,other", [
    ('"a.b"@example.org', "ab@example.org"),  # dots still matter where the provider keeps them
    ('"a b"@example.org', "ab@example.org"),  # a space needs the quotes: another local part
    ('"a..b"@example.org', "a.b@example.org"),  # so do two dots in a row
    ('"a@b"@example.org', "a@example.org"),
])
def test_a_quoted_local_part_that_needs_its_quotes_stays_distinct(quoted: str, other: str) -> None:
    assert mailbox_key(quoted) != mailbox_key(other)


def test_quoted_strings_that_need_quotes_have_one_spelling() -> None:
    assert mailbox_key('"a\\ b"@example.org') == mailbox_key('"a b"@example.org') == '"a b"@example.org'


def test_signing_again_with_the_quoted_spelling_stores_nothing_and_tells_the_mailbox(letter: Letter) -> None:
    first_client, second_client = Client(), Client()
    first = sign(first_client, email="ayse.demir@gmail.com")
    confirm_last(first_client)
    sent = len(mail.outbox)
    again = sign(second_client, email='"ayse.demir"@gmail.com', name="Ayşe Again", ip="198.51.100.20")
    assert (again.status_code, again["Location"]) == (first.status_code, first["Location"]) == (302, first["Location"])
    assert Signature.objects.count() == 1
    assert len(mail.outbox) == sent + 1 and "already signed" in mail.outbox[-1].subject
    assert mail.outbox[-1].to == ["ayse.demir@gmail.com"]
