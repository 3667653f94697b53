"""`adalet records map`: a collection's spreadsheet rows become people, detentions and facilities.

Each row read is kept as a `SourceRow` (item, sheet, row, and the column of each field), so every person,
detention and facility traces back to its cells. Cells that cannot be read exactly (an ID number whose
digits were lost to floating point, an ambiguous date) are reported with sheet, row and column, and the
field is left empty: never a guessed value. Mapping again replaces the collection's records (and the photo
links that pointed at them) in one transaction. The blocking keys of every name form go with the people into the
name index relative search looks them up by (adalet.people.namekeys).
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from adalet import bulkinsert
from adalet.archive import bindings, custody, reading
from adalet.cellrefs import column_letter
from adalet.people import namekeys
from adalet.people.cells import CellError, parse_date, parse_id_number, parse_sex
from adalet.people.mapping import Mapping, SheetLayout, layout_for
from adalet.people.models import Detention, Facility, Person, PersonKind, PhotoLink, Relative, SourceRow
from adalet.people.vocab import DetentionTerms

PERSON_FIELDS = (
    "id", "collection_id", "kind", "name", "names", "id_number", "birth_date", "sex", "ethnicity", "address",
    "source_id", "created_at",
)
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
    item_id: int
    locator: str
    sheet: str
    row: int
    cells: dict[str, Any]
    problems: list[dict[str, Any]]
    values: dict[str, Any]
    id: int = 0


def _sheet_name(item: reading.ItemView, sheet: dict[str, Any]) -> str | None:
    return None if item.media_type.startswith(("text/csv", "text/tab-separated-values")) else sheet.get("name")


class _Reader:
    """Reads the rows of one sheet into parsed values and problems."""

    def __init__(self, report: MapReport, item: reading.ItemView, sheet: str | None, lossy: set[str]) -> None:
        self.report, self.item, self.sheet, self.lossy = report, item, sheet, lossy
        self._letters: tuple[SheetLayout, dict[str, str]] | None = None

    def letters(self, layout: SheetLayout) -> dict[str, str]:
        if self._letters is None or self._letters[0] is not layout:
            self._letters = (layout, {f: column_letter(c) for f, c in layout.columns.items()})
        return self._letters[1]

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
                values[field_name] = self._parse(field_name, value, f"{self.letters(layout)[field_name]}{row}")
            except CellError as error:
                problems.append(self.problem(row, col, field_name, value, error.reason))
        if not values.get("name") and not values.get("id_number") and not any(
            p["field"] in ("name", "id_number") for p in problems
        ):
            col = layout.columns.get("name", layout.columns.get("id_number", 0))
            problems.append(self.problem(row, col, "name", None, "row has neither a name nor an ID number"))
        letters = self.letters(layout)
        cells_json = {f: {"column": letters[f], "value": v} for f, v in raw.items() if v is not None}
        return _Row(self.item.id, self.item.locator, self.sheet or "", row, cells_json, problems, values)

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
    with transaction.atomic(), bindings.operation(actor, collection.name) as bound:
        for queryset in _mapped(collection):
            bound.unbind(queryset.model, queryset.values_list("pk", flat=True))
        _clear(collection)
        _save(collection, rows, terms, report)
        for queryset in _mapped(collection):
            bound.bind(queryset)
        bound.bind(Facility.objects.filter(source=f"records of {collection.name}"))
        custody.append(
            "records-map",
            actor=actor,
            subject=collection.name,
            detail={k: v for k, v in report.as_dict().items() if k not in ("layouts", "problems", "seconds")}
            | {"problems": len(report.problems)},
        )
    report.seconds = time.perf_counter() - started
    return report


def _mapped(collection: Any) -> list[QuerySet[Any]]:
    """The rows a mapping of the collection makes (and the next one replaces): bound on the custody log."""
    persons = Person.objects.filter(collection=collection, kind__in=(PersonKind.DETAINEE, PersonKind.RELATIVE))
    return [
        SourceRow.objects.filter(collection=collection),
        persons,
        Detention.objects.filter(Q(source__collection=collection) | Q(person__in=persons)),
        Relative.objects.filter(Q(source__collection=collection) | Q(person__in=persons)),
        PhotoLink.objects.filter(collection=collection),
    ]


def _clear(collection: Any) -> None:
    """Delete what an earlier mapping made, children first, in plain DELETEs (Django's collector loads every row)."""
    persons = f"SELECT id FROM {Person._meta.db_table} WHERE collection_id = %s AND kind IN ('detainee', 'relative')"
    rows = f"SELECT id FROM {SourceRow._meta.db_table} WHERE collection_id = %s"
    bulkinsert.delete_where(PhotoLink, "collection_id = %s", [collection.pk])
    bulkinsert.delete_where(Relative, f"source_id IN ({rows})", [collection.pk])
    bulkinsert.delete_where(Detention, f"source_id IN ({rows})", [collection.pk])
    for model in (Relative, Detention):  # rows of other collections' records pointing at these people: none expected
        bulkinsert.delete_where(model, f"person_id IN ({persons})", [collection.pk])
    namekeys.drop_where("collection_id = %s AND kind IN ('detainee', 'relative')", [collection.pk])
    bulkinsert.delete_where(Person, "id IN (" + persons + ")", [collection.pk])
    bulkinsert.delete_where(SourceRow, "collection_id = %s", [collection.pk])


def _json_values(values: dict[str, Any]) -> dict[str, Any]:
    return {f: v.isoformat() if isinstance(v, dt.date) else v for f, v in values.items()}


def _save(collection: Any, rows: list[_Row], terms: DetentionTerms, report: MapReport) -> None:
    now = timezone.now()
    for row, pk in zip(rows, bulkinsert.reserve_ids(SourceRow, len(rows)), strict=True):
        row.id = pk
    bulkinsert.insert(
        SourceRow,
        ("id", "collection_id", "item_id", "locator", "sheet", "row", "cells", "values", "problems"),
        ((r.id, collection.pk, r.item_id, r.locator, r.sheet, r.row, r.cells, _json_values(r.values), r.problems)
         for r in rows),
    )

    names = {r.values["facility"] for r in rows if r.values.get("facility")}
    known = set(Facility.objects.filter(name__in=names).values_list("name", flat=True))
    Facility.objects.bulk_create(
        [Facility(name=n, kind=_facility_kind(n), source=f"records of {collection.name}") for n in sorted(names - known)],
        ignore_conflicts=True,
    )
    facilities = dict(Facility.objects.filter(name__in=names).values_list("name", "pk"))
    report.facilities = len(names)

    people: dict[str, list[Any]] = {}  # key -> the person's column values, in PERSON_FIELDS order
    person_of_row: list[list[Any]] = []
    fresh: list[list[Any]] = []
    for row in rows:
        values = row.values
        key = values.get("id_number") or f"row:{row.id}"
        person = people.get(key)
        name = values.get("name", "")
        if person is None:
            born = values.get("birth_date")
            if born is None and values.get("id_number") and len(values["id_number"]) == 18:
                born = _birth_from_id(values["id_number"])
            person = [
                0, collection.pk, PersonKind.DETAINEE.value, name[:500],
                [{"name": name, "source": "record"}] if name else [],
                values.get("id_number", ""), born, values.get("sex", ""), values.get("ethnicity", "")[:100],
                _address(values), row.id, now,
            ]
            people[key] = person
            fresh.append(person)
        elif name and all(n["name"] != name for n in person[4]):
            person[4].append({"name": name, "source": "record"})
        person_of_row.append(person)
    for person, pk in zip(fresh, bulkinsert.reserve_ids(Person, len(fresh)), strict=True):
        person[0] = pk
    bulkinsert.insert(Person, PERSON_FIELDS, fresh)
    namekeys.add((p[0], p[1], p[3], p[4], p[6]) for p in fresh)  # id, collection, name, names, birth date
    report.people = len(fresh)

    detentions: list[tuple[Any, ...]] = []
    relatives: list[tuple[Any, ...]] = []
    for row, person in zip(rows, person_of_row, strict=True):
        values = row.values
        if any(values.get(f) for f in ("facility", "status", "admitted", "released", "reason")):
            held, _why = terms.means_held(values.get("status", ""), values.get("facility", ""))
            detentions.append((
                person[0], facilities.get(values.get("facility", "")), values.get("status", "")[:200], held,
                values.get("admitted"), values.get("released"), values.get("reason", ""), row.id,
            ))
        if values.get("relative_name"):
            relatives.append((
                person[0], values["relative_name"][:500], values.get("relative_relation", "")[:100],
                values.get("relative_id_number", ""), row.id,
            ))
    bulkinsert.insert(
        Detention,
        ("person_id", "facility_id", "status", "detained", "admitted", "released", "reason", "source_id"),
        detentions,
    )
    bulkinsert.insert(Relative, ("person_id", "name", "relation", "id_number", "source_id"), relatives)
    report.detentions = len(detentions)


def _address(values: dict[str, Any]) -> str:
    """The person's address: as the sheet gives it unqualified, else the household registration, else the residence."""
    return str(values.get("address") or values.get("registration") or values.get("residence") or "")


def _birth_from_id(number: str) -> dt.date | None:
    try:
        return dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return None
