"""A collection's detention statistics: detentions recorded as held, by facility, by age band on admission and by sex.

Aggregates only: no person is named. The age bands, sex labels and orderings are xref's (`adalet xref photos`
counts photos the same way), so the figures about records and about photos read alike. An age that cannot be
(admitted before birth, over MAX_AGE) counts as unknown, not as a minor.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from adalet.people.models import Detention
from adalet.people.xref import age_band, age_on, by_age_band, by_count, sex_label

MAX_AGE = 110


@dataclass
class DetentionStatistics:
    records: int = 0  # detention rows of the collection
    held: int = 0  # rows whose status (or facility) means held
    people_held: int = 0
    minors: int = 0  # held rows of people under 18 when admitted
    by_facility: dict[str, int] = field(default_factory=dict)
    by_age_band: dict[str, int] = field(default_factory=dict)
    by_sex: dict[str, int] = field(default_factory=dict)


def detention_statistics(collection_id: int) -> DetentionStatistics:
    """Counts of the detentions recorded as held in one collection."""
    rows = Detention.objects.filter(person__collection_id=collection_id).exclude(source__item__withheld=True)
    stats = DetentionStatistics(records=rows.count())
    counters: dict[str, Counter[str]] = {"facility": Counter(), "age": Counter(), "sex": Counter()}
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
    stats.people_held = len(people)
    stats.by_facility = by_count(counters["facility"])
    stats.by_age_band = by_age_band(counters["age"])
    stats.by_sex = by_count(counters["sex"])
    return stats
