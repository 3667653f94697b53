"""Canada's Consolidated Canadian Autonomous Sanctions List (SEMA and JVCFOA), XML (``sema-lmes.xml``).

Root ``<data-donnees>``; one ``<record>`` per entry with ``<Country>`` (the regime, ``China / Chine``),
``<LastName>``, ``<GivenName>``, ``<EntityOrShip>``, ``<TitleOrShip>``, ``<ShipIMONumber>``,
``<DateOfBirthOrShipBuildDate>``, ``<Schedule>``, ``<Item>``, ``<DateOfListing>`` (``yyyy-mm-dd``) and ``<Aliases>``
(``, `` or ``; ``-separated). Later files name the same elements bilingually (``<Country-Pays>``,
``<Item-NumeroDarticle>``, ``<DateOfListing-DateDinscription>``…): both are read.

The list has no entry id: an entry is ``ca-sema-<country>-<schedule>-<item>``. The program is the English part of
``Country``; the listing date is ``DateOfListing``. A malformed record is reported with its line number and skipped
(held when its id is readable); a file that is not well-formed is refused.
"""

from __future__ import annotations

import re
from pathlib import Path

from adalet.sanctions.importers.eu import children, iso_date, partial_date, reject_doctype, text, unique, xml_elements
from adalet.sanctions.importers.records import ListImportError, Parsed, Record, sha256_file

AUTHORITY = "ca-sema"
FIELDS = ("Country", "LastName", "GivenName", "EntityOrShip", "TitleOrShip", "ShipIMONumber",
          "DateOfBirthOrShipBuildDate", "Schedule", "Item", "DateOfListing", "Aliases")
ALIAS_SPLIT = re.compile(r";\s+|,\s+|\s+\(?a\.k\.a\.?\s+|\s+\(also known as\s+", re.I)


def authority_for(parsed: Parsed) -> str:
    return AUTHORITY


def english(tag: str) -> str:
    """``Item-NumeroDarticle`` → ``Item`` (the bilingual tags of later files)."""
    return tag.split("-", 1)[0]


def _slug(value: str) -> str:
    return re.sub(r"[^0-9a-z]+", "-", value.lower()).strip("-")


def parse(path: Path) -> Parsed:
    if not path.is_file():
        raise ListImportError(f"{path} not found (expected Canada's consolidated sanctions list XML)")
    reject_doctype(path)
    records: list[Record] = []
    problems: list[str] = []
    held: set[str] = set()
    for element in xml_elements(path, "record", normalise=english):
        line = element.sourceline or 0
        row = {name: text(found[0]) if (found := children(element, name, english)) else "" for name in FIELDS}
        country = row["Country"].split("/", 1)[0].strip()
        schedule = "" if row["Schedule"].upper() == "N/A" else row["Schedule"]
        source_id = f"{AUTHORITY}-{_slug(country)}-{_slug(schedule) or 'x'}-{_slug(row['Item'])}"
        reason = ""
        if not row["Item"] or not country:
            reason = "no Item or no Country"
        elif not (row["EntityOrShip"] or row["LastName"] or row["GivenName"]):
            reason = "no name (EntityOrShip, LastName, GivenName)"
        if reason:
            problems.append(f"{path.name} line {line}: record: {reason}; skipped")
            if row["Item"] and country:
                held.add(source_id)
            continue
        records.append(_record(row, source_id, country, schedule, line, path.name, problems))
    if not records and not problems:
        raise ListImportError(f"{path.name}: no <record> elements (is this Canada's sema-lmes.xml?)")
    return Parsed(records, problems, held, {path.name: sha256_file(path)})


def _record(row: dict[str, str], source_id: str, country: str, schedule: str, line: int, file_name: str,
            problems: list[str]) -> Record:
    person = bool(row["LastName"] or row["GivenName"]) and not row["ShipIMONumber"]
    schema = "Vessel" if row["ShipIMONumber"] else "Person" if person else "Organization"
    primary = " ".join(p for p in (row["GivenName"], row["LastName"]) if p) if person else row["EntityOrShip"]
    primary_names = [n.strip() for n in primary.split(" / ")] if not person else [primary]
    aliases = [a.strip(" ()") for a in ALIAS_SPLIT.split(row["Aliases"])] if row["Aliases"] else []
    names = unique(primary_names + aliases)
    listed = iso_date(row["DateOfListing"]) if row["DateOfListing"] else None
    if row["DateOfListing"] and listed is None:
        problems.append(f"{file_name} line {line}: {source_id}: DateOfListing {row['DateOfListing']!r} is not a date; "
                        "imported without a listing date")
    births = []
    if row["DateOfBirthOrShipBuildDate"] and schema == "Person":
        for raw in re.split(r"\s*(?:;|\bor\b)\s*", row["DateOfBirthOrShipBuildDate"]):
            value = partial_date(raw)
            if value:
                births.append(value)
            elif raw.strip():
                problems.append(f"{file_name} line {line}: {source_id}: date of birth {raw!r} is not a date; "
                                "imported without it")
    program = country
    props: dict[str, list[str]] = {"name": unique(primary_names), "topics": ["sanction"], "program": [program]}
    extra = {
        "alias": unique(aliases),
        "birthDate": unique(births),
        "title" if schema == "Person" else "type": [row["TitleOrShip"]] if row["TitleOrShip"] else [],
        "imoNumber": [row["ShipIMONumber"]] if row["ShipIMONumber"] else [],
        "buildDate": [row["DateOfBirthOrShipBuildDate"]] if schema == "Vessel" and row["DateOfBirthOrShipBuildDate"] else [],
        "reason": [f"Schedule {schedule}, item {row['Item']}"] if schedule else [f"Item {row['Item']}"],
        "country": [country],
    }
    props.update({k: v for k, v in extra.items() if v})
    return Record(
        source_id=source_id,
        schema=schema,
        caption=names[0],
        names=names,
        programs=[program],
        birth_dates=unique(births),
        nationalities=[],
        remarks="",
        properties=props,
        raw={k: v for k, v in row.items() if v},
        listed_on=listed,
        program_dates={program: listed} if listed else {},
    )

