"""Facilities located: the county a facility is in, as stated by the user, from ASPI's dataset, or from its name.

In that order: a county the user stated (`adalet facilities locate NAME --county X`, a `FacilityPlace`), the county
ASPI's dataset gives (``Facility.county``, imported by `adalet facilities import-aspi`, read in any script), the
county the facility's name starts with (特克斯县看守所 -> 特克斯县, after the region and prefecture). A facility
none of these places has no county and is counted under no post (said in the responsibility report).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from adalet.names import counties as places
from adalet.people.models import Facility, FacilityPlace


class LocateError(ValueError):
    """A facility or county that cannot be found: names it."""


@dataclass(frozen=True)
class Located:
    facility_id: int
    name: str
    county: str  # Chinese name; "" when unknown
    how: str  # stated, aspi, name, or "" when unknown


def _county_of(text: str) -> str:
    found = places.resolve(text)
    return found[0].name if len(found) == 1 else ""


def locate_all() -> dict[int, Located]:
    """Every facility with its county and how it is known (one query for each table; facilities are few)."""
    stated = dict(FacilityPlace.objects.values_list("facility_id", "county"))
    located = {}
    for pk, name, county, external in Facility.objects.values_list("pk", "name", "county", "external_id"):
        if pk in stated:
            located[pk] = Located(pk, name, stated[pk], "stated")
            continue
        from_dataset = _county_of(county) if county else ""
        if from_dataset:
            located[pk] = Located(pk, name, from_dataset, "aspi" if external.startswith("aspi:") else "dataset")
            continue
        in_name = places.county_in(name)
        located[pk] = Located(pk, name, in_name.name if in_name else "", "name" if in_name else "")
    return located


def state_county(facility_name: str, county: str, source: str) -> FacilityPlace:
    """Say which county a facility is in (a county in any script); bound on the custody log as every fact is."""
    facility = Facility.objects.filter(name=facility_name).first()
    if facility is None:
        raise LocateError(f"no facility {facility_name!r} (see /facilities/ or `adalet records map`)")
    found = places.resolve(county)
    if len(found) != 1:
        raise LocateError(f"{county!r} names {'no' if not found else len(found)} county of Xinjiang: name one")
    with transaction.atomic():
        place, _ = FacilityPlace.objects.update_or_create(
            facility=facility, defaults={"county": found[0].name, "source": source}
        )
    return place
