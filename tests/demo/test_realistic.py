"""The realistic leak (write_leak(realistic=True)) carries the ordinary irregularities of real police files.

Each is checked from the leak's files (spreadsheet cells, EXIF, file names, pixels), with python-stdnum's
region data read here independently of the generator's own reading of it.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import os
import re
import subprocess
import sys
import zipfile
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import imagehash
import pytest
from PIL import Image
from stdnum import numdb
from stdnum.cn import ric

from adalet.demo import Manifest, write_leak
from adalet.demo.leak import LEAK_ZIP, MANIFEST
from adalet.demo.seeds import HOLD_OUT_SEED, seed_role
from tests.demo.test_leak import _spreadsheet_rows, open_nested

PEOPLE, PHOTOS, SEED = 500, 200, 4
EDITOR = "Adobe Photoshop CS6 (Windows)"
XINJIANG_TIME = dt.timedelta(hours=-2)
EXIF_TIME = "%Y:%m:%d %H:%M:%S"


@pytest.fixture(scope="module")
def leak(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Manifest]:
    out = tmp_path_factory.mktemp("realistic")
    return out, write_leak(out, people=PEOPLE, photos=PHOTOS, docs=0, seed=SEED, realistic=True)


@pytest.fixture(scope="module")
def rows(leak: tuple[Path, Manifest]) -> list[tuple[str, str | None, int, dict[object, object]]]:
    with zipfile.ZipFile(leak[0] / LEAK_ZIP) as outer:
        return _spreadsheet_rows(outer)


@pytest.fixture(scope="module")
def photos(leak: tuple[Path, Manifest]) -> dict[str, dict[str, Any]]:
    """path → what the file shows: file name, EXIF fields, pixel size, pHash, and the manifest's entry."""
    entries = {photo["path"]: photo for photo in leak[1].photos}
    found = {}
    with zipfile.ZipFile(leak[0] / LEAK_ZIP) as outer:
        for album_name in (name for name in outer.namelist() if name.endswith("照片.zip")):
            album = open_nested(outer, album_name)
            for path in (name for name in album.namelist() if not name.endswith("/")):
                image = Image.open(io.BytesIO(album.read(path)))
                raw = image.getexif()
                ifd = raw.get_ifd(0x8769) if raw else {}
                found[path] = {
                    "file_name": path.rsplit("/", 1)[1],
                    "exif": bool(raw),
                    "camera": (raw.get(0x010F), raw.get(0x0110), ifd.get(0xA431)) if raw else None,
                    "software": raw.get(0x0131),
                    "original": dt.datetime.strptime(ifd[0x9003], EXIF_TIME) if raw else None,
                    "size": image.size,
                    "phash": imagehash.phash(image),
                    "entry": entries[path],
                }
    return found


def _validity(code: str) -> list[tuple[str, int, int]]:
    """(county, first year, last year) of each name python-stdnum's data gives a code."""
    info = {key: value for _, props in numdb.get("cn/loc").info(code) for key, value in props.items()}
    spans = []
    for entry in info.get("county", "").split(","):
        match = re.fullmatch(r"(?:\[(\d*)-(\d*)\])?(.+)", entry)
        assert match, entry
        spans.append((match[3], int(match[1] or 0), int(match[2] or 9999)))
    return spans


def _file_time(file_name: str) -> dt.datetime | None:
    match = re.search(r"_(\d{14})\.jpg$", file_name)
    return dt.datetime.strptime(match[1], "%Y%m%d%H%M%S") if match else None


def test_same_seed_same_bytes_and_seed_roles(tmp_path: Path) -> None:
    first = write_leak(tmp_path / "a", people=120, photos=40, docs=0, seed=2, realistic=True)
    script = (
        "import sys; from pathlib import Path; from adalet.demo import write_leak; "
        "write_leak(Path(sys.argv[1]), people=120, photos=40, docs=0, seed=2, realistic=True)"
    )
    env = {**os.environ, "PYTHONHASHSEED": "777"}  # another string hashing: the same bytes
    subprocess.run([sys.executable, "-c", script, str(tmp_path / "b")], env=env, check=True)
    for name in (LEAK_ZIP, MANIFEST):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
    assert first.to_dict()["seed_role"] == "development" and first.to_dict()["realistic"] is True
    assert seed_role(HOLD_OUT_SEED) == "hold-out" and seed_role(11) == "other"


