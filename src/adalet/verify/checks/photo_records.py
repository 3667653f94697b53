"""Photos whose file name carries an ID number that no mapped row of the collection has (a warning: the photo
may show someone whose record is missing from the leak, or the name may be wrong)."""

from __future__ import annotations

from collections.abc import Iterator

from django.utils.translation import gettext_noop as N_

from adalet.verify.context import VerifyContext
from adalet.verify.findings import Absence, Finding, words

METHOD = "The ID number in each photo's file name is looked up among the ID numbers of the mapped rows."
STANDARD = "warning: no row has it. The leak may hold the photo without the record: coverage, not authenticity."
COVERAGE = frozenset({"photo_without_record"})
EXAMINED = {"photos_with_id": "photos whose file name carries an ID number (with records mapped)"}
ABSENT = (
    Absence("photo_without_record", "photos_with_id",
            "Every one of the {photos_with_id:,} photos whose file name carries an ID number has a record."),
)


def examined(ctx: VerifyContext) -> dict[str, int]:
    return {"photos_with_id": sum(1 for p in ctx.photos if p.name_id) if ctx.rows else 0}


def run(ctx: VerifyContext) -> Iterator[Finding]:
    if not ctx.rows:
        return  # nothing mapped yet: every photo would be "without record"
    for photo in ctx.photos:
        number = photo.name_id
        if number and number not in ctx.recorded_ids:
            yield Finding.said(
                "photo_without_record",
                "warning",
                words(N_("no record carries the ID number {number} of the file name"), number=number),
                photo.locator,
                id_number=number,
                evidence={"file_name": photo.name},
            )
