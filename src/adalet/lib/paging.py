"""A page number from a query string, always a bounded whole number: the nearest page that exists to what was asked.

``?page=`` is typed by people and by attackers: text, a float, a negative number or one of thirty digits is never a
500 (a number past the database's integers) nor a search that skips millions of rows; the page shown is the first
for what is not a whole number and the nearest bound for one outside them.
"""

from __future__ import annotations

import re

WHOLE_NUMBER = re.compile(r"([+-]?)([0-9]+)")  # ASCII digits only: int() would also read "٣" and "1_000"
MAX_DIGITS = 9  # longer is beyond any last page: never handed to int() (thousands of digits are an error there)


def page_number(raw: str | None, last: int) -> int:
    """``raw`` as a page between 1 and ``last``: 1 when absent or not a whole number, else clamped to the bounds."""
    found = WHOLE_NUMBER.fullmatch((raw or "").strip())
    if found is None:
        return 1
    sign, digits = found.groups()
    magnitude = int(digits) if len(digits.lstrip("0")) <= MAX_DIGITS else 10**MAX_DIGITS
    return max(1, min(-magnitude if sign == "-" else magnitude, last))
