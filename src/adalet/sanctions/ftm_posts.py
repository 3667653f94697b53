"""Officials' posts as FollowTheMoney entities, out and in: ``Position`` (the post, its unit as an ``Organization``,
a stated area as ``subnationalArea``) and ``Occupancy`` (who held it, from when to when, dates as written: 2016-08
is a month); ``Membership`` (a member of a body, with a role) is read as a post too.

`post_entities` is used by the registry's export (`adalet officials export`); `import_posts` reads a JSON-lines file
of entities (`adalet officials import-ftm FILE`, the demo's fictional officials, an export read back): people and
bodies become officials (every ``Person``, and every ``Organization`` that is more than the unit of a post), each
occupancy or membership a post with its source (the ``description`` the export gives it, else the file), a stated
area with its own (the ``publisher`` of its ``Position``), every post's area checked (its unit's name, or the stated
area) before anything is kept: an unknown unit is an error naming it, and nothing of the file is written. The rest
of the file (officials' names, designations, evidence) and the one transaction are `adalet.sanctions.ftm_import`'s.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from followthemoney import model

from adalet.people.models import Person, Position, PostArea
from adalet.people.officials import OfficialError, PostSpec, add_post, check_area, state_area

PREFIX = "adalet"


def _make(schema: str, *key: object) -> Any:
    proxy = model.make_entity(schema)
    proxy.make_id(PREFIX, schema, *map(str, key))
    return proxy


def post_entities(person: Person, subject_id: str) -> Iterator[dict[str, Any]]:
    """The official's posts: an Organization per unit, a Position per post, an Occupancy tying them to the holder."""
    for post in Position.objects.filter(person=person).order_by("start", "pk"):
        stated = PostArea.objects.filter(position=post).values_list("area", "source").first()
        # one Position per post and unit; a stated area (and who stated it) makes it another Position
        position = _make("Position", post.title, post.organization, *(stated or ()))
        position.add("name", post.title)
        if post.organization:
            unit = _make("Organization", post.organization)
            unit.add("name", post.organization)
            yield unit.to_dict()
            position.add("organization", unit.id)
        if stated:
            position.add("subnationalArea", stated[0])
            position.add("publisher", stated[1] or None)
        yield position.to_dict()
        occupancy = _make("Occupancy", person.pk, post.pk)
        occupancy.add("holder", subject_id)
        occupancy.add("post", position.id)
        occupancy.add("startDate", post.start or None)
        occupancy.add("endDate", post.end or None)
        occupancy.add("description", post.source or None)
        yield occupancy.to_dict()


@dataclass
class PlannedPost:
    """A post read from the file, before anything is written: its holder's entity id and where it answers for."""

    holder: str
    spec: PostSpec
    area: str = ""
    area_source: str = ""


@dataclass
class PostImport:
    officials: int = 0
    posts: int = 0
    designations: int = 0
    evidence: int = 0
    skipped: list[str] = field(default_factory=list)


def first(entity: dict[str, Any], prop: str) -> str:
    values = entity.get("properties", {}).get(prop) or [""]
    return str(values[0]).strip()


def read_entities(path: Path) -> dict[str, tuple[int, dict[str, Any]]]:
    """The file's entities by id, each with its line number."""
    entities: dict[str, tuple[int, dict[str, Any]]] = {}
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise OfficialError(f"cannot read {path}: {error}") from None
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            entity = json.loads(line)
            entities[str(entity["id"])] = (number, entity)
        except (ValueError, KeyError, TypeError):
            raise OfficialError(f"{path.name} line {number}: not a FollowTheMoney entity") from None
    return entities


def official_entities(entities: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The entities that are officials: every Person, and every Organization that is more than a post's unit."""
    holders = {first(e, "holder" if e.get("schema") == "Occupancy" else "member") for e in entities.values()
               if e.get("schema") in ("Occupancy", "Membership")}
    units = {first(e, "organization") for e in entities.values() if e.get("schema") in ("Position", "Membership")}
    return {k: e for k, e in entities.items()
            if e.get("schema") == "Person" or (e.get("schema") == "Organization" and (k in holders or k not in units))}


def plan_posts(entities: dict[str, dict[str, Any]], people: dict[str, Any], file_name: str,
               source: str) -> list[PlannedPost]:
    """Every Occupancy and Membership as a post, each checked (holder known, area readable) before any is written."""
    planned: list[PlannedPost] = []
    for entity in entities.values():
        schema = entity.get("schema")
        said = first(entity, "description") or source
        if schema == "Occupancy":
            position = entities.get(first(entity, "post"), {})
            unit = entities.get(first(position, "organization"), {})
            spec = PostSpec(first(position, "name"), first(unit, "name"), first(entity, "startDate"),
                            first(entity, "endDate"), said)
            planned.append(PlannedPost(first(entity, "holder"), spec, first(position, "subnationalArea"),
                                       first(position, "publisher") or source))
        elif schema == "Membership":
            unit = entities.get(first(entity, "organization"), {})
            spec = PostSpec(first(entity, "role") or "member", first(unit, "name"), first(entity, "startDate"),
                            first(entity, "endDate"), said)
            planned.append(PlannedPost(first(entity, "member"), spec))
    for post in planned:
        if post.holder not in people:
            raise OfficialError(f"{file_name}: post {post.spec.title!r} names no Person or Organization {post.holder!r}")
        if not post.area:
            check_area(post.spec)
    return planned


def write_posts(made: dict[str, Person], planned: list[PlannedPost]) -> int:
    """Write the planned posts (inside the caller's transaction); how many posts the file holds."""
    for post in planned:
        position = add_post(made[post.holder], post.spec)
        stated = PostArea.objects.filter(position=position).values_list("area", "source").first()
        if post.area and stated != (post.area, post.area_source):
            state_area(position, post.area, source=post.area_source)
    return len(planned)


def import_posts(path: Path, source: str = "") -> PostImport:
    """Officials and their posts (and designations and evidence) from a FollowTheMoney JSON-lines file; all or
    nothing (`adalet.sanctions.ftm_import`)."""
    from adalet.sanctions.ftm_import import import_registry

    return import_registry(path, source)
