"""Relative search: a family member types a name in any script and a birth year, and sees at most a few cards
of people in published collections whose recorded name matches.

Only published collections are searched. A card shows the name as recorded, birth year, county, the latest
facility and status, and a photo when there is one; never an ID number or a full address.
Candidates are narrowed by birth year (an indexed range), then by shared `blocking_keys`, before `compare`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from adalet.names import blocking_keys, compare
from adalet.people.models import Detention, LinkStatus, Person, PersonKind, PhotoLink

THRESHOLD = 0.8
LIMIT = 5
_PREFIXES = (re.compile(r"^.*?(?:自治区|省)"), re.compile(r"^.*?(?:自治州|地区)"))
_COUNTY = re.compile(r"^(.{1,10}?(?:县|市|区))")
_WILDCARDS = re.compile(r"[*%?_]")


class UnusableName(ValueError):
    """A name too short or too vague to search for (wildcards, one character, no letters)."""


@dataclass(frozen=True)
class Card:
    """What a relative is shown of one record."""

    person_id: int
    name: str
    birth_year: int
    county: str
    facility: str
    status: str
    photo_item_id: int | None
    score: float


def county_of(address: str) -> str:
    """The county of a Chinese address ("…伊犁哈萨克自治州特克斯县喀拉托海镇…" -> "特克斯县"), else ""."""
    rest = address.strip()
    for prefix in _PREFIXES:
        rest = prefix.sub("", rest, count=1)
    found = _COUNTY.match(rest)
    return found.group(1) if found else ""


def check_name(name: str) -> str:
    """The name to search for, or UnusableName."""
    name = " ".join(name.split())
    letters = [c for c in name if c.isalpha()]
    if _WILDCARDS.search(name) or len(letters) < 2:
        raise UnusableName(name)
    if not blocking_keys(name):
        raise UnusableName(name)
    return name


def find_relatives(name: str, birth_year: int, county: str = "", *, limit: int = LIMIT) -> list[Card]:
    """The best matches (score >= THRESHOLD) among published records born in ``birth_year``, best first."""
    name = check_name(name)
    keys = blocking_keys(name)
    born = Person.objects.filter(
        collection__is_public=True,
        kind__in=(PersonKind.DETAINEE, PersonKind.RELATIVE),  # not officials
        birth_date__gte=dt.date(birth_year, 1, 1),
        birth_date__lte=dt.date(birth_year, 12, 31),
    )
    county = county.strip()
    if county:
        born = born.filter(address__icontains=county)
    scored: list[tuple[float, int]] = []
    for pk, recorded, forms in born.values_list("pk", "name", "names").iterator(chunk_size=2000):
        best = 0.0
        for candidate in {recorded, *(f.get("name", "") for f in forms or [] if isinstance(f, dict))}:
            if candidate and keys & blocking_keys(candidate):
                best = max(best, compare(name, candidate).score)
        if best >= THRESHOLD:
            scored.append((best, pk))
    scored.sort(key=lambda pair: (-pair[0], pair[1]))
    return [_card(pk, score) for score, pk in scored[:limit]]


def _card(pk: int, score: float) -> Card:
    person = Person.objects.select_related("collection").get(pk=pk)
    latest = (
        Detention.objects.filter(person=person).select_related("facility").order_by("-admitted", "-pk").first()
    )
    photo = (
        PhotoLink.objects.filter(person=person, photo__collection__is_public=True, photo__collection__photos_public=True)
        .exclude(status=LinkStatus.REJECTED)
        .order_by("-score", "pk")
        .values_list("photo_id", flat=True)
        .first()
    )
    return Card(
        person_id=person.pk,
        name=person.name,
        birth_year=person.birth_date.year if person.birth_date else 0,
        county=county_of(person.address),
        facility=latest.facility.name if latest and latest.facility else "",
        status=latest.status if latest else "",
        photo_item_id=photo,
        score=round(score, 3),
    )
