"""A server process signs against its own short-lived copy of the letter; what another process changed meanwhile
(closing, extending, a new text version) is seen by the insert itself, so the copy never decides wrongly.

"Another process" is played by QuerySet.update, which changes the row without telling this process."""

from __future__ import annotations

from datetime import date, datetime

from django.test import Client

from adalet.campaigns import signing
from adalet.campaigns.models import Letter, Signature
from tests.campaigns.conftest import NEW_YORK, Clock, sign


def test_a_letter_closed_elsewhere_refuses_at_once(client: Client, letter: Letter, clock: Clock) -> None:
    assert sign(client).status_code == 302  # this process now holds a copy that says open
    assert signing.letter_for_signing(letter.slug).closed_at is None
    Letter.objects.filter(pk=letter.pk).update(closed_at=clock.at)
    refused = sign(client, email="second@example.edu", name="Second Signer")
    assert refused.status_code == 400 and "closed" in refused.content.decode()
    assert list(Signature.objects.values_list("email", flat=True)) == ["ayse.demir@example.edu"]


def test_a_deadline_extended_elsewhere_is_honoured(client: Client, letter: Letter, clock: Clock) -> None:
    assert sign(client).status_code == 302
    Letter.objects.filter(pk=letter.pk).update(deadline=date(2022, 8, 10))
    clock.set(datetime(2022, 8, 9, 12, 0, tzinfo=NEW_YORK))  # after the copy's deadline, before the new one
    assert sign(client, email="later@example.edu", name="Later Signer").status_code == 302
    assert Signature.objects.filter(email="later@example.edu").exists()


def test_a_new_text_version_elsewhere_is_the_one_endorsed(client: Client, letter: Letter) -> None:
    assert sign(client).status_code == 302
    Letter.objects.filter(pk=letter.pk).update(version=2)
    assert sign(client, email="reader@example.edu", name="New Reader").status_code == 302
    assert Signature.objects.get(email="reader@example.edu").version == 2


def test_a_second_signature_from_one_mailbox_is_not_stored(client: Client, letter: Letter) -> None:
    assert sign(client).status_code == 302
    signature = Signature.objects.get()
    duplicate = Signature(letter=letter, kind=signature.kind, name="X", country="DE", email=signature.email,
                          email_key=signature.email_key, email_domain=signature.email_domain, version=1, nonce="n",
                          created_at=signature.created_at)
    assert signing.insert_unless_signed(duplicate) is False and duplicate.pk is None
    assert Signature.objects.count() == 1
