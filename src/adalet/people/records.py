"""`adalet records map`: a collection's spreadsheet rows become people, detentions and facilities.

Each row read is kept as a `SourceRow` (item, sheet, row, and the column of each field), so every person,
detention and facility traces back to its cells. Cells that cannot be read exactly (an ID number whose
digits were lost to floating point, an ambiguous date) are reported with sheet, row and column, and the
field is left empty: never a guessed value. Mapping again replaces the collection's records (and the photo
links that pointed at them) in one transaction.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from django.db import transaction

from adalet.archive import custody, reading
from adalet.names.script import detect_script
from adalet.people.mapping import Mapping, SheetLayout, column_letter, layout_for
from adalet.people.models import Detention, Facility, Person, PersonKind, PhotoLink, Relative, SourceRow
from adalet.people.vocab import DetentionTerms
from adalet.verify.cells import CellError, parse_date, parse_id_number, parse_sex

BATCH = 2000
FACILITY_KINDS = ("看守所", "拘留所", "教育培训中心", "培训中心", "监狱", "戒毒所")


@dataclass
class Problem:
    """A cell that could not be read, located to the cell."""

    item: str
    sheet: str | None
    row: int
    column: str
    field: str
    value: str | None
    reason: str


@dataclass
class MapReport:
    collection: str
    spreadsheets: int = 0
    sheets: int = 0
    rows: int = 0
    people: int = 0
    detentions: int = 0
    facilities: int = 0
    layouts: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    seconds: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["problems"] = [asdict(p) for p in self.problems]
        return data


@dataclass
class _Row:
    source: SourceRow
    values: dict[str, Any]


def _sheet_name(item: reading.ItemView, sheet: dict[str, Any]) -> str | None:
    return None if item.media_type.startswith(("text/csv", "text/tab-separated-values")) else sheet.get("name")


class _Reader:
    """Reads the rows of one sheet into parsed values and problems."""

    def __init__(self, report: MapReport, item: reading.ItemView, sheet: str | None, lossy: set[str]) -> None:
        self.report, self.item, self.sheet, self.lossy = report, item, sheet, lossy

    def problem(self, row: int, col: int, field_name: str, value: Any, reason: str) -> dict[str, Any]:
        found = Problem(self.item.locator, self.sheet, row, column_letter(col), field_name, value, reason)
        self.report.problems.append(found)
        return {"field": field_name, "column": found.column, "value": value, "reason": reason}

    def read(self, cells: Sequence[str | None], index: int, layout: SheetLayout) -> _Row | None:
        row = index + 1
        raw = {f: (cells[c] if c < len(cells) else None) for f, c in layout.columns.items()}
        if all(v is None or not str(v).strip() for v in raw.values()):
            return None
        problems: list[dict[str, Any]] = []
        values: dict[str, Any] = {}
        for field_name, value in raw.items():
            if value is None or not str(value).strip():
                continue
            col = layout.columns[field_name]
            try:
                values[field_name] = self._parse(field_name, value, f"{column_letter(col)}{row}")
            except CellError as error:
                problems.append(self.problem(row, col, field_name, value, error.reason))
        if not values.get("name") and not values.get("id_number") and not any(
            p["field"] in ("name", "id_number") for p in problems
        ):
            col = layout.columns.get("name", layout.columns.get("id_number", 0))
            problems.append(self.problem(row, col, "name", None, "row has neither a name nor an ID number"))
        cells_json = {
            f: {"column": column_letter(layout.columns[f]), "header": layout.headers.get(f, ""), "value": v}
            for f, v in raw.items()
            if v is not None
        }
        source = SourceRow(
            locator=self.item.locator, item_id=self.item.id, sheet=self.sheet or "", row=row, cells=cells_json,
            values={f: v.isoformat() if isinstance(v, dt.date) else v for f, v in values.items()}, problems=problems,
        )
        return _Row(source, values)

    def _parse(self, field_name: str, value: str, ref: str) -> Any:
        if field_name in ("id_number", "relative_id_number"):
            if ref in self.lossy:
                raise CellError(f"ID number stored as a floating-point number ({value}): digits past the 15th are lost")
            return parse_id_number(value).number
        if field_name in ("birth_date", "admitted", "released"):
            return parse_date(value).date
        if field_name == "sex":
            return parse_sex(value)
        if field_name == "age":
            text = str(value).strip().removesuffix("岁")
            if not text.isdigit() or int(text) > 150:
                raise CellError(f"not an age in years: {value!r}")
            return int(text)
        return " ".join(str(value).split())


def _facility_kind(name: str) -> str:
    return next((kind for kind in FACILITY_KINDS if kind in name), "")


def map_collection(
    collection_name: str,
    mapping: Mapping | None = None,
    terms: DetentionTerms | None = None,
    *,
    actor: str = "adalet",
    progress: Callable[[int, int], None] | None = None,
) -> MapReport:
    """Read every spreadsheet of the collection into records, replacing what an earlier mapping made."""
    started = time.perf_counter()
    collection = reading.collection(collection_name)
    mapping, terms = mapping or Mapping(), terms or DetentionTerms.load()
    report = MapReport(collection.name)
    spreadsheets = list(reading.items(collection, "spreadsheet"))
    rows: list[_Row] = []
    for number, item in enumerate(spreadsheets, 1):
        table = reading.table(item.id)
        if table is None:
            report.layouts.append(f"{item.locator}: no table was extracted")
            continue
        report.spreadsheets += 1
        for sheet in table.get("sheets", []):
            name = _sheet_name(item, sheet)
            layout, how = layout_for(sheet.get("rows", []), mapping, item.locator, name)
            report.layouts.append(how)
            if layout is None:
                continue
            report.sheets += 1
            reader = _Reader(report, item, name, set(sheet.get("lossy", [])))
            sheet_rows = sheet.get("rows", [])
            for index in range(layout.first_data_row, len(sheet_rows)):
                read = reader.read(sheet_rows[index], index, layout)
                if read is not None:
                    rows.append(read)
        if progress:
            progress(number, len(spreadsheets))
    report.rows = len(rows)
    with transaction.atomic():
        _clear(collection)
        _save(collection, rows, terms, report)
        custody.append(
            "records-map",
            actor=actor,
            subject=collection.name,
            detail={k: v for k, v in report.as_dict().items() if k not in ("layouts", "problems", "seconds")}
            | {"problems": len(report.problems)},
        )
    report.seconds = time.perf_counter() - started
    return report


def _clear(collection: Any) -> None:
    PhotoLink.objects.filter(collection=collection).delete()
    Person.objects.filter(collection=collection, kind__in=[PersonKind.DETAINEE, PersonKind.RELATIVE]).delete()
    SourceRow.objects.filter(collection=collection).delete()


def _save(collection: Any, rows: list[_Row], terms: DetentionTerms, report: MapReport) -> None:
    for row in rows:
        row.source.collection = collection
    for start in range(0, len(rows), BATCH):
        SourceRow.objects.bulk_create([r.source for r in rows[start : start + BATCH]])

    facilities = {f.name: f for f in Facility.objects.all()}
    new = sorted({r.values["facility"] for r in rows if r.values.get("facility")} - set(facilities))
    Facility.objects.bulk_create(
        [Facility(name=n, kind=_facility_kind(n), source=f"records of {collection.name}") for n in new],
        ignore_conflicts=True,
    )
    if new:
        facilities = {f.name: f for f in Facility.objects.all()}
    report.facilities = len({r.values["facility"] for r in rows if r.values.get("facility")})

    people: dict[str, Person] = {}
    person_of_row: list[Person] = []
    fresh: list[Person] = []
    for row in rows:
        values = row.values
        key = values.get("id_number") or f"row:{row.source.pk}"
        person = people.get(key)
        name = values.get("name", "")
        if person is None:
            born = values.get("birth_date")
            if born is None and values.get("id_number") and len(values["id_number"]) == 18:
                born = _birth_from_id(values["id_number"])
            person = Person(
                collection=collection,
                kind=PersonKind.DETAINEE,
                name=name[:500],
                names=[{"name": name, "script": detect_script(name).value, "source": "record"}] if name else [],
                id_number=values.get("id_number", ""),
                birth_date=born,
                sex=values.get("sex", ""),
                ethnicity=values.get("ethnicity", "")[:100],
                address=values.get("address", ""),
                source=row.source,
            )
            people[key] = person
            fresh.append(person)
        elif name and all(n["name"] != name for n in person.names):
            person.names.append({"name": name, "script": detect_script(name).value, "source": "record"})
        person_of_row.append(person)
    for start in range(0, len(fresh), BATCH):
        Person.objects.bulk_create(fresh[start : start + BATCH])
    report.people = len(fresh)

    detentions: list[Detention] = []
    relatives: list[Relative] = []
    for row, person in zip(rows, person_of_row, strict=True):
        values = row.values
        if any(values.get(f) for f in ("facility", "status", "admitted", "released", "reason")):
            held, _why = terms.means_held(values.get("status", ""), values.get("facility", ""))
            detentions.append(
                Detention(
                    person=person,
                    facility=facilities.get(values.get("facility", "")),
                    status=values.get("status", "")[:200],
                    detained=held,
                    admitted=values.get("admitted"),
                    released=values.get("released"),
                    reason=values.get("reason", ""),
                    source=row.source,
                )
            )
        if values.get("relative_name"):
            relatives.append(
                Relative(
                    person=person,
                    name=values["relative_name"][:500],
                    relation=values.get("relative_relation", "")[:100],
                    id_number=values.get("relative_id_number", ""),
                    source=row.source,
                )
            )
    for start in range(0, len(detentions), BATCH):
        Detention.objects.bulk_create(detentions[start : start + BATCH])
    Relative.objects.bulk_create(relatives, batch_size=BATCH)
    report.detentions = len(detentions)


def _birth_from_id(number: str) -> dt.date | None:
    try:
        return dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return None
