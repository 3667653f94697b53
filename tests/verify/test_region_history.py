"""Region codes against their real history: Ili, Tacheng, Altay, Urumqi's districts and Hotan.

The validity years are read here straight from python-stdnum's data file (``stdnum/cn/loc.dat``, lines such as
``4127 county="[1984-2001]特克斯县"``), not through the code under test, so the test follows the data: for every
code of these prefectures and birth years from 1930 to 2020, a number is an error exactly when its code was
abolished before the birth year, and raises no region problem when the code was in force at some time from the
birth year to the archive's date. Hand-checked facts come last.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import stdnum

from adalet.demo.identities import resident_id
from adalet.verify.idnumbers import check_id_number

LOC = Path(stdnum.__file__).parent / "cn" / "loc.dat"
ON = dt.date(2022, 12, 31)  # the date of the 2022 leak
PREFECTURES = {
    "Ili": ("6524", "6540", "6541"),  # 6524xx until 1984, 6541xx 1984-2001, 6540xx since
    "Tacheng": ("6525", "6542"),
    "Altay": ("6526", "6543"),
    "Urumqi": ("6501",),
    "Hotan": ("6532",),
}
BIRTH_YEARS = range(1930, 2021, 3)


def xinjiang_history() -> dict[str, list[tuple[int | None, int | None]]]:
    """Each Xinjiang code's (first, last) years as loc.dat writes them (None: open at that end)."""
    history: dict[str, list[tuple[int | None, int | None]]] = {}
    province = None
    for line in LOC.read_text(encoding="utf-8").splitlines():
        if top := re.match(r"^(\d\d) province=", line):
            province = top[1]
        elif province == "65" and (county := re.match(r'^\s+(\d{4}) county="(.*)"$', line)):
            spans = []
            for name in county[2].split(","):
                years = re.match(r"^\[(\d*)-(\d*)\]", name)
                spans.append((int(years[1]) if years and years[1] else None, int(years[2]) if years and years[2] else None))
            history["65" + county[1]] = spans
    return history


HISTORY = xinjiang_history()


def test_the_data_file_has_the_prefectures_history() -> None:
    for prefixes in PREFECTURES.values():
        assert any(code.startswith(prefixes) for code in HISTORY)
    assert HISTORY["654127"] == [(1984, 2001)] and HISTORY["654027"] == [(2001, None)]
    assert HISTORY["652427"] == [(None, 1984)]


def region_problems(code: str, born: dt.date) -> list[tuple[str, str]]:
    return [(f.check, f.severity) for f in check_id_number(resident_id(code, born, 271), on=ON) if f.check == "region"]


@pytest.mark.parametrize("prefecture", sorted(PREFECTURES))
def test_every_code_of_the_prefecture_follows_its_validity_years(prefecture: str) -> None:
    codes = [code for code in HISTORY if code.startswith(PREFECTURES[prefecture])]
    assert len(codes) >= 6
    for code in codes:
        spans = HISTORY[code]
        for year in BIRTH_YEARS:
            abolished_before_birth = all(last is not None and last < year for _, last in spans)
            in_force_in_window = any(
                (first is None or first <= ON.year) and (last is None or last >= year) for first, last in spans
            )
            found = region_problems(code, dt.date(year, 7, 1))
            if abolished_before_birth:
                assert found == [("region", "error")], (code, year)
            elif in_force_in_window:
                assert found == [], (code, year)


def test_hand_checked_facts() -> None:
    born_1970, born_1950 = dt.date(1970, 4, 2), dt.date(1950, 8, 9)
    # Tekes: 652427 until 1984, 654127 1984-2001, 654027 since; a resident born in 1970 may hold any of them
    for code in ("652427", "654127", "654027"):
        assert region_problems(code, born_1970) == []
    assert region_problems("652427", dt.date(1985, 1, 1)) == [("region", "error")]
    assert region_problems("652427", dt.date(1984, 12, 31)) == []  # the year of the change: both in force
    assert region_problems("654127", dt.date(2003, 1, 1)) == [("region", "error")]
    # Urumqi: one code 650120 for the urban districts until 1983, Tianshan 650102 from 1983
    assert region_problems("650102", born_1950) == []
    assert region_problems("650120", born_1950) == []
    assert region_problems("650120", dt.date(1990, 1, 1)) == [("region", "error")]
    # Dongshan district 650108 existed 1987-2007 only
    assert region_problems("650108", dt.date(2008, 3, 3)) == [("region", "error")]
    assert region_problems("650108", born_1950) == []
    # Tacheng: Wusu county 654222 (1984-1996) became Wusu city 654202
    assert region_problems("654222", dt.date(1997, 1, 1)) == [("region", "error")]
    assert region_problems("654202", born_1970) == []
    # Altay: 652621 Altay county until 1984, 654301 Altay city since
    assert region_problems("652621", born_1950) == [] and region_problems("654301", born_1950) == []
    # Hotan: Hotan county 653221 throughout; Hotan city 653201 from 1983
    assert region_problems("653221", dt.date(2010, 1, 1)) == [] and region_problems("653201", born_1950) == []
    # a code that never existed
    assert region_problems("654199", born_1970) == [("region", "error")]
