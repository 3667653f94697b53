"""Facts in OFAC's free-text Remarks field: birth dates, birthplaces, nationalities, gender, titles of aliases.

Remarks are ``;``-separated statements such as ``DOB 1955``, ``alt. DOB Jan 1958``, ``DOB circa 1960``,
``DOB 1960 to 1962``, ``POB Pingyu, Henan, China``, ``nationality China``, ``Gender Male``.
Dates become ISO prefixes: ``1955``, ``1958-01``, ``1973-12-23``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

MONTHS = {m: i for i, m in enumerate(["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1)}
_DATE = re.compile(r"(?:(\d{1,2})\s+)?(?:([A-Za-z]{3})[a-z]*\s+)?(\d{4})")
_RANGE = re.compile(r"(\d{4})\s+to\s+(\d{4})")


@dataclass
class Facts:
    birth_dates: list[str] = field(default_factory=list)
    birth_places: list[str] = field(default_factory=list)
    nationalities: list[str] = field(default_factory=list)
    gender: str = ""


def parse_date(text: str) -> list[str]:
    """ISO date prefixes in one DOB statement (a range gives every year of it)."""
    span = _RANGE.search(text)
    if span:
        first, last = int(span.group(1)), int(span.group(2))
        return [str(y) for y in range(first, last + 1)] if 0 <= last - first <= 20 else []
    out = []
    for day, month, year in _DATE.findall(text):
        m = MONTHS.get(month.lower()[:3]) if month else None
        if month and m is None:
            continue
        iso = year + (f"-{m:02d}" if m else "") + (f"-{int(day):02d}" if m and day else "")
        out.append(iso)
    return out


def _add(values: list[str], value: str) -> None:
    value = value.strip(" .")
    if value and value not in values:
        values.append(value)


def parse(remarks: str) -> Facts:
    facts = Facts()
    for statement in remarks.split(";"):
        s = statement.strip(" .")
        s = re.sub(r"^alt\.\s+", "", s)
        if s.startswith("DOB "):
            for d in parse_date(s[4:]):
                _add(facts.birth_dates, d)
        elif s.startswith("POB "):
            _add(facts.birth_places, s[4:])
        elif s.lower().startswith("nationality "):
            _add(facts.nationalities, s[12:])
        elif s.startswith("citizen "):
            _add(facts.nationalities, s[8:])
        elif s.startswith("Gender "):
            facts.gender = s[7:].strip().lower()
    return facts
