"""The officials registry from FollowTheMoney JSON lines (`adalet officials import-ftm FILE`), all or nothing.

What `adalet.sanctions.ftm_export` writes comes back: officials (``Person``/``Organization``: names in order, each
with the source a ``Note`` of the official gives it, birth, ``first_seen`` as the official's creation time), posts
(`ftm_posts`), designations (``Sanction``: jurisdiction from ``country``, else the authority's name; ``listingDate``
or ``startDate``; ``authority`` (the jurisdiction's own name, as the export writes it for none, kept as none),
``program``, ``reason``, ``sourceUrl``; ``summary`` is the designation's source)
and evidence (``Documentation`` of a ``Document`` whose ``contentHash`` is an archived item's SHA-256: ``summary``
the note, ``publisher`` who linked it, ``first_seen`` when; each new link goes on this home's custody log).

Everything is checked before anything is written, with followthemoney's own model: every schema and property known,
every entity a property refers to in the file, dataset names as yente reads them, each designation's jurisdiction
and date, each evidence document in the archive. The first problem is one error naming the line and id; then nothing
is written. Writing is one transaction, and reading the same file again changes nothing (an evidence link already
there as the file states it is not logged again).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from django.db import transaction
from followthemoney import model
from followthemoney.types import registry

from adalet.archive import bindings, custody
from adalet.archive.ingest import default_actor
from adalet.archive.models import Item
from adalet.people.models import Person, PersonKind
from adalet.people.officials import OfficialError, upsert_official
from adalet.sanctions import signals
from adalet.sanctions.ftm_posts import PostImport, first, official_entities, plan_posts, read_entities, write_posts
from adalet.sanctions.gaps import LABELS, jurisdiction_of
from adalet.sanctions.importers.ftm import dataset_name_problem, stamp
from adalet.sanctions.models import Evidence, ReferenceDesignation

#: FtM country codes of the jurisdictions the gap matrix tracks (FtM writes the United Kingdom ``gb``).
JURISDICTION_OF_COUNTRY = {"us": "us", "eu": "eu", "gb": "uk", "ca": "ca"}
COUNTRY_OF_JURISDICTION = {code: country for country, code in JURISDICTION_OF_COUNTRY.items()}


@dataclass
class PlannedOfficial:
    names: list[str]
    sources: dict[str, str]  # name form -> who gave it
    organization: bool
    birth: str
    created_at: datetime | None


@dataclass
class PlannedDesignation:
    holder: str
    jurisdiction: str
    fields: dict[str, Any]


@dataclass
class PlannedEvidence:
    holder: str
    item_id: int
    note: str
    added_by: str
    added_at: datetime | None


def _values(entity: dict[str, Any], prop: str) -> list[str]:
    return [str(v).strip() for v in entity.get("properties", {}).get(prop) or [] if str(v).strip()]


def check_model(file_name: str, entities: dict[str, tuple[int, dict[str, Any]]]) -> None:
    """Every entity's schema and properties as followthemoney's model has them, every reference inside the file."""
    for key, (line, entity) in entities.items():
        where = f"{file_name} line {line}"
        schema = model.get(entity.get("schema") or "")
        if schema is None or not isinstance(entity.get("properties"), dict):
            raise OfficialError(f"{where}: {key!r} has no FollowTheMoney schema ({entity.get('schema')!r}); nothing imported")
        datasets = entity.get("datasets") or []
        for name in datasets if isinstance(datasets, list) else [datasets]:
            problem = dataset_name_problem(name)
            if problem:
                raise OfficialError(f"{where}: {problem}; nothing imported")
        for prop_name, values in entity["properties"].items():
            prop = schema.get(prop_name)
            if prop is None:
                raise OfficialError(f"{where}: {schema.name} {key!r} has no property {prop_name!r} in FollowTheMoney; "
                                    "nothing imported")
            if prop.type != registry.entity:
                continue
            for value in values if isinstance(values, list) else [values]:
                if str(value) not in entities:
                    raise OfficialError(f"{where}: {schema.name} {key!r} refers to {value!r} ({prop_name}), which is not "
                                        "in the file; nothing imported")


def _created(entity: dict[str, Any]) -> datetime | None:
    given = stamp(entity.get("first_seen"))
    return datetime.fromisoformat(given) if given else None


def plan_officials(people: dict[str, dict[str, Any]], entities: dict[str, dict[str, Any]],
                   source: str) -> dict[str, PlannedOfficial]:
    """Each official's names in order with their sources (a ``Note`` of the official: ``publisher`` said these)."""
    sources: dict[str, dict[str, str]] = {}
    for entity in entities.values():
        if entity.get("schema") == "Note" and first(entity, "entity") in people and first(entity, "publisher"):
            for form in _values(entity, "namesMentioned"):
                sources.setdefault(first(entity, "entity"), {}).setdefault(form, first(entity, "publisher"))
    planned = {}
    for key, entity in people.items():
        names = list(dict.fromkeys(_values(entity, "name") + _values(entity, "alias")))
        given = sources.get(key, {})
        planned[key] = PlannedOfficial(names, {n: given.get(n, source) for n in names},
                                       entity["schema"] == "Organization", first(entity, "birthDate"), _created(entity))
    return planned


