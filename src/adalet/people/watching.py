"""What a watch on an official's posts or on a facility reads of the people records (web.alerts): the posts added
to an official, and the detention records and photo links of a facility that arrived after a given one (a new
ingest mapped with `adalet records map`, photos linked with `adalet xref photos`). Read-only; ids only grow, so
"since" is "with a greater id". Records are counted as the site counts them: in the collections given, without
the rows of items withheld until published unless asked."""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import Max, QuerySet

from adalet.people.models import Detention, Person, PhotoLink, Position


def latest_post(official: Person) -> int:
    return int(Position.objects.filter(person=official).aggregate(top=Max("pk"))["top"] or 0)


def posts_between(official: Person, after: int, upto: int) -> list[Position]:
    return list(Position.objects.filter(person=official, pk__gt=after, pk__lte=upto).order_by("pk"))


def latest_record(facility_id: int) -> int:
    return int(Detention.objects.filter(facility_id=facility_id).aggregate(top=Max("pk"))["top"] or 0)


def records_between(facility_id: int, after: int, upto: int, collection_ids: Sequence[int], *,
                    hide_withheld: bool = True) -> QuerySet[Detention]:
    """The facility's detention records with ids in (after, upto] in these collections, oldest first."""
    found = Detention.objects.filter(facility_id=facility_id, pk__gt=after, pk__lte=upto,
                                     person__collection_id__in=list(collection_ids))
    if hide_withheld:
        found = found.exclude(source__item__withheld=True)
    return found.order_by("pk")


def _facility_photos(facility_id: int) -> QuerySet[PhotoLink]:
    return PhotoLink.objects.filter(person__detentions__facility_id=facility_id).exclude(status="rejected").distinct()


def latest_photo(facility_id: int) -> int:
    return int(_facility_photos(facility_id).aggregate(top=Max("pk"))["top"] or 0)


def photos_between(facility_id: int, after: int, upto: int, collection_ids: Sequence[int], *,
                   hide_withheld: bool = True) -> QuerySet[PhotoLink]:
    """Photos linked (proposed or confirmed) to people recorded at the facility, ids in (after, upto], in these
    collections."""
    found = _facility_photos(facility_id).filter(pk__gt=after, pk__lte=upto, collection_id__in=list(collection_ids))
    if hide_withheld:
        found = found.exclude(photo__withheld=True)
    return found.order_by("pk")
