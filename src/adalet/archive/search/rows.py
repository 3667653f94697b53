"""Row-level hits: which rows of a sheet's passage match, and which page a PDF's passage is.

A spreadsheet is indexed in blocks of rows (passages.py: "Sheet1 rows 110-127", one line per row that is not
blank), so the engines find the block; here each of its lines is matched alone (`Query.matches`), and named by its
row number as the viewer numbers rows (1-based, blank rows counted). When the block holds blank rows its lines are
numbered from the item's table.
"""

from __future__ import annotations

import re
from typing import Any

from adalet.archive import reading
from adalet.archive.search.analysis import Query

ROWS_LABEL = re.compile(r"(?P<sheet>.*) rows? (?P<first>\d+)(?:-(?P<last>\d+))?")
PAGE_LABEL = re.compile(r"page (?P<page>\d+)")
MAX_ROWS = 50  # a hit names at most this many rows (a block holds a few dozen)


def page_of(label: str) -> int:
    """The page a passage's label names ("page 3" -> 3), else 0."""
    found = PAGE_LABEL.fullmatch(label)
    return int(found.group("page")) if found else 0


def sheet_of(label: str) -> tuple[str, int, int] | None:
    """(sheet, first row, last row) of a block of rows' label, else None."""
    found = ROWS_LABEL.fullmatch(label)
    if found is None:
        return None
    first = int(found.group("first"))
    return found.group("sheet"), first, int(found.group("last") or first)


def matched_rows(item_id: int, label: str, text: str, query: Query, tables: dict[int, Any] | None = None) -> list[int]:
    """The numbers of the rows of this passage that match `query` on their own ([] for a passage that is not rows,
    or whose terms only match across rows). `tables`: the items' tables read so far, shared by the caller's hits."""
    where = sheet_of(label)
    if where is None or query.is_empty:
        return []
    sheet, first, last = where
    lines = text.split("\n")
    numbers = list(range(first, last + 1))
    if len(numbers) != len(lines):  # blank rows in the block: number its lines as the table does
        numbers = _numbers_from_table(item_id, sheet, first, last, tables if tables is not None else {})
        if len(numbers) != len(lines):
            return []
    return [number for number, line in zip(numbers, lines) if query.matches(line)][:MAX_ROWS]


def _numbers_from_table(item_id: int, sheet: str, first: int, last: int, tables: dict[int, Any]) -> list[int]:
    if item_id not in tables:
        try:
            tables[item_id] = reading.table(item_id) or {}
        except reading.ArchiveReadError:
            tables[item_id] = {}
    for index, found in enumerate(tables[item_id].get("sheets", []), start=1):
        if (found.get("name") or f"sheet {index}") != sheet:
            continue
        rows = found.get("rows", [])[first - 1 : last]
        return [first + k for k, row in enumerate(rows) if any(cell not in (None, "") and str(cell).strip() for cell in row)]
    return []
