"""Cells that `records map` could not read exactly (an ID number stored as a float, an ambiguous date): reported
here too, so a reviewer sees every doubt about the material in one place."""

from __future__ import annotations

import re
from collections.abc import Iterator

from django.utils.translation import gettext_noop as N_

from adalet.verify.context import VerifyContext
from adalet.verify.findings import Absence, Finding, Words, words

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
#: the fields whose cells `records map` parses, named in words in the reader's language (their key, in context "field")
FIELDS = ("id_number", "relative_id_number", "name", "sex", "birth_date", "age", "admitted", "released")
#: the reasons `records map` gives for a cell (adalet.people.cells, adalet.people.records), as words
REASONS = tuple((re.compile(pattern, re.S), template) for pattern, template in (
    (r"ID number stored as a number: digits lost \((?P<shown>.*)\)", N_("ID number stored as a number: digits lost ({shown})")),
    (r"ID number stored as a floating-point number \((?P<value>.*)\): digits past the 15th are lost",
     N_("ID number stored as a floating-point number ({value}): digits past the 15th are lost")),
    (r"not an ID number: (?P<value>.*)", N_("not an ID number: {value}")),
    (r"empty ID number", N_("empty ID number")),
    (r"ID number has (?P<count>[0-9]+) characters, expected 18 \(or 15 for old-style numbers\): (?P<text>.*)",
     N_("ID number has {count} characters, expected 18 (or 15 for old-style numbers): {text}")),
    (r"ID number has characters other than 17 digits and a final digit or X: (?P<text>.*)",
     N_("ID number has characters other than 17 digits and a final digit or X: {text}")),
    (r"number (?P<serial>\S+) is not a plausible Excel 1904 date serial",
     N_("number {serial} is not a plausible Excel 1904 date serial")),
    (r"number (?P<serial>\S+) is not a plausible Excel date serial", N_("number {serial} is not a plausible Excel date serial")),
    (r"Excel serial 60 is 1900-02-29, a day that does not exist \(Excel's 1900 leap-year bug\)",
     N_("Excel serial 60 is 1900-02-29, a day that does not exist (Excel's 1900 leap-year bug)")),
    (r"impossible date (?P<text>.*?): (?P<error>.*)", N_("impossible date {text}: {error}")),
    (r"not a date: (?P<value>.*)", N_("not a date: {value}")),
    (r"empty date", N_("empty date")),
    (r"ambiguous day/month order: (?P<text>.*)", N_("ambiguous day/month order: {text}")),
    (r"unrecognised date format: (?P<text>.*)", N_("unrecognised date format: {text}")),
    (r"unrecognised sex: (?P<value>.*)", N_("unrecognised sex: {value}")),
    (r"not an age in years: (?P<value>.*)", N_("not an age in years: {value}")),
    (r"row has neither a name nor an ID number", N_("row has neither a name nor an ID number")),
))


def reason_words(reason: object) -> Words | str:
    """A cell's reason as words when it is one `records map` gives (and reads back word for word), else as written."""
    text = str(reason)
    for pattern, template in REASONS:
        found = pattern.fullmatch(text)
        if found:
            said = words(template, **found.groupdict())
            if said.english() == text:
                return said
    return text


def field_words(field: object) -> Words | str:
    """A field's key as a word of the reader's language (the English message keeps the key, ``birth_date``)."""
    return Words(str(field), context="field") if field in FIELDS else str(field)


def examined(ctx: VerifyContext) -> dict[str, int]:
    return {"rows": len(ctx.rows)}


def run(ctx: VerifyContext) -> Iterator[Finding]:
    for row in ctx.rows:
        for problem in row.problems:
            yield Finding.said(
                "cell_unreadable",
                "warning",
                words(N_("column {column} ({field}): {reason}"), column=problem.get("column"),
                      field=field_words(problem.get("field")), reason=reason_words(problem.get("reason"))),
                row.locator,
                row.sheet,
                row.row,
                row.id_number,
                problem,
            )
