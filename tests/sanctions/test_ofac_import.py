"""Importing the real OFAC SDN CSV set (July 2021; the slice in tests/fixtures): counts, the ten Xinjiang GLOMAG designations, aliases, remarks."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from adalet.sanctions.models import ChangeRecord, Designation, ImportRun, SanctionedEntity
from tests.sanctions.conftest import SLICE_ENTRIES, us_designations

pytestmark = pytest.mark.django_db


def sdn_lines(ofac_dir: Path) -> int:
    """Data lines of sdn.csv (the Ctrl-Z end marker is not a row)."""
    text = (ofac_dir / "sdn.csv").read_text(encoding="utf-8")
    return sum(1 for line in text.splitlines() if line.strip() and line.strip() != "\x1a")


def test_every_sdn_row_becomes_one_entity(imported_sdn: int, ofac_dir: Path) -> None:
    run = ImportRun.objects.get(pk=imported_sdn)
    with open(ofac_dir / "sdn.csv", encoding="utf-8", newline="") as stream:
        records = sum(1 for row in csv.reader(stream) if len(row) == 12)
    assert records == sdn_lines(ofac_dir) == SLICE_ENTRIES  # no record spans two lines in this snapshot
    assert run.problems == []
    assert (run.added, run.removed, run.amended) == (SLICE_ENTRIES, 0, 0)
    assert SanctionedEntity.objects.filter(authority="us-ofac", removed_on=None).count() == SLICE_ENTRIES
    assert ChangeRecord.objects.filter(run=run, change="added").count() == SLICE_ENTRIES
    assert set(run.sha256) == {"sdn.csv", "alt.csv", "add.csv"}


def test_the_ten_xinjiang_glomag_designations_with_their_dates(imported_sdn: int) -> None:
    facts = us_designations()
    assert len(facts) == 10
    for fact in facts:
        entity = SanctionedEntity.objects.get(source_id=f"ofac-{fact['ent_num']}")
        surname, _, given = fact["name"].partition(" ")
        expected = f"{surname}, {given}" if fact["schema"] == "Person" else fact["name"]
        assert entity.caption == expected
        assert entity.schema == fact["schema"]
        assert "GLOMAG" in entity.programs
        assert entity.listed_on == date.fromisoformat(fact["us_ofac"]), fact["name"]
        assert entity.listed_on_source == "dates-file"
        designation = Designation.objects.get(entity=entity, program="GLOMAG")
        assert designation.listed_on == date.fromisoformat(fact["us_ofac"])
        if fact["birth"]:
            assert entity.birth_dates == [fact["birth"]], fact["name"]
    assert Designation.objects.filter(program="GLOMAG", authority="us-ofac").count() == 315


def test_entities_without_a_date_are_listed_from_first_seen(imported_sdn: int) -> None:
    other = SanctionedEntity.objects.get(source_id="ofac-36")
    assert other.listed_on_source == "first-seen"
    assert other.listed_on == ImportRun.objects.get(pk=imported_sdn).started_at.date()


def test_aliases_remarks_and_programs(imported_sdn: int, ofac_dir: Path) -> None:
    kadyrov = SanctionedEntity.objects.get(source_id="ofac-23343")
    assert kadyrov.programs == ["MAGNIT", "GLOMAG"]
    assert kadyrov.birth_dates == ["1976-10-05"]
    assert kadyrov.nationalities == ["Russia"]
    bank = SanctionedEntity.objects.get(source_id="ofac-306")
    assert bank.schema == "Organization"
    assert "NATIONAL BANK OF CUBA" in bank.names[1:]
    assert bank.properties["alias"]
    with open(ofac_dir / "sdn.csv", encoding="utf-8", newline="") as stream:
        vessels = sum(1 for row in csv.reader(stream) if len(row) == 12 and row[2].strip() == "vessel")
    assert vessels > 50 and SanctionedEntity.objects.filter(schema="Vessel").count() == vessels
    assert Designation.objects.count() >= SLICE_ENTRIES
