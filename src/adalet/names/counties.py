"""Xinjiang's counties, known by name in Chinese, Uyghur (Arabic script) and Latin letters, with their region codes.

Codes and Chinese names come from python-stdnum's ``cn/loc`` data (GB/T 2260, with the years each code was in
force: a resident ID number keeps the code of the year it was issued, so Tekes is 652427, 654127 or 654027). The
Uyghur and Latin names of the counties in ``data/counties.tsv`` are added from the sources that file names; every
other county is known by its Chinese name and its pinyin (pypinyin's reading, toneless).

* :func:`resolve` reads what a person typed ("疏附县", "疏附", "كونا شەھەر ناھىيىسى", "Konasheher", "Shufu County",
  "喀什地区疏附县") and returns the county, or nothing: never a guess from a piece of text. A name two counties share
  ("伊宁": the city and the county) returns both.
* :func:`county_in` reads the county of a Chinese address ("新疆维吾尔自治区喀什地区疏附县托克扎克镇…" -> 疏附县).
* :meth:`County.label` names a county for a reader of English, Uyghur or Chinese.

Pure Python: no Django.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "counties.tsv"
PROVINCE = "65"  # Xinjiang's province code
REGION_NAMES = ("新疆维吾尔自治区", "新疆维吾尔族自治区", "新疆自治区", "新疆")
_SUFFIXES = "县市区"
_KINDS = {"县": "county", "市": "city", "区": "district"}
# An autonomous county's people before 自治县: 巴里坤哈萨克自治县 is also called 巴里坤 (Barkol).
_AUTONOMOUS = re.compile(r"(?:塔吉克|哈萨克|锡伯|蒙古|回族|柯尔克孜)?自治$")
# Words that say what kind of place a name is, dropped when a name is compared: "Shufu County", "كونا شەھەر
# ناھىيىسى" (read "kona sheher nahiyisi") and "Konasheher" are the same county.
_GENERIC = frozenset({
    "nahiyisi", "nahiyesi", "nahiye", "nahiyilik", "shehiri", "shehri", "sheheri", "xahiri", "xehiri", "rayoni",
    "county", "city", "district", "xian", "shi", "qu", "wilayiti",
})
_WORD = re.compile(r"[^\W\d_]+")


class CountyDataError(ValueError):
    """A malformed line in counties.tsv: names the file and line."""


@dataclass(frozen=True)
class County:
    """A county-level division of Xinjiang."""

    name: str  # Chinese, as python-stdnum names it: 疏附县
    codes: tuple[str, ...]  # every region code python-stdnum has given this name, oldest first
    prefecture: str  # the prefecture of its latest code: 喀什地区
    pinyin: str = ""  # the source's, else pypinyin's reading (matched, never shown)
    english: str = ""  # the source's English name, "" without one
    uyghur: tuple[str, ...] = ()  # Arabic script, the official form first
    latin: tuple[str, ...] = ()
    source: str = ""
    keys: frozenset[str] = field(default=frozenset(), compare=False)  # every form as compared, whole
    bare_keys: frozenset[str] = field(default=frozenset(), compare=False)  # the same without "county", 县...

    def label(self, language: str) -> str:
        """The county for a reader of ``language`` (a Django language code): its Uyghur name for "ug", its Chinese
        name for Chinese, else its English name; with the Chinese name beside it. A county the data file does not
        name in Uyghur or English is shown by its Chinese name."""
        if language.startswith("zh"):
            return self.name
        if language.startswith("ug") and self.uyghur:
            return f"{self.uyghur[0]} ({self.name})"
        return f"{self.english} ({self.name})" if self.english else self.name


def _years_and_names(text: str) -> list[tuple[int, str]]:
    """python-stdnum's names of one code with the first year of each ("[1984-2001]伊宁市,..." -> [(1984, "伊宁市")...];
    0 for a name valid from the start)."""
    named: list[tuple[int, str]] = []
    for part in text.split(","):
        years, _, name = part.rpartition("]")
        first = years.lstrip("[").split("-")[0]
        if name:
            named.append((int(first) if first.isdigit() else 0, name))
    return named


@cache
def _stdnum() -> tuple[dict[str, list[str]], list[str]]:
    """{Chinese county name: codes, oldest first} and the prefecture names, for Xinjiang, from python-stdnum's cn/loc
    data."""
    from stdnum import numdb

    dated: dict[str, list[tuple[int, str]]] = {}
    prefectures: list[str] = []
    for _length, low, _high, _props, children in numdb.get("cn/loc").prefixes:
        if low != PROVINCE:
            continue
        for _l, sub, _h, props, _c in children:
            names = _years_and_names(props.get("county", ""))
            if sub.endswith("00"):
                prefectures += [n for _, n in names if not n.startswith("自治区直辖")]
                continue
            for first, name in names:
                if name[-1] in _SUFFIXES and name not in ("市辖区", "市区"):
                    dated.setdefault(name, []).append((first, PROVINCE + sub))
    return {name: [code for _, code in sorted(codes)] for name, codes in dated.items()}, prefectures


def _prefecture_of(code: str) -> str:
    from stdnum import numdb

    info = {k: v for _, props in numdb.get("cn/loc").info(code[:4] + "00") for k, v in props.items()}
    names = _years_and_names(info.get("county", ""))
    return max(names)[1] if names else ""


def _rows() -> Iterable[tuple[int, list[str]]]:
    for number, line in enumerate(DATA.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip() and not line.startswith("#"):
            yield number, [part.strip() for part in line.split("\t")]


def _split(column: str) -> tuple[str, ...]:
    return tuple(form.strip() for form in column.split("|") if form.strip())


@cache
def counties() -> tuple[County, ...]:
    """Every county of Xinjiang python-stdnum knows, with the names counties.tsv adds."""
    codes, _prefectures = _stdnum()
    extra: dict[str, list[str]] = {}
    for number, parts in _rows():
        if len(parts) != 6 or not all(parts[:4]):
            raise CountyDataError(f"{DATA}:{number}: expected chinese, english, pinyin, uyghur, latin and source")
        if parts[0] not in codes:
            raise CountyDataError(f"{DATA}:{number}: python-stdnum knows no county {parts[0]!r} in Xinjiang")
        extra[parts[0]] = parts
    known: list[County] = []
    for name, its_codes in sorted(codes.items(), key=lambda pair: (pair[1][-1], pair[0])):
        row = extra.get(name)
        derived = _pinyin(name)
        uyghur = _split(row[3]) if row else ()
        latin = _split(row[4]) if row else ()
        forms_han = [name]
        english = row[1] if row else ""
        short = _AUTONOMOUS.sub("", name[:-1]) if name.endswith("自治县") else ""
        forms_latin = [derived, *((english, _ascii(row[2])) if row else ()), *latin, *(_reading(u) for u in uyghur)]
        forms_latin += [f"{_pinyin(short or name).split()[0]} {_KINDS[name[-1]]}", *((_pinyin(short),) if short else ())]
        forms_han += [short] if short else []
        keys = {_han_key(f) for f in forms_han} | {_latin_key(f) for f in forms_latin}
        bare = {_bare_han(f) for f in forms_han} | {_latin_key(f, bare=True) for f in forms_latin}
        known.append(County(
            name=name,
            codes=tuple(dict.fromkeys(its_codes)),
            prefecture=_prefecture_of(its_codes[-1]),
            pinyin=row[2] if row else derived,
            english=english,
            uyghur=uyghur,
            latin=latin,
            source=row[5] if row else "python-stdnum cn/loc",
            keys=frozenset(k for k in keys if k),
            bare_keys=frozenset(k for k in bare if k),
        ))
    return tuple(known)


# --- Names as compared --------------------------------------------------------------------------


def _ascii(text: str) -> str:
    """Diacritics dropped (Shūfù -> Shufu, Yëngisheher -> Yengisheher)."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


