"""The EU's consolidated list in two layouts: the Financial Sanctions Files (FSF) XML, and the CSV of a regulation annex.

**FSF XML** (``<export xmlns="http://eu.europa.ec/fpi/fsd/export">``, the file behind the EU's "consolidated list of
persons, groups and entities subject to EU financial sanctions"): one ``<sanctionEntity logicalId=…
euReferenceNumber=… designationDate=…>`` per entry, holding ``<regulation programme=… publicationDate=…
entryIntoForceDate=… numberTitle=…>``, ``<subjectType code="person|enterprise">``, ``<nameAlias wholeName=…
firstName=… middleName=… lastName=… nameLanguage=… strong=… function=… gender=…>``, ``<birthdate birthdate=…
year=… monthOfYear=… dayOfMonth=… city=…>``, ``<citizenship countryIso2Code=…>`` and ``<remark>``. The listing date is
``designationDate`` where the file gives it, else the earliest ``publicationDate`` of the entry's regulations.
Authority ``eu-fsf``; an entry's id is ``eu-fsf-<logicalId>``.

**Annex CSV** (the layout OpenSanctions keeps for the annexes of EU regulations, e.g. ``32020R1998.csv``, the
Global Human Rights regime): a header ``celex,recordId,programKey,annex,measure,startDate,reason,schema,name,
alias,weakAlias,previousName,…,nationality,…,birthDate,birthPlace,position,…,gender,…,notes``; every entity
column but ``name`` holds several values separated by ``;``; ``startDate`` (the listing date) is ``22.3.2021``,
``2 March 2021``, ``26 Feb. 2011`` or ISO. Authority ``eu-oj-<celex>`` (one per regulation, so that importing one
annex never removes another's entries); an entry's id is ``eu-<celex>-<annex>-<recordId>``.

A malformed entry or row is reported with its line number and skipped (its entity is *held*, not removed); a
file that is not well-formed XML is refused as a whole (a truncated download must not remove half the list).

The XML helpers here (:func:`xml_elements`, :func:`local`, dates) are shared with :mod:`.uk` and :mod:`.canada`.
XML is parsed with lxml without entity substitution, DTD loading or network access.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

from lxml import etree

from adalet.sanctions.importers.records import ListImportError, Parsed, Record, sha256_file

FSF_AUTHORITY = "eu-fsf"
SCHEMAS = {"person": "Person", "enterprise": "Organization"}
CSV_SCHEMAS = {"Person", "LegalEntity", "Organization", "Company", "Vessel", "Asset"}
CSV_REQUIRED = ("celex", "recordId", "programKey", "startDate", "schema", "name")
MULTI = ("alias", "weakAlias", "previousName", "country", "nationality", "birthDate", "birthPlace", "position",
         "gender", "notes", "address", "passportNumber", "idNumber", "registrationNumber", "imoNumber", "flag")
MONTHS = {m: i for i, m in enumerate(
    ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
     "december"), 1)}


# ---------------------------------------------------------------- shared helpers (XML and dates)

def local(tag: object) -> str:
    """An element's name without its namespace (``{ns}sanctionEntity`` → ``sanctionEntity``)."""
    return etree.QName(tag).localname if isinstance(tag, str) else ""


def xml_elements(path: Path, name: str, normalise: Any = None) -> Iterator[etree._Element]:
    """Each ``name`` element of *path* (any namespace), complete, then cleared; with its ``sourceline``.

    No entity is substituted and no DTD or network resource is loaded. A file that is not well-formed raises
    :class:`ListImportError` with the line of the fault. ``normalise`` maps a local tag name before comparison
    (Canada's bilingual ``Item-NumeroDarticle`` tags).
    """
    key = normalise or (lambda n: n)
    try:
        context = etree.iterparse(str(path), events=("end",), resolve_entities=False, no_network=True, load_dtd=False,
                                  huge_tree=False, remove_comments=True, remove_pis=True)
        for _, element in context:
            if not isinstance(element.tag, str) or key(local(element.tag)) != name:
                continue
            yield element
            element.clear(keep_tail=False)
            parent = element.getparent()
            while parent is not None and element.getprevious() is not None:  # drop finished siblings
                del parent[0]
    except etree.XMLSyntaxError as error:
        line = error.position[0] if error.position else error.lineno
        raise ListImportError(f"{path.name} line {line}: not well-formed XML ({error.msg}); nothing imported") from None


def children(element: etree._Element, name: str, normalise: Any = None) -> list[etree._Element]:
    key = normalise or (lambda n: n)
    return [c for c in element if isinstance(c.tag, str) and key(local(c.tag)) == name]


def text(element: etree._Element | None) -> str:
    return " ".join("".join(element.itertext()).split()) if element is not None else ""


