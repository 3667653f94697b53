"""`adalet xref people`: the same person in two collections, proposed as a link with its score and evidence.

A link joins two records (detainees or relatives, never officials) of different collections when

1. ``id_number``: both carry the same resident ID number (score 1.0); or
2. ``name_birth_date``: both were born the same day and `adalet.names.compare` scores their names (any script) at
   NAME_THRESHOLD or more, unless both carry ID numbers and the numbers differ (two people, whatever their names).
   Only names that share a blocking key (`adalet.names.blocking_keys`) are compared: many records born on one day
   (a 1 January written for an unknown date) are not compared each with each.

Every link keeps its evidence (each record's collection, item, sheet, row and the column of the field it rests on;
the names, the score and its explanation) and stays ``proposed`` until a reviewer confirms or rejects it
(`review_link`), as photo links do; re-running keeps decided links and proposes afresh. Proposals, decisions and the
rows they write go on the custody log.
"""

from __future__ import annotations

import datetime as dt
import time
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from adalet.archive import bindings, custody
from adalet.names import blocking_keys, compare
from adalet.people.models import LinkStatus, Person, PersonKind, PersonLink, SourceRow
from adalet.people.xref import NAME_THRESHOLD

DECISIONS = (LinkStatus.CONFIRMED, LinkStatus.REJECTED)
LINKED_KINDS = (PersonKind.DETAINEE, PersonKind.RELATIVE)


class ReviewError(ValueError):
    """A decision that cannot be taken (unknown decision, a link already decided, no such link)."""


@dataclass
class PeopleXrefReport:
    records: int = 0
    proposed: int = 0
    kept: int = 0  # decided earlier and kept as decided
    by_method: dict[str, int] = field(default_factory=dict)
    by_collections: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class _Record:
    pk: int
    collection_id: int
    collection: str
    name: str
    id_number: str
    born: dt.date | None
    source_id: int | None


def _records(collections: Iterable[str] | None) -> list[_Record]:
    query = Person.objects.filter(kind__in=LINKED_KINDS, collection__isnull=False)
    if collections:
        query = query.filter(collection__name__in=list(collections))
    rows = query.values_list("pk", "collection_id", "collection__name", "name", "id_number", "birth_date", "source_id")
    return [_Record(*row) for row in rows.iterator(chunk_size=5000)]


def _cite(record: _Record, rows: dict[int, tuple[str, str, int, dict[str, Any]]], field_name: str) -> dict[str, Any]:
    found = rows.get(record.source_id or 0)
    cell: dict[str, Any] = {"collection": record.collection, "person": record.pk, "name": record.name}
    if found:
        locator, sheet, row, cells = found
        cell |= {"item": locator, "sheet": sheet or None, "row": row, "column": (cells.get(field_name) or {}).get("column")}
    return cell


def candidates(records: list[_Record]) -> list[tuple[_Record, _Record, str, float, dict[str, Any]]]:
    """Pairs of records of different collections that are the same person by ID number, else by name and birth
    date: (first, second, method, score, evidence without cells), first the lower id."""
    found: dict[tuple[int, int], tuple[_Record, _Record, str, float, dict[str, Any]]] = {}

    def pair(a: _Record, b: _Record) -> tuple[_Record, _Record] | None:
        if a.collection_id == b.collection_id or a.pk == b.pk:
            return None
        return (a, b) if a.pk < b.pk else (b, a)

    by_id: dict[str, list[_Record]] = defaultdict(list)
    by_birth: dict[dt.date, list[_Record]] = defaultdict(list)
    for record in records:
        if record.id_number:
            by_id[record.id_number].append(record)
        if record.born and record.name:
            by_birth[record.born].append(record)
    for number, same in by_id.items():
        for i, a in enumerate(same):
            for b in same[i + 1 :]:
                ordered = pair(a, b)
                if ordered and (ordered[0].pk, ordered[1].pk) not in found:
                    found[(ordered[0].pk, ordered[1].pk)] = (*ordered, "id_number", 1.0, {"id_number": number})
    keys: dict[str, set[str]] = {}  # each name's blocking keys, read once
    for born, same in by_birth.items():
        if len({r.collection_id for r in same}) < 2:
            continue
        for record in same:
            if record.name not in keys:
                keys[record.name] = blocking_keys(record.name)
        for i, a in enumerate(same):
            for b in same[i + 1 :]:
                ordered = pair(a, b)
                if not ordered or (ordered[0].pk, ordered[1].pk) in found:
                    continue
                if a.id_number and b.id_number and a.id_number != b.id_number:
                    continue  # two people: their numbers say so
                if not keys[a.name] & keys[b.name]:
                    continue  # no part of the names could be the same (adalet.names.blocking): not compared
                result = compare(ordered[0].name, ordered[1].name)
                if result.score >= NAME_THRESHOLD:
                    evidence = {
                        "birth_date": born.isoformat(),
                        "score": round(result.score, 4),
                        "explanation": result.explanation,
                    }
                    found[(ordered[0].pk, ordered[1].pk)] = (*ordered, "name_birth_date", result.score, evidence)
    return list(found.values())


