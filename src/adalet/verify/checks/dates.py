"""Impossible values: a person admitted or released before birth, older than MAX_AGE at the archive's date,
released before admitted, and any date after the archive's date (``context.as_of``, see verify.archive_date).
Times the files record far from all the others (a wrong clock), left out of the archive's date, are context.

The two comparisons with the archive's date are made only where the evidence bounds it (``context.judges_dates``:
the date was given, or the file's own time or its archive entry's is among the times it was estimated from); each
file whose rows are not judged so is named as context (``dates_not_judged``) with the reason."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.utils.translation import gettext_noop as N_

from adalet.people.facts import RowFacts
from adalet.verify.context import VerifyContext
from adalet.verify.findings import Absence, Finding, Words, words

MAX_AGE = 110
#: each date field's finding after the archive's date, and before birth (the English message: its label, then...)
AFTER_ARCHIVE = {
    "birth_date": N_("birth date {date} is after the archive's latest date {as_of}"),
    "admitted": N_("admitted {date} is after the archive's latest date {as_of}"),
    "released": N_("released {date} is after the archive's latest date {as_of}"),
}
BEFORE_BIRTH = {
    "admitted": N_("admitted {date}, before the birth date {born}"),
    "released": N_("released {date}, before the birth date {born}"),
}
METHOD = (
    "Each row's birth, admission and release dates are compared with each other and with the archive's date; each "
    "photo's file-name time with the birth date of the person its file name's ID number names. A row is compared "
    "with the archive's date only when the date was given, or when its file's own recorded time (or the time its "
    "archive records for it) is among the times the date was estimated from: a file with no time may be newer."
)
STANDARD = (
    f"error: admitted, released or photographed before birth, released before admitted, older than {MAX_AGE} at the "
    "archive's date, or a date after the archive's date: none can occur in a genuine record. info: a file whose "
    "rows' dates are not compared with the archive's date, and why."
)
EXAMINED = {
    "rows": "mapped rows",
    "rows_judged": "rows whose dates the archive's date can judge",
    "with_birth_date": "rows with a birth date",
    "admitted_and_released": "rows with both an admission and a release date",
    "photos_with_birth_date": "photos of a person with a recorded birth date",
}
ABSENT = (
    Absence("date_after_archive", "rows_judged", "No row records a birth, admission or release date after the "
            "archive's date, among the {rows_judged:,} rows in files whose recorded time bounds it."),
    Absence("impossible_age", "with_birth_date", f"No one is recorded as admitted, released or photographed before "
            f"birth, or as older than {MAX_AGE} at the archive's date, among the {{with_birth_date:,}} rows with a "
            f"birth date and the {{photos_with_birth_date:,}} photos of a person with one."),
    Absence("impossible_date", "admitted_and_released", "No release precedes its admission, among the "
            "{admitted_and_released:,} rows giving both."),
)


def examined(ctx: VerifyContext) -> dict[str, int]:
    return {
        "rows": len(ctx.rows),
        "rows_judged": sum(1 for row in ctx.rows if ctx.judges_dates(row.locator)),
        "with_birth_date": sum(1 for row in ctx.rows if row.date("birth_date")),
        "admitted_and_released": sum(1 for row in ctx.rows if row.date("admitted") and row.date("released")),
        "photos_with_birth_date": sum(1 for p in ctx.photos if p.name_time and ctx.birth_by_id.get(p.name_id or "")),
    }


def _age(born: dt.date, on: dt.date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def run(ctx: VerifyContext) -> Iterator[Finding]:
    yield from _rows(ctx)
    yield from photos_before_birth(ctx)
    yield from clock_outliers(ctx)
    yield from not_judged(ctx)


def not_judged(ctx: VerifyContext) -> Iterator[Finding]:
    """Each file holding rows whose dates the archive's date cannot judge, with how many rows and why."""
    rows: dict[str, int] = {}
    for row in ctx.rows:
        if not ctx.judges_dates(row.locator):
            rows[row.locator] = rows.get(row.locator, 0) + 1
    supported = ctx.dating is None or ctx.dating.supported
    why = words(N_("it records no time, nor does its archive, so it may be newer than the archive's date")) if supported else (
        words(N_("the archive's date is {support}"), support=ctx.dating.support if ctx.dating else ""))
    for locator, count in rows.items():
        template = (N_("the dates of its {count:,} row are not compared with the archive's date {as_of}: {why}")
                    if count == 1 else
                    N_("the dates of its {count:,} rows are not compared with the archive's date {as_of}: {why}"))
        yield Finding.said(
            "dates_not_judged", "info", words(template, count=count, as_of=ctx.as_of, why=why),
            locator, evidence={"rows": count, "as_of": ctx.as_of, "archive_date_supported": supported},
        )


def clock_outliers(ctx: VerifyContext) -> Iterator[Finding]:
    """The recorded times left out of the archive's date, one finding per file (its earliest such time)."""
    first: dict[str, dt.datetime] = {}
    for locator, when in ctx.clock_outliers:
        first[locator] = min(when, first.get(locator, when))
    for locator, when in first.items():
        yield Finding.said(
            "clock_outlier", "info",
            words(N_("records the time {time}, far from the other files' times: left out of the archive's date"),
                  time=when.isoformat()),
            locator, evidence={"time": when, "as_of": ctx.as_of},
        )


def _rows(ctx: VerifyContext) -> Iterator[Finding]:
    for row in ctx.rows:
        def finding(check: str, said: Words, row: RowFacts = row, **evidence: object) -> Finding:
            return Finding.said(check, "error", said, row.locator, row.sheet, row.row, row.id_number, evidence)

        born = row.date("birth_date")
        judged = ctx.judges_dates(row.locator)
        for field, template in AFTER_ARCHIVE.items():
            when = row.date(field)
            if judged and when and when > ctx.as_of:
                yield finding(
                    "date_after_archive",
                    words(template, date=when, as_of=ctx.as_of),
                    field=field, date=when, as_of=ctx.as_of, column=row.columns.get(field),
                )
        if born is None:
            continue
        for field, template in BEFORE_BIRTH.items():
            when = row.date(field)
            if when and when < born:
                yield finding(
                    "impossible_age",
                    words(template, date=when, born=born),
                    field=field, date=when, birth_date=born, column=row.columns.get(field),
                )
        if judged and born <= ctx.as_of and _age(born, ctx.as_of) > MAX_AGE:
            yield finding(
                "impossible_age",
                words(N_("born {born}: {age} years old on {as_of}, over {limit}"), born=born,
                      age=_age(born, ctx.as_of), as_of=ctx.as_of, limit=MAX_AGE),
                field="birth_date", birth_date=born, as_of=ctx.as_of, column=row.columns.get("birth_date"),
            )
        admitted, released = row.date("admitted"), row.date("released")
        if admitted and released and released < admitted:
            yield finding(
                "impossible_date", words(N_("released {released} before admitted {admitted}"), released=released,
                                         admitted=admitted),
                admitted=admitted, released=released,
            )


def photos_before_birth(ctx: VerifyContext) -> Iterator[Finding]:
    """A photo whose file-name time is before the birth of the person its ID number names."""
    for photo in ctx.photos:
        born = ctx.birth_by_id.get(photo.name_id or "")
        taken = photo.name_time
        if born and taken and taken.date() < born:
            yield Finding.said(
                "impossible_age", "error",
                words(N_("photographed {taken}, before the birth date {born}"), taken=f"{taken:%Y-%m-%d}", born=born),
                photo.locator, id_number=photo.name_id, evidence={"taken": taken, "birth_date": born},
            )
