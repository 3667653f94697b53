"""ID numbers of spreadsheet rows: format, check digit, birth date and region (verify.idnumbers), and agreement
with the row's stated birth date, sex and address. One finding per problem, named ``id_<problem>``."""

from __future__ import annotations

from collections.abc import Iterator

from adalet.verify.context import VerifyContext
from adalet.verify.findings import Finding
from adalet.verify.idnumbers import check_id_number


def run(ctx: VerifyContext) -> Iterator[Finding]:
    for row in ctx.rows:
        number = row.values.get("id_number")
        if not number:
            continue
        for found in check_id_number(
            number,
            birth_date=row.date("birth_date"),
            sex=row.values.get("sex"),
            address=row.values.get("address"),
            on=ctx.as_of,
        ):
            yield Finding(
                f"id_{found.check}",
                found.severity,
                found.message,
                row.locator,
                row.sheet,
                row.row,
                row.id_number,
                {**found.evidence, "column": row.columns.get("id_number")},
            )