def reject_doctype(path: Path) -> None:
    """Refuse a file with a DOCTYPE: the lists have none, and it is how entity attacks start."""
    with open(path, "rb") as stream:
        head = stream.read(1 << 16)
    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
        line = head[: max(head.find(b"<!DOCTYPE"), head.find(b"<!ENTITY"))].count(b"\n") + 1
        raise ListImportError(f"{path.name} line {line}: a DOCTYPE or entity declaration (refused); nothing imported")


def iso_date(value: str) -> date | None:
    """A full date in any of the lists' layouts: 2021-03-22, 22.3.2021, 22/03/2021, 22-03-2021, 22 March 2021,
    22 Mar. 2021; None for anything else (partial dates included)."""
    value = " ".join(value.split()).strip().rstrip(".")
    m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", value)
    try:
        if m:
            return date(int(m[1]), int(m[2]), int(m[3]))
        m = re.fullmatch(r"(\d{1,2})[./-](\d{1,2})[./-](\d{4})", value)
        if m:
            return date(int(m[3]), int(m[2]), int(m[1]))
        m = re.fullmatch(r"(\d{1,2}) ([A-Za-z]+)\.? (\d{4})", value)
        if m and _month(m[2]):
            return date(int(m[3]), _month(m[2]), int(m[1]))
    except ValueError:
        return None
    return None


def _month(word: str) -> int:
    word = word.lower().rstrip(".")
    if word in MONTHS:
        return MONTHS[word]
    hits = [n for name, n in MONTHS.items() if len(word) >= 3 and name.startswith(word)]
    return hits[0] if len(hits) == 1 else 0


def partial_date(value: str) -> str | None:
    """A birth date as precise as the list gives it: ``1958``, ``1958-01`` or ``1958-01-15``.

    Reads ISO, 15.1.1958, 15/01/1958 and dd/mm/1958 (UK placeholders), 15-01-1958, January 1958, 15 Jan 1958,
    "Approximately 1952" / "circa 1952" (the year); None when no date can be read.
    """
    value = " ".join(value.split()).strip().rstrip(".")
    full = iso_date(value)
    if full:
        return full.isoformat()
    m = re.fullmatch(r"(\d{4})(?:-(\d{1,2}))?", value)
    if m:
        return f"{m[1]}-{int(m[2]):02d}" if m[2] and 1 <= int(m[2]) <= 12 else (m[1] if not m[2] else None)
    m = re.fullmatch(r"(?:dd|\d{1,2}|00)[./-](mm|\d{1,2}|00)[./-](\d{4})", value, re.I)
    if m:
        month = m[1]
        return f"{m[2]}-{int(month):02d}" if month.isdigit() and 1 <= int(month) <= 12 else m[2]
    m = re.fullmatch(r"([A-Za-z]+)\.? (\d{4})", value)
    if m and _month(m[1]):
        return f"{m[2]}-{_month(m[1]):02d}"
    m = re.fullmatch(r"(?:approximately|approx\.?|circa|c\.|about|in) (\d{4})", value, re.I)
    if m:
        return m[1]
    return None


def unique(values: list[str]) -> list[str]:
    return list(dict.fromkeys(v for v in (" ".join(x.split()) for x in values) if v))


# ---------------------------------------------------------------- entry points

def is_xml(path: Path) -> bool:
    with open(path, "rb") as stream:
        head = stream.read(512).lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith(b"<")


def parse(path: Path) -> Parsed:
    """The FSF XML or an annex CSV, told apart by their first character."""
    if not path.is_file():
        raise ListImportError(f"{path} not found (expected the EU FSF XML or an EU annex CSV)")
    return parse_fsf(path) if is_xml(path) else parse_annex_csv(path)


def authority_for(parsed: Parsed) -> str:
    celex = next((str(r.raw.get("celex")) for r in parsed.records if r.raw.get("celex")), "")
    return f"eu-oj-{celex.lower()}" if celex else FSF_AUTHORITY


# ---------------------------------------------------------------- FSF XML

def parse_fsf(path: Path) -> Parsed:
    reject_doctype(path)
    records: list[Record] = []
    problems: list[str] = []
    held: set[str] = set()
    for element in xml_elements(path, "sanctionEntity"):
        line = element.sourceline or 0
        logical = (element.get("logicalId") or "").strip()
        try:
            if not logical:
                raise ValueError("no logicalId")
            records.append(_fsf_record(element, f"eu-fsf-{logical}", line, problems))
        except ValueError as error:
            problems.append(f"{path.name} line {line}: sanctionEntity {logical or '?'}: {error}; skipped")
            if logical:
                held.add(f"eu-fsf-{logical}")
    return Parsed(records, problems, held, {path.name: sha256_file(path)})


