"""Reviewing photo links: a collection's links by status (and method and score), and a person's decision on a
proposed one, or on many at once.

`xref photos` proposes links with their evidence; a reviewer confirms or rejects each. A decision is final here
(a later `xref photos` keeps it) and goes on the custody log with the evidence it was taken on. A bulk decision is
the same decision taken on each link in turn, with one note: every link gets its own custody record, as one
decided alone does.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from adalet.archive import bindings, custody
from adalet.people.models import LinkStatus, PhotoLink

DECISIONS = (LinkStatus.CONFIRMED, LinkStatus.REJECTED)


class ReviewError(ValueError):
    """A decision that cannot be taken (unknown decision, a link already decided)."""


def links(collection: Any, status: str | None = LinkStatus.PROPOSED) -> QuerySet[PhotoLink]:
    """The collection's photo links with their photo and person, by photo; all statuses when ``status`` is None."""
    found = PhotoLink.objects.filter(collection=collection).select_related("photo", "person")
    if status:
        found = found.filter(status=status)
    return found.order_by("photo__locator", "pk")


def narrowed(found: QuerySet[PhotoLink], method: str = "", min_score: float | None = None,
             max_score: float | None = None) -> QuerySet[PhotoLink]:
    """Links of one method (``id_number``, ``name_birth_date``) and with a score in [min_score, max_score]."""
    if method:
        found = found.filter(method=method)
    if min_score is not None:
        found = found.filter(score__gte=min_score)
    if max_score is not None:
        found = found.filter(score__lte=max_score)
    return found


def methods(collection: Any) -> list[str]:
    """The methods the collection's links were proposed by."""
    return sorted(set(PhotoLink.objects.filter(collection=collection).values_list("method", flat=True)))


def link(collection: Any, link_id: int) -> PhotoLink | None:
    return links(collection, None).filter(pk=link_id).first()


def review_link(link_id: int, decision: str, reviewer: str, note: str = "") -> PhotoLink:
    """Confirm or reject a proposed link, on the custody log; refused when it is already decided."""
    if decision not in DECISIONS:
        raise ReviewError("decision must be confirmed or rejected")
    with transaction.atomic(), bindings.operation(reviewer):
        found = PhotoLink.objects.select_for_update().filter(pk=link_id).first()
        if found is None:
            raise ReviewError(f"no photo link {link_id}")
        if found.status != LinkStatus.PROPOSED:
            raise ReviewError(f"this link was already {found.status} by {found.reviewed_by or 'someone'}")
        photo = found.photo
        custody.append(
            "photo-link-review",
            actor=reviewer,
            subject=f"{found.collection.name} photo {photo.locator}"[:500],
            detail={
                "link": found.pk, "photo": photo.locator, "sha256": photo.sha256, "person": found.person_id,
                "decision": decision, "note": note, "method": found.method, "score": found.score,
                "evidence": found.evidence,
            },
        )
        found.status, found.reviewed_by, found.reviewed_at = decision, reviewer, timezone.now()
        found.save(update_fields=["status", "reviewed_by", "reviewed_at"])
    return found


def review_links(collection: Any, link_ids: list[int], decision: str, reviewer: str,
                 note: str = "") -> tuple[list[PhotoLink], list[tuple[int, str]]]:
    """One decision on many of the collection's links, each taken (and put on the custody log) as `review_link`
    takes it: the links decided, and the ids refused with why (not in the collection, already decided)."""
    if decision not in DECISIONS:
        raise ReviewError("decision must be confirmed or rejected")
    ours = set(PhotoLink.objects.filter(collection=collection, pk__in=link_ids).values_list("pk", flat=True))
    decided: list[PhotoLink] = []
    refused: list[tuple[int, str]] = []
    for link_id in dict.fromkeys(link_ids):  # each once, in the order given
        if link_id not in ours:
            refused.append((link_id, f"no photo link {link_id} in {collection.name}"))
            continue
        try:
            decided.append(review_link(link_id, decision, reviewer, note))
        except ReviewError as problem:
            refused.append((link_id, str(problem)))
    return decided, refused
