"""The UK Sanctions List (FCDO) in its XML format (``UK_Sanctions_List.xml``).

Root ``<Designations>`` (with ``<DateGenerated>``); one ``<Designation>`` per entry, holding ``<UniqueID>`` (e.g.
``GHR0001``), ``<DateDesignated>`` and ``<LastUpdated>`` (``dd/mm/yyyy``), ``<RegimeName>``,
``<IndividualEntityShip>`` (Individual, Entity, Ship), ``<DesignationSource>``, ``<SanctionsImposed>`` (``|``-
separated), ``<OtherInformation>``, ``<UKStatementofReasons>``, ``<Names><Name>`` with ``<Name1>``…``<Name6>``
(Name6 is the family or entity name) and ``<NameType>`` (Primary Name, Primary Name Variation, Alias; an
``<AliasStrength>`` of "Low quality" makes a weak alias), ``<NonLatinNames>`` with ``<NameNonLatinScript>`` and
``<NonLatinScriptLanguage>``, ``<Addresses>``, and for individuals ``<IndividualDetails><Individual>`` with
``<DOBs><DOB>`` (``dd/mm/yyyy``, ``dd/mm/1958`` when only the year is known), ``<Nationalities>``, ``<Positions>``,
``<BirthDetails>``.

The listing date is ``DateDesignated``. Authority ``gb-fcdo``; an entry's id is ``gb-fcdo-<UniqueID>``. A malformed
designation is reported with its line number and skipped (held); a file that is not well-formed is refused.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from adalet.sanctions.importers.eu import children, iso_date, partial_date, reject_doctype, text, unique, xml_elements
from adalet.sanctions.importers.records import ListImportError, Parsed, Record, sha256_file

AUTHORITY = "gb-fcdo"
SCHEMAS = {"individual": "Person", "entity": "Organization", "ship": "Vessel"}


def authority_for(parsed: Parsed) -> str:
    return AUTHORITY


def _all(element: etree._Element, path: str) -> list[str]:
    """Texts of the descendants at *path* (local names separated by ``/``), namespace-blind."""
    nodes = [element]
    for step in path.split("/"):
        nodes = [c for n in nodes for c in children(n, step)]
    return unique([text(n) for n in nodes])


def _one(element: etree._Element, name: str) -> str:
    found = children(element, name)
    return text(found[0]) if found else ""


def parse(path: Path) -> Parsed:
    if not path.is_file():
        raise ListImportError(f"{path} not found (expected the UK Sanctions List XML)")
    reject_doctype(path)
    records: list[Record] = []
    problems: list[str] = []
    held: set[str] = set()
    for element in xml_elements(path, "Designation"):
        line = element.sourceline or 0
        uid = _one(element, "UniqueID")
        try:
            if not uid:
                raise ValueError("no UniqueID")
            records.append(_record(element, f"{AUTHORITY}-{uid}", line, path.name, problems))
        except ValueError as error:
            problems.append(f"{path.name} line {line}: Designation {uid or '?'}: {error}; skipped")
            if uid:
                held.add(f"{AUTHORITY}-{uid}")
    if not records and not problems:
        raise ListImportError(f"{path.name}: no <Designation> elements (is this the UK Sanctions List XML?)")
    return Parsed(records, problems, held, {path.name: sha256_file(path)})


def _record(element: etree._Element, source_id: str, line: int, file_name: str, problems: list[str]) -> Record:
    kind = _one(element, "IndividualEntityShip")
    schema = SCHEMAS.get(kind.lower())
    if schema is None:
        raise ValueError(f"IndividualEntityShip {kind[:30]!r} is not Individual, Entity or Ship")
    primary: list[str] = []
    aliases: list[str] = []
    weak: list[str] = []
    for node in [n for names in children(element, "Names") for n in children(names, "Name")]:
        full = _one(node, "Name") or " ".join(p for p in (_one(node, f"Name{i}") for i in range(1, 7)) if p)
        if not full:
            continue
        name_type = _one(node, "NameType").lower()
        strength = _one(node, "AliasStrength").lower()
        if name_type == "primary name":
            primary.append(full)
        elif "low quality" in strength:
            weak.append(full)
        else:
            aliases.append(full)
    non_latin = []
    for node in element.iter():
        if isinstance(node.tag, str) and etree.QName(node).localname == "NameNonLatinScript" and text(node):
            non_latin.append(text(node))
    names = unique(primary + aliases + non_latin)
    if not names:
        raise ValueError("no name")
    designated_text = _one(element, "DateDesignated")
    designated = iso_date(designated_text) if designated_text else None
    if designated_text and designated is None:
        problems.append(f"{file_name} line {line}: {source_id}: DateDesignated {designated_text!r} is not a date; "
                        "imported without a listing date")
    regime = _one(element, "RegimeName") or "(no regime)"
    individual = [i for d in children(element, "IndividualDetails") for i in children(d, "Individual")]
    births = []
    for raw in [v for i in individual for v in _all(i, "DOBs/DOB")]:
        value = partial_date(raw)
        if value:
            births.append(value)
        else:
            problems.append(f"{file_name} line {line}: {source_id}: DOB {raw!r} is not a date; imported without it")
    nationalities = unique([v for i in individual for v in _all(i, "Nationalities/Nationality")])
    remarks = "; ".join(_all(element, "OtherInformation"))
    props: dict[str, list[str]] = {"name": unique(primary) or names[:1], "topics": ["sanction"], "program": [regime]}
    extra = {
        "alias": unique(aliases + non_latin),
        "weakAlias": unique(weak),
        "birthDate": unique(births),
        "nationality": nationalities,
        "position": unique([v for i in individual for v in _all(i, "Positions/Position")]),
        "birthPlace": unique([v for i in individual for v in _all(i, "BirthDetails/Location/TownOfBirth")]),
        "title": unique([_one(i, "Title") for i in individual]),
        "notes": [remarks] if remarks else [],
        "reason": _all(element, "UKStatementofReasons"),
        "provisions": unique([p for s in _all(element, "SanctionsImposed") for p in s.split("|")]),
        "authority": _all(element, "DesignationSource"),
        "unscId": _all(element, "UNReferenceNumber"),
        "address": unique([", ".join(v for v in (text(c) for c in a if isinstance(c.tag, str)) if v)
                           for addrs in children(element, "Addresses") for a in children(addrs, "Address")]),
        "imoNumber": _all(element, "ShipDetails/Ship/IMONumbers/IMONumber"),
    }
    props.update({k: v for k, v in extra.items() if v})
    return Record(
        source_id=source_id,
        schema=schema,
        caption=(primary or names)[0],
        names=names,
        programs=[regime],
        birth_dates=unique(births),
        nationalities=nationalities,
        remarks=remarks,
        properties=props,
        raw={"UniqueID": source_id.removeprefix(f"{AUTHORITY}-"), "DateDesignated": designated_text,
             "LastUpdated": _one(element, "LastUpdated"), "RegimeName": regime},
        listed_on=designated,
        program_dates={regime: designated} if designated else {},
    )
