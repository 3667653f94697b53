"""Photo file names: the camera's <ID>_<time>.jpg, a database export's bare <ID>.jpg, and <name>_<birth>[_<time>].jpg.

A database export (the realistic leak writes them: no EXIF, named by the ID number only) links to its row, and
on a small realistic leak `adalet xref photos --json` counts exactly what the manifest says.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from adalet.archive.ingest import ingest
from adalet.demo.leak import LEAK_ZIP, MANIFEST, write_leak
from adalet.people.models import PhotoLink
from adalet.people.photonames import PhotoName, parse_photo_name
from adalet.people.records import map_collection
from adalet.people.xref import xref_photos
from tests.conftest import Adalet

ID = "65412719700101123X"


def test_the_three_forms_and_nothing_else() -> None:
    taken = dt.datetime(2018, 3, 1, 9, 30, 5)
    assert parse_photo_name(f"{ID}_20180301093005.jpg") == PhotoName(ID, None, None, taken)
    assert parse_photo_name(f"{ID}_20180301093005_2.jpg") == PhotoName(ID, None, None, taken)
    assert parse_photo_name(f"{ID}.jpg") == PhotoName(ID, None, None, None)
    assert parse_photo_name(f"{ID.lower()}.JPEG") == PhotoName(ID, None, None, None)
    assert parse_photo_name("吐尔逊·艾买提_19700101_20180301093005.jpg") == PhotoName(
        None, "吐尔逊·艾买提", "19700101", taken
    )
    assert parse_photo_name("吐尔逊·艾买提_19700101.jpg") == PhotoName(None, "吐尔逊·艾买提", "19700101", None)
    for other in (f"{ID}a.jpg", f"1{ID}.jpg", f"{ID[:-1]}.jpg", f"{ID}.txt", "IMG_0001.jpg"):
        assert parse_photo_name(other) is None, other


@pytest.mark.django_db
def test_a_database_export_named_by_the_id_number_alone_links_to_its_row(tmp_path: Path) -> None:
    manifest = write_leak(tmp_path / "leak", people=120, photos=50, docs=0, seed=2, realistic=True)
    ingest(tmp_path / "leak" / LEAK_ZIP, "exports", ocr=False)
    map_collection("exports")
    xref_photos("exports")
    rows = {p["id_number"]: p for p in manifest.people if "listed_twice" not in p["irregularities"]}
    exports = [p for p in manifest.photos if p["file_name"] == f"{p['id_number']}.jpg" and p["id_number"] in rows]
    assert exports, "the realistic leak writes database exports"
    for photo in exports:
        link = PhotoLink.objects.select_related("person").get(photo__name=photo["file_name"])
        source = rows[photo["id_number"]]["source"]
        assert (link.method, link.person.id_number) == ("id_number", photo["id_number"])
        assert link.evidence["record"]["item"] == "!/".join([*source["archive"], source["path"]])
        assert (link.evidence["record"]["sheet"], link.evidence["record"]["row"]) == (source["sheet"], source["row"])


@pytest.mark.one_database  # names read from files; xref's queries run on both in test_xref.py
def test_xref_counts_on_a_realistic_leak_equal_the_manifest(adalet: Adalet, tmp_path: Path) -> None:
    adalet.run("demo-leak", str(tmp_path / "leak"), "--people", "300", "--photos", "100", "--docs", "0",
               "--seed", "3", "--realistic")
    counts = json.loads((tmp_path / "leak" / MANIFEST).read_text(encoding="utf-8"))["counts"]
    assert counts["irregularities"]["photos"]["database_export"] > 0
    adalet.run("ingest", str(tmp_path / "leak" / LEAK_ZIP), "--collection", "leak", "--no-ocr")
    adalet.run("records", "map", "leak")
    xref = adalet.json("xref", "photos", "leak")
    assert (xref["photos"], xref["linked"], xref["linked_detained"], xref["unlinked"]) == (
        counts["photos"], counts["photos_linked"], counts["photos_linked_detained"], counts["photos_unlinked"],
    )
    assert xref["unlinked_reasons"] == {"ID number in file name has no record": counts["photos_without_record"]}
