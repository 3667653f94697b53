"""The attack: sign before the deadline, leave the link unopened, and confirm after the letter closed (at its
deadline, or closed early by the organizers) to be counted in a letter already final. A confirmation counts only
while the letter is open: later, the signer is told the letter closed before they confirmed, and nothing changes."""

from __future__ import annotations

from datetime import datetime

from django.test import Client

from adalet.campaigns import deadlines, held, letters, signing
from adalet.campaigns.models import Letter, Signature
from tests.campaigns.conftest import NEW_YORK, Clock, confirm_last, link, sign


def test_a_link_opened_after_the_deadline_counts_nothing(client: Client, letter: Letter, clock: Clock) -> None:
    clock.set(datetime(2022, 8, 5, 23, 59, 0, tzinfo=NEW_YORK))
    sign(client)
    clock.set(datetime(2022, 8, 6, 0, 0, 1, tzinfo=NEW_YORK))
    page = confirm_last(client).content.decode()
    assert "The letter closed before you confirmed" in page and "Your signature was not counted." in page
    assert "signature is confirmed" not in page
    signature = Signature.objects.get()
    assert signature.state == "pending" and signature.email_confirmed_at is None
    assert letters.tally(letter)["individuals"] == 0


def test_a_link_opened_after_an_early_close_counts_nothing(client: Client, letter: Letter) -> None:
    sign(client, email="early@example.org", name="Early Bird")
    confirm_last(client)
    sign(client)
    deadlines.close(letter, actor="organizer")
    assert 'id="closed"' in confirm_last(client).content.decode()
    assert list(Signature.objects.order_by("pk").values_list("state", flat=True)) == ["confirmed", "pending"]
    assert letters.tally(letter)["individuals"] == 1  # confirmed in time: still counts
    again = client.get(link("confirm", message=0)).content.decode()  # the first signer, again: confirmed in time
    assert 'id="confirmed"' in again and "closed before you confirmed" not in again


def test_closed_by_another_process_after_the_link_was_read(client: Client, letter: Letter) -> None:
    sign(client)
    signature = Signature.objects.select_related("letter").get()  # the letter as read before it was closed
    Letter.objects.filter(pk=letter.pk).update(closed_at=deadlines.now())
    assert signing.confirm(signature) == "closed"
    signature.refresh_from_db()
    assert signature.state == "pending" and signature.email_confirmed_at is None


def test_a_held_signature_released_after_the_close_still_needs_a_confirmation_in_time(client: Client, letter: Letter,
                                                                                      settings: object) -> None:
    settings.ADALET_SIGN_FLAG_IP = 0  # type: ignore[attr-defined]
    sign(client)
    signature = Signature.objects.get()
    assert signature.state == "flagged"
    deadlines.close(letter, actor="organizer")
    assert held.release(letter, [signature.pk], actor="moderator") == 1
    assert "closed before you confirmed" in confirm_last(client).content.decode()
    signature.refresh_from_db()
    assert signature.state == "pending" and not signature.counts
