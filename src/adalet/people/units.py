"""The area a unit covers: read from the unit's name, or stated by the user, as a set of Xinjiang's counties.

A unit is the body a post belongs to. Its name starts with the place it answers for, in any script:

* 特克斯县公安局, "Tekes County Public Security Bureau", تېكەس ناھىيىلىك جامائەت خەۋپسىزلىك ئىدارىسى -> Tekes County;
* 伊犁哈萨克自治州公安局, "Ili Kazakh Autonomous Prefecture PSB" -> every county of the Ili prefecture;
* 喀什地区… -> the Kashgar prefecture; 新疆维吾尔自治区党委, "XUAR Party Committee" -> the whole region;
* 喀什地区疏附县公安局 -> Shufu County (the narrowest place named).

Counties and the prefecture each belongs to come from the region-code tree (`adalet.names.counties`, python-stdnum's
cn/loc data); the names of the region and the prefectures in ``data/prefectures.tsv``. A unit whose name starts with
no known place, names two places, or is the XPCC (its own jurisdiction) is an error naming it: never "no area".
`stated` reads an area the user gives instead (``--jurisdiction "特克斯县; 昭苏县"``, ``"Ili Prefecture"``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from adalet.names import counties as places
from adalet.names.arabic import to_latin

DATA = Path(__file__).resolve().parent / "data" / "prefectures.tsv"
#: Bodies that name a place but answer for no area of it: state their area (--jurisdiction).
NOT_AN_AREA = ("生产建设兵团", "兵团", "production and construction corps", "xpcc", "bingtuan")
_WORD = re.compile(r"[^\W_]+")


class UnitError(ValueError):
    """A unit (or a stated area) whose area cannot be told: names it."""


@dataclass(frozen=True)
class Area:
    """The counties a unit answers for, and how that is known."""

    label: str  # 伊犁哈萨克自治州 (Ili Kazakh Autonomous Prefecture)
    level: str  # county, prefecture, region or stated
    counties: frozenset[str]  # Chinese names as adalet.names.counties gives them
    how: str  # "read from the unit's name" or "stated"


@dataclass(frozen=True)
class _Place:
    level: str
    chinese: tuple[str, ...]
    english: str
    keys: tuple[tuple[str, ...], ...]  # Latin (and Uyghur read as Latin) forms as folded words


def _words(text: str) -> tuple[str, ...]:
    """Latin or Uyghur text as folded words (Uyghur read in ULY; accents dropped; case folded)."""
    text = unicodedata.normalize("NFKC", text)
    if any("\u0600" <= c <= "\u06ff" or "\ufb50" <= c <= "\ufeff" for c in text):
        text = to_latin(text)
    plain = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return tuple(w.casefold() for w in _WORD.findall(plain.replace("'", "")))


@cache
def _places() -> tuple[_Place, ...]:
    found = []
    for number, line in enumerate(DATA.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = [p.strip() for p in line.split("\t")]
        if len(parts) != 6 or parts[0] not in ("region", "prefecture"):
            raise UnitError(f"{DATA}:{number}: expected level, chinese, english, uyghur, latin and source")
        forms = [*parts[3].split("|"), *parts[4].split("|"), parts[2]]
        keys = tuple(dict.fromkeys(_words(f) for f in forms if f.strip()))
        found.append(_Place(parts[0], tuple(parts[1].split("|")), parts[2], keys))
    return tuple(found)


def _counties_of(place: _Place) -> frozenset[str]:
    if place.level == "region":
        return frozenset(c.name for c in places.counties())
    found = frozenset(c.name for c in places.counties() if c.prefecture in place.chinese)
    if not found:
        raise UnitError(f"the region-code data has no county in {place.chinese[0]}")
    return found


def _area(place: _Place, how: str) -> Area:
    return Area(f"{place.chinese[0]} ({place.english})", place.level, _counties_of(place), how)


def _county_area(county: places.County, how: str) -> Area:
    label = f"{county.name} ({county.english})" if county.english else county.name
    return Area(label, "county", frozenset({county.name}), how)


def _han_prefixes(text: str) -> Iterator[tuple[str, object]]:
    """(rest, place) for every place the Chinese text starts with, narrowest last: region, prefecture, county."""
    for place in sorted(_places(), key=lambda p: p.level != "region"):
        for form in sorted(place.chinese, key=len, reverse=True):
            if text.startswith(form):
                yield text[len(form):], place
                break


def _read_han(text: str) -> object | None:
    """The narrowest place a Chinese unit name starts with (region, then prefecture, then county)."""
    found: object | None = None
    for level in ("region", "prefecture"):
        for rest, place in _han_prefixes(text):
            if isinstance(place, _Place) and place.level == level and rest != text:
                found, text = place, rest
                break
    county = max((c for c in places.counties() if text.startswith(c.name)), key=lambda c: len(c.name), default=None)
    return county or found


def _read_words(words: tuple[str, ...], original: str) -> object | None:
    """The place the longest leading run of words names (a prefecture or the region before a county of the same
    length); counties through adalet.names.counties.resolve."""
    latin = to_latin(original) if _words(original) and re.search(r"[\u0600-\u06ff]", original) else original
    typed = _WORD.findall(unicodedata.normalize("NFKC", latin).replace("'", ""))
    for size in range(len(words), 0, -1):
        head = words[:size]
        named = [p for p in _places() if head in p.keys]
        if named:
            return named[0]
        found = places.resolve(" ".join(typed[:size])) if len(typed) == len(words) else ()
        if len(found) > 1:
            raise UnitError(f"{original!r} names {len(found)} counties ({', '.join(c.name for c in found)}): "
                            "state its area with --jurisdiction")
        if found:
            return found[0]
    return None


def _read(text: str) -> object | None:
    compact = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
    if any("\u3400" <= c <= "\u9fff" for c in compact[:2]):
        return _read_han(compact)
    return _read_words(_words(text), text)


def of_unit(unit: str) -> Area:
    """The area the unit's name says it covers; UnitError naming the unit when it says none (or two)."""
    text = " ".join(unicodedata.normalize("NFKC", unit).split())
    if not text:
        raise UnitError("a post without a unit covers no known area: state it with --jurisdiction")
    folded = text.casefold()
    if any(marker in folded for marker in NOT_AN_AREA):
        raise UnitError(f"unit {unit!r} answers for no county of its own: state its area with --jurisdiction")
    place = _read(text)
    if place is None:
        raise UnitError(f"unknown unit {unit!r}: its name starts with no known place of Xinjiang; "
                        "state its area with --jurisdiction")
    how = "read from the unit's name"
    return _area(place, how) if isinstance(place, _Place) else _county_area(place, how)  # type: ignore[arg-type]


