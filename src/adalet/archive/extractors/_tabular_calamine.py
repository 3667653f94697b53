"""XLSX and XLS through python-calamine.

Before calamine sees a file, a pre-scan (`_tabular_xlsx`, `_tabular_xls`) makes sure its dense
grids fit in memory and returns a `_Plan`: the error values (``#N/A``...) calamine drops, by sheet,
to be put back. `read_calamine` reads every worksheet's grid into a `_Sheet` (rows before the
first value included, so rows count from 1 as in the file) and turns calamine's errors and Rust
panics into ExtractionError.
"""

from __future__ import annotations

import io
from typing import Any

from adalet.archive.extractors._tabular_cells import _Budget, _first_line, _NeedsExactReader, _result, _Sheet
from adalet.archive.extractors.base import Context, Extraction, ExtractionError


def read_calamine(
    data: bytes, kind: str, context: Context, metadata: dict[str, Any], plan: _Plan, exact_limit: float | None
) -> Extraction:
    from python_calamine import CalamineWorkbook, PasswordError, SheetTypeEnum

    warnings: list[str] = []
    sheets: list[dict[str, Any]] = []
    budget = _Budget(context.limits.max_table_rows)
    workbook = None
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        listed = workbook.sheets_metadata
        errors = plan.errors_for([m.name for m in listed])
        for meta, sheet_errors in zip(listed, errors, strict=True):
            if meta.typ != SheetTypeEnum.WorkSheet:
                continue  # chart, macro and VBA sheets hold no cells
            sheet = _Sheet(meta.name, exact_limit)
            grid = workbook.get_sheet_by_name(meta.name)
            _read_grid(grid, sheet, budget, sheet_errors)
            sheets.append(sheet.finish(warnings))
            if budget.failure:
                break
    except PasswordError as exc:
        raise ExtractionError(f"{kind} is encrypted (password-protected)", code="encrypted") from exc
    except (_NeedsExactReader, ExtractionError):
        raise
    except BaseException as exc:  # calamine's errors, and Rust panics (not Exceptions)
        if not isinstance(exc, Exception) and type(exc).__name__ != "PanicException":
            raise
        raise ExtractionError(f"{kind} is damaged: {_first_line(exc)}") from exc
    finally:
        if workbook is not None:
            workbook.close()
    if plan.unplaced:
        warnings.append(f"{plan.unplaced} error value(s) (#N/A, #DIV/0!...) could not be placed and are left empty")
    return _result(sheets, metadata, warnings, budget.failure, context)


def _read_grid(grid: Any, sheet: _Sheet, budget: _Budget, errors: dict[int, dict[int, str]]) -> None:
    """Rows of a calamine sheet into `sheet`, from row 1 and column A as the file counts them."""
    start = grid.start
    if start is None:
        return
    first_row, first_col = start
    for index in range(first_row):  # calamine's grid begins at the first row holding a value
        if not budget.take(sheet, index):
            return
        sheet.rows.append([])
    rows = grid.to_python(skip_empty_area=True, nrows=budget.left + 1)
    for offset, values in enumerate(rows):
        index = first_row + offset
        if not budget.take(sheet, index):
            return
        sheet.add_grid_row(values, index, first_col, errors.get(index))


class _Plan:
    """What a pre-scan found: error values to restore, by sheet, and how many it cannot place."""

    def __init__(self, by_name: dict[str, dict[int, dict[int, str]]] | None = None, by_index: list[dict[int, dict[int, str]]] | None = None) -> None:
        self.by_name = by_name or {}
        self.by_index = by_index
        self.unplaced = 0

    def errors_for(self, names: list[str]) -> list[dict[int, dict[int, str]]]:
        if self.by_index is not None:
            if len(self.by_index) == len(names):
                return self.by_index
            self.unplaced = sum(len(cols) for sheet in self.by_index for cols in sheet.values())
            return [{} for _ in names]
        return [self.by_name.get(name, {}) for name in names]
