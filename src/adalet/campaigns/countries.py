"""Country choices for the signing form (ISO 3166-1 alpha-2 codes), from the CLDR data Babel maintains.

Current countries and territories only: CLDR's two-letter territories that have a legal tender today (so not East
Germany, Zaire, Yugoslavia or the Soviet Union, whose currencies ended with them), less the codes that are no
country: the European Union and the exceptionally reserved codes of islands and enclaves (Ascension, Clipperton,
Diego Garcia, Ceuta and Melilla, the Canary Islands, Tristan da Cunha, Sark), which CLDR lists for their own
currencies. Kosovo (XK) stays, as CLDR keeps it.

`name` is the English name (the delivery package); `local_name` and `with_blank` (the form's choices) are in the
reader's language, sorted by the reader's collation: ICU's (PyICU) when it is installed, else by the names with
accents and letter case set aside (Unicode decomposition), which orders Latin-script names as a dictionary does and
others by code point.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Mapping
from functools import cache

from babel import Locale, UnknownLocaleError
from babel.core import get_global
from django.utils import translation

NOT_COUNTRIES = frozenset({"EU", "AC", "CP", "DG", "EA", "IC", "TA", "CQ"})


def _current(code: str, currencies: Mapping[str, list[tuple[str, object, object, bool]]]) -> bool:
    return any(end is None and tender for _currency, _start, end, tender in currencies.get(code, ()))


@cache
def names(language: str = "en") -> dict[str, str]:
    """{code: name} in a language given as a locale name (``en``, ``ug``, ``zh_Hans``)."""
    currencies = get_global("territory_currencies")
    english = {code: str(name) for code, name in Locale("en").territories.items()
               if len(code) == 2 and code.isalpha() and code not in NOT_COUNTRIES and _current(code, currencies)}
    if language.startswith("en"):
        return english
    try:
        local = Locale.parse(language).territories
    except (UnknownLocaleError, ValueError):
        return english
    return {code: str(local.get(code) or name) for code, name in english.items()}


def collation_key(language: str) -> Callable[[str], str | bytes]:
    """A sort key for names in the language (a locale name): ICU's collation, else the documented fallback."""
    try:
        import icu  # type: ignore[import-untyped]  # PyICU: optional, without types
    except ImportError:
        return lambda text: "".join(c for c in unicodedata.normalize("NFKD", text)
                                    if not unicodedata.combining(c)).casefold()
    collator = icu.Collator.createInstance(icu.Locale(language))
    sort_key: Callable[[str], bytes] = collator.getSortKey
    return sort_key


@cache
def choices(language: str = "en") -> list[tuple[str, str]]:
    key = collation_key(language)
    return sorted(names(language).items(), key=lambda pair: key(pair[1]))


def name(code: str) -> str:
    return names().get(code, code)


def current() -> str:
    return translation.to_locale(translation.get_language() or "en")


def local_name(code: str) -> str:
    return names(current()).get(code, code)


@cache
def codes() -> frozenset[str]:
    return frozenset(names())


def with_blank() -> list[tuple[str, str]]:
    return [("", "—"), *choices(current())]
