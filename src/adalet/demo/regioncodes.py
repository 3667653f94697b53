"""Region codes with the years they were in force, read from python-stdnum's data.

Source: python-stdnum's ``stdnum/cn/loc.dat`` (read with ``stdnum.numdb.get("cn/loc")``), which
python-stdnum builds from zh.wikipedia.org "中华人民共和国行政区划代码" and which writes a code's
validity as ``[first-last]name`` (``[1984-2001]特克斯县``, ``[2001-]特克斯县``, ``[-1984]特克斯县``).
Both ends are inclusive, as the data gives them: the year of a change belongs to the old code and
to the new one. The data is used as data: which codes named a county in a year, and whether a code
was in force in a year; never ``stdnum.cn.ric.get_birth_place`` as an oracle.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import cache

from stdnum import numdb

_VALIDITY = re.compile(r"^(?:\[(\d*)-(\d*)\])?(.+)$")


@dataclass(frozen=True)
class RegionCode:
    code: str
    county: str
    first_year: int | None  # None: in force from before the data begins
    last_year: int | None  # None: still in force

    def in_force(self, year: int) -> bool:
        return (self.first_year is None or self.first_year <= year) and (self.last_year is None or year <= self.last_year)


@cache
def _history() -> tuple[dict[str, tuple[RegionCode, ...]], dict[str, tuple[RegionCode, ...]]]:
    by_county: dict[str, list[RegionCode]] = defaultdict(list)
    by_code: dict[str, list[RegionCode]] = defaultdict(list)
    for _, province, _, _, counties in numdb.get("cn/loc").prefixes:
        for _, low, high, props, _ in counties:
            if low != high or "county" not in props:
                continue
            for entry in props["county"].split(","):
                match = _VALIDITY.match(entry)
                if not match:
                    continue
                first, last, name = match.groups()
                region = RegionCode(province + low, name, int(first) if first else None, int(last) if last else None)
                by_county[name].append(region)
                by_code[region.code].append(region)
    return (
        {name: tuple(codes) for name, codes in by_county.items()},
        {code: tuple(names) for code, names in by_code.items()},
    )


def county_codes(county: str, province_prefix: str = "65") -> tuple[RegionCode, ...]:
    """Every code python-stdnum's data gives ``county`` in the province (Xinjiang by default)."""
    return tuple(region for region in _history()[0].get(county, ()) if region.code.startswith(province_prefix))


def codes_in_force(county: str, year: int, province_prefix: str = "65") -> list[str]:
    """The codes naming ``county`` that were in force in ``year`` (two in a year of change)."""
    return [region.code for region in county_codes(county, province_prefix) if region.in_force(year)]


def in_force(code: str, year: int) -> bool:
    """Whether ``code`` named some county in ``year``."""
    return any(region.in_force(year) for region in _history()[1].get(code, ()))


def came_into_force_after(code: str, year: int) -> bool:
    """Whether ``code`` was not yet in force in ``year`` but came into force later."""
    regions = _history()[1].get(code, ())
    return not in_force(code, year) and any(r.first_year is not None and r.first_year > year for r in regions)
