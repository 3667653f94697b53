"""Officials' posts as FollowTheMoney entities, out and in: ``Position`` (the post, its unit as an ``Organization``,
a stated area as ``subnationalArea``) and ``Occupancy`` (who held it, from when to when, dates as written: 2016-08
is a month); ``Membership`` (a member of a body, with a role) is read as a post too.

`post_entities` is used by the registry's export (`adalet officials export`); `import_posts` reads a JSON-lines file
of entities (`adalet officials import-ftm FILE`, the demo's fictional officials, an export read back): people and
bodies become officials (every ``Person``, and every ``Organization`` that is more than the unit of a post), each
occupancy or membership a post with its source (the ``description`` the export gives it, else the file), every post's
area checked (its unit's name, or the stated area) before anything is kept: an unknown unit is an error naming it,
and nothing of the file is written. An export read back this way gives the registry's officials and posts again.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from followthemoney import model

from adalet.people.models import Person, Position, PostArea
from adalet.people.officials import OfficialError, PostSpec, add_post, check_area, state_area, upsert_official

PREFIX = "adalet"


def _make(schema: str, *key: object) -> Any:
    proxy = model.make_entity(schema)
    proxy.make_id(PREFIX, schema, *map(str, key))
    return proxy


def post_entities(person: Person, subject_id: str) -> Iterator[dict[str, Any]]:
    """The official's posts: an Organization per unit, a Position per post, an Occupancy tying them to the holder."""
    for post in Position.objects.filter(person=person).order_by("start", "pk"):
        position = _make("Position", post.title, post.organization)
        position.add("name", post.title)
        if post.organization:
            unit = _make("Organization", post.organization)
            unit.add("name", post.organization)
            yield unit.to_dict()
            position.add("organization", unit.id)
        stated = PostArea.objects.filter(position=post).values_list("area", flat=True).first()
        position.add("subnationalArea", stated)
        yield position.to_dict()
        occupancy = _make("Occupancy", person.pk, post.pk)
        occupancy.add("holder", subject_id)
        occupancy.add("post", position.id)
        occupancy.add("startDate", post.start or None)
        occupancy.add("endDate", post.end or None)
        occupancy.add("description", post.source or None)
        yield occupancy.to_dict()


@dataclass
class PostImport:
    officials: int = 0
    posts: int = 0
    skipped: list[str] = field(default_factory=list)


def _first(entity: dict[str, Any], prop: str) -> str:
    values = entity.get("properties", {}).get(prop) or [""]
    return str(values[0]).strip()


def _read(path: Path) -> dict[str, dict[str, Any]]:
    entities: dict[str, dict[str, Any]] = {}
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise OfficialError(f"cannot read {path}: {error}") from None
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            entity = json.loads(line)
            entities[entity["id"]] = entity
        except (ValueError, KeyError, TypeError):
            raise OfficialError(f"{path.name} line {number}: not a FollowTheMoney entity") from None
    return entities


def import_posts(path: Path, source: str = "") -> PostImport:
    """Officials and their posts from a FollowTheMoney JSON-lines file; all or nothing."""
    entities = _read(path)
    source = source or path.name
    holders = {_first(e, "holder" if e.get("schema") == "Occupancy" else "member") for e in entities.values()
               if e.get("schema") in ("Occupancy", "Membership")}
    units = {_first(e, "organization") for e in entities.values() if e.get("schema") in ("Position", "Membership")}
    people = {k: e for k, e in entities.items()
              if e.get("schema") == "Person" or (e.get("schema") == "Organization" and (k in holders or k not in units))}
    planned: list[tuple[str, PostSpec, str]] = []  # holder id, post, stated area
    for entity in entities.values():
        schema = entity.get("schema")
        said = _first(entity, "description") or source
        if schema == "Occupancy":
            holder, position = _first(entity, "holder"), entities.get(_first(entity, "post"), {})
            unit = entities.get(_first(position, "organization"), {})
            spec = PostSpec(_first(position, "name"), _first(unit, "name"), _first(entity, "startDate"), _first(entity, "endDate"), said)
            planned.append((holder, spec, _first(position, "subnationalArea")))
        elif schema == "Membership":
            unit = entities.get(_first(entity, "organization"), {})
            spec = PostSpec(_first(entity, "role") or "member", _first(unit, "name"), _first(entity, "startDate"),
                            _first(entity, "endDate"), said)
            planned.append((_first(entity, "member"), spec, ""))
    report = PostImport()
    for holder, spec, area in planned:
        if holder not in people:
            raise OfficialError(f"{path.name}: post {spec.title!r} names no Person or Organization {holder!r}")
        if not area:
            check_area(spec)
    with transaction.atomic():
        made: dict[str, Person] = {}
        for key, entity in people.items():
            names = entity.get("properties", {}).get("name", []) + entity.get("properties", {}).get("alias", [])
            made[key], _ = upsert_official(
                names[0], other_names=names[1:], organization=entity["schema"] == "Organization",
                birth=_first(entity, "birthDate"), source=source,
            )
            report.officials += 1
        for holder, spec, area in planned:
            post = add_post(made[holder], spec)
            if area:
                state_area(post, area, source=source)
            report.posts += 1
    return report
