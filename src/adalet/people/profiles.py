"""One person as a reviewer reads them: names, identifiers, every detention and photo link with its source cells."""

from __future__ import annotations

from typing import Any

from adalet.names import variants
from adalet.people.models import Person


class PersonNotFound(LookupError):
    pass


def find_person(key: str, collection: str | None = None) -> Person:
    """A person by database id or by ID number (the only one, or the one in ``collection``)."""
    query = Person.objects.all()
    if collection:
        query = query.filter(collection__name=collection)
    if key.isdigit() and len(key) < 15:
        found = query.filter(pk=int(key)).first()
    else:
        matches = list(query.filter(id_number=key.strip().upper())[:2])
        if len(matches) > 1:
            raise PersonNotFound(f"ID number {key} is in several collections: give --collection")
        found = matches[0] if matches else None
    if found is None:
        raise PersonNotFound(f"no person {key!r}" + (f" in collection {collection!r}" if collection else ""))
    return found


def profile(person: Person) -> dict[str, Any]:
    """Everything the records say of a person, each fact with where it came from."""
    source = person.source
    return {
        "id": person.pk,
        "collection": person.collection.name if person.collection else None,
        "kind": person.kind,
        "name": person.name,
        "names": person.names,
        "derived_names": derived_names(person.name),
        "id_number": person.id_number,
        "birth_date": person.birth_date.isoformat() if person.birth_date else None,
        "sex": person.sex,
        "ethnicity": person.ethnicity,
        "address": person.address,
        "source": _row(source) if source else None,
        "detentions": [
            {
                "facility": d.facility.name if d.facility else None,
                "status": d.status,
                "detained": d.detained,
                "admitted": d.admitted.isoformat() if d.admitted else None,
                "released": d.released.isoformat() if d.released else None,
                "reason": d.reason,
                "source": _row(d.source),
            }
            for d in person.detentions.select_related("facility", "source").order_by("admitted", "pk")
        ],
        "relatives": [
            {"name": r.name, "relation": r.relation, "id_number": r.id_number, "source": _row(r.source)}
            for r in person.relatives.select_related("source")
        ],
        "positions": [
            {"title": p.title, "organization": p.organization, "start": p.start, "end": p.end, "source": p.source}
            for p in person.positions.all()
        ],
        "photos": [
            {
                "photo": link.photo.locator,
                "sha256": link.photo.sha256,
                "method": link.method,
                "score": link.score,
                "status": link.status,
                "evidence": link.evidence,
            }
            for link in person.photo_links.select_related("photo").order_by("pk")
        ],
    }


def derived_names(name: str, limit: int = 8) -> list[str]:
    """The forms of a name in other scripts (pinyin, Uyghur Latin and Arabic script...), as adalet.names derives them."""
    return variants(name)[:limit] if name else []


def _row(source: Any) -> dict[str, Any]:
    return {
        "item": source.locator,
        "sheet": source.sheet or None,
        "row": source.row,
        "columns": {field: cell.get("column") for field, cell in source.cells.items()},
        "problems": source.problems,
    }
