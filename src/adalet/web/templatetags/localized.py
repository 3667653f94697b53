"""Numbers and dates in the reader's language (Django's l10n formats for en, ug and zh-hans).

``grouped`` is humanize's intcomma without the app: digits grouped as the language groups them. ``partial_date``
formats the dates records hold, which may be a year (2016), a month (2016-08) or a day (2016-08-01), and leaves
anything else as written.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.utils.formats import date_format, number_format

register = template.Library()


@register.filter
def grouped(value: Any) -> Any:
    """1234567 -> 1,234,567 in English; None and text stay as they are."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return value
    return number_format(value, force_grouping=True)


@register.filter
def decimals(value: Any, places: int = 2) -> Any:
    """A number with ``places`` decimals and the language's decimal separator."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return value
    return number_format(value, decimal_pos=int(places))


@register.filter
def partial_date(value: Any) -> str:
    """'2016' stays, '2016-08' -> August 2016, '2016-08-01' (or a date) -> August 1, 2016, in the reader's language."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return date_format(value, "DATE_FORMAT")
    text = str(value or "")
    try:
        if len(text) == 7:
            return date_format(dt.date.fromisoformat(text + "-01"), "YEAR_MONTH_FORMAT")
        if len(text) == 10:
            return date_format(dt.date.fromisoformat(text), "DATE_FORMAT")
    except ValueError:
        pass
    return text
