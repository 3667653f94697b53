"""The officials registry: officials and bodies (Person rows of kind official / organization) and the posts they held.

Other apps (sanctions: designations, matches, gaps, dossiers) create and read officials through these functions.
An official is keyed by their name as the registry writes it (e.g. "CHEN Quanguo"); their other forms (陈全国)
are kept in ``names``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db import transaction

from adalet.people.models import Person, PersonKind, Position

BIRTH = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


class OfficialError(ValueError):
    pass


@dataclass(frozen=True)
class PostSpec:
    title: str
    organization: str = ""
    start: str = ""
    end: str = ""
    source: str = ""


def parse_post(text: str) -> PostSpec:
    """'TITLE @ ORGANIZATION : START-END' (organization and dates optional), e.g.
    'Party Secretary @ Xinjiang Uyghur Autonomous Region : 2016-08-2021-12'."""
    title, _, rest = text.partition("@")
    organization, _, dates = rest.partition(":")
    match = re.fullmatch(r"\s*(\d{4}(?:-\d{2}){0,2})?\s*(?:-|–|to)?\s*(\d{4}(?:-\d{2}){0,2})?\s*", dates)
    if not title.strip() or (dates.strip() and not match):
        raise OfficialError(f"cannot read post {text!r}: write 'TITLE @ ORGANIZATION : START-END'")
    start, end = (match.group(1) or "", match.group(2) or "") if match else ("", "")
    return PostSpec(title.strip(), organization.strip(), start, end)


def upsert_official(
    name: str, *, other_names: list[str] | tuple[str, ...] = (), organization: bool = False, birth: str = "", source: str = ""
) -> tuple[Person, bool]:
    """Create or update an official (or a body) by registry name; returns (person, created)."""
    name = " ".join(name.split())
    if not name:
        raise OfficialError("an official needs a name")
    if birth and not BIRTH.fullmatch(birth):
        raise OfficialError(f"birth {birth!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    kind = PersonKind.ORGANIZATION if organization else PersonKind.OFFICIAL
    forms = [name, *(" ".join(n.split()) for n in other_names if n and n.strip())]
    names = [{"name": form, "source": source or "registry"} for form in dict.fromkeys(forms)]
    with transaction.atomic():
        person = Person.objects.filter(kind__in=[PersonKind.OFFICIAL, PersonKind.ORGANIZATION], name=name).first()
        created = person is None
        if person is None:
            person = Person(name=name, kind=kind)
        known = {n["name"] for n in person.names}
        person.names = person.names + [n for n in names if n["name"] not in known]
        person.kind = kind
        if birth:
            person.birth = birth
            person.birth_date = _full_date(birth)
        person.save()
    return person, created


def add_post(person: Person, post: PostSpec) -> Position:
    position, _ = Position.objects.get_or_create(
        person=person, title=post.title, organization=post.organization, start=post.start,
        defaults={"end": post.end, "source": post.source},
    )
    return position


def officials() -> list[Person]:
    return list(Person.objects.filter(kind__in=[PersonKind.OFFICIAL, PersonKind.ORGANIZATION]).order_by("name"))


def official(key: str) -> Person:
    """An official by id or by any of their names."""
    query = Person.objects.filter(kind__in=[PersonKind.OFFICIAL, PersonKind.ORGANIZATION])
    found = query.filter(pk=int(key)).first() if key.isdigit() else query.filter(name=key).first()
    if found is None and not key.isdigit():
        found = next((p for p in query if any(n["name"] == key for n in p.names)), None)
    if found is None:
        raise OfficialError(f"no official {key!r} (see `adalet officials list`)")
    return found


def _full_date(birth: str):  # noqa: ANN202 - a date or None
    import datetime as dt

    return dt.date.fromisoformat(birth) if len(birth) == 10 else None


def state_area(position: Position, area: str, source: str = "") -> None:
    """Say which area a post answers for (places in any script, ';' apart), checked before it is kept."""
    from adalet.people.models import PostArea
    from adalet.people.units import UnitError, stated

    try:
        stated(area)
    except UnitError as error:
        raise OfficialError(str(error)) from None
    PostArea.objects.update_or_create(position=position, defaults={"area": area, "source": source})


def check_area(post: PostSpec) -> None:
    """An OfficialError naming the post's unit when its name says no area (state it with --jurisdiction)."""
    from adalet.people.units import UnitError, of_unit

    try:
        of_unit(post.organization)
    except UnitError as error:
        raise OfficialError(str(error)) from None
