"""Current residence (现住址) apart from the household registration (户籍地).

Many people live away from the county where their household is registered (work in Kashgar or
Yining, a move to Urumqi) without moving the registration, and police forms keep both: the
registration, which the ID number's region code names, and where the person lives now. Of the
people of a realistic leak, ``ELSEWHERE_SHARE`` live in another county or city of Xinjiang.
"""

from __future__ import annotations

import random

from adalet.demo.places import COUNTIES, County

ELSEWHERE_SHARE = 0.12


def current_residence(registered: County, rng: random.Random) -> str | None:
    """An address in another county, for some people; None when they live where they are registered."""
    if rng.random() >= ELSEWHERE_SHARE:
        return None
    return rng.choice([county for county in COUNTIES if county is not registered]).address(rng)
