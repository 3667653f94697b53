"""`adalet facilities import-aspi`: ASPI's located facilities with coordinates, prefecture, county and tier, imported
again without duplicates, bad rows reported and not guessed, each import on the custody log; and the facilities the
records name, counted only in the collections asked for."""

from __future__ import annotations

import csv
import hashlib
import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from adalet.archive.models import CustodyRecord
from adalet.people.facilities import FacilityError, import_aspi, mapped_facilities, record_facilities
from adalet.people.models import Detention, Facility
from tests.web.conftest import build_leak

pytestmark = pytest.mark.django_db
# The column layout of ASPI's CampDataset_v1.csv (its header; the rows below are made up).
HEADER = [
    "Number", "Name_Code", "Lat", "Long", "Prefecture", "County", "# Shawn", "# ETNAM", "Tier", "Distance to County Centre",
    "Distance to Industrial Park", "Watchtowers", "Interior Fencing", "External Wall",
    "Have security features been added or removed", "Security Features Changed", "Security features changed when",
    "Have recreational features been added or removed", "Recreational features changed", "Usage prior to 2017", "Name",
    "Organised visits", "Other footage", "Other Evidence", "Eyewitness Accounts", "Any signs of decomissioning",
    "Decomissioning signs", "Number of Buildings in 2017", "Number of Buildings in 2018", "Number of Buildings in 2019",
    "Number of Buildings in 2020", "Construction ongoing in 2019?", "Construction ongoing in 2020?",
    "Number of factories within the complex", "Number of factories adjacent to the complex",
    "Distance to residential buildings", "Distance to pre-school (max 1km)", "Notes(tmp)", "Notes", "Photos", "Videos",
    "Date of Latest Sat Imagery", "Highlight", "Desecuritisation",
]
ROWS = [
    {"Number": "1", "Name_Code": "Konasheher Facility #1", "Lat": "39.38", "Long": "75.86", "Prefecture": "Kashgar",
     "County": "Konasheher", "Tier": "3"},
    {"Number": "2", "Name_Code": "Dabancheng Facility #1", "Lat": "43.3573", "Long": "88.3097", "Prefecture": "Urumqi",
     "County": "Dabancheng", "Tier": "4"},
    {"Number": "3", "Name_Code": "Tekes Facility #1", "Lat": "43.21", "Long": "81.84", "Prefecture": "Ili", "County": "Tekes",
     "Tier": "1"},
    {"Number": "4", "Name_Code": "Broken Facility #1", "Lat": "north", "Long": "81.0", "Prefecture": "Ili", "Tier": "2"},
    {"Number": "5", "Name_Code": "Odd Facility #1", "Lat": "41.0", "Long": "82.0", "Prefecture": "Aksu", "Tier": "7"},
]


def write_aspi(path: Path, rows: list[dict[str, str]] = ROWS) -> Path:
    with open(path, "w", encoding="utf-8-sig", newline="") as stream:
        writer = csv.DictWriter(stream, HEADER)
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_import_stores_coordinates_prefecture_county_and_tier(tmp_path: Path) -> None:
    path = write_aspi(tmp_path / "CampDataset_v1.csv")
    report = import_aspi(path, actor="tester")
    assert (report.created, report.updated) == (3, 0)
    assert report.problems == [f"{path.name} line 5: Lat 'north' is not a number", f"{path.name} line 6: Tier '7' is not 1, 2, 3 or 4"]
    facility = Facility.objects.get(external_id="aspi:2")
    assert (facility.name, facility.prefecture, facility.county, facility.tier) == ("Dabancheng Facility #1", "Urumqi", "Dabancheng", 4)
    assert (facility.latitude, facility.longitude) == (43.3573, 88.3097) and "ASPI" in facility.source
    record = CustodyRecord.objects.get(action="facilities-import")
    assert json.loads(record.body)["detail"]["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert [f.name for f in mapped_facilities()] == ["Tekes Facility #1", "Konasheher Facility #1", "Dabancheng Facility #1"]


def test_importing_again_updates_the_same_facilities(tmp_path: Path) -> None:
    import_aspi(write_aspi(tmp_path / "a.csv"), actor="tester")
    moved = [dict(ROWS[0], Lat="39.4", Tier="4")]
    report = import_aspi(write_aspi(tmp_path / "b.csv", moved), actor="tester")
    assert (report.created, report.updated) == (0, 1) and Facility.objects.count() == 3
    assert Facility.objects.get(external_id="aspi:1").tier == 4


def test_a_file_without_the_columns_is_refused(tmp_path: Path) -> None:
    (tmp_path / "other.csv").write_text("name,lat,lon\nX,1,2\n", encoding="utf-8")
    with pytest.raises(FacilityError, match="no Number, Name_Code, Lat, Long, Prefecture, County, Tier column"):
        import_aspi(tmp_path / "other.csv", actor="tester")
    with pytest.raises(CommandError):
        call_command("facilities", "import-aspi", str(tmp_path / "missing.csv"))


def test_the_command_prints_counts(tmp_path: Path) -> None:
    out = StringIO()
    call_command("facilities", "import-aspi", str(write_aspi(tmp_path / "camps.csv")), "--json", stdout=out)
    assert json.loads(out.getvalue())["created"] == 3


def test_record_facilities_count_detentions_of_the_collections_asked_for(tmp_path: Path) -> None:
    shown = build_leak(tmp_path / "a", "shown")
    build_leak(tmp_path / "b", "hidden", public=False)
    facilities = record_facilities([shown.pk])
    held = Detention.objects.filter(person__collection=shown, detained=True, facility__isnull=False).count()
    assert sum(f.held for f in facilities) == held
    assert sum(f.records for f in facilities) == Detention.objects.filter(person__collection=shown, facility__isnull=False).count()
    assert facilities == sorted(facilities, key=lambda f: (-f.records, f.name))
    assert record_facilities([]) == []
