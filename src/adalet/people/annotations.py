"""Tags and notes a collection's team puts on items and people: shared with those who hold a role in the collection,
never public until someone publishes them, every write on the custody log.

A tag is a short label (``to-verify``, ``family contacted``), the same tag once per subject; a note is free text.
The custody record of each write keeps who, what, on which subject, and the SHA-256 of the text (the log is
permanent and a note may name people: the text itself stays in the table, whose row the log binds).
Who may read and write is the site's to decide (adalet.web.annotation_pages); this module only records.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.db import transaction
from django.db.models import QuerySet

from adalet.archive import bindings, custody
from adalet.people.models import Annotation, AnnotationKind, Person

TAG_LENGTH = 60
NOTE_LENGTH = 4000


class AnnotationError(ValueError):
    """An annotation that cannot be written (empty, too long, a tag twice, no subject)."""


def _subject(annotation: Annotation) -> str:
    if annotation.person_id:
        return f"person {annotation.person_id}"
    return f"item {annotation.item_id}"


def clean(kind: str, text: str) -> str:
    """The text as kept: a tag on one line (spaces folded), a note trimmed; AnnotationError when unusable."""
    if kind == AnnotationKind.TAG:
        text = " ".join(text.split())
        limit = TAG_LENGTH
    elif kind == AnnotationKind.NOTE:
        text = text.strip()
        limit = NOTE_LENGTH
    else:
        raise AnnotationError("kind must be tag or note")
    if not text:
        raise AnnotationError("empty")
    if len(text) > limit:
        raise AnnotationError("too long")
    return text


def add(*, collection: Any, kind: str, text: str, author: str, item: Any = None, person: Person | None = None) -> Annotation:
    """Write a tag or a note on an item or a person of ``collection``, on the custody log."""
    if (item is None) == (person is None):
        raise AnnotationError("an annotation is on one item or one person")
    subject = item if item is not None else person
    if subject.collection_id != collection.pk:  # type: ignore[union-attr]
        raise AnnotationError("the subject is not in this collection")
    text = clean(kind, text)
    with transaction.atomic(), bindings.operation(author):
        if kind == AnnotationKind.TAG and of(item=item, person=person).filter(kind=kind, text=text).exists():
            raise AnnotationError("this tag is there already")
        annotation = Annotation.objects.create(
            collection=collection, item=item, person=person, kind=kind, text=text, author=author
        )
        _log("annotation-add", annotation, author)
    return annotation


def set_published(annotation_id: int, published: bool, actor: str) -> Annotation:
    """Publish (or withdraw) an annotation: on the custody log."""
    with transaction.atomic(), bindings.operation(actor):
        annotation = Annotation.objects.select_for_update().get(pk=annotation_id)
        if annotation.published != published:
            annotation.published = published
            annotation.save(update_fields=["published"])
            _log("annotation-publish" if published else "annotation-unpublish", annotation, actor)
    return annotation


def remove(annotation_id: int, actor: str) -> None:
    """Delete an annotation: the log keeps that it was there, by whom, and its text's hash."""
    with transaction.atomic(), bindings.operation(actor):
        annotation = Annotation.objects.select_for_update().get(pk=annotation_id)
        _log("annotation-remove", annotation, actor)
        annotation.delete()


def _log(action: str, annotation: Annotation, actor: str) -> None:
    custody.append(
        action,
        actor=actor,
        subject=f"{annotation.collection.name} {_subject(annotation)}"[:500],
        detail={
            "annotation": annotation.pk,
            "kind": annotation.kind,
            "author": annotation.author,
            "item": annotation.item_id,
            "person": annotation.person_id,
            "published": annotation.published,
            "sha256": hashlib.sha256(annotation.text.encode("utf-8")).hexdigest(),
        },
    )


def of(*, item: Any = None, person: Person | None = None, published_only: bool = False) -> QuerySet[Annotation]:
    """An item's or a person's annotations, tags first, oldest first."""
    found = Annotation.objects.filter(item=item) if item is not None else Annotation.objects.filter(person=person)
    if published_only:
        found = found.filter(published=True)
    return found.order_by("-kind", "created_at", "pk")  # "tag" sorts after "note": descending puts tags first