# Readings of characters in Xinjiang's place names where pypinyin's everyday reading is not the place's: 喀什 Kashi,
# 阿图什 Atushi, 塔什库尔干 Tashikuergan; 疏勒 Shule, 库尔勒 Kuerle, 阿勒泰 Aletai, 策勒 Cele; 伽师 Jiashi.
_PLACE_READINGS = {"什": "shi", "勒": "le", "伽": "jia"}


def _pinyin(name: str) -> str:
    """Toneless pinyin of a Chinese place name, for matching what a reader types (not shown as a name): the syllables
    of the name joined, its suffix apart ("疏附县" -> "shufu xian")."""
    try:
        from pypinyin import lazy_pinyin
    except ImportError:  # pragma: no cover - pypinyin is a dependency of adalet.names
        return ""

    def read(text: str) -> str:
        syllables = lazy_pinyin(text)
        if len(syllables) != len(text):  # not one syllable a character: take pypinyin's reading as it is
            return "".join(syllables)
        return "".join(_PLACE_READINGS.get(char, syllable) for char, syllable in zip(text, syllables, strict=True))

    stem, suffix = (name[:-1], name[-1]) if name[-1] in _SUFFIXES else (name, "")
    return " ".join(part for part in (read(stem), read(suffix)) if part)


def _reading(uyghur: str) -> str:
    """The ULY reading of a name in Uyghur Arabic script."""
    from adalet.names.arabic import to_latin

    return to_latin(unicodedata.normalize("NFKC", uyghur))


