"""The history of administrative region codes (GB/T 2260), read as data from python-stdnum's ``cn/loc``.

Each code has one or more names, each with the years it was in force, written in stdnum's data as
``[1984-2001]特克斯县`` (from 1984 to 2001), ``[-1984]`` (until 1984), ``[1984-]`` (since 1984) or no
bracket (in force throughout the data's span). Years are inclusive: a code abolished in 1984 and its successor
created in 1984 are both in force in 1984, since the data does not say on which day the change took effect.

* :func:`region` reads one code's names and years (None for a code the data has never listed);
* :meth:`RegionCode.in_force_between` says whether it was in force at some time in a span of years;
* :func:`successors` names the codes that took over an abolished code: the data does not link them, so a
  successor is a code of the same province created within a year of the abolition under a name of the same
  place (特克斯县 654127 -> 654027; 库车县 652923 -> 库车市 652902). Renames the data cannot show give none;
* :func:`address_names` lists every name an address may carry for a code: each name it ever had, its
  successors' names, and for a code named generically (市区, 市辖区: a city's districts) the city's name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from stdnum import numdb

_YEARS = re.compile(r"^\[(?P<first>[0-9]*)-(?P<last>[0-9]*)\]")
GENERIC_NAMES = frozenset({"市区", "市辖区"})  # a code for a city's districts as a whole: the address names the city
_PLACE_KINDS = ("自治县", "自治州", "县", "市", "区")  # dropped to compare names of one place across renames


@dataclass(frozen=True)
class RegionName:
    """One name a code had, with the first and last year it was in force (None: open at that end)."""

    name: str
    first: int | None
    last: int | None


@dataclass(frozen=True)
class RegionCode:
    code: str
    province: str | None
    names: tuple[RegionName, ...]

    @property
    def first(self) -> int | None:
        """The first year the code was in force; None when it was before the data's records began."""
        return None if any(n.first is None for n in self.names) else min(n.first for n in self.names if n.first)

    @property
    def abolished(self) -> int | None:
        """The last year the code was in force, or None when it still is."""
        return None if any(n.last is None for n in self.names) else max(n.last for n in self.names if n.last)

    def in_force_between(self, first_year: int, last_year: int) -> bool:
        """Whether the code was in force at some time from ``first_year`` to ``last_year`` (inclusive)."""
        return any(
            (n.first is None or n.first <= last_year) and (n.last is None or n.last >= first_year) for n in self.names
        )

    def name_in(self, year: int) -> str | None:
        """The name the code had in ``year``; None when it was not in force then."""
        return next(
            (n.name for n in self.names if (n.first is None or n.first <= year) and (n.last is None or n.last >= year)),
            None,
        )

    @property
    def all_names(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(n.name for n in self.names))


def _parse_names(text: str) -> tuple[RegionName, ...]:
    names = []
    for part in filter(None, text.split(",")):
        years = _YEARS.match(part)
        if years is None:
            names.append(RegionName(part, None, None))
        else:
            first, last = years["first"], years["last"]
            names.append(RegionName(part[years.end() :], int(first) if first else None, int(last) if last else None))
    return tuple(names)


@lru_cache(maxsize=8192)
def region(code: str) -> RegionCode | None:
    """The code's names and years, or None when stdnum's data has never listed it."""
    info = {key: value for _, props in numdb.get("cn/loc").info(code) for key, value in props.items()}
    names = _parse_names(info.get("county", ""))
    return RegionCode(code, info.get("province"), names) if names else None


@lru_cache(maxsize=64)
def _province_codes(province: str) -> tuple[RegionCode, ...]:
    """Every county-level code stdnum's data lists under a two-digit province code."""
    found: list[RegionCode] = []
    for _length, low, _high, _props, children in numdb.get("cn/loc").prefixes:
        if low == province:
            for _child_length, child, _child_high, _child_props, _grandchildren in children:
                listed = region(province + child)
                if listed is not None:
                    found.append(listed)
    return tuple(found)


def _place(name: str) -> str:
    """A name without its kind of place (特克斯县 -> 特克斯, 库车市 -> 库车), kept whole when nothing would remain."""
    for kind in _PLACE_KINDS:
        if name.endswith(kind) and len(name) - len(kind) >= 2:
            return name[: -len(kind)]
    return name


@lru_cache(maxsize=8192)
def successors(code: str) -> tuple[RegionCode, ...]:
    """The codes that took over ``code`` when it was abolished (see the module's docstring); () when none is known."""
    abolished = region(code)
    if abolished is None or abolished.abolished is None:
        return ()
    last = abolished.abolished
    places = {_place(n.name) for n in abolished.names if n.name not in GENERIC_NAMES}
    return tuple(
        other
        for other in _province_codes(code[:2])
        if other.code != code
        and other.first is not None
        and abs(other.first - last) <= 1
        and places & {_place(n.name) for n in other.names}
    )


@lru_cache(maxsize=8192)
def address_names(code: str) -> tuple[str, ...]:
    """Every name an address may give the place of ``code``: its own names, its successors' (and theirs), and the
    city's name for a code named generically. () for an unknown code."""
    names: list[str] = []
    seen: set[str] = set()
    pending = [code]
    while pending:
        current = pending.pop()
        if current in seen:
            continue
        seen.add(current)
        found = region(current)
        if found is None:
            continue
        for name in found.all_names:
            if name in GENERIC_NAMES:
                city = region(current[:4] + "00")
                names.extend(n for n in (city.all_names if city else ()) if n not in GENERIC_NAMES)
            else:
                names.append(name)
        pending.extend(s.code for s in successors(current))
    return tuple(dict.fromkeys(names))