def _fsf_record(element: etree._Element, source_id: str, line: int, problems: list[str]) -> Record:
    subject = children(element, "subjectType")
    code = (subject[0].get("code") or "").strip().lower() if subject else ""
    if not code:
        raise ValueError("no subjectType")
    schema = SCHEMAS.get(code, "LegalEntity")
    strong: list[tuple[str, str]] = []  # (name, language)
    weak: list[str] = []
    positions, genders = [], []
    for alias in children(element, "nameAlias"):
        parts = [alias.get(k) or "" for k in ("firstName", "middleName", "lastName")]
        name = " ".join((alias.get("wholeName") or " ".join(p for p in parts if p.strip())).split())
        if not name:
            continue
        if (alias.get("strong") or "true").strip().lower() == "false":
            weak.append(name)
        else:
            strong.append((name, (alias.get("nameLanguage") or "").strip().upper()))
        positions.append(alias.get("function") or "")
        genders.append(alias.get("gender") or "")
    if not strong and not weak:
        raise ValueError("no name (nameAlias wholeName)")
    ordered = [n for n, lang in strong if lang in ("", "EN")] + [n for n, lang in strong if lang not in ("", "EN")]
    names = unique(ordered) or unique(weak)[:1]
    births, places = [], []
    for birth in children(element, "birthdate"):
        value = partial_date(birth.get("birthdate") or "")
        if value is None:
            year, month, day = (birth.get(k) or "" for k in ("year", "monthOfYear", "dayOfMonth"))
            if year.strip().isdigit() and int(year) > 0:
                value = year.strip()
                if month.strip().isdigit() and 1 <= int(month) <= 12:
                    value += f"-{int(month):02d}"
                    if day.strip().isdigit() and 1 <= int(day) <= 31:
                        value = partial_date(f"{value}-{int(day):02d}") or value
            elif any(v.strip() and v.strip() != "0" for v in (year, month, day, birth.get("birthdate") or "")):
                problems.append(f"line {birth.sourceline}: {source_id}: unreadable birth date; imported without it")
        if value:
            births.append(value)
        places.append(", ".join(x for x in (birth.get("city"), birth.get("place"), birth.get("countryDescription"))
                                if x and x.strip() and x != "UNKNOWN"))
    nationalities = unique([(c.get("countryIso2Code") or "").lower() for c in children(element, "citizenship")
                            if (c.get("countryIso2Code") or "00") != "00"])
    programs: dict[str, date | None] = {}
    designated = iso_date(element.get("designationDate") or "")
    if (element.get("designationDate") or "").strip() and designated is None:
        problems.append(f"line {line}: {source_id}: designationDate {element.get('designationDate')!r} is not a date")
    regulations = []
    for reg in children(element, "regulation"):
        program = (reg.get("programme") or "").strip() or "(no programme)"
        published = iso_date(reg.get("publicationDate") or "")
        dates = [d for d in (designated, published, programs.get(program)) if d]
        programs[program] = min(dates) if dates else None
        regulations.append({k: reg.get(k) for k in ("numberTitle", "programme", "publicationDate", "entryIntoForceDate")
                            if reg.get(k)})
    if designated and not programs:
        programs["(no programme)"] = designated
    remarks = "; ".join(unique([text(r) for r in children(element, "remark")]))
    props: dict[str, list[str]] = {"name": names, "topics": ["sanction"], "program": list(programs)}
    for prop, values in (("weakAlias", unique(weak)), ("birthDate", births), ("birthPlace", unique(places)),
                         ("nationality", nationalities), ("position", unique(positions)),
                         ("gender", unique([g.lower() for g in genders])), ("notes", [remarks] if remarks else [])):
        if values:
            props[prop] = values
    if element.get("euReferenceNumber"):
        props["authorityId"] = [str(element.get("euReferenceNumber"))]
    listed = [d for d in programs.values() if d]
    return Record(
        source_id=source_id,
        schema=schema,
        caption=names[0],
        names=names,
        programs=list(programs),
        birth_dates=unique(births),
        nationalities=nationalities,
        remarks=remarks,
        properties=props,
        raw={"logicalId": element.get("logicalId"), "euReferenceNumber": element.get("euReferenceNumber"),
             "designationDate": element.get("designationDate"), "regulations": regulations},
        listed_on=designated or (min(listed) if listed else None),
        program_dates={p: d for p, d in programs.items() if d},
    )


# ---------------------------------------------------------------- annex CSV

def _split(cell: str) -> list[str]:
    """A multi-valued cell: ``;``-separated, each value CSV-quoted where it holds ``;`` or ``"``."""
    if not cell.strip():
        return []
    try:
        values = next(csv.reader([cell], delimiter=";", skipinitialspace=True))
    except (csv.Error, StopIteration):
        values = cell.split(";")
    return unique(values)


