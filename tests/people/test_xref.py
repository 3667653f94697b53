"""Photo links: evidence on every link, reviewers' decisions survive a rerun, ties are never linked;
and sign-off of verification findings goes on the custody log."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from adalet.archive.ingest import ingest
from adalet.archive.models import CustodyRecord
from adalet.demo.leak import LEAK_ZIP, MANIFEST, write_leak
from adalet.people import xref
from adalet.people.models import LinkStatus, Person, PhotoLink
from adalet.people.records import map_collection
from adalet.people.xref import xref_photos
from adalet.verify.runner import SignOffError, sign_off, verify_collection

pytestmark = pytest.mark.django_db


@pytest.fixture
def leak(tmp_path: Path) -> dict:
    write_leak(tmp_path / "leak", people=120, photos=50, docs=0, seed=4)
    ingest(tmp_path / "leak" / LEAK_ZIP, "small", ocr=False)
    map_collection("small")
    return json.loads((tmp_path / "leak" / MANIFEST).read_text(encoding="utf-8"))


def test_links_carry_their_evidence_and_reviewers_decisions_survive(leak: dict) -> None:
    first = xref_photos("small")
    assert first.linked == leak["counts"]["photos_linked"]
    link = PhotoLink.objects.filter(method="id_number").select_related("person", "photo").first()
    assert link.status == LinkStatus.PROPOSED
    assert link.evidence["id_number"] == link.person.id_number and link.photo.name.startswith(link.person.id_number)
    assert link.evidence["record"]["row"] == link.person.source.row and link.evidence["record"]["column"]
    by_name = PhotoLink.objects.filter(method="name_birth_date").select_related("person").first()
    assert by_name.evidence["record_name"] == by_name.person.name and by_name.evidence["explanation"]

    PhotoLink.objects.filter(pk=link.pk).update(status=LinkStatus.REJECTED, reviewed_by="reviewer")
    confirmed = PhotoLink.objects.exclude(pk=link.pk).first()
    PhotoLink.objects.filter(pk=confirmed.pk).update(status=LinkStatus.CONFIRMED, reviewed_by="reviewer")
    second = xref_photos("small")
    assert second.linked == first.linked - 1 and second.unlinked_reasons["link rejected by a reviewer"] == 1
    assert PhotoLink.objects.get(pk=link.pk).status == LinkStatus.REJECTED
    assert PhotoLink.objects.get(pk=confirmed.pk).status == LinkStatus.CONFIRMED
    assert PhotoLink.objects.filter(photo=confirmed.photo).count() == 1


def test_two_records_matching_a_named_photo_equally_link_neither(leak: dict) -> None:
    named = next(p for p in leak["photos"] if p["named_by"] == "name")
    twin = Person.objects.get(name=named["name"], birth_date=named["birth_date"])
    twin.pk = None
    twin.id_number = ""
    twin.save()  # a second record: same name, same birth date
    report = xref_photos("small")
    assert any(named["file_name"] in a["photo"] and len(a["candidates"]) == 2 for a in report.ambiguous)
    assert not PhotoLink.objects.filter(photo__name=named["file_name"]).exists()


def test_age_bands() -> None:
    assert [xref.age_band(a) for a in (None, 15, 17, 18, 44, 45, 60, 90)] == [
        "unknown", "under 18", "under 18", "18-29", "30-44", "45-59", "60 and over", "60 and over"
    ]


def test_sign_off_is_audited_and_shown_in_the_next_run(leak: dict) -> None:
    result = verify_collection("small")
    finding = next(f for f in result.findings if f.check == "id_checksum")
    with pytest.raises(SignOffError, match="needs a note"):
        sign_off("small", [finding.key], "dismissed", "reviewer@lab")
    with pytest.raises(SignOffError, match="no finding with key"):
        sign_off("small", ["0000000000000000"], "confirmed", "reviewer@lab")
    made = sign_off("small", [finding.key], "confirmed", "reviewer@lab", "checked against the paper file")
    record = CustodyRecord.objects.get(seq=made[0].custody_seq)
    assert (record.action, record.actor) == ("verify-signoff", "reviewer@lab")
    again = verify_collection("small").as_dict()
    shown = next(f for f in again["findings"] if f["key"] == finding.key)
    assert shown["signoff"]["decision"] == "confirmed" and shown["signoff"]["reviewer"] == "reviewer@lab"
