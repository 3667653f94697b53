"""One ID number, two people: rows that share an ID number but disagree on the name or the birth date."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from adalet.people.facts import RowFacts
from adalet.verify.context import VerifyContext
from adalet.verify.findings import Finding

FIELDS = ("name", "birth_date")


def run(ctx: VerifyContext) -> Iterator[Finding]:
    by_number: dict[str, list[RowFacts]] = defaultdict(list)
    for row in ctx.rows:
        if row.values.get("id_number"):
            by_number[row.values["id_number"]].append(row)
    for number, rows in by_number.items():
        if len(rows) < 2:
            continue
        first_seen: dict[str, RowFacts] = {}  # field -> the first row giving it a value
        for row in rows:
            differ = [f for f in FIELDS if row.values.get(f) and f in first_seen and first_seen[f].values[f] != row.values[f]]
            for f in FIELDS:
                if row.values.get(f):
                    first_seen.setdefault(f, row)
            if differ:
                other = first_seen[differ[0]]
                yield Finding(
                    "id_conflict",
                    "warning",
                    f"ID number {number} is also in {other.locator} row {other.row} with another "
                    + " and ".join(f.replace("_", " ") for f in differ),
                    row.locator, row.sheet, row.row, row.id_number,
                    {"other": {"item": other.locator, "sheet": other.sheet, "row": other.row},
                     "fields": {f: [first_seen[f].values[f], row.values[f]] for f in differ}},
                )