def xref_people(collections: Iterable[str] | None = None, *, actor: str = "adalet") -> PeopleXrefReport:
    """Propose links between records of different collections (of ``collections`` only when given), keeping the
    links reviewers decided."""
    started = time.perf_counter()
    report = PeopleXrefReport()
    records = _records(collections)
    report.records = len(records)
    pairs = candidates(records)
    wanted = {r.source_id for a, b, *_ in pairs for r in (a, b) if r.source_id}
    rows: dict[int, tuple[str, str, int, dict[str, Any]]] = {}
    ids = sorted(wanted)
    for start in range(0, len(ids), 5000):
        for pk, locator, sheet, row, cells in SourceRow.objects.filter(pk__in=ids[start : start + 5000]).values_list(
            "pk", "locator", "sheet", "row", "cells"
        ):
            rows[pk] = (locator, sheet, row, cells or {})
    touched = [r.pk for r in records]
    mine = Q(first_id__in=touched) | Q(second_id__in=touched)
    decided = set(PersonLink.objects.filter(mine).exclude(status=LinkStatus.PROPOSED).values_list("first_id", "second_id"))
    links = []
    by_method: dict[str, int] = defaultdict(int)
    by_collections: dict[str, int] = defaultdict(int)
    for first, second, method, score, evidence in pairs:
        if (first.pk, second.pk) in decided:
            report.kept += 1
            continue
        field_name = "id_number" if method == "id_number" else "name"
        evidence = evidence | {"records": [_cite(first, rows, field_name), _cite(second, rows, field_name)]}
        links.append(PersonLink(first_id=first.pk, second_id=second.pk, method=method, score=score, evidence=evidence))
        by_method[method] += 1
        by_collections[" ↔ ".join(sorted((first.collection, second.collection)))] += 1
    report.proposed = len(links)
    report.by_method, report.by_collections = dict(by_method), dict(by_collections)
    with transaction.atomic(), bindings.operation(actor, "xref-people") as bound:
        PersonLink.objects.filter(mine, status=LinkStatus.PROPOSED).delete()  # unbound by signals
        PersonLink.objects.bulk_create(links, batch_size=2000, ignore_conflicts=True)
        bound.bind(PersonLink.objects.filter(mine, status=LinkStatus.PROPOSED))
        custody.append(
            "xref-people",
            actor=actor,
            subject=", ".join(sorted(collections or ["all collections"]))[:500],
            detail={k: getattr(report, k) for k in ("records", "proposed", "kept", "by_method")},
        )
    report.seconds = time.perf_counter() - started
    return report


def links_of(person: Person, status: str | None = None) -> QuerySet[PersonLink]:
    """The person's cross-collection links (either side), with both records and their collections."""
    found = PersonLink.objects.filter(Q(first=person) | Q(second=person)).select_related(
        "first__collection", "second__collection"
    )
    return (found.filter(status=status) if status else found).order_by("-score", "pk")


def other(link: PersonLink, person: Person) -> Person:
    """The link's record that is not ``person``."""
    return link.second if link.first_id == person.pk else link.first


def review_link(link_id: int, decision: str, reviewer: str, note: str = "") -> PersonLink:
    """Confirm or reject a proposed link, on the custody log with its evidence; refused when already decided."""
    if decision not in DECISIONS:
        raise ReviewError("decision must be confirmed or rejected")
    with transaction.atomic(), bindings.operation(reviewer):
        found = PersonLink.objects.select_for_update().filter(pk=link_id).first()
        if found is None:
            raise ReviewError(f"no person link {link_id}")
        if found.status != LinkStatus.PROPOSED:
            raise ReviewError(f"this link was already {found.status} by {found.reviewed_by or 'someone'}")
        custody.append(
            "person-link-review",
            actor=reviewer,
            subject=f"person {found.first_id} ↔ person {found.second_id}",
            detail={
                "link": found.pk,
                "first": found.first_id,
                "second": found.second_id,
                "decision": decision,
                "note": note,
                "method": found.method,
                "score": found.score,
                "evidence": found.evidence,
            },
        )
        found.status, found.reviewed_by, found.reviewed_at = decision, reviewer, timezone.now()
        found.save(update_fields=["status", "reviewed_by", "reviewed_at"])
    return found
