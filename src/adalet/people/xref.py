"""`adalet xref photos`: link police photos to person records and count who is shown detained.

A photo is an image of the collection whose file name follows a photo pattern, or that carries camera EXIF.
Links, in order:

1. ``id_number`` (exact): the file name starts with a resident ID number (``<ID>_<YYYYMMDDHHMMSS>.jpg``)
   that a record of the collection carries;
2. ``name_birth_date``: the file name is ``<name>_<YYYYMMDD birth date>[_<timestamp>]``; the records of
   people born that day are scored with `adalet.names.compare` (any script), and the best at or over
   NAME_THRESHOLD links, unless a second candidate is as good (then nothing links: a tie could accuse
   the wrong person, and it is reported).

Every link keeps its evidence (the file name, the record's item, sheet, row and column, the name score and
its explanation) and stays ``proposed`` until a person confirms it; re-running keeps confirmed and rejected
links. Whether a linked person is shown detained comes from their detention rows (see vocab.py).
"""

from __future__ import annotations

import datetime as dt
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from adalet.archive import bindings, custody, reading
from adalet.names import compare
from adalet.people.models import Detention, LinkStatus, Person, PhotoLink, SourceRow
from adalet.people.photonames import parse_photo_name

NAME_THRESHOLD = 0.9
AGE_BANDS = ((0, "under 18"), (18, "18-29"), (30, "30-44"), (45, "45-59"), (60, "60 and over"))
CAMERA_KEYS = ("camera_make", "camera_model", "camera_serial")


@dataclass
class XrefReport:
    collection: str
    photos: int = 0
    linked: int = 0
    linked_detained: int = 0
    unlinked: int = 0
    people_linked: int = 0
    people_linked_detained: int = 0
    by_method: dict[str, int] = field(default_factory=dict)
    by_facility: dict[str, int] = field(default_factory=dict)
    by_age_band: dict[str, int] = field(default_factory=dict)
    by_sex: dict[str, int] = field(default_factory=dict)
    minors: int = 0
    minor_photos: list[dict[str, Any]] = field(default_factory=list)
    unlinked_reasons: dict[str, int] = field(default_factory=dict)
    ambiguous: list[dict[str, Any]] = field(default_factory=list)
    seconds: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def age_on(born: dt.date | None, when: dt.date | None) -> int | None:
    """Age in whole years on ``when``; None when either date is unknown."""
    if born is None or when is None:
        return None
    return when.year - born.year - ((when.month, when.day) < (born.month, born.day))


def age_band(age: int | None) -> str:
    if age is None:
        return "unknown"
    label = AGE_BANDS[0][1]
    for start, name in AGE_BANDS:
        if age >= start:
            label = name
    return label


def sex_label(sex: str) -> str:
    """M -> male, F -> female, anything else -> unknown."""
    return {"M": "male", "F": "female"}.get(sex, "unknown")


def by_count(counts: Counter[str]) -> dict[str, int]:
    """Counts, largest first (ties by name)."""
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def by_age_band(counts: Counter[str]) -> dict[str, int]:
    """Counts per age band in the bands' order, unknown last; empty bands left out."""
    bands = {name: counts[name] for _, name in AGE_BANDS if counts[name]}
    return bands | ({"unknown": counts["unknown"]} if counts["unknown"] else {})


def _is_photo(item: reading.ItemView) -> bool:
    return parse_photo_name(item.name) is not None or any(
        item.metadata.get(key) for key in CAMERA_KEYS
    )


@dataclass
class _Candidate:
    person_id: int
    method: str
    score: float
    evidence: dict[str, Any]


