"""The checks, one per module, each ``run(context) -> Iterator[Finding]``; CHECKS is their order in a report.

| module        | finds                                                                                   |
|---------------|-----------------------------------------------------------------------------------------|
| integrity     | originals missing or no longer matching their SHA-256                                   |
| id_numbers    | ID number format, check digit, birth date, region, against the row's birth date/sex/address |
| cells         | cells `records map` could not read exactly (ID digits lost to floating point, bad dates) |
| dates         | impossible ages (admitted before birth, over 110) and dates after the archive's latest date |
| id_conflicts  | one ID number given to rows that disagree on name or birth date                          |
| exif          | EXIF missing, capture time vs file-name time, editors' software tags, camera runs, order |
| duplicates    | near-duplicate images (perceptual hash)                                                  |
| photo_records | photos whose file-name ID number has no record                                           |
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from adalet.verify.checks import cells, dates, duplicates, exif, id_conflicts, id_numbers, integrity, photo_records
from adalet.verify.context import VerifyContext
from adalet.verify.findings import Finding

Check = Callable[[VerifyContext], Iterator[Finding]]

CHECKS: dict[str, Check] = {
    "integrity": integrity.run,
    "id_numbers": id_numbers.run,
    "cells": cells.run,
    "dates": dates.run,
    "id_conflicts": id_conflicts.run,
    "exif": exif.run,
    "duplicates": duplicates.run,
    "photo_records": photo_records.run,
}
