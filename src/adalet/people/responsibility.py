"""Who was in charge: the detentions the records place under an official's posts, per post and in total.

A post covers an area (`units`: read from its unit's name, or stated) for a time (`tenure`: first to last day, month
precision meaning the whole month). The detentions it covers are those in facilities inside the area (`locate`):

* ``admitted_during_tenure``: admitted on a day of the tenure;
* ``held_during_tenure``: held on some day of it: admitted on or before its last day, and admitted during it,
  released on or after its first day, or with no release date and a status that says held. A row without an
  admission date is placed in no tenure (a limit the report states), nor is one whose facility has no county.

Totals are distinct detentions (posts that overlap in time and area count a detention once). Each detention comes
with its source (item, sheet, row, the item's SHA-256), and with the people, the photos linked to them (rejected
links left out) and the archive's documents that name the official in any script (full-text search over the names
and their `adalet.names` variants). Counting is set-based: one aggregate query over the rows held under any post gives
every post's counts, the totals and the people; the rows behind the counts are read only for the JSON report.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import reduce
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from adalet.archive import search
from adalet.archive.models import Item
from adalet.names import variants
from adalet.people import locate, tenure, units
from adalet.people.models import Detention, LinkStatus, Person, PhotoLink, Position, PostArea

RULE_ADMITTED = "admitted on a day of the tenure, in a facility of the post's area"
RULE_HELD = ("held on some day of the tenure, in a facility of the post's area: admitted on or before its last day, "
             "and admitted during it, released on or after its first day, or with no release date and a status that "
             "says held")
LIMITS = ("rows without an admission date are placed in no tenure; facilities with no known county are in no area; "
          "a status read as held with no release date is taken as held until the tenure's end")
DOCUMENT_LIMIT = 50
VARIANTS_PER_NAME = 6
DETAIL = ("pk", "person_id", "person__name", "facility_id", "admitted", "released", "status", "detained",
          "source__item_id", "source__locator", "source__sheet", "source__row", "source__item__sha256")


class ResponsibilityError(ValueError):
    """A post whose area or time cannot be told: names the post."""


@dataclass
class PostCount:
    post: Position
    area: units.Area
    tenure: tenure.Tenure
    facilities: list[int]
    admitted_rule: Q
    held_rule: Q
    admitted: int = 0
    held: int = 0


@dataclass
class Responsibility:
    """Counts are computed in the database; the rows behind them are read when asked (`ids`, `rows`)."""

    official: Person
    posts: list[PostCount]
    base: QuerySet[Detention]  # the detentions of the collections asked for
    located: dict[int, locate.Located]
    admitted: int = 0
    held: int = 0
    people: int = 0
    photos: list[dict[str, Any]] = field(default_factory=list)
    documents: list[dict[str, Any]] = field(default_factory=list)

    def counted(self, which: str, post: PostCount | None = None) -> QuerySet[Detention]:
        """The detentions admitted (``which="admitted"``) or held during the tenure of one post, or of any."""
        rules = [getattr(p, f"{which}_rule") for p in ([post] if post else self.posts)]
        return self.base.filter(reduce(operator.or_, rules)) if rules else self.base.none()

    def tally(self) -> None:
        """Count every post's and the total admitted and held, and the people, in one pass over the rows held
        under any post (the admitted are among them); again after `base` changes."""
        if not self.posts:
            return
        counts = {f"admitted{n}": Count("pk", filter=p.admitted_rule) for n, p in enumerate(self.posts)}
        counts |= {f"held{n}": Count("pk", filter=p.held_rule) for n, p in enumerate(self.posts)}
        totals = self.counted("held").aggregate(
            **counts, admitted=Count("pk", filter=reduce(operator.or_, [p.admitted_rule for p in self.posts])),
            held=Count("pk"), people=Count("person_id", distinct=True),
        )
        for n, post in enumerate(self.posts):
            post.admitted, post.held = totals[f"admitted{n}"], totals[f"held{n}"]
        self.admitted, self.held, self.people = totals["admitted"], totals["held"], totals["people"]

    def ids(self, which: str, post: PostCount | None = None) -> set[int]:
        return set(self.counted(which, post).values_list("pk", flat=True))

    def rows(self) -> list[tuple[Any, ...]]:
        """Every detention held during a tenure (the admitted ones among them), as DETAIL values, by primary key."""
        return list(self.counted("held").order_by("pk").values_list(*DETAIL))


def area_of(post: Position) -> units.Area:
    """The post's area: stated when the user stated it, else read from its unit; an error names the post."""
    try:
        stated: PostArea | None = post.stated_area
    except PostArea.DoesNotExist:
        stated = None
    try:
        return units.stated(stated.area) if stated else units.of_unit(post.organization)
    except units.UnitError as error:
        raise ResponsibilityError(f"post {post.title!r} @ {post.organization!r}: {error}") from None


def tenure_of(post: Position, today: dt.date | None = None) -> tenure.Tenure:
    try:
        return tenure.of_post(post.start, post.end, today)
    except tenure.TenureError as error:
        raise ResponsibilityError(f"post {post.title!r} @ {post.organization!r}: {error}") from None


