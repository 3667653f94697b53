"""The checks, one per module, each ``run(context) -> Iterator[Finding]``; CHECKS is their order in a report.

| module        | finds                                                                                   |
|---------------|-----------------------------------------------------------------------------------------|
| integrity     | originals missing or no longer matching their SHA-256                                   |
| id_numbers    | ID number format, check digit, birth date, region, against the row's birth date/sex/address |
| cells         | cells `records map` could not read exactly (ID digits lost to floating point, bad dates) |
| dates         | impossible ages (admitted before birth, over 110) and dates after the archive's date     |
| id_conflicts  | one ID number given to rows that disagree on name or birth date                          |
| exif          | EXIF missing, capture time vs file-name time, editors' software tags, camera runs, order |
| duplicates    | near-duplicate images (perceptual hash)                                                  |
| photo_records | photos whose file-name ID number has no record                                           |

How a check describes itself: module attributes, which the report prints with the check's findings.

* ``METHOD`` (str): what the check compares, and with what data, in a sentence or two a court could read.
* ``STANDARD`` (str): which of its findings are errors, warnings or info, by the evidence standard of
  ``adalet.verify.findings`` (error: cannot occur in a genuine record; warning: unusual, worth a look; info: context).
* ``COVERAGE`` (frozenset of finding names): those of its findings that say what the leak covers (a photo with no
  record, a photo without EXIF), not whether it is genuine. They are reported apart and never lower the
  authenticity score. Every other finding is an authenticity finding.
* ``EXAMINED`` (dict: count name -> what it counts, "rows with an ID number") and ``examined(context) -> dict``:
  what the check looked at, counted, so the report can say what was examined.
* ``ABSENT`` (tuple of ``findings.Absence``): what the check did *not* find, stated positively over those counts
  ("No ID number has a wrong check digit among the 2,116 read"), printed when no finding contradicts it.

A module without them is tolerated: its method and standard read "not stated", it states nothing examined and
nothing absent, and all its findings count as authenticity findings. ``SPECS`` holds each check's description.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from types import ModuleType

from adalet.verify.checks import cells, dates, duplicates, exif, id_conflicts, id_numbers, integrity, photo_records
from adalet.verify.context import VerifyContext
from adalet.verify.findings import Absence, Finding

Check = Callable[[VerifyContext], Iterator[Finding]]
Examine = Callable[[VerifyContext], dict[str, int]]
NOT_STATED = "not stated"


@dataclass(frozen=True)
class CheckSpec:
    """A check as the report presents it."""

    name: str
    run: Check
    method: str
    standard: str
    coverage: frozenset[str]
    examined_labels: dict[str, str]
    examine: Examine | None
    absent: tuple[Absence, ...]


def describe(name: str, module: ModuleType) -> CheckSpec:
    """The check of ``module``, described by its METHOD, STANDARD and COVERAGE (defaults when it has none)."""
    return CheckSpec(
        name,
        module.run,
        str(getattr(module, "METHOD", NOT_STATED)),
        str(getattr(module, "STANDARD", NOT_STATED)),
        frozenset(getattr(module, "COVERAGE", ())),
        dict(getattr(module, "EXAMINED", {})),
        getattr(module, "examined", None),
        tuple(getattr(module, "ABSENT", ())),
    )


MODULES: dict[str, ModuleType] = {
    "integrity": integrity,
    "id_numbers": id_numbers,
    "cells": cells,
    "dates": dates,
    "id_conflicts": id_conflicts,
    "exif": exif,
    "duplicates": duplicates,
    "photo_records": photo_records,
}
SPECS: dict[str, CheckSpec] = {name: describe(name, module) for name, module in MODULES.items()}
CHECKS: dict[str, Check] = {name: spec.run for name, spec in SPECS.items()}
COVERAGE_FINDINGS: frozenset[str] = frozenset().union(*(spec.coverage for spec in SPECS.values()))


def is_coverage(finding: Finding) -> bool:
    """Whether a finding says what the leak covers rather than whether it is genuine (never scored)."""
    return finding.check in COVERAGE_FINDINGS
