"""Re-importing: the same files change nothing; an edited list reports exactly what was added, removed, amended
and which lines were malformed, and imports the rest."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from adalet.sanctions.importers import ofac
from adalet.sanctions.importers.apply import apply
from adalet.sanctions.models import ChangeRecord, Designation, SanctionedEntity
from tests.sanctions.conftest import SLICE_ENTRIES

pytestmark = pytest.mark.django_db

NEW_ROW = '99999001,"DOE, Imaginary","individual","GLOMAG] [NEWPROG",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"DOB 1970."\r\n'


def test_same_files_again_change_nothing(imported_sdn: int, ofac_dir: Path, listed_dates: Path) -> None:
    run = apply(ofac.AUTHORITY, "ofac", str(ofac_dir), ofac.parse(ofac_dir), ofac.read_listed_dates(listed_dates))
    assert (run.added, run.removed, run.amended, run.unchanged) == (0, 0, 0, SLICE_ENTRIES)
    assert not run.changed and run.problems == []
    again = apply(ofac.AUTHORITY, "ofac", str(ofac_dir), ofac.parse(ofac_dir))  # no dates file: dates kept
    assert (again.added, again.removed, again.amended) == (0, 0, 0)
    assert SanctionedEntity.objects.get(source_id="ofac-29220").listed_on_source == "dates-file"


def edited_copy(ofac_dir: Path, tmp_path: Path) -> tuple[Path, int]:
    """sdn.csv with 306 removed, 29220's remarks amended, one row added, one malformed line; the bad line's number."""
    out = tmp_path / "sdn"
    out.mkdir()
    for name in ("add.csv", "alt.csv"):
        shutil.copy(ofac_dir / name, out / name)
    lines = (ofac_dir / "sdn.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    kept = []
    for line in lines:
        if line.startswith("306,"):
            continue
        if line.startswith("29220,"):
            line = line.replace("Gender Male.", "Gender Male; nationality China.")
        kept.append(line)
    kept.insert(100, "not,a,row\r\n")
    kept.insert(-1, NEW_ROW)
    (out / "sdn.csv").write_text("".join(kept), encoding="utf-8")
    return out, 101


def test_edited_list_reports_each_change(imported_sdn: int, ofac_dir: Path, tmp_path: Path) -> None:
    directory, bad_line = edited_copy(ofac_dir, tmp_path)
    run = apply(ofac.AUTHORITY, "ofac", str(directory), ofac.parse(directory))
    assert (run.added, run.removed, run.amended) == (1, 1, 1)
    changes = {c.entity.source_id: (c.change, c.fields) for c in ChangeRecord.objects.filter(run=run)}
    assert changes["ofac-306"] == ("removed", [])
    assert changes["ofac-99999001"] == ("added", [])
    assert changes["ofac-29220"][0] == "amended"
    assert {"nationalities", "remarks", "properties"} <= set(changes["ofac-29220"][1])
    assert f"sdn.csv line {bad_line}: 3 fields instead of 12; row skipped" in run.problems
    assert any("unknown program 'NEWPROG'" in p for p in run.problems)
    assert any(p.startswith("alt.csv line") and "ent_num 306 is not in sdn.csv" in p for p in run.problems)
    bank = SanctionedEntity.objects.get(source_id="ofac-306")
    assert bank.removed_on is not None
    assert Designation.objects.get(entity=bank).removed_on == bank.removed_on
    assert SanctionedEntity.objects.get(source_id="ofac-29220").nationalities == ["China"]
    assert SanctionedEntity.objects.filter(removed_on=None).count() == SLICE_ENTRIES


def test_malformed_row_of_a_listed_entity_holds_it(imported_sdn: int, ofac_dir: Path, tmp_path: Path) -> None:
    directory = tmp_path / "held"
    directory.mkdir()
    for name in ("add.csv", "alt.csv"):
        shutil.copy(ofac_dir / name, directory / name)
    text = (ofac_dir / "sdn.csv").read_text(encoding="utf-8")
    text = text.replace('29220,"CHEN, Quanguo","individual",', '29220,"","individual",')
    (directory / "sdn.csv").write_text(text, encoding="utf-8")
    run = apply(ofac.AUTHORITY, "ofac", str(directory), ofac.parse(directory))
    assert any(p.endswith("empty name; row skipped") for p in run.problems)
    assert SanctionedEntity.objects.get(source_id="ofac-29220").removed_on is None
    assert run.removed == 0


def test_everything_amended_at_once_stays_quick(imported_sdn: int, ofac_dir: Path, tmp_path: Path) -> None:
    directory = tmp_path / "bare"
    directory.mkdir()
    shutil.copy(ofac_dir / "sdn.csv", directory / "sdn.csv")  # no aliases, no addresses: most entries change
    run = apply(ofac.AUTHORITY, "ofac", str(directory), ofac.parse(directory))
    assert run.amended == len(entries_with_alias_or_address(ofac_dir)) > SLICE_ENTRIES * 0.8
    assert run.added == run.removed == 0


def entries_with_alias_or_address(ofac_dir: Path) -> set[str]:
    """ent_nums with an alias, or an address with at least one field that is not OFAC's empty mark `-0-`."""
    with open(ofac_dir / "alt.csv", encoding="utf-8", newline="") as stream:
        found = {row[0] for row in csv.reader(stream) if len(row) > 1}
    with open(ofac_dir / "add.csv", encoding="utf-8", newline="") as stream:
        found |= {row[0] for row in csv.reader(stream) if len(row) > 1 and any(f.strip() != "-0-" for f in row[2:])}
    return found


def test_unreadable_lists_are_one_line_errors(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="sdn.csv not found"):
        call_command("sanctions", "import", "ofac", str(tmp_path))
    (tmp_path / "sdn.csv").write_text("garbage\n", encoding="utf-8")
    with pytest.raises(CommandError, match="no readable records"):
        call_command("sanctions", "import", "ofac", str(tmp_path))
