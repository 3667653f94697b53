"""Template filters for letter pages: a country's name from its code, a refusal in the reader's language, a hash as
a fingerprint (groups of eight hex digits)."""

from django import template

from adalet.campaigns import countries, refusals
from adalet.lib import display

register = template.Library()


@register.filter
def country(code: str) -> str:
    return countries.local_name(code)


@register.filter
def refusal(message: str) -> str:
    return refusals.translate(str(message))


@register.filter
def fingerprint(digest: str) -> str:
    return display.fingerprint(digest)
