"""Fictional people: names, sex, ethnicity, birth date, address, valid resident ID number, custody record.

A resident ID number (居民身份证号码, GB 11643-1999) is the 6-digit region code
valid at birth, the birth date YYYYMMDD, a 3-digit sequence (odd for men, even
for women) and an ISO 7064 MOD 11-2 check digit. Every person is a random
combination; ID numbers are unique within one ``PersonFactory``, and the
region code always names the county of the address (python-stdnum's region
data calls Urumqi's pre-1983 code 市区, so people born then are registered in
their bureau's county instead). By default the code is the one in force in the
birth year; a realistic factory gives the code in force when the number was
assigned (adalet.demo.issuance) and some people a current residence elsewhere
(adalet.demo.residence).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import Any

from adalet.demo.custody import BUREAUS, Bureau
from adalet.demo.issuance import code_at_issue
from adalet.demo.names import person_name
from adalet.demo.residence import current_residence

ARCHIVE_DATE = dt.date(2018, 7, 31)  # ages are counted at this date
MINOR_SHARE = 0.04  # people aged 15-17
MALE_SHARE = 0.7


_WEIGHTS = tuple(pow(2, 17 - i, 11) for i in range(17))


def check_digit(first17: str) -> str:
    """ISO 7064 MOD 11-2 check character for the first 17 digits."""
    total = sum(int(digit) * weight for digit, weight in zip(first17, _WEIGHTS, strict=True))
    value = (12 - total % 11) % 11
    return "X" if value == 10 else str(value)


def resident_id(region_code: str, birth_date: dt.date, sequence: int) -> str:
    first17 = f"{region_code}{birth_date:%Y%m%d}{sequence:03d}"
    return first17 + check_digit(first17)


@dataclass(frozen=True)
class Person:
    id_number: str
    name: str
    sex: str  # 男 / 女
    ethnicity: str
    birth_date: dt.date
    county: str  # where the person is registered
    address: str
    bureau: str  # the county whose police hold the record
    facility: str
    status: str
    admitted: dt.date
    reason: str
    id_issued: int | None = None  # the year the number was assigned (realistic leaks)
    residence: str | None = None  # 现住址 when not where the person is registered (realistic leaks)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id_number": self.id_number,
            "name": self.name,
            "sex": self.sex,
            "ethnicity": self.ethnicity,
            "birth_date": self.birth_date.isoformat(),
            "county": self.county,
            "address": self.address,
            "bureau": self.bureau,
            "facility": self.facility,
            "status": self.status,
            "admitted": self.admitted.isoformat(),
            "reason": self.reason,
            "id_issued": self.id_issued,
            "residence": self.residence,
        }


def _birth_date(rng: random.Random) -> dt.date:
    age = rng.randint(15, 17) if rng.random() < MINOR_SHARE else int(rng.triangular(18, 81, 32))
    latest = ARCHIVE_DATE.replace(year=ARCHIVE_DATE.year - age)
    earliest = ARCHIVE_DATE.replace(year=ARCHIVE_DATE.year - age - 1) + dt.timedelta(days=1)
    return earliest + dt.timedelta(days=rng.randint(0, (latest - earliest).days))


class PersonFactory:
    """Makes fictional detainees from one seeded RNG, never repeating an ID number."""

    def __init__(self, rng: random.Random, *, realistic: bool = False) -> None:
        self._rng = rng
        self._realistic = realistic  # region code in force at issue (adalet.demo.issuance), residences elsewhere
        self._used: set[str] = set()

    def make(self, bureau: Bureau | None = None) -> Person:
        rng = self._rng
        bureau = bureau or BUREAUS.pick(rng)
        facility = bureau.facilities.pick(rng)
        county = bureau.home_counties.pick(rng)
        ethnicity = bureau.ethnicities.pick(rng)
        sex = "男" if rng.random() < MALE_SHARE else "女"
        birth = _birth_date(rng)
        issued = None
        if self._realistic:
            code, issued = code_at_issue(county, birth, rng)
        else:
            if not county.named_by_code(birth.year):  # registered where the region data names the code (not 市区)
                county = bureau.county
            code = county.code_for(birth.year)
        while True:
            id_number = resident_id(
                code, birth, rng.randrange(1, 1000, 2) if sex == "男" else rng.randrange(2, 1000, 2)
            )
            if id_number not in self._used:
                self._used.add(id_number)
                break
        return Person(
            id_number=id_number,
            name=person_name(rng, ethnicity, sex),
            sex=sex,
            ethnicity=ethnicity,
            birth_date=birth,
            county=county.name,
            address=county.address(rng),
            bureau=bureau.name,
            facility=facility.name,
            status=facility.status(rng),
            admitted=facility.admission(rng),
            reason=facility.reason(rng, sex),
            id_issued=issued,
            residence=current_residence(county, rng) if self._realistic else None,
        )
