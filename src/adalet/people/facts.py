"""What other apps read of the records: each mapped row's parsed facts, located to its sheet and row."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from adalet.people.models import SourceRow


@dataclass(frozen=True)
class RowFacts:
    """One spreadsheet row as parsed: ``written`` holds raw cell texts, ``columns`` the column of each field (of those
    that `row_facts` reads: CITED)."""

    locator: str
    sheet: str | None
    row: int
    values: dict[str, Any]
    written: dict[str, Any]
    columns: dict[str, str]
    problems: list[dict[str, Any]]

    def date(self, field: str) -> dt.date | None:
        value = self.values.get(field)
        return dt.date.fromisoformat(value) if isinstance(value, str) else None

    @property
    def id_number(self) -> str | None:
        """The ID number as written in the cell (stripped), else the parsed one."""
        written = self.written.get("id_number")
        return str(written).strip() if written is not None else self.values.get("id_number")


CITED = ("id_number", "birth_date", "admitted", "released", "address", "registration")  # fields findings cite


def row_facts(collection: Any) -> Iterator[RowFacts]:
    """Every mapped row of the collection, in item, sheet and row order (only the cells checks cite are decoded)."""
    columns = [f"cells__{field}__column" for field in CITED]
    rows = (
        SourceRow.objects.filter(collection=collection)
        .order_by("locator", "sheet", "row")
        .values_list("locator", "sheet", "row", "values", "problems", "cells__id_number__value", *columns)
    )
    for locator, sheet, row, values, problems, written_id, *cited in rows.iterator(chunk_size=5000):
        yield RowFacts(
            locator=locator,
            sheet=sheet or None,
            row=row,
            values=values or {},
            written={"id_number": written_id} if written_id is not None else {},
            columns={field: column for field, column in zip(CITED, cited, strict=True) if column},
            problems=problems or [],
        )


def has_records(collection: Any) -> bool:
    return SourceRow.objects.filter(collection=collection).exists()
