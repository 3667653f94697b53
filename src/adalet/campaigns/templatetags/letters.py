"""Template filters for letter pages: a country's name from its code, a refusal in the reader's language."""

from django import template

from adalet.campaigns import countries, refusals

register = template.Library()


@register.filter
def country(code: str) -> str:
    return countries.local_name(code)


@register.filter
def refusal(message: str) -> str:
    return refusals.translate(str(message))
