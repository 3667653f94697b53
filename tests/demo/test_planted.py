"""Planted problems, checked from the leak's files (spreadsheets, photos, EXIF, pHash), not from the manifest alone."""

from __future__ import annotations

import datetime as dt
import io
import itertools
import re
import zipfile
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import imagehash
import pytest
from PIL import Image
from stdnum.cn import ric

from adalet.demo import Manifest, write_leak
from adalet.demo.custody import DETAINED_STATUSES, RELEASED_STATUSES, STATUSES
from adalet.demo.identities import ARCHIVE_DATE
from adalet.demo.leak import LEAK_ZIP
from adalet.demo.places import region_names
from adalet.demo.planted import CHECKS
from tests.demo.test_leak import _date, _spreadsheet_rows, open_nested

PEOPLE, PHOTOS, SEED = 600, 400, 11
BY_ID = re.compile(r"^(\d{17}[\dX])_(\d{14})\.jpg$")
BY_NAME = re.compile(r"^(.+)_(\d{8})_(\d{14})\.jpg$")
EDITOR = "Adobe Photoshop CS6 (Windows)"
ROW_CHECKS = ("id_checksum", "id_stated_birth_date", "id_stated_sex", "id_address", "impossible_age", "date_after_archive")


@dataclass
class Shot:
    album: str
    path: str
    id_number: str | None
    name: str | None
    birth: str | None
    taken: dt.datetime
    exif: dict[str, Any] | None
    phash: imagehash.ImageHash

    @property
    def camera(self) -> tuple[str, str, str] | None:
        return (self.exif["make"], self.exif["model"], self.exif["serial"]) if self.exif else None


@pytest.fixture(scope="module")
def leak(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Manifest]:
    out = tmp_path_factory.mktemp("planted")
    return out, write_leak(out, people=PEOPLE, photos=PHOTOS, docs=2, seed=SEED)


@pytest.fixture(scope="module")
def rows(leak: tuple[Path, Manifest]) -> dict[tuple[str, str | None, int], dict[object, object]]:
    with zipfile.ZipFile(leak[0] / LEAK_ZIP) as outer:
        return {(path, sheet, number): row for path, sheet, number, row in _spreadsheet_rows(outer)}


@pytest.fixture(scope="module")
def shots(leak: tuple[Path, Manifest]) -> list[Shot]:
    found = []
    with zipfile.ZipFile(leak[0] / LEAK_ZIP) as outer:
        for album_name in (name for name in outer.namelist() if name.endswith("照片.zip")):
            album = open_nested(outer, album_name)
            for path in (name for name in album.namelist() if not name.endswith("/")):
                file_name = path.rsplit("/", 1)[1]
                if match := BY_ID.match(file_name):
                    id_number, name, birth, stamp = match[1], None, None, match[2]
                else:
                    match = BY_NAME.match(file_name)
                    assert match, path
                    id_number, name, birth, stamp = None, match[1], match[2], match[3]
                image = Image.open(io.BytesIO(album.read(path)))
                raw = image.getexif()
                exif = None
                if raw:
                    ifd = raw.get_ifd(0x8769)
                    exif = {
                        "make": raw[0x010F],
                        "model": raw[0x0110],
                        "serial": ifd[0xA431],
                        "software": raw.get(0x0131),
                        "time": dt.datetime.strptime(raw[0x0132], "%Y:%m:%d %H:%M:%S"),
                        "original": dt.datetime.strptime(ifd[0x9003], "%Y:%m:%d %H:%M:%S"),
                    }
                taken = dt.datetime.strptime(stamp, "%Y%m%d%H%M%S")
                found.append(Shot(album_name, path, id_number, name, birth, taken, exif, imagehash.phash(image)))
    return found


def _planted(leak: tuple[Path, Manifest]) -> list[dict[str, Any]]:
    return leak[1].to_dict()["planted"]


