"""Chinese names in Han characters: traditional→simplified, surname split, pinyin.

* :func:`to_simplified` folds traditional characters with OpenCC ``t2s``
  (陳全國 → 陈全国). Without a working OpenCC it raises :class:`ConverterUnavailable`
  (fail closed: unchanged traditional characters would miss their simplified form,
  a silent "no match"); :func:`require_converter` checks it when a process starts.
* :func:`split_surname` takes a compound surname (欧阳, 司马...) from
  ``data/surnames.txt`` or else the first character.
* :func:`surname_pinyin` uses the surname reading from the same table where
  it differs from the ordinary reading (单 shan, 曾 zeng, 解 xie...), else
  pypinyin; :func:`given_pinyin` reads the given name with pypinyin
  (phrase-aware, toneless, ü written as u).
"""

from __future__ import annotations

from functools import cache, lru_cache
from typing import TYPE_CHECKING

from adalet.names._data import load_table

if TYPE_CHECKING:
    from opencc import OpenCC


class ConverterUnavailable(RuntimeError):
    """The traditional→simplified converter (OpenCC) is missing or broken: names in characters cannot be compared."""


#: A traditional name and its simplified form: the converter must turn one into the other.
_PROBE = ("陳全國", "陈全国")


@cache
def _converter() -> OpenCC:
    try:
        import opencc

        converter = opencc.OpenCC("t2s")
        probe = converter.convert(_PROBE[0])
    except Exception as exc:
        raise ConverterUnavailable(
            f"OpenCC (the 'opencc' package, t2s) cannot be loaded: {type(exc).__name__}: {exc}. Names in traditional "
            "characters would not meet their simplified form; install it (pip install -e . or make install)"
        ) from exc
    if probe != _PROBE[1]:
        raise ConverterUnavailable(f"OpenCC t2s turned {_PROBE[0]} into {probe!r}, not {_PROBE[1]}: the converter is broken")
    return converter


def require_converter() -> None:
    """Load and check OpenCC now (at a process's start); :class:`ConverterUnavailable` if it is missing or broken."""
    _converter()


@lru_cache(maxsize=65536)
def to_simplified(text: str) -> str:
    """Simplified-character form of *text* (unchanged if already simplified); :class:`ConverterUnavailable`
    without a working OpenCC, never the text unchanged."""
    simplified: str = _converter().convert(text)  # OpenCC.convert has no return annotation
    return simplified


@cache
def _surnames() -> dict[str, tuple[tuple[str, ...], ...]]:
    """Surname → its readings, each a tuple of syllables (``谌`` → (("chen",), ("shen",)))."""
    return {row[0]: tuple(tuple(r.split()) for r in row[1].split(",")) for row in load_table("surnames.txt")}


def compound_surname(name: str) -> bool:
    """Whether a name in characters begins with a two-character surname (欧阳, 司马)."""
    first = to_simplified(name[:2])
    return len(first) == 2 and first in _surnames() and len(_surnames()[first][0]) == 2


@cache
def compound_surname_pinyin() -> frozenset[str]:
    """Toneless pinyin of the two-character surnames of the table, written as one word (ouyang, sima, zhuge)."""
    return frozenset("".join(r) for readings in _surnames().values() for r in readings if len(r) == 2)


#: Readings kept per character of a given name, and readings of a whole given name.
_READINGS_PER_CHAR = 2
_MAX_GIVEN_READINGS = 4


@lru_cache(maxsize=65536)
def given_readings(given: str) -> tuple[str, ...]:
    """Pinyin of a given name, the usual reading first, then the other readings of its polyphonic characters
    (焘 dao/tao: 张国焘 is Zhang Guotao), at most two per character and four in all."""
    from itertools import product

    from pypinyin import Style, pinyin

    usual = "".join(given_pinyin(given))
    out = [usual] if usual else []
    per_char = []
    for readings in pinyin(given, style=Style.NORMAL, heteronym=True, errors="ignore"):
        clean = [r.lower().replace("ü", "u") for r in readings if r.replace("ü", "u").isascii() and r.isalpha()]
        per_char.append(clean[:_READINGS_PER_CHAR] or [""])
    for combo in product(*per_char):
        s = "".join(combo)
        if s and s not in out:
            out.append(s)
        if len(out) >= _MAX_GIVEN_READINGS:
            break
    return tuple(out)


def split_surname(name: str) -> tuple[str, str]:
    """(surname, given name) of a simplified Han name without separators."""
    if len(name) >= 3 and name[:2] in _surnames():
        return name[:2], name[2:]
    if len(name) <= 1:
        return name, ""
    return name[:1], name[1:]


def _syllables(text: str) -> list[str]:
    from pypinyin import Style, lazy_pinyin

    out = []
    for s in lazy_pinyin(text, style=Style.NORMAL, errors="ignore", v_to_u=True):
        s = s.lower().replace("ü", "u")
        if s.isascii() and s.isalpha():
            out.append(s)
    return out


@lru_cache(maxsize=65536)
def surname_readings(surname: str) -> tuple[tuple[str, ...], ...]:
    """Pinyin readings of a surname, most usual first, using surname readings (单 → shan)."""
    table = _surnames()
    if surname in table:
        return table[surname]
    return (tuple(_syllables(surname)),)


def surname_pinyin(surname: str) -> tuple[str, ...]:
    """Pinyin syllables of the usual reading of a surname."""
    return surname_readings(surname)[0]


@lru_cache(maxsize=65536)
def given_pinyin(given: str) -> tuple[str, ...]:
    """Pinyin syllables of a given name."""
    return tuple(_syllables(given))


@lru_cache(maxsize=65536)
def char_pinyin(text: str) -> tuple[str, ...]:
    """Pinyin of each character separately (used for transcribed names)."""
    return tuple(_syllables(text))
