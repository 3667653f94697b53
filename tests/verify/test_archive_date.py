"""The archive's date: given, or the latest of the times the files and their zip entries record once clocks far from
all the others are left out; and which dates it may judge (the support), so no date check fires where it may be early."""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from pathlib import Path

import pytest

from adalet.archive.extractors.archive import ZipExtractor
from adalet.archive.extractors.base import Context, Source
from adalet.demo.alarms import score
from adalet.demo.identities import resident_id
from adalet.demo.leak import LEAK_ZIP, MANIFEST
from adalet.people.facts import RowFacts
from adalet.verify.archive_date import MIN_TIMES, estimate, given, member_times
from adalet.verify.checks import dates, id_numbers
from adalet.verify.context import VerifyContext
from tests.conftest import Adalet

TODAY = dt.date(2025, 1, 1)


def times(start: dt.datetime, count: int, step: dt.timedelta) -> list[tuple[str, str]]:
    return [(f"leak.zip!/{i}.jpg", (start + i * step).isoformat()) for i in range(count)]


def test_one_wrong_clock_does_not_move_the_date() -> None:
    genuine = times(dt.datetime(2017, 3, 1, 9), 200, dt.timedelta(days=2))  # 2017-03-01 .. 2018-04-03
    wrong = [("leak.zip!/wrong.jpg", "2035-06-01T12:00:00"), ("leak.zip!/reset.jpg", "1980-01-01T00:00:00")]
    found = estimate(genuine + wrong, TODAY)
    assert found.date == dt.date(2018, 4, 3)
    assert [locator for locator, _ in found.outliers] == ["leak.zip!/wrong.jpg", "leak.zip!/reset.jpg"]
    assert "leaving out 2" in found.source


def test_a_late_genuine_file_is_kept_when_all_others_share_one_day() -> None:
    # no spread among the times: the floor keeps a file two months later in (the date errs late, never early)
    same_day = [(f"leak.zip!/{i}.xlsx", "2018-05-01T10:00:00") for i in range(50)]
    found = estimate([*same_day, ("leak.zip!/late.xlsx", "2018-07-01T10:00:00")], TODAY)
    assert found.date == dt.date(2018, 7, 1) and found.outliers == ()


def test_too_few_times_or_none() -> None:
    few = times(dt.datetime(2018, 1, 1), MIN_TIMES - 1, dt.timedelta(days=3000))
    assert estimate(few, TODAY).date == dt.date(2026, 3, 20)  # nothing to be robust with: the latest
    assert estimate([], TODAY).date == TODAY
    assert estimate([("a", "not a time")], TODAY).date == TODAY


def test_a_given_date_is_used_as_given() -> None:
    assert given(dt.date(2018, 7, 31)).date == dt.date(2018, 7, 31) and given(dt.date(2018, 7, 31)).source == "given"


# -- the times archives record for their files, and what the estimate may judge --------------------------------


