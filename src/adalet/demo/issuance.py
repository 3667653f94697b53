"""When a resident ID number was assigned, and the region code it therefore carries.

A resident ID number carries the region code of the county of household registration in force
when the number was assigned, and never changes afterwards (a later change of the county's code
leaves it as it was; the 15-to-18-digit conversion kept the code). Numbers were assigned:

- with the first-generation card (居民身份证条例, 1985): adults then got a card in the issuance
  drive of 1985-1990, younger people at 16 or a few years later; their 15-digit number became
  the 18-digit one with the same code;
- in the 18-digit roll-out (GB 11643-1999, 1999-2004) for everyone registered who had none:
  children, and adults who never had a first-generation card (``NO_FIRST_CARD_SHARE``).

So people of one county carry different codes depending on the year: Tekes residents hold
654127 (in force 1984-2001) or 654027 (from 2001) whatever their birth year. The codes in force
in the year come from python-stdnum's data (adalet.demo.regioncodes); in a year of change
either code may be given.
"""

from __future__ import annotations

import datetime as dt
import random

from adalet.demo.places import County
from adalet.demo.regioncodes import codes_in_force

FIRST_CARDS = 1985
FIRST_DRIVE_END = 1990
FIRST_CARD_AGE = 16
LATEST_FIRST_CARD_DELAY = 4  # years after 16
ROLL_OUT = (1999, 2004)
NO_FIRST_CARD_SHARE = 0.15


def issue_year(birth: dt.date, rng: random.Random) -> int:
    """The year the person's number was assigned."""
    sixteen = birth.year + FIRST_CARD_AGE
    if sixteen < ROLL_OUT[0] and rng.random() >= NO_FIRST_CARD_SHARE:
        if sixteen <= FIRST_CARDS:
            return rng.randint(FIRST_CARDS, FIRST_DRIVE_END)
        return sixteen + rng.randint(0, LATEST_FIRST_CARD_DELAY)
    return rng.randint(max(ROLL_OUT[0], birth.year), ROLL_OUT[1])


def code_at_issue(county: County, birth: dt.date, rng: random.Random) -> tuple[str, int]:
    """(region code, issue year): a code python-stdnum's data gives ``county`` in the issue year."""
    year = issue_year(birth, rng)
    codes = codes_in_force(county.name, year)
    if not codes:
        raise ValueError(f"python-stdnum's data has no code for {county.name} in {year}")
    return rng.choice(codes), year
