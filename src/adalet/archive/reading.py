"""How other apps read the archive: a collection's items, their tables and metadata, and whether originals are intact.

Owns the archive's read interface for the people, verify, sanctions and web apps, which never query its tables
themselves. Everything here is read-only and returns plain values (`ItemView`), so callers hold no ORM rows.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import IO, Any

from django.db.models import Q

from adalet.archive.blobstore import BlobStore
from adalet.archive.environment import raise_if_environmental
from adalet.archive.mediatypes import media_type_prefixes
from adalet.archive.models import Collection, CustodyRecord, Derivative, Item, ItemStatus, Passage


class ArchiveReadError(Exception):
    """A collection or item that is not there, or a derivative that cannot be read."""


@dataclass(frozen=True)
class ItemView:
    """One original as other apps see it."""

    id: int
    locator: str
    name: str
    path: str
    sha256: str
    media_type: str
    status: str
    metadata: dict[str, Any]


_FIELDS = ("id", "locator", "name", "path", "sha256", "media_type", "status", "metadata")


def collection(name: str) -> Collection:
    """The collection called ``name``, or ArchiveReadError."""
    found = Collection.objects.filter(name=name).first()
    if found is None:
        known = ", ".join(Collection.objects.order_by("name").values_list("name", flat=True)) or "none yet"
        raise ArchiveReadError(f"no collection named {name!r} (collections: {known})")
    return found


def items(collection: Collection, kind: str | None = None, *, done_only: bool = True) -> Iterator[ItemView]:
    """The collection's originals of one kind (image, spreadsheet, pdf, document, text, archive), in locator order."""
    query = Item.objects.filter(collection=collection)
    if done_only:
        query = query.filter(status=ItemStatus.DONE)
    if kind:
        condition = Q()
        for prefix in media_type_prefixes(kind):
            condition |= Q(media_type__startswith=prefix)
        query = query.filter(condition)
    for row in query.order_by("locator").values_list(*_FIELDS).iterator(chunk_size=2000):
        yield ItemView(*row)


def locators(collection: Collection) -> list[str]:
    """Every item's locator (any status), in order: without decoding metadata."""
    return list(Item.objects.filter(collection=collection).order_by("locator").values_list("locator", flat=True))


def count_items(collection: Collection) -> int:
    return Item.objects.filter(collection=collection).count()


def derivative_bytes(item_id: int, kind: str, store: BlobStore | None = None) -> bytes | None:
    """The bytes of an item's derivative (``table``, ``thumbnail``, ``text``, ``ocr``), or None when it has none."""
    sha = Derivative.objects.filter(item_id=item_id, kind=kind).values_list("sha256", flat=True).first()
    if sha is None:
        return None
    return (store or BlobStore()).read_bytes(sha, "derived")


def table(item_id: int, store: BlobStore | None = None) -> dict[str, Any] | None:
    """A spreadsheet's table as extracted: ``{"sheets": [{"name", "rows": [[str | None, ...]]}]}``."""
    data = derivative_bytes(item_id, "table", store)
    if data is None:
        return None
    try:
        return json.loads(data)
    except ValueError as error:
        raise ArchiveReadError(f"table of item {item_id} is not readable JSON: {error}") from None


def original_bytes(item: ItemView, store: BlobStore | None = None) -> bytes:
    return (store or BlobStore()).read_bytes(item.sha256)


def count_hashed_originals(collection: Collection) -> int:
    """How many originals of the collection carry a SHA-256 (those ``altered_originals`` hashes again)."""
    return Item.objects.filter(collection=collection).exclude(sha256="").count()


def altered_originals(collection: Collection, store: BlobStore | None = None) -> Iterator[tuple[str, str]]:
    """(locator, problem) for each original of the collection that is missing or no longer hashes to its SHA-256."""
    store = store or BlobStore()
    checked: dict[str, str | None] = {}
    rows = Item.objects.filter(collection=collection).exclude(sha256="").order_by("locator").values_list("locator", "sha256")
    for locator, sha in rows.iterator(chunk_size=5000):
        if sha not in checked:
            actual = store.rehash(sha, "originals")
            checked[sha] = None if actual == sha else ("missing from the blob store" if actual is None else actual)
        problem = checked[sha]
        if problem is not None:
            yield locator, problem if problem == "missing from the blob store" else f"altered: now hashes to {problem}"


def latest_recorded_time(collection: Collection) -> str | None:
    """The latest time the files themselves record (document and workbook ``modified``, photo EXIF DateTime), ISO."""
    return max((value for _locator, value in recorded_times(collection)), default=None)


def recorded_times(collection: Collection) -> Iterator[tuple[str, str]]:
    """(locator, ISO time) for every time the files record (document and workbook ``modified``, EXIF times)."""
    rows = Item.objects.filter(collection=collection, status=ItemStatus.DONE).values_list("locator", "metadata")
    for locator, metadata in rows.iterator(chunk_size=5000):
        for value in _recorded_times(metadata or {}):
            if value:
                yield locator, value