def compute(official: Person, collection_ids: Sequence[int] | None = None, *, today: dt.date | None = None,
            documents: bool = True) -> Responsibility:
    """The official's posts with the detentions each covers (counted in the database), people, photos, documents."""
    located = locate.locate_all()
    posts = list(Position.objects.filter(person=official).select_related("stated_area").order_by("start", "pk"))
    base = Detention.objects.all()
    if collection_ids is not None:
        base = base.filter(person__collection_id__in=list(collection_ids))
    result = Responsibility(official, [], base, located)
    for post in posts:
        area, time = area_of(post), tenure_of(post, today)
        facilities = sorted(pk for pk, place in located.items() if place.county in area.counties)
        inside = Q(facility_id__in=facilities)
        admitted = inside & Q(admitted__gte=time.first, admitted__lte=time.last)
        held = inside & Q(admitted__lte=time.last) & (
            Q(admitted__gte=time.first) | Q(released__gte=time.first) | Q(released__isnull=True, detained=True)
        )
        result.posts.append(PostCount(post, area, time, facilities, admitted, held))
    result.tally()
    held_rows = result.counted("held")
    result.photos = _photos(held_rows)
    result.documents = _documents(official, collection_ids) if documents else []
    return result


def _photos(held: QuerySet[Detention]) -> list[dict[str, Any]]:
    """The photos linked to the people held (rejected links left out), in one query."""
    linked = Exists(held.filter(person_id=OuterRef("person_id")))  # photo links are few beside detentions
    links = (PhotoLink.objects.filter(linked).exclude(status=LinkStatus.REJECTED)
             .order_by("person_id", "photo_id")
             .values_list("photo_id", "photo__locator", "photo__sha256", "person_id", "status", "method"))
    return [{"item": i, "locator": loc, "sha256": sha, "person": p, "status": s, "method": m}
            for i, loc, sha, p, s, m in links]


def names_of(official: Person) -> list[str]:
    """The official's names as recorded, then the forms adalet.names derives in other scripts."""
    recorded = [n["name"] for n in official.names] or [official.name]
    derived: list[str] = []
    for name in recorded:
        derived += [v for v in variants(name)[:VARIANTS_PER_NAME] if v not in recorded and v not in derived]
    return recorded + derived


def _documents(official: Person, collection_ids: Sequence[int] | None) -> list[dict[str, Any]]:
    """The archive's documents naming the official in any of their forms (a quoted phrase each)."""
    hits: dict[int, dict[str, Any]] = {}
    for name in names_of(official):
        query = f'"{name}"' if " " in name else name
        for hit in search.search(query, collection_ids=collection_ids, limit=DOCUMENT_LIMIT, withheld=True).hits:
            hits.setdefault(hit.item_id, {"item": hit.item_id, "locator": hit.locator, "collection": hit.collection,
                                          "name": name, "explanation": hit.explanation})
    hashes = dict(Item.objects.filter(pk__in=list(hits)).values_list("pk", "sha256"))
    return [{**hit, "sha256": hashes.get(pk, "")} for pk, hit in sorted(hits.items())]


def _row(values: tuple[Any, ...], located: dict[int, locate.Located]) -> dict[str, Any]:
    pk, person, _name, facility, admitted, released, status, detained, item, locator, sheet, row, sha = values
    return {
        "detention": pk, "person": person, "facility": located[facility].name if facility in located else "",
        "admitted": admitted.isoformat() if admitted else None, "released": released.isoformat() if released else None,
        "status": status, "held_by_status": detained,
        "source": {"item": item, "locator": locator, "sheet": sheet, "row": row, "sha256": sha},
    }


def as_json(result: Responsibility) -> dict[str, Any]:
    """The report with exactly the top-level keys the command's --json promises; every row with its source."""
    official = result.official
    admitted = result.ids("admitted")
    detail = result.rows()
    held_rows = [_row(values, result.located) for values in detail]
    facilities: dict[int, dict[str, Any]] = {}
    for post in result.posts:
        for pk in post.facilities:
            place = result.located[pk]
            facilities[pk] = {"id": pk, "name": place.name, "county": place.county, "located_by": place.how,
                              "admitted_during_tenure": 0, "held_during_tenure": 0}
    people: dict[int, dict[str, Any]] = {}
    for values in detail:
        facility = facilities[values[3]]
        facility["held_during_tenure"] += 1
        facility["admitted_during_tenure"] += values[0] in admitted
        people.setdefault(values[1], {"id": values[1], "name": values[2], "detentions": []})["detentions"].append(
            values[0])
    return {
        "official": {"id": official.pk, "name": official.name, "names": [n["name"] for n in official.names],
                     "rules": {"admitted_during_tenure": RULE_ADMITTED, "held_during_tenure": RULE_HELD,
                               "limits": LIMITS}},
        "admitted_during_tenure": {"count": result.admitted,
                                   "detentions": [row for row in held_rows if row["detention"] in admitted]},
        "held_during_tenure": {"count": result.held, "detentions": held_rows},
        "people": sorted(people.values(), key=lambda person: person["id"]),
        "photos": result.photos,
        "posts": [_post(post) for post in result.posts],
        "facilities": sorted(facilities.values(), key=lambda f: (f["county"], f["name"])),
        "documents": result.documents,
    }


def _post(count: PostCount) -> dict[str, Any]:
    post = count.post
    return {
        "id": post.pk, "title": post.title, "unit": post.organization, "start": post.start, "end": post.end,
        "tenure": {"first": count.tenure.first.isoformat(), "last": count.tenure.last.isoformat(),
                   "precision": count.tenure.precision},
        "area": {"label": count.area.label, "level": count.area.level, "how": count.area.how,
                 "counties": sorted(count.area.counties)},
        "source": post.source, "facilities": count.facilities,
        "admitted_during_tenure": count.admitted, "held_during_tenure": count.held,
    }