def test_region_codes_are_those_in_force_when_the_number_was_issued(
    leak: tuple[Path, Manifest], rows: list[tuple[str, str | None, int, dict[object, object]]]
) -> None:
    clean = {p["id_number"]: p for p in leak[1].people if p["planted"] is None}
    tekes_codes: Counter[str] = Counter()
    born_before_their_code = 0
    for _, _, _, row in rows:
        number = str(row["身份证号"])
        if number not in clean:
            continue
        person = clean[number]
        assert ric.calc_check_digit(number) == number[-1]
        issued, born = person["id_issued"], ric.get_birth_date(number)
        assert born.year <= issued <= 2004
        spans = _validity(number[:6])
        assert any(first <= issued <= last and county == person["county"] for county, first, last in spans), person
        if person["county"] == "特克斯县":
            tekes_codes[number[:6]] += 1
        if all(first > born.year for _, first, _ in spans):
            born_before_their_code += 1
            assert "region_code_after_birth" in person["irregularities"]
    assert tekes_codes["654127"] and tekes_codes["654027"], tekes_codes
    assert born_before_their_code
    tekes_1970s = [p for p in clean.values() if p["county"] == "特克斯县" and p["birth_date"] < "1984"]
    assert {p["id_number"][:6] for p in tekes_1970s} >= {"654127", "654027"}  # born before 1984, either code


def test_one_camera_keeps_xinjiang_time_one_drifts_the_others_are_right(photos: dict[str, dict[str, Any]]) -> None:
    offsets: dict[tuple[Any, ...], list[tuple[dt.datetime, dt.timedelta]]] = defaultdict(list)
    for shot in photos.values():
        named = _file_time(shot["file_name"])
        if shot["entry"]["planted"] is None and shot["exif"] and named:
            offsets[shot["camera"]].append((named, shot["original"] - named))
    kinds: Counter[str] = Counter()
    for camera, seen in offsets.items():
        values = sorted(offset for _, offset in seen)
        if all(offset == XINJIANG_TIME for offset in values):
            kinds["xinjiang"] += 1
        elif all(offset == dt.timedelta(0) for offset in values):
            kinds["right"] += 1
        else:
            assert all(abs(offset) <= dt.timedelta(minutes=10) for offset in values), camera
            by_time = [offset for _, offset in sorted(seen)]
            assert by_time in (sorted(by_time), sorted(by_time, reverse=True)), camera  # drifts one way
            kinds["drifting"] += 1
    assert kinds["xinjiang"] >= 1 and kinds["drifting"] >= 1 and kinds["right"] >= 1, kinds


def test_sessions_interleave_cameras(photos: dict[str, dict[str, Any]]) -> None:
    sessions: dict[tuple[str, dt.date], list[tuple[dt.datetime, Any]]] = defaultdict(list)
    for path, shot in photos.items():
        named = _file_time(shot["file_name"])
        if shot["exif"] and named and shot["entry"]["planted"] is None:
            sessions[path.split("/")[0], named.date()].append((named, shot["camera"]))
    interleaved = 0
    for shots in sessions.values():
        cameras = [camera for _, camera in sorted(shots)]
        interleaved += any(a == c != b for a, b, c in zip(cameras, cameras[1:], cameras[2:]))
    assert interleaved >= 2
    assert any(shot["camera"][2] is None for shot in photos.values() if shot["exif"])  # a camera without serial


def test_firmware_strings_in_software_never_an_editor_on_clean_photos(photos: dict[str, dict[str, Any]]) -> None:
    software = Counter(shot["software"] for shot in photos.values() if shot["entry"]["planted"] is None)
    assert not {s for s in software if s and re.search(r"photoshop|gimp|lightroom|editor|meitu", s, re.I)}
    assert any(s and re.fullmatch(r"Ver\.\d\.\d\d", s) for s in software), software
    cameras = defaultdict(set)
    for shot in photos.values():
        if shot["exif"] and shot["entry"]["planted"] is None:
            cameras[shot["camera"]].add(shot["software"])
    assert any(len(strings) == 2 for strings in cameras.values())  # a firmware update during the period


