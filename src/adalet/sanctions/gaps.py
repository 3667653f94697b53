"""The gap matrix: for each official, in each jurisdiction (US, EU, UK, Canada), designated since when, or not.

A cell's evidence, strongest first:

1. ``list``: a *confirmed* match of the official to an entity of an imported list of that jurisdiction that carries
   its own listing date (list data, or a dates file given at import);
2. ``reference``: a reference file's statement (`ReferenceDesignation`), e.g. xinjiang_designations.csv;
3. ``list-undated``: a confirmed list match whose list gives no date (the date shown is when Adalet first saw it).

An empty cell is a gap: no evidence of a designation. Authorities map to jurisdictions by their prefix
(``us-ofac`` and ``us_…`` → US, ``eu…`` → EU, ``gb…``/``uk…`` → UK, ``ca…`` → Canada).

`adalet sanctions gaps` and /sanctions/ show the rows in the order of `adalet.sanctions.ranking` (the designated
nowhere with the most detentions under their posts first), with those counts beside the cells (``counts`` here).
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from typing import Any

from adalet.people.models import Person
from adalet.people.officials import officials
from adalet.sanctions.models import JURISDICTIONS, MatchStatus, OfficialMatch, ReferenceDesignation

CODES = [code for code, _ in JURISDICTIONS]
LABELS = dict(JURISDICTIONS)


def jurisdiction_of(authority: str) -> str | None:
    a = authority.lower()
    for prefix, code in (("us", "us"), ("eu", "eu"), ("gb", "uk"), ("uk", "uk"), ("ca", "ca")):
        if a.startswith(prefix) and (len(a) == len(prefix) or not a[len(prefix)].isalpha()):
            return code
    return None


@dataclass
class Cell:
    date: str | None = None
    basis: str | None = None  # list, reference, list-undated
    detail: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {"date": self.date, "basis": self.basis, "detail": self.detail}


@dataclass
class Row:
    official_id: int
    name: str
    names: list[str]
    kind: str
    cells: dict[str, Cell] = field(default_factory=dict)

    @property
    def gaps(self) -> list[str]:
        return [code for code in CODES if not self.cells[code].date]


def gap_matrix(program: str | None = None, people: list[Person] | None = None) -> list[Row]:
    """One row per official of the registry (or of ``people``); ``program`` keeps only list evidence under it."""
    rows = []
    for person in officials() if people is None else people:
        row = Row(person.pk, person.name, [n["name"] for n in person.names], person.kind, {c: Cell() for c in CODES})
        for ref in ReferenceDesignation.objects.filter(official=person):
            row.cells[ref.jurisdiction] = Cell(ref.listed_on.isoformat(), "reference", ref.source)
        confirmed = OfficialMatch.objects.filter(official=person, status=MatchStatus.CONFIRMED).select_related("entity")
        for match in confirmed:
            entity = match.entity
            code = jurisdiction_of(entity.authority)
            if code is None or entity.removed_on is not None:
                continue
            if program and program not in entity.programs:
                continue
            dated = entity.listed_on and entity.listed_on_source in ("list", "dates-file")
            if dated:
                row.cells[code] = Cell(entity.listed_on.isoformat(), "list", f"{entity.source_id} ({', '.join(entity.programs)})")
            elif not row.cells[code].date and entity.listed_on:
                row.cells[code] = Cell(entity.listed_on.isoformat(), "list-undated", f"{entity.source_id}: first seen")
        rows.append(row)
    return rows


def as_json(rows: list[Row], counts: dict[int, dict[str, Any]] | None = None) -> str:
    """The rows; with ``counts`` (official id -> the ranking's held/admitted counts, posts and problem) those too."""
    return json.dumps(
        [{"official": r.official_id, "name": r.name, "names": r.names, "kind": r.kind,
          "designations": {c: r.cells[c].as_dict() for c in CODES}, "gaps": r.gaps,
          **(counts or {}).get(r.official_id, {})} for r in rows],
        ensure_ascii=False, indent=2,
    )


COUNT_COLUMNS = ["held_during_tenure", "admitted_during_tenure", "not_counted"]


def as_csv(rows: list[Row], counts: dict[int, dict[str, Any]] | None = None) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["official", "names", *[f"{c}_date" for c in CODES], *[f"{c}_basis" for c in CODES],
                     *(COUNT_COLUMNS if counts is not None else [])])
    for r in rows:
        counted = (counts or {}).get(r.official_id, {})
        extra = [] if counts is None else [
            "" if counted.get("held_during_tenure") is None else counted["held_during_tenure"],
            "" if counted.get("admitted_during_tenure") is None else counted["admitted_during_tenure"],
            counted.get("problem", "")]
        writer.writerow([r.name, " / ".join(r.names[1:]), *[r.cells[c].date or "" for c in CODES],
                         *[r.cells[c].basis or "" for c in CODES], *extra])
    return out.getvalue()


def summary(rows: list[Row]) -> dict[str, int]:
    """How many officials each jurisdiction has designated."""
    return {c: sum(1 for r in rows if r.cells[c].date) for c in CODES}
