"""FollowTheMoney JSON-lines (OpenSanctions exports, ``entities.ftm.json``): one entity per line.

Matchable entities (Person, Organization, Company, LegalEntity, PublicBody, Vessel, Airplane) become
records; ``Sanction`` entities attach to them through their ``entity`` property and give the program
(``program`` or ``programId``), the authority and the listing date (``listingDate`` or ``startDate``).
Lines that are not JSON objects with an id, a schema and a name are reported with their line number.

What FtM says about an entity beside its properties is kept as given, in ``raw`` (the entity as read): its
``datasets`` (each checked as yente and nomenklatura check a dataset name: lowercase ``[a-z0-9_]``; a file naming
another is refused whole, one line saying which line and name), and its ``first_seen``, ``last_seen`` and
``last_change`` (a value that is not an ISO timestamp is reported, and Adalet's own time used in its place).
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from pathlib import Path
from typing import Any

from adalet.sanctions.importers.records import ListImportError, Parsed, Record, sha256_file

MATCHABLE = {"Person", "Organization", "Company", "LegalEntity", "PublicBody", "Vessel", "Airplane"}
FACTS = ("birthDate", "nationality", "citizenship")
#: An entity's timestamps in FtM's JSON (beside ``properties``), kept as given.
STAMPS = ("first_seen", "last_seen", "last_change")
_DATASET_NAME = re.compile(r"[a-z0-9_]+")


def dataset_name_problem(name: object) -> str | None:
    """Why *name* is not a dataset name as yente and nomenklatura read one (lowercase ``[a-z0-9_]``), or None."""
    if isinstance(name, str) and _DATASET_NAME.fullmatch(name):
        return None
    shown = name if isinstance(name, str) else json.dumps(name)
    suggestion = re.sub(r"[^a-z0-9]+", "_", shown.lower()).strip("_") if isinstance(name, str) else ""
    return (f"{shown!r} is not a dataset name (lowercase letters, digits and _ only"
            + (f", e.g. {suggestion!r})" if suggestion else ")"))


def stamp(value: object) -> str | None:
    """An FtM timestamp as given when it reads as ISO 8601 (``2023-04-20T18:00:25``), else None."""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return value.strip()


def _date(values: list[str]) -> date | None:
    for v in sorted(values):
        try:
            return date.fromisoformat(v[:10])
        except ValueError:
            continue
    return None


def parse(path: Path) -> Parsed:
    if not path.is_file():
        raise ListImportError(f"{path} not found (expected FtM JSON lines)")
    problems: list[str] = []
    entities: dict[str, tuple[int, dict[str, Any]]] = {}
    sanctions: list[tuple[int, dict[str, Any]]] = []
    with open(path, encoding="utf-8", errors="replace") as stream:
        for line_no, line in enumerate(stream, 1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
            except json.JSONDecodeError as error:
                problems.append(f"line {line_no}: not JSON ({error.msg}); skipped")
                continue
            if not isinstance(data, dict) or not data.get("id") or not isinstance(data.get("properties"), dict):
                problems.append(f"line {line_no}: not an FtM entity (id, schema, properties); skipped")
                continue
            datasets = data.get("datasets", [])
            for name in datasets if isinstance(datasets, list) else [datasets]:
                problem = dataset_name_problem(name)
                if problem:
                    raise ListImportError(f"{path.name} line {line_no}: {problem}; nothing imported")
            for key in STAMPS:
                if key in data and data[key] is not None and stamp(data[key]) is None:
                    problems.append(f"line {line_no}: {key} {data[key]!r} is not a timestamp; Adalet's own used")
            schema = data.get("schema")
            if schema == "Sanction":
                sanctions.append((line_no, data))
            elif schema in MATCHABLE:
                if not [n for n in _values(data, "name") if n.strip()]:
                    problems.append(f"line {line_no}: {data['id']} has no name; skipped")
                    continue
                entities[str(data["id"])] = (line_no, data)
    programs: dict[str, dict[str, date | None]] = {}
    authorities: dict[str, str] = {}
    for line_no, s in sanctions:
        for target in _values(s, "entity"):
            if target not in entities:
                problems.append(f"line {line_no}: sanction {s['id']} refers to {target}, not in the file; ignored")
                continue
            names = _values(s, "program") or _values(s, "programId") or ["(unnamed program)"]
            for program in names:
                programs.setdefault(target, {})[program] = _date(_values(s, "listingDate") or _values(s, "startDate"))
            authorities.setdefault(target, (_values(s, "authority") or [""])[0])
    records = [_record(eid, data, programs.get(eid, {}), authorities.get(eid, "")) for eid, (_, data) in entities.items()]
    return Parsed(records, problems, set(), {path.name: sha256_file(path)})


def _values(data: dict[str, Any], prop: str) -> list[str]:
    value = (data.get("properties") or {}).get(prop) or []
    return [str(v) for v in (value if isinstance(value, list) else [value]) if isinstance(v, (str, int, float))]


def _record(eid: str, data: dict[str, Any], programs: dict[str, date | None], authority: str) -> Record:
    props = {k: [str(x) for x in v] for k, v in (data.get("properties") or {}).items() if isinstance(v, list)}
    names = _values(data, "name") + _values(data, "alias") + _values(data, "previousName")
    names = list(dict.fromkeys(n.strip() for n in names if n.strip()))
    dates = [d for d in programs.values() if d]
    raw = dict(data)
    if authority:
        raw["sanction_authority"] = authority
    return Record(
        source_id=eid,
        schema=str(data.get("schema")),
        caption=str(data.get("caption") or names[0]),
        names=names,
        programs=sorted(programs),
        birth_dates=sorted({d[:10] for d in _values(data, "birthDate")}),
        nationalities=_values(data, "nationality") + _values(data, "citizenship"),
        remarks="; ".join(_values(data, "notes")),
        properties=props,
        raw=raw,
        listed_on=min(dates) if dates else _date(_values(data, "createdAt")),
        program_dates={p: d for p, d in programs.items() if d},
    )