def _latin_key(text: str, *, bare: bool = False) -> str:
    """A Latin (or ULY) name as compared: its words folded as adalet.names folds spelling variants, joined; kind
    words ("county", "nahiyisi") dropped from the end when ``bare``."""
    from adalet.names.latin import fold

    words = [w.casefold() for w in _WORD.findall(_ascii(unicodedata.normalize("NFKC", text)))]
    if bare:
        generic = _generic_folded()
        while len(words) > 1 and fold(words[-1]) in generic:
            words.pop()
    return fold("".join(words)) if words else ""


def _han_key(text: str) -> str:
    from adalet.names.han import to_simplified

    return to_simplified(re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)))


def _bare_han(name: str) -> str:
    """A Chinese county name without its suffix, when two characters or more remain (疏附县 -> 疏附)."""
    return name[:-1] if name[-1:] in _SUFFIXES and len(name) >= 3 else ""


@cache
def _generic_folded() -> frozenset[str]:
    from adalet.names.latin import fold

    return frozenset(fold(w) for w in _GENERIC)


def _is_han(text: str) -> bool:
    return any("\u3400" <= c <= "\u9fff" or "\uf900" <= c <= "\ufaff" for c in text)


def _is_arabic(text: str) -> bool:
    return any("\u0600" <= c <= "\u06ff" or "\ufb50" <= c <= "\ufeff" for c in text)


def _strip_region(text: str) -> str:
    """A Chinese place without the region and prefecture in front ("喀什地区疏附县" -> "疏附县")."""
    for region in REGION_NAMES:
        if text.startswith(region):
            text = text[len(region) :]
            break
    _codes, prefectures = _stdnum()
    for prefecture in sorted(set(prefectures), key=len, reverse=True):
        if text.startswith(prefecture) and len(text) > len(prefecture):
            return text[len(prefecture) :]
    return text


# --- Look-ups -------------------------------------------------------------------------------------


def resolve(typed: str) -> tuple[County, ...]:
    """The county (or the counties sharing the name) that ``typed`` names in any script; () when none does.

    The whole of what was typed must be a county's name (a region and prefecture may come before a Chinese one,
    and a word such as "county" or ناھىيىسى after): a piece of an address, a township or a village names none."""
    text = " ".join(unicodedata.normalize("NFKC", typed).split())
    if not text:
        return ()
    if _is_han(text):
        if _is_arabic(text) or re.search(r"[A-Za-z0-9]", text):
            return ()
        whole = _strip_region(_han_key(text))
        found = tuple(c for c in counties() if whole in c.keys)
        return found or tuple(c for c in counties() if whole in c.bare_keys)
    if re.search(r"\d", text):
        return ()
    latin = _reading(text) if _is_arabic(text) else text
    whole, bare = _latin_key(latin), _latin_key(latin, bare=True)
    found = tuple(c for c in counties() if whole and whole in c.keys)
    return found or tuple(c for c in counties() if bare and bare in c.bare_keys)


@cache
def _by_name() -> dict[str, County]:
    return {c.name: c for c in counties()}


def by_name(name: str) -> County | None:
    """The county of this Chinese name (疏附县), or None."""
    return _by_name().get(name)


def county_in(address: str) -> County | None:
    """The known county a Chinese address is in, read at its start after the region and prefecture; else None."""
    rest = _strip_region(re.sub(r"\s+", "", unicodedata.normalize("NFKC", address)))
    best: County | None = None
    for county in counties():
        if rest.startswith(county.name) and (best is None or len(county.name) > len(best.name)):
            best = county
    return best


def of_code(region: str) -> County | None:
    """The county a 6-digit region code (an ID number's first six) stands for, or None."""
    for county in counties():
        if region in county.codes:
            return county
    return None