def _listed(entity: dict[str, Any]) -> date | None:
    for value in _values(entity, "listingDate") + _values(entity, "startDate"):
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            continue
    return None


def _of_officials(file_name: str, entities: dict[str, tuple[int, dict[str, Any]]], people: dict[str, dict[str, Any]],
                  schema: str, verb: str) -> Iterator[tuple[str, str, str, dict[str, Any]]]:
    """(key, where, holder, entity) of each entity of ``schema`` whose ``entity`` is an official of the file; one that
    names anyone else stops the import."""
    for key, (line, entity) in entities.items():
        if entity.get("schema") != schema:
            continue
        where = f"{file_name} line {line}: {schema} {key!r}"
        holder = first(entity, "entity")
        if holder not in people:
            raise OfficialError(f"{where} {verb} {holder!r}, which is not an official of the file; nothing imported")
        yield key, where, holder, entity


def plan_designations(file_name: str, entities: dict[str, tuple[int, dict[str, Any]]],
                      people: dict[str, dict[str, Any]]) -> list[PlannedDesignation]:
    """Each ``Sanction`` of an official as the reference designation it states (one per official and jurisdiction)."""
    planned: dict[tuple[str, str], str] = {}
    found = []
    for key, where, holder, entity in _of_officials(file_name, entities, people, "Sanction", "designates"):
        countries = [JURISDICTION_OF_COUNTRY[c] for c in _values(entity, "country") if c in JURISDICTION_OF_COUNTRY]
        jurisdiction = countries[0] if countries else jurisdiction_of(first(entity, "authority"))
        if jurisdiction is None:
            raise OfficialError(f"{where} names no jurisdiction Adalet tracks (country us, eu, gb or ca); nothing imported")
        listed = _listed(entity)
        if listed is None:
            raise OfficialError(f"{where} has no listingDate or startDate; nothing imported")
        if (holder, jurisdiction) in planned:
            raise OfficialError(f"{where} designates {holder!r} in {jurisdiction} again (also {planned[holder, jurisdiction]!r}): "
                                "the registry keeps one per jurisdiction; nothing imported")
        planned[holder, jurisdiction] = key
        authority = "; ".join(_values(entity, "authority"))  # the jurisdiction's name alone: no authority more precise
        found.append(PlannedDesignation(holder, jurisdiction, {
            "listed_on": listed, "source": first(entity, "summary") or f"{file_name}: {key}",
            "authority": authority if authority != LABELS[jurisdiction] else "", "program": "; ".join(_values(entity, "program")),
            "reason": "\n".join(_values(entity, "reason")), "source_url": first(entity, "sourceUrl"),
        }))
    return found


def plan_evidence(file_name: str, entities: dict[str, tuple[int, dict[str, Any]]],
                  people: dict[str, dict[str, Any]]) -> list[PlannedEvidence]:
    """Each ``Documentation`` of an official: the archived item with the document's SHA-256, and the note."""
    found = []
    for _key, where, holder, entity in _of_officials(file_name, entities, people, "Documentation", "documents"):
        document = entities[first(entity, "document")][1]
        sha256, locator = first(document, "contentHash"), first(document, "title")
        items = Item.objects.filter(sha256=sha256) if sha256 else Item.objects.none()
        item = items.filter(locator=locator).order_by("pk").first() or items.order_by("pk").first()
        if item is None:
            raise OfficialError(f"{where}: document {document['id']!r} (SHA-256 {sha256 or 'not given'}, "
                                f"{first(document, 'fileName') or locator!r}) is not in this archive; ingest it first; "
                                "nothing imported")
        if not first(entity, "summary"):
            raise OfficialError(f"{where} does not say what the document shows (summary); nothing imported")
        found.append(PlannedEvidence(holder, item.pk, first(entity, "summary"), first(entity, "publisher"),
                                     _created(entity)))
    return found


