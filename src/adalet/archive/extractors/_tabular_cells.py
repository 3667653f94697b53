"""What every spreadsheet reader shares: the per-sheet accumulator, the row budget, and the
Extraction built from finished sheets.

`_Sheet` turns cell values into strings (integers keep every digit, whole numbers of 16+ digits held
as floating point are noted as possibly lossy, dates become ISO), pads rows to the sheet's width
and writes the lossy-number warning. `_Budget` counts rows against Limits.max_table_rows over the
whole workbook. `_result` gives the sheets as text, metadata and table. Also here: A1 column
letters, the grid-size limit every reader enforces, an exception's first line for error messages,
and a capped read of a zip member.
"""

from __future__ import annotations

import datetime as dt
import math
import zipfile
from decimal import Decimal, InvalidOperation
from typing import Any

from adalet.archive.extractors._common import clip_text, iso
from adalet.archive.extractors.base import Context, Extraction, ExtractionError
from adalet.cellrefs import column_letter

EXACT_DIGITS = 15  # Excel stores numbers as doubles shown with 15 significant digits
MAX_GRID_CELLS = 20_000_000  # calamine's dense grid takes ~32 bytes a cell




class _NeedsExactReader(Exception):
    """calamine gave a number it may not hold exactly: read the workbook with openpyxl."""


class _Sheet:
    """Collects one sheet's rows, converting cells and noting lossy numbers."""

    def __init__(self, name: str, exact_limit: float | None = None) -> None:
        self.name = name
        self.rows: list[list[str | None]] = []
        self.lossy: list[str] = []
        self.exact_limit = exact_limit  # calamine rows: numbers this large need the exact reader

    def cell(self, value: Any, row: int, col: int) -> str | None:
        if value is None:
            return None
        if isinstance(value, bool):
            return "TRUE" if value else "FALSE"
        if isinstance(value, int):
            return str(value)
        if isinstance(value, float):
            if not math.isfinite(value):
                return str(value)
            if value.is_integer():
                if abs(value) < 10**EXACT_DIGITS:
                    return str(int(value))
                # The shortest decimal that round-trips: what the file says, no invented digits.
                text = str(int(Decimal(repr(value))))
                self.note_lossy(row, col, text)
                return text
            return format(value, f".{EXACT_DIGITS}g")
        if isinstance(value, dt.datetime) and value.time() == dt.time(0) and value.tzinfo is None:
            return value.date().isoformat()
        if isinstance(value, (dt.datetime, dt.date, dt.time)):
            return iso(value)
        return str(value)

    def note_lossy(self, row: int, col: int, text: str) -> None:
        self.lossy.append(f"{column_letter(col)}{row + 1} = {text}")

    def add(self, values: Any, row: int) -> None:
        cells = [self.cell(v, row, c) for c, v in enumerate(values)]
        while cells and cells[-1] is None:
            cells.pop()
        self.rows.append(cells)

    def add_grid_row(self, values: list[Any], row: int, first_col: int, errors: dict[int, str] | None) -> None:
        """A row of calamine values (``""`` for empty, every number a float) starting at first_col."""
        cells: list[str | None] = [None] * first_col
        append = cells.append
        limit = self.exact_limit
        for offset, value in enumerate(values):
            kind = type(value)
            if kind is str:
                append(value or None)
            elif kind is float and -1e15 < value < 1e15 and value.is_integer():
                append(str(int(value)))
            elif kind is dt.date:
                append(value.isoformat())
            else:
                if kind is float and limit is not None and not -limit < value < limit and value.is_integer():
                    raise _NeedsExactReader(f"{column_letter(first_col + offset)}{row + 1}")
                append(self.cell(value, row, first_col + offset))
        for col, text in (errors or {}).items():
            if col >= len(cells):
                cells.extend([None] * (col + 1 - len(cells)))
            cells[col] = text
        while cells and cells[-1] is None:
            cells.pop()
        self.rows.append(cells)

    def exact_number(self, literal: str, row: int, col: int) -> str | None:
        """A number as written in the XML: integers keep every digit, others at most 15."""
        try:
            number = Decimal(literal.strip())
        except (InvalidOperation, ValueError):
            return literal.strip() or None
        if number.is_finite() and abs(number.adjusted()) <= 40 and number == number.to_integral_value():
            text = str(int(number))
            if any(c in literal for c in ".eE") and len(text.lstrip("-")) > EXACT_DIGITS:
                self.note_lossy(row, col, text)  # written in floating-point form, like Excel's doubles
            return text
        return self.cell(float(number), row, col)

    def finish(self, warnings: list[str]) -> dict[str, Any]:
        while self.rows and not self.rows[-1]:
            self.rows.pop()
        width = max((len(r) for r in self.rows), default=0)
        for r in self.rows:
            r.extend([None] * (width - len(r)))
        if self.lossy:
            examples = ", ".join(self.lossy[:3])
            warnings.append(
                f"sheet {self.name!r}: {len(self.lossy)} number(s) of 16+ digits stored as floating point "
                f"(e.g. {examples}); digits beyond the 15th may have been lost before this file reached us"
            )
        sheet: dict[str, Any] = {"name": self.name, "rows": self.rows}
        if self.lossy:  # the cells (A1 style) whose digits past the 15th may be lost, for readers of the table
            sheet["lossy"] = [entry.split(" = ", 1)[0] for entry in self.lossy]
        return sheet


class _Budget:
    """Limits.max_table_rows over the whole workbook."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.left = limit
        self.failure: ExtractionError | None = None

    def take(self, sheet: _Sheet, index: int) -> bool:
        if self.left <= 0:
            self.failure = _row_limit(self.limit, f"sheet {sheet.name!r} row {index + 1}")
            return False
        self.left -= 1
        return True


def _text(sheets: list[dict[str, Any]]) -> str:
    blocks = []
    for sheet in sheets:
        lines = ["\t".join([c or "" for c in row]).rstrip("\t") for row in sheet["rows"]]
        blocks.append("\n".join(lines).strip("\n"))
    return "\n\n".join(b for b in blocks if b)


def _row_limit(limits_rows: int, where: str) -> ExtractionError:
    return ExtractionError(
        f"spreadsheet has more than {limits_rows:,} rows (the limit); reading stopped at {where}",
        code="too_large",
    )


def _result(sheets: list[dict[str, Any]], metadata: dict[str, Any], warnings: list[str], failure: ExtractionError | None, context: Context) -> Extraction:
    metadata["sheets"] = [{"name": s["name"], "rows": len(s["rows"])} for s in sheets]
    text = clip_text(_text(sheets), context.limits, warnings)
    return Extraction(text=text, metadata=metadata, table={"sheets": sheets}, warnings=warnings, failure=failure)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _small_part(zf: zipfile.ZipFile, name: str, limit: int = 16 * 1024 * 1024) -> bytes:
    with zf.open(name) as stream:
        return stream.read(limit)