def _slug(value: str) -> str:
    return re.sub(r"[^0-9a-z]+", "-", value.lower()).strip("-")


def parse_annex_csv(path: Path) -> Parsed:
    data = path.read_bytes()
    try:
        content = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ListImportError(f"{path.name} line {line}: not UTF-8; nothing imported") from None
    reader = csv.reader(io.StringIO(content, newline=""))
    header = next(reader, None) or []
    header = [h.strip() for h in header]
    missing = [c for c in CSV_REQUIRED if c not in header]
    if missing:
        raise ListImportError(f"{path.name}: not an EU annex CSV (no {', '.join(missing)} column in the header)")
    problems: list[str] = []
    held: set[str] = set()
    merged: dict[str, Record] = {}
    line = reader.line_num + 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            problems.append(f"{path.name} line {line}: unreadable CSV ({error}); row skipped")
            line = reader.line_num + 1
            continue
        start, line = line, reader.line_num + 1
        if not cells or all(not c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            problems.append(f"{path.name} line {start}: {len(cells)} fields instead of {len(header)}; row skipped")
            continue
        row = {h: c.strip() for h, c in zip(header, cells)}
        source_id = f"eu-{_slug(row['celex'])}-{_slug(row.get('annex', '')) or 'x'}-" + (
            _slug(row["recordId"]) or _slug(row["name"])[:60])
        reason = ""
        if not row["name"]:
            reason = "empty name"
        elif row["schema"] not in CSV_SCHEMAS:
            reason = f"schema {row['schema'][:30]!r} is not one of {', '.join(sorted(CSV_SCHEMAS))}"
        elif not row["celex"]:
            reason = "empty celex"
        if reason:
            problems.append(f"{path.name} line {start}: {reason}; row skipped")
            if row["recordId"] and row["celex"]:
                held.add(source_id)
            continue
        listed = iso_date(row["startDate"]) if row["startDate"] else None
        if row["startDate"] and listed is None:
            problems.append(f"{path.name} line {start}: startDate {row['startDate']!r} is not a full date; "
                            "imported without a listing date")
        record = _csv_record(row, source_id, listed, start, path.name, problems)
        if source_id in merged:  # the same entry under another program or measure: one entity, several designations
            old = merged[source_id]
            if old.schema != record.schema:
                problems.append(f"{path.name} line {start}: {source_id} repeated with schema {record.schema} "
                                f"(first {old.schema}); row skipped")
                continue
            for program, when in record.program_dates.items():
                old.program_dates[program] = min(d for d in (when, old.program_dates.get(program)) if d)
            old.programs = unique(old.programs + record.programs)
            old.names = unique(old.names + record.names)
            old.properties["program"] = old.programs
            old.properties.setdefault("measure", [])
            old.properties["measure"] = unique(old.properties["measure"] + record.properties.get("measure", []))
            dates = [d for d in (old.listed_on, record.listed_on) if d]
            old.listed_on = min(dates) if dates else None
            continue
        merged[source_id] = record
    return Parsed(list(merged.values()), problems, held, {path.name: sha256_file(path)})


def _csv_record(row: dict[str, str], source_id: str, listed: date | None, line: int, file_name: str,
                problems: list[str]) -> Record:
    values = {c: _split(row.get(c, "")) for c in MULTI}
    births = []
    for raw in values["birthDate"]:
        value = partial_date(raw)
        if value:
            births.append(value)
        else:
            problems.append(f"{file_name} line {line}: birthDate {raw!r} not read as a date (kept as written)")
    names = unique([row["name"], *values["alias"], *values["previousName"]])
    program = row["programKey"] or row["celex"]
    props: dict[str, list[str]] = {"name": [row["name"]], "topics": ["sanction"], "program": [program]}
    for prop in MULTI:
        if prop != "birthDate" and values[prop]:
            props[prop] = values[prop]
    if births or values["birthDate"]:
        props["birthDate"] = unique(births + [b for b in values["birthDate"] if not partial_date(b)])
    for prop in ("reason", "measure", "annex"):
        if row.get(prop):
            props[prop] = [row[prop]]
    return Record(
        source_id=source_id,
        schema=row["schema"],
        caption=row["name"],
        names=names,
        programs=[program],
        birth_dates=unique(births),
        nationalities=values["nationality"],
        remarks="; ".join(values["notes"]),
        properties=props,
        raw={"celex": row["celex"], "recordId": row["recordId"], "annex": row.get("annex", ""),
             "startDate": row["startDate"]},
        listed_on=listed,
        program_dates={program: listed} if listed else {},
    )
