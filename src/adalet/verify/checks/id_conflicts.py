"""One ID number, two people: rows that share an ID number but disagree on the name or the birth date.

Names are compared as the project's name analysis reads them (``adalet.names.analyse``), not as strings: a
Chinese name by its simplified characters without separators (吐尔逊·艾买提, 吐尔逊艾买提, 吐爾遜・艾買提 and
吐尔逊 艾买提 are one name), a name in Latin or Arabic letters by its folded parts in any order (TUNIYAZ, Erkin and
ＥＲＫＩＮ　ＴＵＮＩＹＡＺ are one name). Two different names under one ID number remain a conflict.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from functools import lru_cache

from django.utils.translation import gettext_noop as N_

from adalet.names import NameKind, analyse
from adalet.people.facts import RowFacts
from adalet.verify.context import VerifyContext
from adalet.verify.findings import Absence, Finding, words

FIELDS = ("name", "birth_date")
#: the message for the fields that differ (in FIELDS' order)
ANOTHER = {
    ("name",): N_("ID number {number} is also in {item} row {row} with another name"),
    ("birth_date",): N_("ID number {number} is also in {item} row {row} with another birth date"),
    ("name", "birth_date"): N_("ID number {number} is also in {item} row {row} with another name and birth date"),
}
METHOD = (
    "Rows are grouped by ID number; within a group, names are compared after the project's name normalisation "
    "(characters simplified, middle dots, spaces, full-width forms and case ignored) and birth dates exactly."
)
STANDARD = (
    "warning: one ID number under two names or two birth dates. A typo, a copy error or a number reused by "
    "a clerk happen in genuine records too; a reviewer decides."
)
EXAMINED = {"ids": "distinct ID numbers", "repeated": "ID numbers on more than one row"}
ABSENT = (
    Absence("id_conflict", "repeated", "No ID number is given to two people: each of the {repeated:,} ID numbers "
            "found on more than one row keeps one name and one birth date."),
)


def examined(ctx: VerifyContext) -> dict[str, int]:
    rows_of = Counter(row.values["id_number"] for row in ctx.rows if row.values.get("id_number"))
    return {"ids": len(rows_of), "repeated": sum(1 for count in rows_of.values() if count > 1)}


@lru_cache(maxsize=65536)
def name_key(name: str) -> tuple[str, ...]:
    """What two spellings of one name have in common (see the module's docstring)."""
    analysis = analyse(name)
    if analysis.kind in (NameKind.HAN, NameKind.HAN_TRANSCRIBED) and analysis.chars:
        return ("han", analysis.chars)
    if analysis.forms:
        return ("letters", *sorted(part.keys[0] for part in analysis.forms[0].parts))
    return ("text", analysis.clean.casefold())


def _comparable(field: str, value: object) -> object:
    return name_key(str(value)) if field == "name" else value


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
            differ = [
                f for f in FIELDS
                if row.values.get(f) and f in first_seen
                and _comparable(f, first_seen[f].values[f]) != _comparable(f, row.values[f])
            ]
            for f in FIELDS:
                if row.values.get(f):
                    first_seen.setdefault(f, row)
            if differ:
                other = first_seen[differ[0]]
                yield Finding.said(
                    "id_conflict",
                    "warning",
                    words(ANOTHER[tuple(differ)], number=number, item=other.locator, row=other.row),
                    row.locator, row.sheet, row.row, row.id_number,
                    {"other": {"item": other.locator, "sheet": other.sheet, "row": other.row},
                     "fields": {f: [first_seen[f].values[f], row.values[f]] for f in differ}},
                )
