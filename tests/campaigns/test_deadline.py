"""The deadline is enforced in the letter's time zone: 23:59:59 on the last day counts, midnight does not;
an extension is kept with its reason, shown on the page and in the emails, and signers are told."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.core import mail
from django.test import Client

from adalet.archive.models import CustodyRecord
from adalet.campaigns import deadlines, letters
from adalet.campaigns.models import Letter, Signature
from tests.campaigns.conftest import NEW_YORK, Clock, sign


def test_the_last_second_of_the_deadline_day_counts_and_midnight_does_not(client: Client, letter: Letter,
                                                                           clock: Clock) -> None:
    clock.set(datetime(2022, 8, 5, 23, 59, 59, tzinfo=NEW_YORK))
    assert sign(client).status_code == 302
    clock.set(datetime(2022, 8, 6, 0, 0, 0, tzinfo=NEW_YORK))
    response = sign(client, email="late@example.edu", name="Late Signer")
    assert response.status_code == 400 and "This letter is closed" in response.content.decode()
    assert list(Signature.objects.values_list("email", flat=True)) == ["ayse.demir@example.edu"]


def test_the_time_zone_is_the_letters_not_the_servers(letter: Letter) -> None:
    # 03:30 UTC on 6 August is still 23:30 on 5 August in New York.
    assert deadlines.is_open(letter, datetime.fromisoformat("2022-08-06T03:30:00+00:00"))
    assert not deadlines.is_open(letter, datetime.fromisoformat("2022-08-06T04:00:00+00:00"))


def test_before_the_opening_nothing_is_accepted(client: Client, letter: Letter, clock: Clock) -> None:
    clock.set(datetime(2022, 7, 20, 8, 59, tzinfo=NEW_YORK))
    assert "not open for signatures yet" in sign(client).content.decode()
    assert not Signature.objects.exists()


def test_an_extension_is_kept_shown_and_told(client: Client, letter: Letter, clock: Clock) -> None:
    sign(client)
    told = letters.extend(letter, date(2022, 8, 10), reason="More organizations asked to sign", actor="organizer")
    assert told == 1
    notice = mail.outbox[-1]
    assert "extended" in notice.subject
    assert "from Friday 5 August 2022 to Wednesday 10 August 2022" in notice.body
    assert "More organizations asked to sign" in notice.body and "/letters/withdraw/" in notice.body
    page = client.get("/letters/letter-2022/").content.decode()
    assert "The original deadline of Friday 5 August 2022 has been extended to Wednesday 10 August 2022." in page
    assert "More organizations asked to sign" in page
    clock.set(datetime(2022, 8, 10, 23, 59, 59, tzinfo=NEW_YORK))
    assert sign(client, email="later@example.edu", name="Later Signer").status_code == 302
    assert "has been extended" in mail.outbox[-1].body and "Wednesday 10 August 2022" in mail.outbox[-1].body
    letters.extend(letter, date(2022, 8, 12), reason="Again", actor="organizer")
    history = list(letter.extensions.values_list("previous_deadline", "new_deadline", "reason"))
    assert history == [(date(2022, 8, 5), date(2022, 8, 10), "More organizations asked to sign"),
                       (date(2022, 8, 10), date(2022, 8, 12), "Again")]
    assert CustodyRecord.objects.filter(action="campaign-extend").count() == 2


def test_an_extension_must_be_later_and_have_a_reason(letter: Letter) -> None:
    with pytest.raises(deadlines.DeadlineError, match="after the current one"):
        deadlines.extend(letter, date(2022, 8, 4), reason="why", actor="organizer")
    with pytest.raises(deadlines.DeadlineError, match="needs a reason"):
        deadlines.extend(letter, date(2022, 8, 9), reason=" ", actor="organizer")
    assert not letter.extensions.exists()


def test_a_closed_letter_refuses_signatures_and_extensions(client: Client, letter: Letter) -> None:
    deadlines.close(letter, actor="organizer")
    response = sign(client)
    assert response.status_code == 400 and "This letter is closed" in response.content.decode()
    assert not Signature.objects.exists()
    with pytest.raises(deadlines.DeadlineError, match="closed"):
        deadlines.extend(letter, date(2022, 8, 10), reason="too late", actor="organizer")
