"""A collection's detention statistics: detentions recorded as held, by facility, by age band on admission, by sex
and by month of admission.

Aggregates only: no person is named. Per month, small counts are suppressed (`months_shown`): a month with 1 to
MIN_SHOWN - 1 admissions says only "fewer than MIN_SHOWN", since a month and a facility can narrow a handful of
rows to the people a family or an official knows; when that would leave one count hidden, the next smallest is
hidden too, so the total cannot give it back. The age bands, sex labels and orderings are xref's (`adalet xref photos`
counts photos the same way), so the figures about records and about photos read alike. An age that cannot be
(admitted before birth, over MAX_AGE) counts as unknown, not as a minor.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from adalet.people.models import Detention
from adalet.people.xref import age_band, age_on, by_age_band, by_count, sex_label

MAX_AGE = 110
MIN_SHOWN = 5  # per-month counts from 1 to MIN_SHOWN - 1 are shown as "fewer than MIN_SHOWN"
MAX_MONTHS = 240  # a longer span (a mistyped year, a placeholder date) lists the months with admissions only


@dataclass
class DetentionStatistics:
    records: int = 0  # detention rows of the collection
    held: int = 0  # rows whose status (or facility) means held
    people_held: int = 0
    minors: int = 0  # held rows of people under 18 when admitted
    by_facility: dict[str, int] = field(default_factory=dict)
    by_age_band: dict[str, int] = field(default_factory=dict)
    by_sex: dict[str, int] = field(default_factory=dict)
    by_month: dict[dt.date, int] = field(default_factory=dict)  # first day of the month admitted -> held rows
    undated: int = 0  # held rows without an admission date


@dataclass
class MonthCount:
    month: dt.date  # its first day
    count: int | None  # None: suppressed, fewer than MIN_SHOWN (or hidden so that another one cannot be derived)


def months_shown(by_month: dict[dt.date, int], undated: int,
                 minimum: int = MIN_SHOWN) -> tuple[list[MonthCount], int | None]:
    """Every month from the first admission to the last (none-admitted months as 0; only those with admissions when
    they span more than MAX_MONTHS) and the undated count, small counts suppressed (None); with exactly one
    suppressed, the smallest shown non-zero count is suppressed too."""
    if not by_month:
        return [], (None if 0 < undated < minimum else undated)
    months: list[dt.date] = []
    month, last = min(by_month), max(by_month)
    while month <= last and len(months) <= MAX_MONTHS:
        months.append(month)
        month = (month + dt.timedelta(days=32)).replace(day=1)
    if len(months) > MAX_MONTHS:
        months = sorted(by_month)
    cells: dict[dt.date | None, int] = {m: by_month.get(m, 0) for m in months}
    if undated:
        cells[None] = undated
    hidden = {key for key, count in cells.items() if 0 < count < minimum}
    if len(hidden) == 1:
        shown = [(count, key is None, key or dt.date.min) for key, count in cells.items() if count and key not in hidden]
        if shown:
            _count, _undated, smallest = min(shown)
            hidden.add(None if _undated else smallest)
    return ([MonthCount(m, None if m in hidden else cells[m]) for m in months],
            None if None in hidden else undated)


def detention_statistics(collection_id: int) -> DetentionStatistics:
    """Counts of the detentions recorded as held in one collection."""
    rows = Detention.objects.filter(person__collection_id=collection_id).exclude(source__item__withheld=True)
    stats = DetentionStatistics(records=rows.count())
    counters: dict[str, Counter[str]] = {"facility": Counter(), "age": Counter(), "sex": Counter()}
    months: Counter[dt.date] = Counter()
    people: set[int] = set()
    held = rows.filter(detained=True).values_list("person_id", "facility__name", "admitted", "person__birth_date", "person__sex")
    for person_id, facility, admitted, born, sex in held.iterator(chunk_size=5000):
        stats.held += 1
        people.add(person_id)
        age = age_on(born, admitted)
        if age is not None and not 0 <= age <= MAX_AGE:
            age = None
        stats.minors += age is not None and age < 18
        counters["facility"][facility or "unknown"] += 1
        counters["age"][age_band(age)] += 1
        counters["sex"][sex_label(sex)] += 1
        if admitted is not None:
            months[admitted.replace(day=1)] += 1
        else:
            stats.undated += 1
    stats.people_held = len(people)
    stats.by_facility = by_count(counters["facility"])
    stats.by_age_band = by_age_band(counters["age"])
    stats.by_sex = by_count(counters["sex"])
    stats.by_month = dict(sorted(months.items()))
    return stats