def test_database_exports_have_no_exif_and_are_named_by_id_only(
    leak: tuple[Path, Manifest], photos: dict[str, dict[str, Any]]
) -> None:
    recorded = {person["id_number"] for person in leak[1].people}
    exports = [shot for shot in photos.values() if re.fullmatch(r"\d{17}[\dX]\.jpg", shot["file_name"])]
    assert len(exports) == round(0.1 * len(photos))
    for shot in exports:
        assert not shot["exif"] and shot["size"] == (358, 441)
        number = shot["file_name"][:-4]  # ric.is_valid would judge the region code by the birth year: not used
        assert number in recorded and ric.calc_check_digit(number) == number[-1]
        assert shot["entry"]["planted"] is None and "database_export" in shot["entry"]["irregularities"]
        assert shot["entry"]["taken_at"] is None and shot["entry"]["exported_at"]


def test_one_backdrop_makes_different_people_look_alike_but_never_the_same(
    leak: tuple[Path, Manifest], photos: dict[str, dict[str, Any]]
) -> None:
    drawn = [s for s in photos.values() if s["entry"]["planted"] != "near_duplicate" and s["size"] == (360, 480)]
    by_station = defaultdict(list)
    for shot in drawn:
        by_station[shot["entry"]["facility"]].append(shot)
    distances = [
        a["phash"] - b["phash"]
        for shots in by_station.values()
        for a, b in itertools.combinations(shots, 2)
        if a["entry"]["person_id_number"] != b["entry"]["person_id_number"]
    ]
    assert min(distances) > 6  # no two people's photos are copies of one image
    assert sum(d <= 12 for d in distances) >= 0.02 * len(distances)  # but many look alike
    assert all("shared_backdrop" in shot["entry"]["irregularities"] for shot in photos.values())
    for shot in photos.values():
        entry = shot["entry"]
        assert entry["look_alike_distance"] is not None
        assert ("look_alike" in entry["irregularities"]) == (entry["look_alike_distance"] <= 12)
    copies = [s for s in photos.values() if s["entry"]["planted"] == "near_duplicate"]
    assert copies and all(s["phash"] - photos[s["entry"]["copy_of"]]["phash"] <= 6 for s in copies)


def test_current_residence_apart_from_household_registration(
    leak: tuple[Path, Manifest], rows: list[tuple[str, str | None, int, dict[object, object]]]
) -> None:
    clean = {p["id_number"] for p in leak[1].people if p["planted"] is None}
    elsewhere = 0
    for _, _, _, row in rows:
        if "现住址" not in row or str(row["身份证号"]) not in clean:
            continue
        registration = str(row.get("户籍地") or row.get("户籍地址"))
        county = next(name for name, _, _ in _validity(str(row["身份证号"])[:6]))
        assert county in registration  # the registration is where the ID number's code says
        if row["现住址"] != registration:
            elsewhere += 1
            assert county not in str(row["现住址"])
    assert elsewhere >= 5
    tagged = [p for p in leak[1].people if p["planted"] is None and "residence_elsewhere" in p["irregularities"]]
    assert len(tagged) == elsewhere


def test_names_with_and_without_the_interpunct_on_two_lists(
    rows: list[tuple[str, str | None, int, dict[object, object]]]
) -> None:
    by_id = defaultdict(list)
    for path, _, _, row in rows:
        by_id[str(row["身份证号"])].append((path, str(row["姓名"])))
    twice = [listed for listed in by_id.values() if len(listed) > 1]
    assert len(twice) >= 10
    for (first_path, first), (second_path, second) in twice:
        assert first_path != second_path and first != second
        assert re.sub(r"[·•．・.]", "", first) == re.sub(r"[·•．・.]", "", second)
    assert any("·" not in name for listed in twice for _, name in listed)
    assert any("·" in name for listed in twice for _, name in listed)


def test_manifest_says_which_rows_and_photos_are_clean_and_planted(leak: tuple[Path, Manifest]) -> None:
    manifest = leak[1]
    counts = manifest.counts
    assert all(counts["planted"].values()), counts["planted"]
    rows = {(p["source"]["path"], p["source"]["sheet"], p["source"]["row"]): p for p in manifest.people}
    photos = {photo["path"]: photo for photo in manifest.photos}
    for problem in manifest.planted:
        if problem["row"] is not None:
            assert rows[problem["path"], problem["sheet"], problem["row"]]["planted"] == problem["check"]
        else:
            assert photos[problem["path"]]["planted"] == problem["check"]
    assert counts["clean_rows"] == len(rows) - sum(1 for p in manifest.planted if p["row"] is not None)
    assert counts["clean_photos"] == len(photos) - sum(1 for p in manifest.planted if p["row"] is None)
    for tags in counts["irregularities"].values():
        assert all(tags.values()), tags  # every irregularity occurs
