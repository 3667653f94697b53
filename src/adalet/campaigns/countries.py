"""Country choices for the signing form (ISO 3166-1 alpha-2 codes, names from followthemoney's registry)."""

from __future__ import annotations

from functools import cache

from followthemoney.types import registry


@cache
def choices() -> list[tuple[str, str]]:
    names = {code: str(name) for code, name in registry.country.names.items() if len(code) == 2 and code.isalpha()}
    return sorted(((code.upper(), name) for code, name in names.items()), key=lambda pair: pair[1])


def name(code: str) -> str:
    return dict(choices()).get(code, code)


@cache
def codes() -> frozenset[str]:
    return frozenset(code for code, _ in choices())


def with_blank() -> list[tuple[str, str]]:
    return [("", "—"), *choices()]