class _Records:
    """The collection's people, indexed for linking."""

    def __init__(self, collection: Any) -> None:
        self.by_id: dict[str, int] = {}
        self.by_birth: dict[dt.date, list[tuple[int, str]]] = defaultdict(list)
        self.facts: dict[int, tuple[dt.date | None, str]] = {}
        self.source_of: dict[int, int | None] = {}
        rows = Person.objects.filter(collection=collection).values_list(
            "pk", "id_number", "name", "birth_date", "sex", "source_id"
        )
        for pk, id_number, name, born, sex, source_id in rows.iterator(chunk_size=5000):
            if id_number:
                self.by_id.setdefault(id_number, pk)
            if born and name:
                self.by_birth[born].append((pk, name))
            self.facts[pk] = (born, sex)
            self.source_of[pk] = source_id
        self.held: dict[int, list[tuple[dt.date | None, str]]] = defaultdict(list)
        detentions = Detention.objects.filter(person__collection=collection, detained=True).values_list(
            "person_id", "admitted", "facility__name"
        )
        for person_id, admitted, facility in detentions.iterator(chunk_size=5000):
            self.held[person_id].append((admitted, facility or ""))

    def record(self, pk: int, field_name: str) -> dict[str, Any]:
        """Where the person's record is; filled in by `cite` (one query for all links, not one per photo)."""
        return {"source": self.source_of.get(pk), "field": field_name}

    @staticmethod
    def cite(links: list[PhotoLink]) -> None:
        """Replace each link's record placeholder by the item, sheet, row and column of the cell it rests on."""
        wanted = {link.evidence["record"]["source"] for link in links if link.evidence["record"].get("source")}
        rows: dict[int, tuple[str, str, int, dict[str, Any]]] = {}
        ids = sorted(wanted)
        for start in range(0, len(ids), 5000):
            chunk = ids[start : start + 5000]
            for pk, locator, sheet, row, cells in SourceRow.objects.filter(pk__in=chunk).values_list(
                "pk", "locator", "sheet", "row", "cells"
            ):
                rows[pk] = (locator, sheet, row, cells or {})
        for link in links:
            placeholder = link.evidence["record"]
            found = rows.get(placeholder.get("source"))
            if found is None:
                link.evidence["record"] = None
                continue
            locator, sheet, row, cells = found
            column = cells.get(placeholder["field"], {}).get("column")
            link.evidence["record"] = {"item": locator, "sheet": sheet or None, "row": row, "column": column}

    def link(self, name: str) -> tuple[_Candidate | None, str, list[dict[str, Any]]]:
        """The link for a photo file name, or None with the reason; ties are returned for the report."""
        parsed = parse_photo_name(name)
        if parsed is not None and parsed.id_number:
            number = parsed.id_number
            pk = self.by_id.get(number)
            if pk is None:
                return None, "ID number in file name has no record", []
            evidence = {"file_name": name, "id_number": number, "record": self.record(pk, "id_number")}
            return _Candidate(pk, "id_number", 1.0, evidence), "", []
        if parsed is None or not parsed.name or not parsed.birth:
            return None, "file name carries no ID number or name and birth date", []
        try:
            born = dt.datetime.strptime(parsed.birth, "%Y%m%d").date()
        except ValueError:
            return None, "file name's birth date is not a date", []
        scored = []
        for pk, record_name in self.by_birth.get(born, []):
            result = compare(parsed.name, record_name)
            if result.score >= NAME_THRESHOLD:
                scored.append((result.score, pk, record_name, result.explanation))
        if not scored:
            return None, "no record with this birth date and a matching name", []
        scored.sort(key=lambda s: -s[0])
        if len(scored) > 1 and scored[1][0] >= scored[0][0]:
            tied = [{"person": pk, "name": record_name, "score": round(score, 3)} for score, pk, record_name, _ in scored]
            return None, "two or more records match equally well", tied
        score, pk, record_name, explanation = scored[0]
        evidence = {
            "file_name": name,
            "name": parsed.name,
            "birth_date": born.isoformat(),
            "record_name": record_name,
            "score": round(score, 4),
            "explanation": explanation,
            "record": self.record(pk, "name"),
        }
        return _Candidate(pk, "name_birth_date", score, evidence), "", []


