"""Cells that `records map` could not read exactly (an ID number stored as a float, an ambiguous date): reported
here too, so a reviewer sees every doubt about the material in one place."""

from __future__ import annotations

from collections.abc import Iterator

from adalet.verify.context import VerifyContext
from adalet.verify.findings import Absence, Finding

METHOD = (
    "Cells that `records map` could not read exactly (an ID number stored as a floating-point number, a date it "
    "cannot read unambiguously) are listed with their sheet, row and column."
)
STANDARD = (
    "warning: the cell's value is unknown, so the row's checks could not use it. Spreadsheet exports lose digits "
    "and mangle dates in genuine files too: coverage (what the records let us read), not authenticity."
)
COVERAGE = frozenset({"cell_unreadable"})
EXAMINED = {"rows": "mapped rows"}
ABSENT = (Absence("cell_unreadable", "rows", "Every mapped cell of the {rows:,} rows was read exactly."),)


def examined(ctx: VerifyContext) -> dict[str, int]:
    return {"rows": len(ctx.rows)}


def run(ctx: VerifyContext) -> Iterator[Finding]:
    for row in ctx.rows:
        for problem in row.problems:
            yield Finding(
                "cell_unreadable",
                "warning",
                f"column {problem.get('column')} ({problem.get('field')}): {problem.get('reason')}",
                row.locator,
                row.sheet,
                row.row,
                row.id_number,
                problem,
            )
