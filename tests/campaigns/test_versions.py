"""The letter is versioned: each signature records the version it endorsed; a material edit asks existing
signers to re-confirm, and re-confirming records the new version."""

from __future__ import annotations

from django.core import mail
from django.test import Client

from adalet.campaigns import letters
from adalet.campaigns.models import Letter, Signature
from tests.campaigns.conftest import confirm_last, link, sign


def test_a_material_edit_asks_signers_to_reconfirm(client: Client, letter: Letter) -> None:
    sign(client)
    confirm_last(client)
    asked = letters.revise(letter, title=letter.title, recipients=letter.recipients, body=letter.body + "\nAlso this.",
                           material=True, note="A new demand", actor="organizer")
    assert asked == 1 and letter.version == 2
    assert "has changed" in mail.outbox[-1].subject and "A new demand" in mail.outbox[-1].body
    signature = Signature.objects.get()
    assert signature.version == 1 and signature.reconfirm_requested_at is not None
    client.get(link("confirm"))
    signature.refresh_from_db()
    assert signature.version == 2 and signature.reconfirm_requested_at is None
    assert list(letter.versions.values_list("number", "material")) == [(1, True), (2, True)]
    sign(client, email="new@example.org", name="New Signer", ip="192.0.2.8")
    assert Signature.objects.get(name="New Signer").version == 2


def test_a_minor_edit_asks_no_one(client: Client, letter: Letter) -> None:
    sign(client)
    confirm_last(client)
    sent = len(mail.outbox)
    assert letters.revise(letter, title=letter.title + ".", recipients=letter.recipients, body=letter.body,
                          material=False, note="typo", actor="organizer") == 0
    assert len(mail.outbox) == sent and Signature.objects.get().reconfirm_requested_at is None