def xref_photos(
    collection_name: str, *, actor: str = "adalet", progress: Callable[[int, int], None] | None = None
) -> XrefReport:
    """Link the collection's photos to its records (keeping human decisions) and count what they show."""
    started = time.perf_counter()
    collection = reading.collection(collection_name)
    records = _Records(collection)
    report = XrefReport(collection.name)
    photos = [item for item in reading.items(collection, "image") if _is_photo(item)]
    decided = {
        photo_id: (person_id, status)
        for photo_id, person_id, status in PhotoLink.objects.filter(collection=collection)
        .exclude(status=LinkStatus.PROPOSED)
        .values_list("photo_id", "person_id", "status")
    }
    links: list[PhotoLink] = []
    linked_people: set[int] = set()
    held_people: set[int] = set()
    counters: dict[str, Counter[str]] = {k: Counter() for k in ("method", "facility", "age", "sex", "unlinked")}
    for number, photo in enumerate(photos, 1):
        candidate, reason, tied = records.link(photo.name)
        prior = decided.get(photo.id)
        if prior is not None and prior[1] == LinkStatus.REJECTED and candidate and candidate.person_id == prior[0]:
            candidate, reason = None, "link rejected by a reviewer"
        if candidate is None:
            report.unlinked += 1
            counters["unlinked"][reason] += 1
            if tied:
                report.ambiguous.append({"photo": photo.locator, "candidates": tied})
        else:
            _count(report, records, photo, candidate, counters, linked_people, held_people)
            if prior is None:
                links.append(
                    PhotoLink(
                        collection=collection, photo_id=photo.id, person_id=candidate.person_id,
                        method=candidate.method, score=candidate.score, evidence=candidate.evidence,
                    )
                )
        if progress and (number % 500 == 0 or number == len(photos)):
            progress(number, len(photos))
    report.photos = len(photos)
    report.people_linked, report.people_linked_detained = len(linked_people), len(held_people)
    report.by_method = dict(counters["method"])
    report.by_facility = by_count(counters["facility"])
    report.by_age_band = by_age_band(counters["age"])
    report.by_sex = dict(counters["sex"])
    report.unlinked_reasons = dict(counters["unlinked"])
    _Records.cite(links)
    with transaction.atomic(), bindings.operation(actor, collection.name) as bound:
        PhotoLink.objects.filter(collection=collection, status=LinkStatus.PROPOSED).delete()  # unbound by signals
        PhotoLink.objects.bulk_create(links, batch_size=2000, ignore_conflicts=True)
        bound.bind(PhotoLink.objects.filter(collection=collection, status=LinkStatus.PROPOSED))
        custody.append(
            "xref-photos",
            actor=actor,
            subject=collection.name,
            detail={k: getattr(report, k) for k in ("photos", "linked", "linked_detained", "unlinked", "by_method")},
        )
    report.seconds = time.perf_counter() - started
    return report


def _count(
    report: XrefReport,
    records: _Records,
    photo: reading.ItemView,
    candidate: _Candidate,
    counters: dict[str, Counter[str]],
    linked_people: set[int],
    held_people: set[int],
) -> None:
    report.linked += 1
    pk = candidate.person_id
    linked_people.add(pk)
    counters["method"][candidate.method] += 1
    born, sex = records.facts[pk]
    parsed = parse_photo_name(photo.name)
    taken = parsed.taken if parsed else None
    if taken is None and photo.metadata.get("capture_time"):
        try:
            taken = dt.datetime.fromisoformat(photo.metadata["capture_time"][:19])
        except ValueError:
            taken = None
    age = age_on(born, taken.date() if taken else None)
    counters["age"][age_band(age)] += 1
    counters["sex"][sex_label(sex)] += 1
    if age is not None and age < 18:
        report.minors += 1
        report.minor_photos.append({"photo": photo.locator, "person": pk, "age": age})
    held = records.held.get(pk)
    if held:
        report.linked_detained += 1
        held_people.add(pk)
        latest = max(held, key=lambda h: h[0] or dt.date.min)
        counters["facility"][latest[1] or "unknown"] += 1
