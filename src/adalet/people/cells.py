"""Parsing spreadsheet cell values precisely: each parser returns a value or raises CellError, never guesses.

Owns the conversion of raw cell values (text, numbers, dates as openpyxl or a CSV reader give them) into
resident ID numbers, dates and sexes. Anything that cannot be read without guessing is a ``CellError``
with a one-line reason.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation


class CellError(ValueError):
    """A cell value that cannot be parsed without guessing; ``reason`` is one line."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class IdNumber:
    """A resident ID number as text: 18 characters, or 15 digits when ``old_style`` (pre-1999, no check digit)."""

    number: str
    old_style: bool


@dataclass(frozen=True)
class CellDate:
    """A date and how it was read: iso, yyyymmdd, ymd-slash, ymd-dot, chinese, date, datetime, excel-1900, excel-1904."""

    date: dt.date
    interpretation: str


def _text(value: object) -> str:
    """NFKC-normalised (fullwidth → ASCII), stripped text."""
    return unicodedata.normalize("NFKC", str(value)).strip()


def _lost(shown: str) -> CellError:
    return CellError(f"ID number stored as a number: digits lost ({shown})")


def parse_id_number(value: object) -> IdNumber:
    """Read a resident ID number from a cell; 18-digit numbers stored as floats have lost digits and are refused."""
    if value is None or isinstance(value, bool):
        raise CellError(f"not an ID number: {value!r}")
    if isinstance(value, int):
        text = str(value)  # an exact integer (e.g. openpyxl reading a full-precision number)
    elif isinstance(value, float):
        if not math.isfinite(value) or value != int(value):
            raise CellError(f"not an ID number: {value!r}")
        if value >= 1e15:  # more than 15 significant digits cannot survive a double / Excel
            raise _lost(f"{value:.15G}")
        text = str(int(value))
    elif isinstance(value, str):
        text = re.sub(r"\s+", "", _text(value)).upper().lstrip("'")
        if re.fullmatch(r"[0-9]+(\.[0-9]+)?E\+?[0-9]+", text):
            mantissa = text.split("E")[0].replace(".", "").lstrip("0")
            try:
                digits = str(int(Decimal(text)))
            except (InvalidOperation, ValueError):
                raise CellError(f"not an ID number: {value!r}") from None
            if len(digits) != 15 or len(mantissa) != 15:
                raise _lost(text)
            text = digits
    else:
        raise CellError(f"not an ID number: {value!r}")
    if not text:
        raise CellError("empty ID number")
    if len(text) == 15 and text.isdigit():
        return IdNumber(text, old_style=True)
    if len(text) != 18:
        raise CellError(f"ID number has {len(text)} characters, expected 18 (or 15 for old-style numbers): {text}")
    if not re.fullmatch(r"[0-9]{17}[0-9X]", text):
        raise CellError(f"ID number has characters other than 17 digits and a final digit or X: {text}")
    return IdNumber(text, old_style=False)


_EXCEL_1900_EPOCH = dt.date(1899, 12, 30)  # serial 61 = 1900-03-01; serials 1-59 are one day later (fictitious 1900-02-29)
_EXCEL_1904_EPOCH = dt.date(1904, 1, 1)
_LAST_PLAUSIBLE = dt.date(2099, 12, 31)


def _excel_serial(serial: float, date1904: bool) -> CellDate:
    day = math.floor(serial)
    if date1904:
        if not 0 <= day <= (_LAST_PLAUSIBLE - _EXCEL_1904_EPOCH).days:
            raise CellError(f"number {serial:g} is not a plausible Excel 1904 date serial")
        return CellDate(_EXCEL_1904_EPOCH + dt.timedelta(days=day), "excel-1904")
    if not 1 <= day <= (_LAST_PLAUSIBLE - _EXCEL_1900_EPOCH).days:
        raise CellError(f"number {serial:g} is not a plausible Excel date serial")
    if day == 60:
        raise CellError("Excel serial 60 is 1900-02-29, a day that does not exist (Excel's 1900 leap-year bug)")
    offset = day if day > 60 else day + 1
    return CellDate(_EXCEL_1900_EPOCH + dt.timedelta(days=offset), "excel-1900")


def _ymd(year: str, month: str, day: str, interpretation: str, text: str) -> CellDate:
    try:
        return CellDate(dt.date(int(year), int(month), int(day)), interpretation)
    except ValueError as exc:
        raise CellError(f"impossible date {text}: {exc}") from None


_FORMATS = (
    (re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"), "iso"),
    (re.compile(r"(\d{4})(\d{2})(\d{2})"), "yyyymmdd"),
    (re.compile(r"(\d{4})/(\d{1,2})/(\d{1,2})"), "ymd-slash"),
    (re.compile(r"(\d{4})\.(\d{1,2})\.(\d{1,2})"), "ymd-dot"),
    (re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?"), "chinese"),
)


def parse_date(value: object, *, date1904: bool = False) -> CellDate:
    """Read a date from a cell; numbers are Excel serials (1900 system unless ``date1904``) or YYYYMMDD."""
    if isinstance(value, dt.datetime):
        return CellDate(value.date(), "datetime")
    if isinstance(value, dt.date):
        return CellDate(value, "date")
    if value is None or isinstance(value, bool):
        raise CellError(f"not a date: {value!r}")
    if isinstance(value, int | float):
        if not math.isfinite(value):
            raise CellError(f"not a date: {value!r}")
        if value == int(value) and 10_000_000 <= value <= 99_999_999:
            text = str(int(value))
            return _ymd(text[:4], text[4:6], text[6:], "yyyymmdd", text)
        return _excel_serial(value, date1904)
    if not isinstance(value, str):
        raise CellError(f"not a date: {value!r}")
    text = _text(value)
    if not text:
        raise CellError("empty date")
    for pattern, interpretation in _FORMATS:
        match = pattern.fullmatch(text)
        if match:
            return _ymd(*match.groups(), interpretation, text)
    if re.fullmatch(r"\d{1,5}(\.\d+)?", text):
        return _excel_serial(float(text), date1904)
    if re.fullmatch(r"\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}", text):
        raise CellError(f"ambiguous day/month order: {text}")
    raise CellError(f"unrecognised date format: {text}")


_SEXES = {"男": "M", "男性": "M", "m": "M", "male": "M", "女": "F", "女性": "F", "f": "F", "female": "F"}


def parse_sex(value: object) -> str:
    """Read a sex from a cell: 男/女/M/F/male/female (any case) → "M" or "F"."""
    if isinstance(value, str):
        sex = _SEXES.get(_text(value).casefold())
        if sex:
            return sex
    raise CellError(f"unrecognised sex: {value!r}")