def _row_problems(row: dict[object, object]) -> set[str]:
    """What a verify pass should find in a row, computed independently of the generator."""
    problems = set()
    number = str(row["身份证号"])
    assert re.fullmatch(r"\d{17}[\dX]", number)
    if ric.calc_check_digit(number) != number[-1]:
        problems.add("id_checksum")
    born = ric.get_birth_date(number)
    county = ric.get_birth_place(number)["county"]  # raises when the region code was not valid in the birth year
    if _date(row["出生日期"]) != born:
        problems.add("id_stated_birth_date")
    if ("男" if int(number[16]) % 2 else "女") != row["性别"]:
        problems.add("id_stated_sex")
    if county not in str(row["住址"]) or not any(name in str(row["住址"]) for name in region_names(number[:6])):
        problems.add("id_address")
    admitted = _date(row["入所时间"])
    if admitted < born or (ARCHIVE_DATE - born).days > 110 * 365.25:
        problems.add("impossible_age")
    if admitted > ARCHIVE_DATE:
        problems.add("date_after_archive")
    return problems


def test_every_planted_row_problem_is_in_the_file_and_no_other(
    leak: tuple[Path, Manifest], rows: dict[tuple[str, str | None, int], dict[object, object]]
) -> None:
    planted = {(p["path"], p["sheet"], p["row"]): p for p in _planted(leak) if p["check"] in ROW_CHECKS}
    assert {p["check"] for p in planted.values()} == set(ROW_CHECKS)
    assert len(rows) == PEOPLE
    photographed = {photo["person_id_number"] for photo in leak[1].photos}
    for location, row in rows.items():
        problems = _row_problems(row)
        if location in planted:
            entry = planted[location]
            assert problems == {entry["check"]}, (location, row)
            assert entry["id_number"] == row["身份证号"] and entry["archive"] == [LEAK_ZIP]
            assert entry["id_number"] not in photographed
            assert (ARCHIVE_DATE - ric.get_birth_date(entry["id_number"])).days >= 18 * 365.25  # no minors
        else:
            assert not problems, (location, row)
    ages = [ARCHIVE_DATE.year - ric.get_birth_date(p["id_number"]).year for p in planted.values()]
    assert max(ages) > 110 and any(  # both kinds of impossible age
        _date(rows[k]["入所时间"]) < _date(rows[k]["出生日期"]) for k, p in planted.items() if p["check"] == "impossible_age"
    )


def _sessions(shots: list[Shot]) -> dict[tuple[str, str, dt.date], list[Shot]]:
    sessions: dict[tuple[str, str, dt.date], list[Shot]] = defaultdict(list)
    for shot in sorted(shots, key=lambda s: s.taken):
        sessions[shot.album, shot.path.split("/")[0], shot.taken.date()].append(shot)
    return sessions


def _photo_problems(
    shots: list[Shot], row_ids: set[str], name_pairs: Counter[tuple[str, str]]
) -> dict[str, set[str]]:
    """path → what a verify pass should find in each photo, except near-duplicates."""
    problems: dict[str, set[str]] = {shot.path: set() for shot in shots}
    for shot in shots:
        if shot.id_number is not None and shot.id_number not in row_ids:
            problems[shot.path].add("photo_without_record")
        if shot.name is not None:
            assert name_pairs[shot.name, shot.birth] == 1  # links to exactly one row
        if shot.exif is None:
            problems[shot.path].add("exif_missing")
            continue
        if shot.exif["software"] == EDITOR:
            problems[shot.path].add("exif_editor")
        else:
            assert shot.exif["time"] >= shot.exif["original"]
        if abs(shot.exif["original"] - shot.taken) > dt.timedelta(minutes=10):
            problems[shot.path].add("exif_time_mismatch")
    return problems


