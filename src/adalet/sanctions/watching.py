"""What a watch on an official reads of the sanctions data (web.alerts): the official's designations now, one cell
per jurisdiction as the gap matrix states it, the list changes to entities confirmed as the official since a given
change, and the evidence linked since a given link. Read-only; ids only grow, so "since" is "with a greater id"."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Max

from adalet.people.models import Person
from adalet.sanctions.gaps import CODES, gap_matrix
from adalet.sanctions.models import ChangeRecord, Evidence, MatchStatus, OfficialMatch


@dataclass(frozen=True)
class ListChange:
    """One import's change to a list entry confirmed as the official."""

    id: int
    authority: str
    source_id: str
    change: str  # added, removed, amended
    fields: tuple[str, ...]


@dataclass(frozen=True)
class LinkedEvidence:
    id: int
    item_id: int
    collection_id: int


def designation_state(official: Person) -> dict[str, str]:
    """Each jurisdiction's designation of the official as "date basis", or "" where there is none."""
    (row,) = gap_matrix(people=[official])
    return {code: f"{row.cells[code].date} {row.cells[code].basis}" if row.cells[code].date else "" for code in CODES}


def _confirmed_entities(official: Person) -> list[int]:
    return list(OfficialMatch.objects.filter(official=official, status=MatchStatus.CONFIRMED).values_list("entity_id", flat=True))


def latest_list_change(official: Person) -> int:
    found = ChangeRecord.objects.filter(entity_id__in=_confirmed_entities(official)).aggregate(top=Max("pk"))["top"]
    return int(found or 0)


def list_changes_between(official: Person, after: int, upto: int) -> list[ListChange]:
    """Changes to the official's confirmed list entries with ids in (after, upto], oldest first."""
    changes = (ChangeRecord.objects.filter(entity_id__in=_confirmed_entities(official), pk__gt=after, pk__lte=upto)
               .select_related("entity").order_by("pk"))
    return [ListChange(c.pk, c.entity.authority, c.entity.source_id, c.change, tuple(c.fields)) for c in changes]


def latest_evidence(official: Person) -> int:
    return int(Evidence.objects.filter(official=official).aggregate(top=Max("pk"))["top"] or 0)


def evidence_between(official: Person, after: int, upto: int) -> list[LinkedEvidence]:
    """Evidence linked to the official with ids in (after, upto], oldest first."""
    links = Evidence.objects.filter(official=official, pk__gt=after, pk__lte=upto).select_related("item").order_by("pk")
    return [LinkedEvidence(link.pk, link.item_id, link.item.collection_id) for link in links]
