"""Paths of routes with one argument, reversed once per script prefix and language: a page or a batch of emails that links
many items or signers joins strings instead of resolving the URL map for every link.

The argument goes between the two halves of the path reversed with a stand-in, which is what reverse() would give
for arguments that need no quoting: numbers, slugs and tokens (``<id>-<hex>``).
"""

from __future__ import annotations

from functools import lru_cache

from django.urls import get_script_prefix, reverse
from django.utils.translation import get_language

STAND_IN = "987654321"  # accepted by the int, str and slug converters alike


@lru_cache(maxsize=64)
def _halves(name: str, prefix: str, language: str | None) -> tuple[str, str]:
    before, _, after = reverse(name, args=[STAND_IN]).partition(STAND_IN)
    return before, after


def path_with(name: str, argument: object) -> str:
    """reverse(name, args=[argument]) for an argument that needs no quoting."""
    before, after = _halves(name, get_script_prefix(), get_language())  # /ug/… for a Uyghur page
    return f"{before}{argument}{after}"
