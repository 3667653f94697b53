"""FollowTheMoney export of the officials registry: who they are, their posts, their designations, the evidence.

Entities (JSON lines, one `EntityProxy.to_dict()` per line, readable by `ftm` tools, Aleph and yente):
``Person``/``Organization`` per official (every name form; birthDate), ``Position`` + ``Occupancy``
per post (its unit an ``Organization``: `ftm_posts`),
``Sanction`` per known designation (from a confirmed list match or a reference file; authority, program, start date),
``Document`` per evidence item (file name, SHA-256 as contentHash) tied to the official by ``Documentation``.
IDs are stable: derived from Adalet's own keys, so re-exports update rather than duplicate.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from followthemoney import model

from adalet.archive import reading
from adalet.people.officials import officials
from adalet.sanctions.ftm_posts import post_entities
from adalet.sanctions.gaps import CODES, LABELS, gap_matrix
from adalet.sanctions.models import Evidence

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
        yield subject.to_dict()
        yield from post_entities(person, subject.id)
        row = rows.get(person.pk)
        for code in CODES if row else ():
            cell = row.cells[code]  # type: ignore[union-attr]
            if not cell.date:
                continue
            sanction = _make("Sanction", person.pk, code)
            sanction.add("entity", subject.id)
            sanction.add("authority", LABELS[code])
            sanction.add("startDate", cell.date)
            sanction.add("summary", f"{cell.basis}: {cell.detail}")
            yield sanction.to_dict()
        for link in Evidence.objects.filter(official=person):
            item = reading.item_view(link.item_id)
            document = _make("Document", item.sha256)
            document.add("fileName", item.name)
            document.add("title", item.locator)
            document.add("contentHash", item.sha256)
            yield document.to_dict()
            documentation = _make("Documentation", person.pk, item.sha256)
            documentation.add("entity", subject.id)
            documentation.add("document", document.id)
            documentation.add("role", "evidence")
            documentation.add("summary", link.note)
            yield documentation.to_dict()


def write_jsonl(stream: Any) -> int:
    count = 0
    for entity in entities():
        stream.write(json.dumps(entity, ensure_ascii=False, sort_keys=True) + "\n")
        count += 1
    return count