def test_every_planted_photo_problem_is_in_the_file_and_no_other(
    leak: tuple[Path, Manifest], rows: dict[tuple[str, str | None, int], dict[object, object]], shots: list[Shot]
) -> None:
    row_ids = {str(row["身份证号"]) for row in rows.values()}
    name_pairs = Counter((str(row["姓名"]), f"{_date(row['出生日期']):%Y%m%d}") for row in rows.values())
    problems = _photo_problems(shots, row_ids, name_pairs)
    planted = {p["path"]: p for p in _planted(leak) if p["check"] not in ROW_CHECKS}
    assert {p["check"] for p in planted.values()} == set(CHECKS) - set(ROW_CHECKS)
    copies = {path: p["other"]["path"] for path, p in planted.items() if p["check"] == "near_duplicate"}
    for shot in shots:
        expected = {planted[shot.path]["check"]} - {"near_duplicate"} if shot.path in planted else set()
        assert problems[shot.path] == expected, shot.path
        if shot.path in planted:
            entry = planted[shot.path]
            assert entry["archive"] == [LEAK_ZIP, shot.album] and entry["id_number"] == shot.id_number is not None
    by_path = {shot.path: shot for shot in shots}
    sessions = _sessions(shots)
    for copy_path, original_path in copies.items():
        copy, original = by_path[copy_path], by_path[original_path]
        assert copy.phash - original.phash <= 6
        assert original_path not in planted and copy.id_number in row_ids
        assert copy.exif and copy.exif["original"] == copy.taken and copy.camera == original.camera
        session = sessions[copy.album, copy.path.split("/")[0], copy.taken.date()]
        assert original in session and session[-1].path in copies  # copies come last in their session
    assert sum(1 for p in problems.values() if "photo_without_record" in p) == round(PHOTOS * 0.05)


def test_no_two_other_photos_look_alike(leak: tuple[Path, Manifest], shots: list[Shot]) -> None:
    copies = {p["path"] for p in _planted(leak) if p["check"] == "near_duplicate"}
    others = [shot for shot in shots if shot.path not in copies]
    assert len(others) == PHOTOS
    closest = min(a.phash - b.phash for a, b in itertools.combinations(others, 2))
    assert closest > 10


def test_counts_add_up(
    leak: tuple[Path, Manifest], rows: dict[tuple[str, str | None, int], dict[object, object]], shots: list[Shot]
) -> None:
    counts = leak[1].counts
    planted = _planted(leak)
    assert counts["planted"] == {check: sum(p["check"] == check for p in planted) for check in CHECKS}
    assert all(counts["planted"].values())
    assert len({(p["path"], p["sheet"], p["row"]) for p in planted}) == len(planted)  # one problem per row or photo
    status = {str(row["身份证号"]): row["状态"] for row in rows.values()}
    by_name = {(str(row["姓名"]), f"{_date(row['出生日期']):%Y%m%d}"): row["状态"] for row in rows.values()}
    linked = [status[s.id_number] if s.id_number else by_name[s.name, s.birth] for s in shots if s.id_number in status or s.name]
    assert counts["photos"] == len(shots) == PHOTOS + counts["planted"]["near_duplicate"]
    assert counts["photos_linked"] == len(linked) and counts["photos_unlinked"] == len(shots) - len(linked)
    assert counts["photos_linked_detained"] == sum(s in DETAINED_STATUSES for s in linked)
    assert counts["photos_unlinked"] == counts["photos_without_record"] == counts["planted"]["photo_without_record"]
    named = [shot for shot in shots if shot.name]
    assert len(named) == round(0.02 * (PHOTOS - counts["photos_without_record"]))
    photos_by_path = {photo["path"]: photo for photo in leak[1].photos}
    for shot in named:
        photo = photos_by_path[shot.path]
        assert photo["named_by"] == "name" and photo["id_number"] is None and photo["name"] == shot.name
        assert photo["birth_date"].replace("-", "") == shot.birth and photo["person_id_number"] in status


def test_detained_follows_the_status_table(leak: tuple[Path, Manifest]) -> None:
    statuses = {status for weighted in STATUSES.values() for status in weighted.values}
    assert DETAINED_STATUSES | RELEASED_STATUSES == statuses and not DETAINED_STATUSES & RELEASED_STATUSES
    for person in leak[1].people:
        assert person["detained"] == (person["status"] in DETAINED_STATUSES)
    assert {person["detained"] for person in leak[1].people} == {True, False}


def test_small_leaks_have_every_kind(tmp_path: Path) -> None:
    manifest = write_leak(tmp_path, people=100, photos=40, docs=0, seed=5)
    assert all(manifest.counts["planted"].values()), manifest.counts["planted"]
    tiny = write_leak(tmp_path / "tiny", people=20, photos=10, docs=0, seed=5)
    assert tiny.counts["planted"]["id_checksum"] == tiny.counts["planted"]["exif_missing"] == 0
