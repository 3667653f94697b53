"""The archive's date: given, or the latest of the files' times once clocks far from all the others are left out."""

from __future__ import annotations

import datetime as dt

from adalet.verify.archive_date import MIN_TIMES, estimate, given

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
