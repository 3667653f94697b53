"""From letter to outcome (issue 20): the 2022 letter's four asks to the US, its delivery, the reference update of
2023-12-08 that designated Hu Lianhe, the notices to signatories, and the follow-up drafted for the three left."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.test import Client

from adalet.archive.blobstore import BlobStore
from adalet.campaigns import delivered, followups, outcomes
from adalet.campaigns.models import Ask, Letter, OutcomeNotice, Signature
from adalet.sanctions.models import MatchStatus, OfficialMatch
from adalet.sanctions.officials import load_registry, review
from tests.campaigns.conftest import Clock, confirm_last, link, person, sign

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "sanctions"
ASKED = ["ZHAO Kezhi", "WANG Yang", "GUO Shengkun", "HU Lianhe"]
SIGNERS = [("en", "ayse@example.edu"), ("ug", "mehmet@example.org"), ("zh-hans", "lin@example.net")]


@pytest.fixture
def asked(letter: Letter, clock: Clock, client: Client, django_capture_on_commit_callbacks: Any) -> Letter:
    """The letter with the four asks to the US, three confirmed signers (one per language), one who never
    confirmed and one who withdrew; closed, then delivered to the US Treasury and State on 2022-08-10."""
    with django_capture_on_commit_callbacks(execute=True):
        load_registry(FIXTURES / "officials.csv")
    outcomes.add_asks(letter, ASKED, ["us"], actor="organizer")
    for language, email in SIGNERS:
        signer = Client(HTTP_ACCEPT_LANGUAGE=language)
        sign(signer, **person(email=email, name=f"Signer {language}"))
        confirm_last(signer)
    sign(client, **person(email="never@example.com", name="Never Confirmed"))
    sign(client, **person(email="gone@example.com", name="Changed Mind"))
    confirm_last(client)
    client.post(link("withdraw"))
    clock.set(datetime(2022, 8, 9, tzinfo=UTC))
    delivered.deliver(letter, to=["US Department of the Treasury", "US Department of State"], method="email",
                      reference="OFAC-2022-0815", actor="organizer", at=datetime(2022, 8, 10, 14, 0, tzinfo=UTC))
    mail.outbox.clear()
    return letter


def update(capture: Any, name: str = "designations_update_2023-12-08.csv") -> None:
    with capture(execute=True):
        load_registry(FIXTURES / name)


def test_the_seed_case_hu_lianhe_is_fulfilled_three_remain_each_signer_told_once_follow_up_names_three(
        asked: Letter, django_capture_on_commit_callbacks: Any) -> None:
    result = outcomes.outcomes(asked)
    assert (result["fulfilled"], result["open"]) == (0, 4)

    update(django_capture_on_commit_callbacks)

    result = outcomes.outcomes(asked)
    assert (result["fulfilled"], result["open"]) == (1, 3)
    by_name = {a["official"]: a for a in result["asks"]}
    hu = by_name["HU Lianhe"]
    assert (hu["status"], hu["jurisdiction"], hu["designated_on"]) == ("fulfilled", "us", "2023-12-08")
    assert hu["evidence"]["basis"] == "reference"
    assert hu["evidence"]["detail"].startswith("designations_update_2023-12-08.csv: US: Treasury designation")
    assert {n for n, a in by_name.items() if a["status"] == "open"} == {"ZHAO Kezhi", "WANG Yang", "GUO Shengkun"}

    # one notice per confirmed signatory, in the language they signed in; none to the pending or the withdrawn
    assert sorted(m.to[0] for m in mail.outbox) == sorted(email for _, email in SIGNERS)
    languages = {m.to[0]: m.extra_headers["Content-Language"] for m in mail.outbox}
    assert languages == {email: language for language, email in SIGNERS}
    for message in mail.outbox:
        assert "HU Lianhe" in message.body and "ZHAO Kezhi" in message.body
    english = next(m for m in mail.outbox if m.to[0] == "ayse@example.edu")
    assert "designated by the United States on Friday 8 December 2023" in english.body
    uyghur = next(m for m in mail.outbox if m.to[0] == "mehmet@example.org")
    assert "United States" not in uyghur.body and "Still not designated" not in uyghur.body

    # the same update again, and a refresh, tell no one twice
    update(django_capture_on_commit_callbacks)
    outcomes.refresh(asked)
    assert len(mail.outbox) == 3
    assert OutcomeNotice.objects.filter(sent_at=None).count() == 0

    # the follow-up draft names the three, quotes the first letter, is no one's to see or sign but staff's
    follow = followups.current(asked)
    assert follow is not None and follow.draft and follow.follows == asked
    assert sorted(follow.asks.values_list("official__name", flat=True)) == ["GUO Shengkun", "WANG Yang", "ZHAO Kezhi"]
    for name in ("ZHAO Kezhi", "WANG Yang", "GUO Shengkun"):
        assert name in follow.body
    assert "HU Lianhe: designated by the United States on 08 December 2023" in follow.body
    assert "US Department of the Treasury; US Department of State" in follow.body
    assert "> We, the undersigned" in follow.body
    anonymous = Client()
    assert anonymous.get(f"/letters/{follow.slug}/").status_code == 404
    assert follow.slug.encode() not in anonymous.get("/letters/").content


def test_the_letter_page_shows_the_asks_the_delivery_and_the_evidence(
        asked: Letter, client: Client, django_capture_on_commit_callbacks: Any) -> None:
    update(django_capture_on_commit_callbacks)
    delivered.respond(asked, recipient="US Department of the Treasury", received_on=date(2022, 9, 1),
                      text="Thank you for your letter. We do not comment on possible designations.", actor="organizer")
    page = client.get(f"/letters/{asked.slug}/").content.decode()
    assert "Delivered on 10 August 2022 to US Department of the Treasury; US Department of State" in page
    assert "designated on 8 December 2023" in page and "not designated yet" in page
    assert "We do not comment on possible designations." in page
    record = asked.deliveries.get()
    assert " ".join(record.pdf_sha256[i:i + 8] for i in range(0, 64, 8)) in page


def test_the_delivered_pdf_still_verifies_and_a_changed_byte_is_caught(asked: Letter) -> None:
    record = asked.deliveries.get()
    assert delivered.check(record).ok
    assert delivered.pdf_of(record).startswith(b"%PDF")
    assert record.signatories == 3 and record.version == 1
    path = BlobStore().path(record.pdf_sha256)
    path.chmod(0o644)
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 1
    path.write_bytes(bytes(data))
    problems = delivered.check(record).problems
    assert len(problems) == 1 and "no longer hashes" in problems[0]


def test_a_revised_text_after_delivery_is_caught(asked: Letter) -> None:
    record = asked.deliveries.get()
    asked.versions.filter(number=1).update(body="Another text")
    assert delivered.check(record).problems == ["text version 1 has changed since it was delivered"]


def test_a_proposed_list_match_fulfils_nothing_until_a_reviewer_confirms_it(
        asked: Letter, django_capture_on_commit_callbacks: Any, tmp_path: Path) -> None:
    from adalet.sanctions.importers import ftm
    from adalet.sanctions.importers.apply import apply

    entity = ('{"id": "us-ofac-hu-lianhe", "schema": "Person", "datasets": ["us_ofac_sdn"], "properties": '
              '{"name": ["HU, Lianhe"], "alias": ["胡联合"]}}\n'
              '{"id": "us-ofac-hu-lianhe-glomag", "schema": "Sanction", "datasets": ["us_ofac_sdn"], "properties": '
              '{"entity": ["us-ofac-hu-lianhe"], "program": ["GLOMAG"], "listingDate": ["2023-12-08"]}}\n')
    (tmp_path / "ofac.jsonl").write_text(entity)
    with django_capture_on_commit_callbacks(execute=True):
        apply("us-ofac", "ftm", "ofac.jsonl", ftm.parse(tmp_path / "ofac.jsonl"))
    assert asked.asks.filter(status=Ask.Status.FULFILLED).count() == 0  # a proposal is not a designation
    # the import screened the asked officials: the match waits for a reviewer, and no one is told anything
    proposed = list(OfficialMatch.objects.filter(official__name="HU Lianhe", status=MatchStatus.PROPOSED))
    assert len(proposed) == 1 and proposed[0].entity.source_id == "us-ofac-hu-lianhe" and not mail.outbox
    with django_capture_on_commit_callbacks(execute=True):
        review([proposed[0].pk], "confirmed", "reviewer")
    hu = asked.asks.get(official__name="HU Lianhe")
    assert (hu.status, hu.designated_on, hu.evidence["basis"]) == ("fulfilled", date(2023, 12, 8), "list")
    assert len(mail.outbox) == 3


def test_an_ask_already_met_when_made_is_fulfilled_before_the_letter_and_tells_no_one(
        letter: Letter, django_capture_on_commit_callbacks: Any, client: Client) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        load_registry(FIXTURES / "officials.csv")
    sign(client, **person())
    confirm_last(client)
    mail.outbox.clear()
    outcomes.add_asks(letter, ["Chen Quanguo"], ["us", "eu"], actor="organizer")
    result = {a["jurisdiction"]: a for a in outcomes.outcomes(letter)["asks"]}
    assert result["us"]["status"] == "fulfilled" and result["us"]["evidence"]["before_letter"] is True
    assert result["eu"]["status"] == "open"
    assert not mail.outbox and followups.current(letter) is None


def test_unknown_officials_and_jurisdictions_are_refused(letter: Letter) -> None:
    with pytest.raises(outcomes.AskError, match="no official 'Nobody Known'"):
        outcomes.add_asks(letter, ["Nobody Known"], ["us"], actor="organizer")
    with pytest.raises(outcomes.AskError, match="no jurisdiction 'fr'"):
        outcomes.add_asks(letter, ["x"], ["fr"], actor="organizer")
    assert not Signature.objects.exists() and not Ask.objects.exists()