def zip_with_times(path: Path, entries: dict[str, tuple[int, ...]]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, when in entries.items():
            archive.writestr(zipfile.ZipInfo(name, date_time=when), b"x")
    return path


def test_the_zip_extractor_keeps_each_members_modified_time(tmp_path: Path) -> None:
    path = zip_with_times(tmp_path / "leak.zip", {
        "名单.csv": (2018, 7, 19, 16, 34, 40), "dir/": (2018, 1, 1, 0, 0, 0), "no-time.csv": (1980, 1, 1, 0, 0, 0),
        "../escape.csv": (2018, 2, 3, 4, 5, 6),
    })
    found = ZipExtractor().extract(Source(path, "leak.zip", "application/zip", path.stat().st_size), Context())
    # directories have no member; the DOS zero date is no time; an unsafe name is kept under its sanitised path
    assert found.metadata["members_modified"] == [["名单.csv", "2018-07-19T16:34:40"], ["escape.csv", "2018-02-03T04:05:06"]]
    assert [m.path for m in found.members or []] == ["名单.csv", "no-time.csv", "escape.csv"]
    assert list(member_times([("x.zip", found.metadata), ("y.zip", {}), ("z.zip", {"members_modified": "bad"})])) == [
        ("x.zip!/名单.csv", "2018-07-19T16:34:40"), ("x.zip!/escape.csv", "2018-02-03T04:05:06"),
    ]


def row_in(locator: str, n: int, **values: object) -> RowFacts:
    return RowFacts(locator, None, n, dict(values), {}, {}, [])


def dating_context(recorded: list[tuple[str, str]], rows: list[RowFacts]) -> VerifyContext:
    found = estimate(recorded, TODAY)
    return VerifyContext(None, found.date, found.source, rows=rows, clock_outliers=found.outliers, dating=found)


SHEETS = [(f"leak.zip!/{n}.xlsx", f"2018-0{n}-10T10:00:00") for n in range(1, 6)]  # workbooks' own times, to May


def test_a_csv_dated_by_its_zip_entry_is_judged_and_its_late_genuine_row_is_no_alarm() -> None:
    late, planted = row_in("leak.zip!/名单.csv", 2, admitted="2018-07-18"), row_in("leak.zip!/名单.csv", 3, admitted="2018-11-03")
    without = dating_context(SHEETS, [late, planted])  # before: the CSV records no time; the date is 2018-05-10
    with_entry = dating_context([*SHEETS, ("leak.zip!/名单.csv", "2018-07-19T16:34:40")], [late, planted])
    assert with_entry.as_of == dt.date(2018, 7, 19) and without.as_of == dt.date(2018, 5, 10)
    assert [(f.check, f.row) for f in dates.run(with_entry)] == [("date_after_archive", 3)]  # the planted one only
    # with no time for the CSV, its rows are not judged (no false alarm on row 2), and the report says why
    assert [(f.check, f.severity, f.evidence["rows"]) for f in dates.run(without)] == [("dates_not_judged", "info", 2)]
    assert dates.examined(without)["rows_judged"] == 0 and dates.examined(with_entry)["rows_judged"] == 2


def test_too_few_times_or_files_judge_no_date_and_say_why() -> None:
    rows = [row_in("leak.zip!/1.xlsx", 2, admitted="2018-09-01", birth_date="1900-01-01")]  # late, and 118 years old
    for recorded in ([], SHEETS[:2], [("leak.zip!/1.xlsx", t) for _, t in SHEETS]):  # 0 times, 2 files, 1 file
        ctx = dating_context(recorded, rows)
        assert not ctx.dating.supported and "not enough to judge dates by" in ctx.dating.support
        found = list(dates.run(ctx))
        assert [f.check for f in found] == ["dates_not_judged"], found
        assert ctx.dating.support in found[0].message
    supported = dating_context(SHEETS, rows)
    assert supported.dating.supported
    assert sorted(f.check for f in dates.run(supported)) == ["date_after_archive", "impossible_age"]


def test_a_file_whose_clock_is_left_out_is_not_judged_and_a_given_date_judges_every_file() -> None:
    rows = [row_in("leak.zip!/wrong.xlsx", 2, admitted="2018-09-01"), row_in("leak.zip!/1.xlsx", 2, admitted="2018-09-01")]
    ctx = dating_context([*SHEETS, ("leak.zip!/wrong.xlsx", "2035-06-01T12:00:00")], rows)
    assert [(f.check, f.item) for f in dates.run(ctx)] == [
        ("date_after_archive", "leak.zip!/1.xlsx"), ("clock_outlier", "leak.zip!/wrong.xlsx"),
        ("dates_not_judged", "leak.zip!/wrong.xlsx"),
    ]
    stated = VerifyContext(None, dt.date(2018, 7, 31), "given", rows=rows, dating=given(dt.date(2018, 7, 31)))
    assert [f.item for f in dates.run(stated)] == ["leak.zip!/wrong.xlsx", "leak.zip!/1.xlsx"]


def test_a_region_code_is_bounded_by_today_where_the_archive_date_judges_nothing() -> None:
    number = resident_id("659010", dt.date(1980, 1, 1), 11)  # 胡杨河市, in force from 2019: after the estimate
    rows = [row_in("leak.zip!/名单.csv", 2, id_number=number)]
    judged = dating_context([*SHEETS, ("leak.zip!/名单.csv", "2018-06-01T10:00:00")], rows)
    unjudged = dating_context(SHEETS, rows)
    assert [f.check for f in id_numbers.run(judged)] == ["id_region"]
    assert [f.check for f in id_numbers.run(unjudged)] == []


@pytest.mark.one_database  # a date judged from the files' clocks
def test_on_development_seed_7_the_csvs_zip_entry_dates_the_archive_and_no_genuine_row_is_after_it(
    adalet: Adalet, tmp_path: Path
) -> None:
    """The false alarm seen: the newest rows of this leak are in a CSV, which records no time of its own; before the
    zip entries' times were read, the archive's date came out 2018-07-17 and a genuine admission of 2018-07-18 was
    an error."""
    adalet.run("demo-leak", str(tmp_path / "leak"), "--people", "600", "--photos", "240", "--docs", "0",
               "--seed", "7", "--realistic")
    manifest = json.loads((tmp_path / "leak" / MANIFEST).read_text(encoding="utf-8"))
    adalet.run("ingest", str(tmp_path / "leak" / LEAK_ZIP), "--collection", "leak", "--no-ocr")
    adalet.run("records", "map", "leak")
    report = adalet.json("verify", "leak")
    assert report["as_of_supported"] and "archives' entries" in report["as_of_source"]
    assert report["as_of"] >= "2018-07-19"  # the CSV's zip entry: 2018-07-19 16:34:40
    assert report["examined"]["dates"]["rows_judged"] == report["examined"]["dates"]["rows"] == report["rows"]
    alarms = score(manifest, report)
    assert alarms.as_dict()["false_errors_rows"] == 0, alarms.as_dict()["causes"]
    late = [p for p in manifest["planted"] if p["check"] == "date_after_archive"]
    assert late and not [m for m in alarms.missed if m["check"] == "date_after_archive"]
