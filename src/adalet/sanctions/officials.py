"""Officials for the sanctions work: load a registry file, match officials to list entities, review the matches.

Registry file (CSV, UTF-8, with a header; the layout of xinjiang_designations.csv)::

    name,name_zh,schema,birth,us_ofac,eu,uk,canada,source

``schema`` is Person or Organization; ``birth`` YYYY, YYYY-MM or a full date; the four jurisdiction columns hold
the date of a designation as the file's sources state it (empty: none known). Those dates become
`ReferenceDesignation` rows; list imports and confirmed matches are the other evidence of a designation.

Matching screens each official's names (and birth) against the imported lists (`screening`); every result that is
a match becomes a *proposed* `OfficialMatch` with its explanation, and counts only once a reviewer confirms it
(audited on the custody log).
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from adalet.archive import custody, reading
from adalet.people.models import Person
from adalet.people.officials import OfficialError, officials, upsert_official
from adalet.sanctions import signals
from adalet.sanctions.models import Evidence, MatchStatus, OfficialMatch, ReferenceDesignation, SanctionedEntity
from adalet.sanctions.screening import Query, current_index

COLUMNS = {"us_ofac": "us", "eu": "eu", "uk": "uk", "canada": "ca"}
REQUIRED = ("name", "schema")


@dataclass
class LoadReport:
    created: int = 0
    updated: int = 0
    designations: int = 0
    problems: list[str] = field(default_factory=list)


def load_registry(path: Path) -> LoadReport:
    """Create or update the officials of a registry file and their reference designations."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise OfficialError(f"cannot read {path}: {error}") from None
    reader = csv.DictReader(text.splitlines())
    missing = [c for c in REQUIRED if c not in (reader.fieldnames or [])]
    if missing:
        raise OfficialError(f"{path.name}: no {', '.join(missing)} column (header: {', '.join(reader.fieldnames or [])})")
    report = LoadReport()
    with transaction.atomic():
        for line, row in enumerate(reader, start=2):
            try:
                _load_row(row, path.name, report)
            except (OfficialError, ValueError) as error:
                report.problems.append(f"{path.name} line {line}: {error}")
        if report.created or report.updated:
            signals.changed("registry", path.name)
    return report


def _load_row(row: dict[str, str], file_name: str, report: LoadReport) -> None:
    name = (row.get("name") or "").strip()
    schema = (row.get("schema") or "Person").strip()
    if schema not in ("Person", "Organization"):
        raise OfficialError(f"schema {schema!r} is not Person or Organization")
    source = f"{file_name}: {(row.get('source') or '').strip()}".strip(": ")
    dates = {}
    for column, jurisdiction in COLUMNS.items():  # read every date before writing anything of the row
        value = (row.get(column) or "").strip()
        try:
            dates[jurisdiction] = dt.date.fromisoformat(value) if value else None
        except ValueError:
            raise OfficialError(f"{column} {value!r} is not a date (YYYY-MM-DD)") from None
    person, created = upsert_official(
        name, other_names=[row.get("name_zh") or ""], organization=schema == "Organization",
        birth=(row.get("birth") or "").strip(), source=file_name,
    )
    report.created += created
    report.updated += not created
    for jurisdiction, listed in dates.items():
        if listed is None:
            ReferenceDesignation.objects.filter(official=person, jurisdiction=jurisdiction, source__startswith=file_name).delete()
            continue
        ReferenceDesignation.objects.update_or_create(
            official=person, jurisdiction=jurisdiction, defaults={"listed_on": listed, "source": source}
        )
        report.designations += 1


def birth_of(person: Person) -> list[str]:
    return [person.birth] if person.birth else ([person.birth_date.isoformat()] if person.birth_date else [])


def match_officials(people: list[Person] | None = None) -> list[OfficialMatch]:
    """Screen officials against the lists; new matches are proposed (decisions already taken are kept)."""
    index = current_index()
    made = []
    for person in people or officials():
        schema = "Organization" if person.kind == "organization" else "Person"
        query = Query(names=[n["name"] for n in person.names] or [person.name], schema=schema, birth_dates=birth_of(person))
        for result in index.screen(query, limit=3):
            if not result.match:
                continue
            entity = SanctionedEntity.objects.filter(source_id=result.entry.id).first()
            if entity is None:
                continue
            match, created = OfficialMatch.objects.get_or_create(
                official=person, entity=entity,
                defaults={"score": result.score, "name": result.name, "explanation": result.explanation},
            )
            if not created and match.status == MatchStatus.PROPOSED:
                match.score, match.name, match.explanation = result.score, result.name, result.explanation
                match.save(update_fields=["score", "name", "explanation"])
            made.append(match)
    return made


def add_evidence(person: Person, locator: str, note: str, actor: str) -> Evidence:
    """Link an archive item to an official as evidence of their conduct, on the custody log."""
    if not note.strip():
        raise OfficialError("say what the item shows (--note)")
    item = reading.item_by_locator(locator)
    record = custody.append("official-evidence", actor=actor, subject=person.name,
                            detail={"item": item.locator, "sha256": item.sha256, "note": note})
    link, _ = Evidence.objects.update_or_create(
        official=person, item_id=item.id, defaults={"note": note, "added_by": actor, "custody_seq": record.seq}
    )
    return link


def matches_for_review(status: str | None = MatchStatus.PROPOSED) -> QuerySet[OfficialMatch]:
    """Matches with their official and list entity, best first; every status when ``status`` is None."""
    found = OfficialMatch.objects.select_related("official", "entity")
    return (found.filter(status=status) if status else found).order_by("-score", "pk")


def review(match_ids: list[int], decision: str, reviewer: str) -> list[OfficialMatch]:
    """Confirm or reject proposed matches; each decision goes on the custody log."""
    if decision not in (MatchStatus.CONFIRMED, MatchStatus.REJECTED):
        raise OfficialError("decision must be confirmed or rejected")
    matches = list(OfficialMatch.objects.filter(pk__in=match_ids).select_related("official", "entity"))
    unknown = sorted(set(match_ids) - {m.pk for m in matches})
    if unknown:
        raise OfficialError(f"no match {', '.join(map(str, unknown))} (see `adalet officials matches`)")
    with transaction.atomic():
        for match in matches:
            record = custody.append(
                "official-match-review", actor=reviewer, subject=f"{match.official.name} = {match.entity.source_id}",
                detail={"match": match.pk, "decision": decision, "score": match.score, "explanation": match.explanation},
            )
            match.status, match.reviewer, match.reviewed_at, match.custody_seq = decision, reviewer, timezone.now(), record.seq
            match.save(update_fields=["status", "reviewer", "reviewed_at", "custody_seq"])
        signals.changed("review", ", ".join(f"match {m.pk} {decision}" for m in matches))
    return matches