def write_official(plan: PlannedOfficial, source: str) -> tuple[Person, bool]:
    """Create or complete an official; names new to it keep the source the file gives them."""
    before = Person.objects.filter(kind__in=[PersonKind.OFFICIAL, PersonKind.ORGANIZATION], name=" ".join(
        plan.names[0].split())).first()
    known = {n["name"] for n in before.names} if before else set()
    kind = PersonKind.ORGANIZATION if plan.organization else PersonKind.OFFICIAL
    if before and known >= set(plan.names) and before.kind == kind and plan.birth in ("", before.birth):
        return before, False  # as the file states it already: not saved again (a save is a binding on the log)
    person, created = upsert_official(plan.names[0], other_names=plan.names[1:], organization=plan.organization,
                                      birth=plan.birth, source=source)
    names = [n if n["name"] in known else {**n, "source": plan.sources.get(n["name"], n["source"])} for n in person.names]
    if names != person.names:
        person.names = names
        person.save(update_fields=["names"])
    if created and plan.created_at:
        Person.objects.filter(pk=person.pk).update(created_at=plan.created_at)
    return person, created


def write_designation(person: Person, plan: PlannedDesignation) -> bool:
    """Keep the designation as the file states it; False when the registry states it so already."""
    kept = ReferenceDesignation.objects.filter(official=person, jurisdiction=plan.jurisdiction).first()
    if kept and all(getattr(kept, name) == value for name, value in plan.fields.items()):
        return False
    ReferenceDesignation.objects.update_or_create(official=person, jurisdiction=plan.jurisdiction, defaults=plan.fields)
    return True


def write_evidence(person: Person, plan: PlannedEvidence, file_name: str) -> bool:
    """Link the item as evidence unless it is linked so already; a new or changed link is on the custody log."""
    link = Evidence.objects.filter(official=person, item_id=plan.item_id).first()
    added_by = plan.added_by or default_actor()
    if link and (link.note, link.added_by) == (plan.note, added_by) and plan.added_at in (None, link.added_at):
        return False
    item = Item.objects.get(pk=plan.item_id)
    record = custody.append("official-evidence", actor=added_by, subject=person.name,
                            detail={"item": item.locator, "sha256": item.sha256, "note": plan.note,
                                    "imported_from": file_name})
    link, _ = Evidence.objects.update_or_create(
        official=person, item_id=plan.item_id, defaults={"note": plan.note, "added_by": added_by, "custody_seq": record.seq}
    )
    if plan.added_at:
        Evidence.objects.filter(pk=link.pk).update(added_at=plan.added_at)
    return True


def import_registry(path: Path, source: str = "") -> PostImport:
    """Officials, posts, designations and evidence from a FollowTheMoney JSON-lines file; all or nothing."""
    lines = read_entities(path)
    check_model(path.name, lines)
    entities = {key: entity for key, (_, entity) in lines.items()}
    source = source or path.name
    people = official_entities(entities)
    officials = plan_officials(people, entities, source)
    posts = plan_posts(entities, people, path.name, source)
    designations = plan_designations(path.name, lines, people)
    evidence = plan_evidence(path.name, lines, people)
    report = PostImport()
    changed = False
    with transaction.atomic(), bindings.operation(default_actor(), f"import-ftm {path.name}"):
        made: dict[str, Person] = {}
        for key, plan in officials.items():
            made[key], created = write_official(plan, source)
            changed |= created
        report.officials = len(made)
        report.posts = write_posts(made, posts)
        for designation in designations:
            changed |= write_designation(made[designation.holder], designation)
        report.designations = len(designations)
        for link in evidence:
            changed |= write_evidence(made[link.holder], link, path.name)
        report.evidence = len(evidence)
        if changed:
            signals.changed("registry", path.name)
    return report
