"""FollowTheMoney export of the officials registry: who they are, their posts, their designations, the evidence.

Entities (JSON lines, one `EntityProxy.to_dict()` per line, readable by `ftm` tools, Aleph and yente):
``Person``/``Organization`` per official (every name form; birthDate; ``first_seen`` when the registry added them),
a ``Note`` per source of the official's names (``publisher`` the source, ``namesMentioned`` the forms it gave),
``Position`` + ``Occupancy`` per post (its unit an ``Organization``: `ftm_posts`),
``Sanction`` per designation: each reference designation with all it states (``country`` the jurisdiction,
``authority``, the jurisdiction's name when none is known, ``program``, ``listingDate`` and ``startDate``, ``reason``, ``sourceUrl``, ``summary`` its source),
and in a jurisdiction without one, the confirmed list match the gap matrix counts (the list entry as ``authorityId``),
``Document`` per evidence item (file name, locator as title, SHA-256 as contentHash) tied to the official by
``Documentation`` (``summary`` the note, ``publisher`` who linked it, ``first_seen`` when).
IDs are stable: derived from Adalet's own keys, so re-exports update rather than duplicate.
`adalet.sanctions.ftm_import` reads it back.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from followthemoney import model

from adalet.archive import reading
from adalet.people.models import Person
from adalet.people.officials import officials
from adalet.sanctions.ftm_import import COUNTRY_OF_JURISDICTION
from adalet.sanctions.ftm_posts import post_entities
from adalet.sanctions.gaps import CODES, LABELS, Row, gap_matrix
from adalet.sanctions.models import Evidence, ReferenceDesignation

PREFIX = "adalet"


def _make(schema: str, *key: object) -> Any:
    proxy = model.make_entity(schema)
    proxy.make_id(PREFIX, schema, *map(str, key))
    return proxy


def entities() -> Iterator[dict[str, Any]]:
    rows = {row.official_id: row for row in gap_matrix()}
    for person in officials():
        schema = "Organization" if person.kind == "organization" else "Person"
        subject = _make(schema, person.pk)
        names = [n["name"] for n in person.names] or [person.name]
        subject.add("name", names[0])
        subject.add("alias", names[1:])
        if person.birth and schema == "Person":
            subject.add("birthDate", person.birth)
        subject.add("topics", "role.pep" if schema == "Person" else None)
        yield {**subject.to_dict(), "first_seen": person.created_at.isoformat()}
        yield from name_sources(person, subject.id)
        yield from post_entities(person, subject.id)
        yield from designations(person, subject.id, rows.get(person.pk))
        yield from evidence(person, subject.id)


def name_sources(person: Person, subject_id: str) -> Iterator[dict[str, Any]]:
    """A Note per source of the official's names: which forms it gave."""
    by_source: dict[str, list[str]] = {}
    for form in person.names:
        by_source.setdefault(form.get("source") or "", []).append(form["name"])
    for source, forms in by_source.items():
        if not source:
            continue
        note = _make("Note", person.pk, source)
        note.add("entity", subject_id)
        note.add("publisher", source)
        note.add("namesMentioned", forms)
        yield note.to_dict()


def designations(person: Person, subject_id: str, row: Row | None) -> Iterator[dict[str, Any]]:
    """The official's reference designations, then the confirmed list matches of jurisdictions without one."""
    stated = set()
    for ref in ReferenceDesignation.objects.filter(official=person).order_by("jurisdiction"):
        stated.add(ref.jurisdiction)
        sanction = _make("Sanction", person.pk, ref.jurisdiction)
        sanction.add("entity", subject_id)
        sanction.add("country", COUNTRY_OF_JURISDICTION[ref.jurisdiction])
        for prop, value in (("authority", ref.authority or LABELS[ref.jurisdiction]), ("program", ref.program), ("reason", ref.reason),
                            ("sourceUrl", ref.source_url), ("summary", ref.source)):
            sanction.add(prop, value or None)
        sanction.add("listingDate", ref.listed_on.isoformat())
        sanction.add("startDate", ref.listed_on.isoformat())
        yield sanction.to_dict()
    for code in CODES if row else ():
        cell = row.cells[code]  # type: ignore[union-attr]
        if code in stated or not cell.date:
            continue
        sanction = _make("Sanction", person.pk, code)
        sanction.add("entity", subject_id)
        sanction.add("country", COUNTRY_OF_JURISDICTION[code])
        sanction.add("authority", LABELS[code])
        sanction.add("authorityId", cell.detail.split(" ")[0].rstrip(":"))
        sanction.add("listingDate", cell.date)
        sanction.add("startDate", cell.date)
        sanction.add("summary", f"{cell.basis}: {cell.detail}")
        yield sanction.to_dict()


def evidence(person: Person, subject_id: str) -> Iterator[dict[str, Any]]:
    """Each archive item linked to the official as evidence, as a Document and the Documentation of the link."""
    for link in Evidence.objects.filter(official=person).order_by("added_at", "pk"):
        item = reading.item_view(link.item_id)
        document = _make("Document", item.sha256)
        document.add("fileName", item.name)
        document.add("title", item.locator)
        document.add("contentHash", item.sha256)
        yield document.to_dict()
        documentation = _make("Documentation", person.pk, item.sha256)
        documentation.add("entity", subject_id)
        documentation.add("document", document.id)
        documentation.add("role", "evidence")
        documentation.add("summary", link.note)
        documentation.add("publisher", link.added_by or None)
        yield {**documentation.to_dict(), "first_seen": link.added_at.isoformat()}


def write_jsonl(stream: Any) -> int:
    count = 0
    for entity in entities():
        stream.write(json.dumps(entity, ensure_ascii=False, sort_keys=True) + "\n")
        count += 1
    return count
