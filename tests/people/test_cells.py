"""Cell parsers on the values real spreadsheets and CSV exports hold."""

from __future__ import annotations

import datetime as dt

import pytest

from adalet.demo.identities import resident_id
from adalet.people.cells import CellDate, CellError, IdNumber, parse_date, parse_id_number, parse_sex

SHUFU = resident_id("653121", dt.date(1985, 3, 12), 271)  # 653121198503122710


def test_id_number_text_with_spaces_and_fullwidth_digits() -> None:
    assert SHUFU == "653121198503122710"
    assert parse_id_number(" 653121 19850312 2710 ") == IdNumber("653121198503122710", old_style=False)
    assert parse_id_number("６５３１２１１９８５０３１２２７１０") == IdNumber("653121198503122710", old_style=False)


def test_id_number_lower_case_x() -> None:
    number = resident_id("653121", dt.date(1990, 1, 1), 6)
    assert number.endswith("X")
    assert parse_id_number(number.lower()) == IdNumber(number, old_style=False)
    assert parse_id_number(number.replace("X", "ｘ")) == IdNumber(number, old_style=False)


def test_id_number_exact_int() -> None:
    assert parse_id_number(653121198503122710) == IdNumber("653121198503122710", old_style=False)


@pytest.mark.parametrize("value", [6.53121198503127e17, "6.53121198503127e+17", "6.53121198503127E+17"])
def test_id_number_stored_as_float_is_refused(value: object) -> None:
    with pytest.raises(CellError) as exc:
        parse_id_number(value)
    assert exc.value.reason == "ID number stored as a number: digits lost (6.53121198503127E+17)"


def test_old_style_15_digits() -> None:
    assert parse_id_number("653121850312271") == IdNumber("653121850312271", old_style=True)
    assert parse_id_number(653121850312271.0) == IdNumber("653121850312271", old_style=True)
    assert parse_id_number("6.53121850312271E+14") == IdNumber("653121850312271", old_style=True)
    with pytest.raises(CellError, match="digits lost"):
        parse_id_number("6.5312185E+14")


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("65312119850312271", "ID number has 17 characters, expected 18 (or 15 for old-style numbers): 65312119850312271"),
        ("65312119850312X710", "ID number has characters other than 17 digits and a final digit or X: 65312119850312X710"),
        ("", "empty ID number"),
        (None, "not an ID number: None"),
    ],
)
def test_id_number_errors(value: object, reason: str) -> None:
    with pytest.raises(CellError) as exc:
        parse_id_number(value)
    assert exc.value.reason == reason


@pytest.mark.parametrize(
    ("value", "interpretation"),
    [
        ("2018-03-05", "iso"),
        ("2018-03-05 00:00:00", "iso"),
        ("20180305", "yyyymmdd"),
        (20180305, "yyyymmdd"),
        ("2018/3/5", "ymd-slash"),
        ("2018.03.05", "ymd-dot"),
        ("2018年3月5日", "chinese"),
        ("２０１８年３月５日", "chinese"),
        (dt.date(2018, 3, 5), "date"),
        (dt.datetime(2018, 3, 5, 14, 30), "datetime"),
        (43164, "excel-1900"),
        (43164.0, "excel-1900"),
        (43164.75, "excel-1900"),
        ("43164", "excel-1900"),
    ],
)
def test_dates(value: object, interpretation: str) -> None:
    assert parse_date(value) == CellDate(dt.date(2018, 3, 5), interpretation)


def test_excel_serials_1900_bug_and_1904() -> None:
    assert parse_date(59) == CellDate(dt.date(1900, 2, 28), "excel-1900")
    assert parse_date(61) == CellDate(dt.date(1900, 3, 1), "excel-1900")
    assert parse_date(1) == CellDate(dt.date(1900, 1, 1), "excel-1900")
    with pytest.raises(CellError, match="1900-02-29"):
        parse_date(60)
    assert parse_date(43164 - 1462, date1904=True) == CellDate(dt.date(2018, 3, 5), "excel-1904")
    with pytest.raises(CellError) as exc:
        parse_date(999999)
    assert exc.value.reason == "number 999999 is not a plausible Excel date serial"


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("2018-02-30", "impossible date 2018-02-30: day is out of range for month"),
        ("2018年2月30日", "impossible date 2018年2月30日: day is out of range for month"),
        ("20181305", "impossible date 20181305: month must be in 1..12"),
        ("03/05/2018", "ambiguous day/month order: 03/05/2018"),
        ("3.5.2018", "ambiguous day/month order: 3.5.2018"),
        ("March 5", "unrecognised date format: March 5"),
        ("", "empty date"),
    ],
)
def test_date_errors(value: object, reason: str) -> None:
    with pytest.raises(CellError) as exc:
        parse_date(value)
    assert exc.value.reason == reason


@pytest.mark.parametrize(
    ("value", "sex"), [("男", "M"), ("女", "F"), (" M ", "M"), ("f", "F"), ("Male", "M"), ("FEMALE", "F"), ("男性", "M")]
)
def test_sex(value: str, sex: str) -> None:
    assert parse_sex(value) == sex


@pytest.mark.parametrize("value", ["", "未知", "x", None, 1])
def test_sex_errors(value: object) -> None:
    with pytest.raises(CellError, match="unrecognised sex"):
        parse_sex(value)


def test_id_number_float_reports_excel_display() -> None:
    with pytest.raises(CellError) as exc:
        parse_id_number(float(653121198503122710))
    assert exc.value.reason == "ID number stored as a number: digits lost (6.53121198503123E+17)"
