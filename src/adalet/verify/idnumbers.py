"""Checks of one resident ID number (GB 11643-1999) against itself and the record's stated facts.

Owns: format, ISO 7064 MOD 11-2 checksum (``stdnum.cn.ric``), birth date, region code, and agreement of the number
with the stated birth date, sex and household registration address. A clean number gives no findings.

The region code is the county of household registration *when the number was assigned* (a first card at 16, the
18-digit roll-out of 1999-2004, a birth registered later) and never changes afterwards. So a code is consistent
when it was in force at some time between the birth date and the archive's date (``on``): its history comes from
``adalet.verify.regions`` (stdnum's data, as data). A code that never existed, or was abolished before the person
was born, cannot occur in a genuine number: an error. A code that came into force only after the archive's date
is a warning (that date may be an estimate). A consistent code abolished before the archive's date is context
(info), naming its successor when the data shows one.

The address check runs whatever the region check found: the household registration address (户籍地; never the
current residence) should name the place of the code under any name it ever had or a successor's. An address
without Chinese characters is not compared (the code's names are Chinese): no finding.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Literal

from django.utils.translation import gettext_noop as N_
from stdnum.cn import ric

from adalet.people.cells import parse_sex
from adalet.verify.findings import Words, words
from adalet.verify.regions import address_names, region, successors

Severity = Literal["info", "warning", "error"]


@dataclass(frozen=True)
class Finding:
    """One result of a check: ``check`` names it, ``evidence`` holds the values compared, ``words`` its message as a
    translatable template (``adalet.verify.findings.Words``)."""

    check: str
    severity: Severity
    message: str
    evidence: dict[str, Any] = field(default_factory=dict)
    words: Words | None = field(default=None, compare=False)


def _found(check: str, severity: Severity, said: Words, evidence: dict[str, Any]) -> Finding:
    return Finding(check, severity, said.english(), evidence, said)


_CLEAN = re.compile(r"[0-9]{17}[0-9X]|[0-9]{15}")  # already compact: stdnum's clean() would change nothing
_HAN = re.compile(r"[\u4e00-\u9fff]")


def _named(code: str, names: tuple[str, ...]) -> str:
    return f"{code} ({'/'.join(names)})" if names else code


def region_findings(code: str, born: dt.date | None, on: dt.date) -> list[Finding]:
    """The region code against its history: in force at some time from the birth year to ``on``'s year?"""
    return list(_region_findings(code, born.year if born else None, on))


@lru_cache(maxsize=65536)  # one leak holds few codes, birth years and archive dates: 100,000 rows, a few thousand keys
def _region_findings(code: str, born_year: int | None, on: dt.date) -> tuple[Finding, ...]:
    return tuple(_region_history(code, born_year, on))


def _region_history(code: str, born_year: int | None, on: dt.date) -> list[Finding]:
    found = region(code)
    if found is None:
        return [_found("region", "error", words(N_("unknown region code {code}"), code=code), {"region_code": code})]
    names = found.all_names
    evidence: dict[str, Any] = {"region_code": code, "names": list(names), "first_year": found.first,
                                "last_year": found.abolished}
    if born_year is not None and found.abolished is not None and found.abolished < born_year:
        return [_found(
            "region", "error",
            words(N_("region code {region} was abolished in {abolished}, before the birth year {birth_year}"),
                  region=_named(code, names), abolished=found.abolished, birth_year=born_year),
            evidence | {"birth_year": born_year},
        )]
    if found.first is not None and found.first > on.year:
        return [_found(
            "region", "warning",
            words(N_("region code {region} came into force in {first}, after the archive's date {on}"),
                  region=_named(code, names), first=found.first, on=on),
            evidence | {"on": on},
        )]
    if found.abolished is not None and found.abolished < on.year:
        after = successors(code)
        said = (
            words(N_("region code {region} was in force until {abolished}, then replaced by {successors}"),
                  region=_named(code, names), abolished=found.abolished,
                  successors=", ".join(_named(s.code, s.all_names) for s in after))
            if after else
            words(N_("region code {region} was in force until {abolished}, then replaced (the data does not say by "
                     "what)"), region=_named(code, names), abolished=found.abolished)
        )
        return [_found("region_replaced", "info", said, evidence | {"successors": [s.code for s in after]})]
    return []


def address_findings(code: str, address: str | None) -> list[Finding]:
    """The household registration address against every name the code's place has had (see the docstring)."""
    names = address_names(code)
    if not address or not names or not _HAN.search(address) or any(name in address for name in names):
        return []
    found = region(code)
    return [_found(
        "address", "warning",
        words(N_("region code {region}: none of these names is in the household registration address"),
              region=_named(code, names)),
        {"region_code": code, "province": found.province if found else None, "names": list(names), "address": address},
    )]


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
        findings.append(_found("old_style", "info", words(N_("15-digit old-style ID number (no check digit)")),
                               {"id_number": number}))
        first17 = number[:6] + "19" + number[6:]
        number = first17 + ric.calc_check_digit(first17 + "0")
    elif not re.fullmatch(r"[0-9]{17}[0-9X]", number):
        return [_found("format", "error", words(N_("not 17 digits and a check character: {number}"), number=number),
                       {"id_number": number})]
    else:
        expected = ric.calc_check_digit(number)
        if number[-1] != expected:
            findings.append(
                _found(
                    "checksum",
                    "error",
                    words(N_("check digit is {digit}, the first 17 digits give {expected}"), digit=number[-1],
                          expected=expected),
                    {"id_number": number, "check_digit": number[-1], "expected": expected},
                )
            )

    try:
        born: dt.date | None = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        born = None
        findings.append(
            _found("birth_date", "error", words(N_("impossible birth date in number: {digits}"), digits=number[6:14]),
                   {"digits": number[6:14]})
        )
    on = on or dt.date.today()
    if born and born > on:
        findings.append(_found("birth_date", "error", words(N_("birth date {born} is after {on}"), born=born, on=on),
                               {"birth_date": born, "on": on}))

    findings.extend(region_findings(number[:6], born, on))
    findings.extend(address_findings(number[:6], address))

    if birth_date is not None and born:
        if isinstance(birth_date, dt.datetime):
            birth_date = birth_date.date()
        if birth_date != born:
            findings.append(
                _found(
                    "stated_birth_date",
                    "warning",
                    words(N_("stated birth date {stated} but the number says {born}"), stated=birth_date, born=born),
                    {"stated": birth_date, "in_number": born},
                )
            )
    if sex is not None:
        stated = parse_sex(sex)
        in_number = "M" if int(number[16]) % 2 else "F"
        if stated != in_number:
            findings.append(
                _found(
                    "stated_sex",
                    "warning",
                    words(N_("stated sex {stated} but the 17th digit ({digit}) says {in_number}"), stated=stated,
                          digit=number[16], in_number=in_number),
                    {"stated": stated, "in_number": in_number, "digit": number[16]},
                )
            )
    return findings
