"""A post's time: its start and end as written (YYYY, YYYY-MM or YYYY-MM-DD), as the first and last day it covers.

The precision is kept and said: an end written 2021-12 means the whole of December 2021 (the last day counted is
2021-12-31), a start written 2016-08 the whole of August 2016 (from 2016-08-01), a year the whole year. An empty end
is a post still held (counted to today); an empty start cannot be placed in time and is an error.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


class TenureError(ValueError):
    """A start or end that is not a date of day, month or year precision."""


@dataclass(frozen=True)
class Tenure:
    first: dt.date
    last: dt.date  # inclusive
    start: str  # as written
    end: str  # as written; "" while held

    @property
    def precision(self) -> str:
        """What the written dates mean, in words: 'from 2016-08 (the whole month) to 2021-12-31'."""
        return f"from {_said(self.start, 'first')} to {_said(self.end, 'last') if self.end else 'today (still held)'}"

    def covers(self, day: dt.date) -> bool:
        return self.first <= day <= self.last


def _said(text: str, which: str) -> str:
    kind = {4: "the whole year", 7: "the whole month"}.get(len(text))
    day = bound(text, which)
    return f"{text} ({kind}: {which} day {day.isoformat()})" if kind else text


def bound(text: str, which: str) -> dt.date:
    """The first (``which="first"``) or last day a date of year, month or day precision covers."""
    match = _DATE.fullmatch(text.strip())
    if not match:
        raise TenureError(f"{text!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = int(match[1]), match[2], match[3]
    try:
        if day:
            return dt.date(year, int(month), int(day))
        if month:
            month_number = int(month)
            last_day = calendar.monthrange(year, month_number)[1]
            return dt.date(year, month_number, 1 if which == "first" else last_day)
        return dt.date(year, 1, 1) if which == "first" else dt.date(year, 12, 31)
    except ValueError:
        raise TenureError(f"{text!r} is not a date") from None


def of_post(start: str, end: str, today: dt.date | None = None) -> Tenure:
    """The tenure of a post written START-END; TenureError for an empty start or an end before the start."""
    if not start.strip():
        raise TenureError("a post without a start date cannot be placed in time")
    first = bound(start, "first")
    last = bound(end, "last") if end.strip() else (today or dt.date.today())
    if last < first:
        raise TenureError(f"the post ends ({end or 'today'}) before it starts ({start})")
    return Tenure(first, last, start.strip(), end.strip())