def _recorded_times(metadata: dict[str, Any]) -> Iterator[str]:
    for key in ("modified", "capture_time"):
        value = metadata.get(key)
        if isinstance(value, str) and value[:4].isdigit():
            yield value[:19]
    exif_time = metadata.get("exif", {}).get("image", {}).get("DateTime") if isinstance(metadata.get("exif"), dict) else None
    if isinstance(exif_time, str) and len(exif_time) >= 19 and exif_time[:4].isdigit():
        yield exif_time[:10].replace(":", "-") + "T" + exif_time[11:19]
    properties = metadata.get("properties")
    if isinstance(properties, dict) and isinstance(properties.get("modified"), str):
        yield properties["modified"][:19]


def item_by_locator(locator: str) -> ItemView:
    """The item found at ``locator`` (its newest version when the path was ingested more than once)."""
    row = Item.objects.filter(locator=locator).order_by("-pk").values_list(*_FIELDS).first()
    if row is None:
        raise ArchiveReadError(f"no item at {locator!r}")
    return ItemView(*row)


def item_view(item_id: int) -> ItemView:
    row = Item.objects.filter(pk=item_id).values_list(*_FIELDS).first()
    if row is None:
        raise ArchiveReadError(f"no item {item_id}")
    return ItemView(*row)


def item_provenance(item_id: int) -> dict[str, Any]:
    """Where an item came from, for citations: collection (and whether public), ingest record, size."""
    item = Item.objects.select_related("collection", "run").get(pk=item_id)
    return {
        "collection": item.collection.name,
        "public": item.collection.is_public,
        "ingest_record": item.ingest_record,
        "ingested_at": item.ingested_at.isoformat(),
        "size": item.size,
        "source": item.run.source,
    }


# -- one item as its viewer page shows it (web.item_pages) ----------------------------------------------------


@dataclass(frozen=True)
class ItemRecord:
    """One item with where it was found, how it came in and what extraction made of it."""

    view: ItemView
    collection_id: int
    collection: str
    size: int | None
    parent_id: int | None
    parent_locator: str
    status: str
    failure_reason: str
    warnings: list[str]
    ingested_at: Any
    extracted_at: Any
    source: str
    actor: str
    custody: Mapping[str, Any] | None  # the custody record that logged its ingest: seq, at, actor, digest


def item_record(item_id: int) -> ItemRecord:
    """The item ``item_id`` as its viewer shows it, or ArchiveReadError."""
    item = Item.objects.select_related("collection", "run", "parent").filter(pk=item_id).first()
    if item is None:
        raise ArchiveReadError(f"no item {item_id}")
    custody = None
    if item.ingest_record is not None:
        custody = CustodyRecord.objects.filter(seq=item.ingest_record).values("seq", "at", "actor", "action", "digest").first()
    view = ItemView(*(getattr(item, name) for name in _FIELDS))
    return ItemRecord(
        view=view, collection_id=item.collection_id, collection=item.collection.name, size=item.size,
        parent_id=item.parent_id, parent_locator=item.parent.locator if item.parent else "", status=item.status,
        failure_reason=item.failure_reason, warnings=list(item.warnings or []), ingested_at=item.ingested_at,
        extracted_at=item.extracted_at, source=item.run.source, actor=item.run.actor, custody=custody,
    )


def item_pages(item_id: int) -> list[tuple[str, str]]:
    """A paged item's text (PDF pages, multi-frame scans) as (``page N``, text), from the passages search indexed."""
    pages: dict[str, list[str]] = {}
    for label, text in Passage.objects.filter(item_id=item_id, label__startswith="page ").order_by("ordinal").values_list(
        "label", "text"
    ):
        pages.setdefault(label, []).append(text)
    return [(label, "\n".join(parts)) for label, parts in pages.items()]


def item_text(item_id: int, kind: str = "text", limit: int | None = None) -> str | None:
    """An item's extracted text (``text``) or OCR text (``ocr``, pages separated by form feeds), at most ``limit``
    characters; None when it has none."""
    data = derivative_bytes(item_id, kind)
    if data is None:
        return None
    text = data.decode("utf-8", "replace")
    return text[:limit] if limit is not None else text


def item_members(item_id: int, limit: int = 500) -> list[ItemView]:
    """The members of an archive item (the files found inside it), in locator order."""
    rows = Item.objects.filter(parent_id=item_id).order_by("locator").values_list(*_FIELDS)[:limit]
    return [ItemView(*row) for row in rows]


def open_original(item_id: int, store: BlobStore | None = None) -> IO[bytes]:
    """The stored original's bytes as a file to stream (read-only), or ArchiveReadError."""
    sha = Item.objects.filter(pk=item_id).values_list("sha256", flat=True).first()
    if not sha:
        raise ArchiveReadError(f"item {item_id} has no stored original")
    path = (store or BlobStore()).path(sha)
    try:
        return path.open("rb")
    except OSError as error:
        raise_if_environmental(error, path)  # a failing disk is not a missing original
        raise ArchiveReadError(f"original of item {item_id} cannot be read: {error}") from None


def derivative_kinds(item_id: int) -> set[str]:
    """Which derivatives an item has: ``text``, ``table``, ``ocr``, ``thumbnail``..."""
    return set(Derivative.objects.filter(item_id=item_id).values_list("kind", flat=True))
