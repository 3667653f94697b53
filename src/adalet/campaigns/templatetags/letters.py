"""Template filters for letter pages: a country's name from its code."""

from django import template

from adalet.campaigns import countries

register = template.Library()


@register.filter
def country(code: str) -> str:
    return countries.name(code)