def stated(text: str) -> Area:
    """An area as the user states it: places (counties, prefectures, the region) in any script, ';' or ',' apart."""
    parts = [p.strip() for p in re.split(r"[;,，；、]", text) if p.strip()]
    if not parts:
        raise UnitError("an empty --jurisdiction: name a county, prefecture or the region")
    counties: set[str] = set()
    labels = []
    for part in parts:
        place = _read(part)
        whole = place is not None and _names_whole(part, place)
        if not whole:
            raise UnitError(f"unknown place {part!r} in --jurisdiction: name a county, prefecture or the region")
        area = _area(place, "") if isinstance(place, _Place) else _county_area(place, "")  # type: ignore[arg-type]
        counties |= area.counties
        labels.append(area.label)
    return Area("; ".join(labels), "stated", frozenset(counties), "stated")


def _names_whole(part: str, place: object) -> bool:
    """Whether a stated place is only a place (its whole text), not a unit or a phrase starting with one."""
    compact = re.sub(r"\s+", "", unicodedata.normalize("NFKC", part))
    if any("\u3400" <= c <= "\u9fff" for c in compact[:2]):
        if isinstance(place, _Place):
            return compact in place.chinese
        return bool(places.resolve(compact))
    if isinstance(place, _Place):
        return _words(part) in place.keys
    return bool(places.resolve(part))
