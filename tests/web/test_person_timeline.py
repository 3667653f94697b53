"""A person's detentions over time as SVG geometry: a bar from admission to release, an open bar to the last date the
records give when no release is recorded, lanes in the table's order, years marked; nothing without an admission."""

from __future__ import annotations

import datetime as dt

from adalet.web.person_timeline import LEFT, RIGHT, WIDTH, timeline

D = dt.date


def test_bars_run_from_admission_to_release_or_stay_open() -> None:
    rows = [
        {"admitted": D(2017, 4, 1), "released": D(2017, 10, 1), "facility": "特克斯县看守所"},
        {"admitted": D(2018, 2, 28), "released": None, "facility": "特克斯县拘留所"},
        {"admitted": None, "released": None, "facility": "?"},  # undated: in the table only
    ]
    drawn = timeline(rows)
    assert drawn is not None and len(drawn["bars"]) == 2
    closed, still = drawn["bars"]
    assert not closed["open"] and still["open"]
    assert LEFT <= closed["x"] < closed["x"] + closed["width"] <= still["x"]  # time runs left to right, in order
    assert still["x"] + still["width"] <= WIDTH - RIGHT and still["y"] > closed["y"]
    assert [y["label"] for y in drawn["years"]] == ["2017", "2018"]
    assert "2017-04-01 – 2017-10-01 特克斯县看守所" == closed["title"]
    assert timeline([rows[2]]) is None and timeline([]) is None


def test_an_open_bar_runs_to_the_latest_date_known() -> None:
    rows = [{"admitted": D(2017, 1, 10), "released": None}, {"admitted": D(2019, 6, 1), "released": D(2019, 12, 31)}]
    first, second = timeline(rows)["bars"]
    assert abs((first["x"] + first["width"]) - (second["x"] + second["width"])) < 0.2  # both end on 2019-12-31
