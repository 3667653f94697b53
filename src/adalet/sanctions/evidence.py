"""An official's evidence as readers see it: the archive items a researcher linked to them (`adalet officials evidence`),
each with its SHA-256, collection and what it shows. Read-only; linking is `officials.add_evidence`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from adalet.archive import reading
from adalet.people.models import Person
from adalet.sanctions.models import Evidence


@dataclass(frozen=True)
class EvidenceItem:
    item_id: int
    collection_id: int
    locator: str
    name: str
    sha256: str
    media_type: str
    note: str
    added_by: str
    added_at: dt.datetime
    custody_seq: int | None


def evidence_of(official: Person) -> list[EvidenceItem]:
    """The items linked to an official as evidence, in the order they were linked."""
    found = []
    for link in Evidence.objects.filter(official=official).order_by("added_at", "pk"):
        item = reading.item_record(link.item_id)
        found.append(EvidenceItem(
            item_id=item.view.id, collection_id=item.collection_id, locator=item.view.locator, name=item.view.name,
            sha256=item.view.sha256, media_type=item.view.media_type, note=link.note, added_by=link.added_by,
            added_at=link.added_at, custody_seq=link.custody_seq,
        ))
    return found
