"""An official's timeline: the posts as bars over time and, under them, the detentions per month the posts cover, as
server-rendered SVG (no script) with the same data as a table.

Per month, over the span from the first post's first day to the last post's last day:

* ``admitted``: detentions counted as admitted during a tenure (`adalet.people.responsibility`) whose admission falls
  in the month;
* ``held``: detentions counted as held during a tenure that were held on some day of the month while a post covering
  their facility's area was held: a row is held from its admission to its release (to the tenure's end with no
  release date and a status that says held; on its admission day alone with neither), as the responsibility rule
  reads it.

The same function gives the counts and the rows behind one month's count, so a number and its link always agree.
The time axis runs left to right in every language (the SVG says ``direction="ltr"``); its labels are translated.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from adalet.people.responsibility import PostCount, Responsibility
from adalet.people.tenure import Tenure

WIDTH, LEFT, RIGHT = 760.0, 12.0, 36.0
LANE, LANE_GAP, TOP = 20.0, 6.0, 8.0
COLUMNS_HEIGHT, AXIS = 110.0, 26.0
FIELDS = ("pk", "facility_id", "admitted", "released", "detained")


def month_index(day: dt.date) -> int:
    return day.year * 12 + day.month - 1


def month_label(index: int) -> str:
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def parse_month(text: str) -> int | None:
    """'2018-03' as a month index, None when it is not a month."""
    try:
        return month_index(dt.date.fromisoformat(f"{text.strip()}-01")) if len(text.strip()) == 7 else None
    except ValueError:
        return None


@dataclass
class Months:
    first: int
    last: int
    admitted: Counter[int]
    held: Counter[int]


Covering = list[tuple[frozenset[int], Tenure]]  # each post's facilities (a set, for many rows) and tenure


def _covering(posts: list[PostCount]) -> Covering:
    return [(frozenset(post.facilities), post.tenure) for post in posts]


def _held_months(values: tuple[Any, ...], posts: Covering) -> tuple[set[int], int | None]:
    """The months a row is held under some post covering its facility, and its admission month when it is counted as
    admitted during a tenure (None otherwise)."""
    _pk, facility, admitted, released, detained = values
    months: set[int] = set()
    admitted_in: int | None = None
    if admitted is None:
        return months, None
    end = max(admitted, released) if released else (None if detained else admitted)  # None: held until the tenure ends
    for facilities, tenure in posts:
        if facility not in facilities:
            continue
        start, stop = max(admitted, tenure.first), tenure.last if end is None else min(end, tenure.last)
        if start <= stop:
            months.update(range(month_index(start), month_index(stop) + 1))
        if tenure.covers(admitted):
            admitted_in = month_index(admitted)
    return months, admitted_in


def _rows(result: Responsibility) -> Iterator[tuple[Any, ...]]:
    return result.counted("held").order_by("pk").values_list(*FIELDS).iterator(chunk_size=5000)


def months_of(result: Responsibility) -> Months | None:
    """The detentions per month over the span of the posts; None without posts."""
    if not result.posts:
        return None
    first = min(month_index(p.tenure.first) for p in result.posts)
    last = max(month_index(p.tenure.last) for p in result.posts)
    admitted: Counter[int] = Counter()
    held: Counter[int] = Counter()
    covering = _covering(result.posts)
    for values in _rows(result):
        months, admitted_in = _held_months(values, covering)
        held.update(months)
        if admitted_in is not None:
            admitted[admitted_in] += 1
    return Months(first, last, admitted, held)


def month_ids(result: Responsibility, which: str, month: int) -> list[int]:
    """The detentions behind one month's count (``which`` is admitted or held), by primary key."""
    found = []
    covering = _covering(result.posts)
    for values in _rows(result):
        months, admitted_in = _held_months(values, covering)
        if (admitted_in == month) if which == "admitted" else (month in months):
            found.append(values[0])
    return found


def _lanes(posts: list[PostCount]) -> list[int]:
    """A lane per post, posts that overlap in time on different lanes."""
    ends: list[dt.date] = []
    lanes = []
    for post in posts:
        lane = next((n for n, end in enumerate(ends) if end < post.tenure.first), len(ends))
        if lane == len(ends):
            ends.append(post.tenure.last)
        ends[lane] = post.tenure.last
        lanes.append(lane)
    return lanes


def drawing(result: Responsibility, months: Months) -> dict[str, Any]:
    """Coordinates for the template (numbers written for SVG, never localized)."""
    span = months.last - months.first + 1
    step = (WIDTH - LEFT - RIGHT) / span

    def x(index: int) -> float:
        return LEFT + (index - months.first) * step

    lanes = _lanes(result.posts)
    bars = []
    for n, (post, lane) in enumerate(zip(result.posts, lanes, strict=True)):
        left = x(month_index(post.tenure.first)) + (post.tenure.first.day - 1) / 31 * step
        right = x(month_index(post.tenure.last)) + post.tenure.last.day / 31 * step
        bars.append({"number": n + 1, "x": f"{left:.1f}", "y": f"{TOP + lane * (LANE + LANE_GAP):.1f}",
                     "width": f"{max(right - left, 1.0):.1f}", "height": f"{LANE:.1f}",
                     "label_x": f"{left + 3:.1f}", "label_y": f"{TOP + lane * (LANE + LANE_GAP) + LANE - 6:.1f}",
                     "title": f"{post.post.title} @ {post.post.organization}: {post.tenure.first.isoformat()} – "
                              f"{post.tenure.last.isoformat()}"})
    base = TOP + (max(lanes) + 1) * (LANE + LANE_GAP) + COLUMNS_HEIGHT
    tallest = max(months.held.values(), default=0) or 1
    columns = []
    for index in range(months.first, months.last + 1):
        held, admitted = months.held[index], months.admitted[index]
        held_height, admitted_height = held / tallest * COLUMNS_HEIGHT, admitted / tallest * COLUMNS_HEIGHT
        columns.append({"month": month_label(index), "x": f"{x(index) + step * 0.1:.1f}",
                        "width": f"{max(step * 0.8, 0.5):.1f}", "held": held, "admitted": admitted,
                        "held_y": f"{base - held_height:.1f}", "held_height": f"{held_height:.1f}",
                        "admitted_y": f"{base - admitted_height:.1f}", "admitted_height": f"{admitted_height:.1f}",
                        "title": _("%(month)s: held %(held)s, admitted %(admitted)s") % {
                            "month": month_label(index), "held": held, "admitted": admitted}})
    years = [{"x": f"{x(index):.1f}", "label": str(index // 12), "label_x": f"{x(index) + 2:.1f}"}
             for index in range(months.first, months.last + 1) if index % 12 == 0 or index == months.first]
    return {"width": f"{WIDTH:.0f}", "height": f"{base + AXIS:.0f}", "bars": bars, "columns": columns,
            "years": years, "base": f"{base:.1f}", "axis_y": f"{base + 16:.1f}", "tallest": tallest,
            "top": f"{TOP:.1f}", "right": f"{WIDTH - RIGHT:.1f}", "left": f"{LEFT:.1f}"}
