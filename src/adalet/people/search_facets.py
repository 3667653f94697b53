"""Facets of a search, with counts: what the matching rows' people records say, and what types of items matched.

A search finds passages; the rows of a sheet's passage that match on their own (archive.search.rows) are the rows
of people records (SourceRow) when the collection's sheets were mapped (`adalet records map`). Each such row gives
its person's sex and age band on admission, and its detention's facility, the facility's county, status and month
of admission. Counts are of rows; the type facet counts items, per family of media types.

Facets are counted over the first MAX_PASSAGES matching passages (`Facets.partial` says when there were more).
A chosen value (`chosen`) keeps only the rows that have it, and the items holding them (`Facets.item_ids`).
Values are keys a filter can be given again (the facility's name as the records write it, masked by `mask` for a
reader who may not see personal numbers, so a filter never tests more than the page shows); labels are for the
reader (`label`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q

from adalet.archive import search as archive_search
from adalet.archive.mediatypes import FAMILIES
from adalet.archive.search.rows import matched_rows, sheet_of
from adalet.names.counties import county_in, of_code
from adalet.people.models import Detention, Person
from adalet.people.xref import AGE_BANDS, age_band, age_on

MAX_PASSAGES = 100  # each row of a matching passage is analysed again (about 0.3-1 ms a row)
MAX_AGE = 110
PERSON_FACETS = ("facility", "county", "status", "month", "sex", "age")
FACETS = (*PERSON_FACETS, "type")
UNKNOWN = "unknown"


@dataclass
class Facets:
    counts: dict[str, Counter[str]] = field(default_factory=lambda: {name: Counter() for name in FACETS})
    rows: int = 0  # matching rows of people records (after the chosen values)
    partial: bool = False  # more passages matched than were counted
    item_ids: list[int] | None = None  # with a chosen person facet: the items holding the rows that have it
    matched: dict[int, list[int]] = field(default_factory=dict)  # item -> its matching rows (after the chosen values)

    def ordered(self, name: str) -> list[tuple[str, int]]:
        """A facet's (value, count), the most first; age bands and months in their own order."""
        counts = self.counts[name]
        if name == "age":
            order = [band for _start, band in AGE_BANDS] + [UNKNOWN]
            return [(band, counts[band]) for band in order if counts[band]]
        if name == "month":
            return sorted(counts.items(), key=lambda kv: (kv[0] == UNKNOWN, kv[0]))
        return sorted(counts.items(), key=lambda kv: (kv[0] == UNKNOWN, -kv[1], kv[0]))


def facets(
    text: str,
    *,
    collection_ids: Sequence[int] | None,
    kind: str | None = None,
    personal_data: bool = False,
    withheld: bool = False,
    chosen: Mapping[str, str] | None = None,
    mask: Callable[[str], str] = str,
) -> Facets:
    """The facets of what `text` finds in these collections (see the module's docstring)."""
    chosen = {k: v for k, v in (chosen or {}).items() if k in PERSON_FACETS and v}
    query, passages = archive_search.matching_passages(
        text,
        collection_ids=collection_ids,
        kind=kind,
        personal_data=personal_data,
        withheld=withheld,
        limit=MAX_PASSAGES + 1,
    )
    out = Facets(partial=len(passages) > MAX_PASSAGES)
    passages = passages[:MAX_PASSAGES]
    tables: dict[int, Any] = {}
    wanted: dict[int, set[int]] = {}  # item -> matching rows
    items: dict[int, str] = {}
    for passage in passages:
        items[int(passage["item_id"])] = str(passage["media_type"])
        if sheet_of(str(passage["label"])) is not None:
            found = matched_rows(int(passage["item_id"]), str(passage["label"]), str(passage["text"]), query, tables)
            wanted.setdefault(int(passage["item_id"]), set()).update(found)
    kept_items: set[int] = set()
    for item_id, row, values in _row_values(wanted, mask):
        if any(values.get(name) != value for name, value in chosen.items()):
            continue
        out.rows += 1
        kept_items.add(item_id)
        out.matched.setdefault(item_id, []).append(row)
        for name in PERSON_FACETS:
            out.counts[name][values[name]] += 1
    if chosen:
        out.item_ids = sorted(kept_items)
    for item_id, media_type in items.items():
        if out.item_ids is not None and item_id not in kept_items:
            continue
        for family, prefixes in FAMILIES.items():
            if any(media_type.startswith(p) if p.endswith("/") else media_type == p for p in prefixes):
                out.counts["type"][family] += 1
    for rows in out.matched.values():
        rows.sort()
    return out


def _row_values(wanted: dict[int, set[int]], mask: Callable[[str], str]) -> list[tuple[int, int, dict[str, str]]]:
    """(item, row, facet values) of each wanted row that is a person's record (rows of no record are left out)."""
    if not wanted:
        return []
    where = Q()
    for item_id, rows in wanted.items():
        if rows:
            where |= Q(source__item_id=item_id, source__row__in=sorted(rows))
    if not where:
        return []
    people = {p.source_id: p for p in Person.objects.filter(where).select_related("source").order_by("pk")}
    detentions: dict[int, Detention] = {}
    for d in (
        Detention.objects.filter(Q(source_id__in=list(people)) | Q(person__in=list(people.values())))
        .select_related("facility", "facility__stated_place")
        .order_by("pk")
    ):
        detentions.setdefault(d.source_id, d)
        detentions.setdefault(-d.person_id, d)  # a person's first detention, when its row is not the person's
    out = []
    seen: set[int] = set()
    for source_id, person in people.items():
        row = person.source
        if source_id is None or source_id in seen or row is None:
            continue
        seen.add(source_id)
        detention = detentions.get(source_id) or detentions.get(-person.pk)
        out.append((row.item_id, row.row, _values(person, detention, mask)))
    return out


def _values(person: Person, detention: Detention | None, mask: Callable[[str], str]) -> dict[str, str]:
    facility = detention.facility if detention is not None else None
    admitted = detention.admitted if detention is not None else None
    age = age_on(person.birth_date, admitted)
    if age is not None and not 0 <= age <= MAX_AGE:
        age = None
    return {
        "facility": mask(facility.name) if facility is not None and facility.name else UNKNOWN,
        "county": _county(person, facility) or UNKNOWN,
        "status": mask(detention.status) if detention is not None and detention.status else UNKNOWN,
        "month": admitted.strftime("%Y-%m") if admitted else UNKNOWN,
        "sex": {"M": "male", "F": "female"}.get(person.sex, UNKNOWN),
        "age": age_band(age),
    }


def _county(person: Person, facility: Any) -> str:
    """The county of a record: its facility's, else its ID number's region code's, else its address's (a county's
    Chinese name; never more of an address)."""
    if facility is not None:
        stated = getattr(facility, "stated_place", None)
        if facility.county:
            return str(facility.county)
        if stated is not None:
            return str(stated.county)
    known = of_code(person.id_number[:6]) if person.id_number else None
    known = known or county_in(person.address or "")
    return known.name if known is not None else ""
