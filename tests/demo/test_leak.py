from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import docx
import openpyxl
import pytest
from PIL import Image
from pypdf import PdfReader
from stdnum.cn import ric

from adalet.demo import Manifest, write_leak
from adalet.demo.leak import LEAK_ZIP, MANIFEST

PEOPLE, PHOTOS, DOCS, SEED = 150, 60, 10, 3
PHOTO_NAME = re.compile(r"^(\d{17}[\dX])_(\d{14})\.jpg$")
DATE_FORMATS = ("%Y-%m-%d", "%Y%m%d", "%Y/%m/%d")


def small_leak(out: Path, seed: int = SEED) -> Manifest:
    return write_leak(out, people=PEOPLE, photos=PHOTOS, docs=DOCS, sheets=5, seed=seed)


@pytest.fixture(scope="module")
def leak(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Manifest]:
    out = tmp_path_factory.mktemp("leak")
    return out, small_leak(out)


@pytest.fixture(scope="module")
def outer(leak: tuple[Path, Manifest]) -> Iterator[zipfile.ZipFile]:
    with zipfile.ZipFile(leak[0] / LEAK_ZIP) as archive:
        yield archive


def open_nested(outer: zipfile.ZipFile, name: str) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(outer.read(name)))


def _date(value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    for date_format in DATE_FORMATS:
        try:
            return dt.datetime.strptime(str(value), date_format).date()
        except ValueError:
            continue
    raise AssertionError(f"not a date: {value!r}")


def _spreadsheet_rows(outer: zipfile.ZipFile) -> list[tuple[str, str | None, int, dict[object, object]]]:
    """(path, sheet, row number, {header: value}) for every data row of every spreadsheet in the leak."""
    rows: list[tuple[str, str | None, int, dict[object, object]]] = []
    for name in outer.namelist():
        if name.endswith(".csv"):
            lines = list(csv.reader(io.StringIO(outer.read(name).decode("gb18030"))))
            rows += [
                (name, None, number, dict(zip(lines[0], line, strict=True)))
                for number, line in enumerate(lines[1:], start=2)
            ]
        elif name.endswith(".xlsx"):
            workbook = openpyxl.load_workbook(io.BytesIO(outer.read(name)), read_only=True)
            for worksheet in workbook.worksheets:
                values = list(worksheet.iter_rows(values_only=True))
                header_index = next(i for i, row in enumerate(values) if "身份证号" in row)
                header = values[header_index]
                rows += [
                    (name, worksheet.title, number, dict(zip(header, row, strict=True)))
                    for number, row in enumerate(values[header_index + 1 :], start=header_index + 2)
                ]
    return rows


def test_same_seed_gives_identical_bytes(tmp_path: Path, leak: tuple[Path, Manifest]) -> None:
    again = small_leak(tmp_path / "again")
    for name in (LEAK_ZIP, MANIFEST):
        assert (tmp_path / "again" / name).read_bytes() == (leak[0] / name).read_bytes()
    assert again.to_dict() == leak[1].to_dict()
    other = small_leak(tmp_path / "other", seed=SEED + 1)
    assert other.people[0]["id_number"] != leak[1].people[0]["id_number"]


def test_output_does_not_depend_on_string_hashing(tmp_path: Path, leak: tuple[Path, Manifest]) -> None:
    script = (
        "import sys; from pathlib import Path; from adalet.demo import write_leak; "
        f"write_leak(Path(sys.argv[1]), people={PEOPLE}, photos={PHOTOS}, docs={DOCS}, sheets=5, seed={SEED})"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    subprocess.run([sys.executable, "-c", script, str(tmp_path)], env=env, check=True)
    assert (tmp_path / LEAK_ZIP).read_bytes() == (leak[0] / LEAK_ZIP).read_bytes()


def test_spreadsheet_ids_validate_and_agree_with_their_row(outer: zipfile.ZipFile, leak: tuple[Path, Manifest]) -> None:
    planted = {(p["path"], p["sheet"], p["row"]) for p in leak[1].planted if p["row"]}  # see test_planted
    rows = _spreadsheet_rows(outer)
    assert len(rows) == PEOPLE
    for path, sheet, number, row in rows:
        assert isinstance(row["身份证号"], str)
        if (path, sheet, number) in planted:
            continue
        id_number = ric.validate(str(row["身份证号"]))
        assert ric.get_birth_date(id_number) == _date(row["出生日期"])
        assert ("男" if int(id_number[16]) % 2 else "女") == row["性别"]
    located = {(path, sheet, number): row["身份证号"] for path, sheet, number, row in rows}
    for person in leak[1].people:
        source = person["source"]
        assert located[source["path"], source["sheet"], source["row"]] == person["id_number"]


def test_csv_files_are_gb18030(outer: zipfile.ZipFile) -> None:
    names = [name for name in outer.namelist() if name.endswith(".csv")]
    assert names
    for name in names:
        data = outer.read(name)
        assert "身份证号" in data.decode("gb18030")
        with pytest.raises(UnicodeDecodeError):
            data.decode("utf-8")


def test_photo_names_carry_id_and_exif_time(outer: zipfile.ZipFile, leak: tuple[Path, Manifest]) -> None:
    # planted EXIF problems (clock off, no EXIF) and photos named by name are checked in test_planted
    bent = {p["path"] for p in leak[1].planted if p["check"] in ("exif_time_mismatch", "exif_missing")}
    by_name = {photo["path"] for photo in leak[1].photos if photo["named_by"] == "name"}
    recorded = {person["id_number"] for person in leak[1].people}
    seen = 0
    for album_name in (name for name in outer.namelist() if name.endswith("照片.zip")):
        album = open_nested(outer, album_name)
        for name in album.namelist():
            if name.endswith("/"):
                continue
            seen += 1
            if name in bent or name in by_name:
                continue
            match = PHOTO_NAME.match(name.rsplit("/", 1)[1])
            assert match, name
            id_number, stamp = match.groups()
            assert ric.is_valid(id_number)
            image = Image.open(io.BytesIO(album.read(name)))
            exif = image.getexif()
            taken = dt.datetime.strptime(stamp, "%Y%m%d%H%M%S")
            assert exif.get_ifd(0x8769)[0x9003] == taken.strftime("%Y:%m:%d %H:%M:%S")
            assert exif[0x010F] and exif[0x0110] and exif.get_ifd(0x8769)[0xA431]
    assert bent and by_name
    assert seen == PHOTOS + leak[1].counts["planted"]["near_duplicate"]  # copies come on top
    for photo in leak[1].photos:
        assert (photo["person_id_number"] in recorded) == photo["in_records"]
    assert sum(not photo["in_records"] for photo in leak[1].photos) == round(PHOTOS * 0.05)


def test_manifest_counts_and_file_lists_match_the_zips(outer: zipfile.ZipFile, leak: tuple[Path, Manifest]) -> None:
    manifest = json.loads((leak[0] / MANIFEST).read_text(encoding="utf-8"))
    for entry in manifest["zips"]:
        archive = outer if entry["archive"] == [LEAK_ZIP] else open_nested(outer, entry["archive"][1])
        assert [name for name in archive.namelist() if not name.endswith("/")] == entry["files"]
        assert all(info.flag_bits & 0x800 for info in archive.infolist())
        assert all(info.date_time[0] in (2017, 2018) for info in archive.infolist())
    counts = manifest["counts"]
    files = [name for name in outer.namelist() if not name.endswith("/")]
    assert counts["xlsx"] == sum(name.endswith(".xlsx") for name in files)
    assert counts["csv"] == sum(name.endswith(".csv") for name in files)
    assert counts["docx"] == sum(name.endswith(".docx") for name in files)
    assert counts["pdf"] + counts["scans"] == sum(name.endswith(".pdf") for name in files)
    photos = PHOTOS + counts["planted"]["near_duplicate"]  # near-duplicate copies come on top
    assert counts["photos"] == sum(len(z["files"]) for z in manifest["zips"][1:]) == photos
    assert counts["people"] == PEOPLE and counts["documents"] == DOCS
    assert counts["files"] == sum(len(z["files"]) for z in manifest["zips"])


def test_pdf_text_layer_extracts_the_chinese(outer: zipfile.ZipFile, leak: tuple[Path, Manifest]) -> None:
    def squeeze(text: str) -> str:
        return re.sub(r"\s", "", text)

    pdfs = [d for d in leak[1].documents if d["format"] == "pdf"]
    assert pdfs
    for document in pdfs:
        extracted = "".join(page.extract_text() for page in PdfReader(io.BytesIO(outer.read(document["path"]))).pages)
        assert squeeze(document["text"]) in squeeze(extracted)
        assert document["title"] in extracted


def test_scans_hold_images_only(outer: zipfile.ZipFile, leak: tuple[Path, Manifest]) -> None:
    scans = [d for d in leak[1].documents if d["format"] == "scan"]
    if not scans:
        pytest.skip("no CJK font installed")
    for document in scans:
        reader = PdfReader(io.BytesIO(outer.read(document["path"])))
        assert all(page.images and not page.extract_text().strip() for page in reader.pages)


def test_docx_holds_the_text(outer: zipfile.ZipFile, leak: tuple[Path, Manifest]) -> None:
    documents = [d for d in leak[1].documents if d["format"] == "docx"]
    assert documents
    for document in documents:
        parsed = docx.Document(io.BytesIO(outer.read(document["path"])))
        assert "\n".join(p.text for p in parsed.paragraphs) == document["text"]
        assert parsed.core_properties.created.date().isoformat() == document["date"]


def test_progress_reaches_the_total(tmp_path: Path) -> None:
    calls: list[tuple[int, int]] = []
    manifest = write_leak(
        tmp_path, people=20, photos=5, docs=2, progress=lambda done, total: calls.append((done, total))
    )
    total = manifest.counts["spreadsheets"] + manifest.counts["photos"] + manifest.counts["documents"]
    assert calls == [(done, total) for done in range(1, total + 1)]


def test_without_cjk_font_scans_are_left_out(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("adalet.demo.leak.cjk_font", lambda: None)
    with pytest.warns(UserWarning, match="CJK font"):
        manifest = write_leak(tmp_path, people=20, photos=0, docs=10)
    assert manifest.counts["scans"] == 0 and manifest.counts["documents"] == 9
