"""Country choices for the signing form (ISO 3166-1 alpha-2 codes, names from followthemoney's registry).

`name` is the English name (the delivery package); `local_name` and `with_blank` (the form's choices) are in the
reader's language, from the CLDR data of babel, falling back to the English name.
"""

from __future__ import annotations

from functools import cache

from babel import Locale, UnknownLocaleError
from django.utils import translation


@cache
def names(language: str = "en") -> dict[str, str]:
    """{code: name} in a language given as a locale name (``en``, ``ug``, ``zh_Hans``)."""
    from followthemoney.types import registry  # here, not above: loading its model costs 0.6 s at every start

    english = {code.upper(): str(name) for code, name in registry.country.names.items() if len(code) == 2 and code.isalpha()}
    if language.startswith("en"):
        return english
    try:
        local = Locale.parse(language).territories
    except (UnknownLocaleError, ValueError):
        return english
    return {code: str(local.get(code) or name) for code, name in english.items()}


@cache
def choices(language: str = "en") -> list[tuple[str, str]]:
    return sorted(names(language).items(), key=lambda pair: pair[1])


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
