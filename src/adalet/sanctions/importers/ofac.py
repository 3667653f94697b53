"""OFAC's SDN list in its public CSV set: ``sdn.csv`` (entries), ``add.csv`` (addresses), ``alt.csv`` (aliases).

No header row; ``-0-`` stands for empty; the last line may be a lone Ctrl-Z. sdn.csv fields: ent_num,
SDN_Name, SDN_Type, Program (several as ``A] [B``), Title, Call_Sign, Vess_type, Tonnage, GRT,
Vess_flag, Vess_owner, Remarks. A malformed row is reported with its file and line number and skipped;
the rest is imported. The set carries no listing dates (see :mod:`adalet.sanctions.importers`).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import date
from functools import lru_cache
from pathlib import Path

from adalet.sanctions import remarks as remarks_mod
from adalet.sanctions.importers.records import ListImportError, Parsed, Record, sha256_file

AUTHORITY = "us-ofac"
DATASET = "us_ofac_sdn"
SDN_FIELDS = 12
SCHEMAS = {"individual": "Person", "vessel": "Vessel", "aircraft": "Airplane", "": "Organization"}
VESSEL_PROPS = {5: "callSign", 6: "type", 7: "tonnage", 8: "grossRegisteredTonnage", 9: "flag", 10: "owner"}


@lru_cache(maxsize=1)
def known_programs() -> frozenset[str]:
    text = (Path(__file__).resolve().parents[1] / "data" / "ofac_programs.txt").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def _value(cell: str) -> str:
    cell = cell.strip()
    return "" if cell == "-0-" else cell


def _read_text(path: Path) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    """(first line number, cells) of each CSV row; a Ctrl-Z end marker and blank lines are skipped."""
    reader = csv.reader(io.StringIO(_read_text(path), newline=""))
    line = 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            yield line, [f"\0{error}"]
            line = reader.line_num + 1
            continue
        start, line = line, reader.line_num + 1
        if not cells or cells == ["\x1a"] or all(not c.strip() for c in cells):
            continue
        yield start, cells


def _ent_num(cell: str) -> int | None:
    cell = cell.strip()
    return int(cell) if cell.isdigit() else None


def parse(directory: Path) -> Parsed:
    """Read the CSV set in *directory* (sdn.csv required, add.csv and alt.csv optional)."""
    sdn = directory / "sdn.csv"
    if not sdn.is_file():
        raise ListImportError(f"{sdn} not found (expected OFAC's sdn.csv, add.csv, alt.csv)")
    problems: list[str] = []
    held: set[str] = set()
    entries: dict[int, tuple[int, list[str]]] = {}
    for line, cells in rows(sdn):
        num = _ent_num(cells[0]) if cells else None
        reason = ""
        if cells and cells[0].startswith("\0"):
            reason = f"unreadable CSV ({cells[0][1:]})"
        elif len(cells) != SDN_FIELDS:
            reason = f"{len(cells)} fields instead of {SDN_FIELDS}"
        elif num is None:
            reason = f"ent_num {cells[0].strip()[:20]!r} is not a number"
        elif not _value(cells[1]):
            reason = "empty name"
        elif num in entries:
            reason = f"ent_num {num} repeated (first on line {entries[num][0]})"
        if reason:
            problems.append(f"sdn.csv line {line}: {reason}; row skipped")
            if num is not None:
                held.add(f"ofac-{num}")
            continue
        assert num is not None
        entries[num] = (line, cells)
    aliases = _related(directory / "alt.csv", 5, entries, problems)
    addresses = _related(directory / "add.csv", 6, entries, problems)
    records = [_record(num, line, cells, aliases.get(num, []), addresses.get(num, []), problems)
               for num, (line, cells) in entries.items()]
    hashes = {p.name: sha256_file(p) for p in (sdn, directory / "alt.csv", directory / "add.csv") if p.is_file()}
    return Parsed(records, problems, held, hashes)


def _related(path: Path, width: int, entries: dict[int, tuple[int, list[str]]], problems: list[str]) -> dict[int, list[list[str]]]:
    out: dict[int, list[list[str]]] = {}
    if not path.is_file():
        return out
    for line, cells in rows(path):
        num = _ent_num(cells[0]) if cells else None
        if len(cells) != width or num is None:
            problems.append(f"{path.name} line {line}: {len(cells)} fields or bad ent_num; row skipped")
        elif num not in entries:
            problems.append(f"{path.name} line {line}: ent_num {num} is not in sdn.csv; row skipped")
        else:
            out.setdefault(num, []).append([_value(c) for c in cells])
    return out


def _record(num: int, line: int, cells: list[str], aliases: list[list[str]], addresses: list[list[str]],
            problems: list[str]) -> Record:
    v = [_value(c) for c in cells]
    name, sdn_type, program_field, remarks = v[1], v[2].lower(), v[3], v[11]
    schema = SCHEMAS.get(sdn_type, "LegalEntity")
    programs = [p.strip() for p in program_field.strip("[]").split("] [") if p.strip()]
    for p in programs:
        if p not in known_programs():
            problems.append(f"sdn.csv line {line}: unknown program {p!r} (imported)")
    facts = remarks_mod.parse(remarks)
    props: dict[str, list[str]] = {"name": [name], "topics": ["sanction"], "program": programs}
    alias_names = [a[3] for a in aliases if a[3] and a[2].lower() in ("aka", "a.k.a.")]
    previous = [a[3] for a in aliases if a[3] and a[2].lower() in ("fka", "nka", "f.k.a.", "n.k.a.")]
    if alias_names:
        props["alias"] = alias_names
    if previous:
        props["previousName"] = previous
    if facts.birth_dates:
        props["birthDate"] = facts.birth_dates
    if facts.birth_places:
        props["birthPlace"] = facts.birth_places
    if facts.nationalities:
        props["nationality"] = facts.nationalities
    if facts.gender:
        props["gender"] = [facts.gender]
    if v[4]:
        props["position" if schema == "Person" else "notes"] = [v[4]]
    for i, prop in VESSEL_PROPS.items():
        if v[i]:
            props[prop] = [v[i]]
    addr = [", ".join(x for x in a[2:5] if x) for a in addresses]
    if any(addr):
        props["address"] = [a for a in addr if a]
    if remarks:
        props["notes"] = props.get("notes", []) + [remarks]
    names = [name] + [n for n in alias_names + previous if n != name]
    return Record(
        source_id=f"ofac-{num}",
        schema=schema,
        caption=name,
        names=list(dict.fromkeys(names)),
        programs=programs,
        birth_dates=facts.birth_dates,
        nationalities=facts.nationalities,
        remarks=remarks,
        properties=props,
        raw={"sdn": v, "alt": aliases, "add": addresses},
    )


def read_listed_dates(path: Path) -> dict[str, date]:
    """Listing dates from a CSV with a header holding ``ent_num`` (or ``source_id``) and ``listed_on`` columns."""
    out: dict[str, date] = {}
    with open(path, encoding="utf-8-sig", newline="") as stream:
        reader = csv.DictReader(stream)
        fields = set(reader.fieldnames or [])
        if not ({"ent_num", "source_id"} & fields) or "listed_on" not in fields:
            raise ListImportError(f"{path}: needs a header with ent_num (or source_id) and listed_on columns")
        for row in reader:
            ident = (row.get("source_id") or "").strip() or f"ofac-{(row.get('ent_num') or '').strip()}"
            try:
                out[ident] = date.fromisoformat((row.get("listed_on") or "").strip())
            except ValueError:
                raise ListImportError(f"{path} line {reader.line_num}: listed_on is not a YYYY-MM-DD date") from None
    return out
