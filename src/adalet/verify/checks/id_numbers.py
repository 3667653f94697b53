"""ID numbers of spreadsheet rows: format, check digit, birth date and region (verify.idnumbers), and agreement
with the row's stated birth date, sex and household registration address. One finding per problem, named
``id_<problem>``.

The address compared is the household registration (`registration`: 户籍地, 户口所在地, ...), else an address the
header does not qualify (`address`: 住址, which on a resident ID card is the registration address); never the
current residence (`residence`: 现住址), which a genuine record may give anywhere.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from adalet.people.facts import RowFacts
from adalet.verify.context import VerifyContext
from adalet.verify.findings import Absence, Finding
from adalet.verify.idnumbers import check_id_number

METHOD = (
    "Each row's ID number is checked against GB 11643-1999 (format, ISO 7064 MOD 11-2 check digit, a real birth "
    "date), its region code against the code's history in python-stdnum's GB/T 2260 data (in force at some time "
    "between the birth date and the archive's date), and against the row's stated birth date, sex and household "
    "registration address (any name the code's place has had, or its successor's). Where the archive's date does "
    "not bound a row's file (see the dates check), the day of the run bounds it instead."
)
STANDARD = (
    "error: a wrong check digit, an impossible birth date, a code that never existed or was abolished before the "
    "birth year; warning: the stated birth date, sex or registration address disagrees with the number, or a code "
    "newer than the archive's date; info: an old-style number, a code since replaced."
)
ADDRESS_FIELDS = ("registration", "address")  # in order of preference; never "residence"
EXAMINED = {
    "ids": "rows with an ID number",
    "with_birth_date": "of them stating a birth date",
    "with_sex": "stating a sex",
    "with_address": "giving a household registration address",
}
ABSENT = (
    Absence("id_format", "ids", "No ID number is malformed among the {ids:,} read: each has 17 digits and a check "
            "character, or 15 old-style digits."),
    Absence("id_checksum", "ids", "No ID number has a wrong check digit among the {ids:,} read."),
    Absence("id_birth_date", "ids", "No ID number encodes an impossible birth date, or one after the archive's date."),
    Absence("id_region", "ids", "No region code is unknown, abolished before its holder's birth, or newer than the "
            "archive's date.", ("error", "warning")),
    Absence("id_stated_birth_date", "with_birth_date",
            "No stated birth date disagrees with the ID number, among the {with_birth_date:,} rows stating one."),
    Absence("id_stated_sex", "with_sex", "No stated sex disagrees with the ID number's 17th digit, among the "
            "{with_sex:,} rows stating one."),
    Absence("id_address", "with_address", "No household registration address disagrees with the ID number's region "
            "code, among the {with_address:,} rows giving one."),
)


def examined(ctx: VerifyContext) -> dict[str, int]:
    rows = [row for row in ctx.rows if row.values.get("id_number")]
    return {
        "ids": len(rows),
        "with_birth_date": sum(1 for row in rows if row.date("birth_date") is not None),
        "with_sex": sum(1 for row in rows if row.values.get("sex") is not None),
        "with_address": sum(1 for row in rows if registration_address(row)[0] is not None),
    }


def registration_address(row: RowFacts) -> tuple[str | None, str | None]:
    """The row's household registration address and the field it was read from (None, None without one)."""
    for field in ADDRESS_FIELDS:
        if row.values.get(field):
            return str(row.values[field]), field
    return None, None


def run(ctx: VerifyContext) -> Iterator[Finding]:
    today = dt.date.today()  # the bound for rows the archive's date cannot judge (context.judges_dates)
    for row in ctx.rows:
        number = row.values.get("id_number")
        if not number:
            continue
        address, address_field = registration_address(row)
        for found in check_id_number(
            number,
            birth_date=row.date("birth_date"),
            sex=row.values.get("sex"),
            address=address,
            on=ctx.as_of if ctx.judges_dates(row.locator) else today,
        ):
            column = row.columns.get(address_field or "") if found.check == "address" else row.columns.get("id_number")
            yield Finding(
                f"id_{found.check}",
                found.severity,
                found.message,
                row.locator,
                row.sheet,
                row.row,
                row.id_number,
                {**found.evidence, "column": column},
                found.words,
            )
