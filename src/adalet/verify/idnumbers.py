"""Checks of one resident ID number (GB 11643-1999) against itself and the record's stated facts.

Owns: format, ISO 7064 MOD 11-2 checksum, birth date and region code (via python-stdnum's ``stdnum.cn.ric``
and its region data, which knows the years each code was valid), and agreement of the number with the
stated birth date, sex and address. A clean number gives no findings.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Literal

from stdnum import numdb
from stdnum.cn import ric
from stdnum.exceptions import ValidationError

from adalet.people.cells import parse_sex

Severity = Literal["info", "warning", "error"]


@dataclass(frozen=True)
class Finding:
    """One result of a check: ``check`` names it, ``evidence`` holds the values compared."""

    check: str
    severity: Severity
    message: str
    evidence: dict[str, Any] = field(default_factory=dict)


@lru_cache(maxsize=8192)
def _region_names(code: str) -> tuple[str | None, list[str]]:
    """The province and every county name stdnum's region data has ever given ``code`` (brackets dropped)."""
    info = {k: v for _, props in numdb.get("cn/loc").info(code) for k, v in props.items()}
    names = [re.sub(r"^\[[0-9-]*\]", "", name) for name in info.get("county", "").split(",") if name]
    return info.get("province"), names


_CLEAN = re.compile(r"[0-9]{17}[0-9X]|[0-9]{15}")  # already compact: stdnum's clean() would change nothing


@lru_cache(maxsize=65536)
def _county_in(code: str, year: int) -> str | None:
    """The county stdnum gives region ``code`` for someone born in ``year``; None when the code was not valid then."""
    first17 = f"{code}{year:04d}0101001"
    try:
        return ric.get_birth_place(first17 + ric.calc_check_digit(first17))["county"]
    except ValidationError:
        return None


def check_id_number(
    id_number: str,
    *,
    birth_date: dt.date | None = None,
    sex: str | None = None,
    address: str | None = None,
    on: dt.date | None = None,
) -> list[Finding]:
    """Check an ID number (18 characters, or 15 old-style digits) and its agreement with the stated facts.

    ``sex`` is anything ``parse_sex`` reads; ``on`` is the date the record speaks of (default today),
    after which no one can have been born.
    """
    number = id_number if _CLEAN.fullmatch(id_number) else ric.compact(id_number)
    findings: list[Finding] = []
    if re.fullmatch(r"[0-9]{15}", number):
        findings.append(Finding("old_style", "info", "15-digit old-style ID number (no check digit)", {"id_number": number}))
        first17 = number[:6] + "19" + number[6:]
        number = first17 + ric.calc_check_digit(first17 + "0")
    elif not re.fullmatch(r"[0-9]{17}[0-9X]", number):
        return [Finding("format", "error", f"not 17 digits and a check character: {number}", {"id_number": number})]
    else:
        expected = ric.calc_check_digit(number)
        if number[-1] != expected:
            findings.append(
                Finding(
                    "checksum",
                    "error",
                    f"check digit is {number[-1]}, the first 17 digits give {expected}",
                    {"id_number": number, "check_digit": number[-1], "expected": expected},
                )
            )

    try:
        born: dt.date | None = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        born = None
        findings.append(
            Finding("birth_date", "error", f"impossible birth date in number: {number[6:14]}", {"digits": number[6:14]})
        )
    on = on or dt.date.today()
    if born and born > on:
        findings.append(Finding("birth_date", "error", f"birth date {born} is after {on}", {"birth_date": born, "on": on}))

    code = number[:6]
    province, counties = _region_names(code)
    if not counties:
        findings.append(Finding("region", "error", f"unknown region code {code}", {"region_code": code}))
    elif born:
        county = _county_in(code, born.year)
        if county is None:
            findings.append(
                Finding(
                    "region",
                    "error",
                    f"region code {code} ({'/'.join(counties)}) was not valid in {born.year}",
                    {"region_code": code, "counties": counties, "year": born.year},
                )
            )
        elif address is not None and not any(name in address for name in counties):
            findings.append(
                Finding(
                    "address",
                    "warning",
                    f"region code {code} is {county}, not in the stated address",
                    {"region_code": code, "province": province, "county": county, "address": address},
                )
            )

    if birth_date is not None and born:
        if isinstance(birth_date, dt.datetime):
            birth_date = birth_date.date()
        if birth_date != born:
            findings.append(
                Finding(
                    "stated_birth_date",
                    "warning",
                    f"stated birth date {birth_date} but the number says {born}",
                    {"stated": birth_date, "in_number": born},
                )
            )
    if sex is not None:
        stated = parse_sex(sex)
        in_number = "M" if int(number[16]) % 2 else "F"
        if stated != in_number:
            findings.append(
                Finding(
                    "stated_sex",
                    "warning",
                    f"stated sex {stated} but the 17th digit ({number[16]}) says {in_number}",
                    {"stated": stated, "in_number": in_number, "digit": number[16]},
                )
            )
    return findings
