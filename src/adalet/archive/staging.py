"""Staging: originals into the blob store and onto the record, with their custody entries.

A staged original is a complete `Item` row (status pending) whose bytes are already in the blob
store and whose arrival is on the custody log, in one transaction per batch. Staging the same
bytes at the same place again adds nothing, so re-running an ingest is idempotent. A disk that
fails while a file is stored (environment.py) stops the staging before its batch is recorded:
the re-run stores and records it, instead of an "unreadable" item standing for it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.db import transaction

from adalet.archive import bindings, custody
from adalet.archive.blobstore import BlobStore
from adalet.archive.environment import raise_if_environmental
from adalet.archive.models import Collection, IngestRun, Item, ItemStatus
from adalet.archive.sniff import detect

BATCH = 500


@dataclass
class Arrival:
    """An original about to be recorded: where it was found and what the store holds of it."""

    locator: str
    path: str
    name: str
    sha256: str = ""
    size: int | None = None
    media_type: str = ""
    depth: int = 0
    failure_code: str = ""
    failure_reason: str = ""


def arrival_from_store(store: BlobStore, sha256: str, size: int, *, locator: str, path: str, depth: int) -> Arrival:
    name = PurePosixPath(path).name or path
    media_type = detect(store.path(sha256), name)
    return Arrival(locator=locator, path=path, name=name, sha256=sha256, size=size, media_type=media_type, depth=depth)


def walk(root: Path) -> Iterator[tuple[Path, str]]:
    """Every file under root in a stable order, as (absolute path, locator); symlinks are not followed."""
    root = root.resolve() if not root.is_symlink() else root
    if root.is_file():
        yield root, root.name
        return
    base = root.parent
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames.sort()
        for filename in sorted(filenames):
            full = Path(dirpath) / filename
            yield full, full.relative_to(base).as_posix()


def stage_files(
    store: BlobStore,
    run: IngestRun,
    files: Iterable[tuple[Path, str]],
    progress: Callable[[int, int], None] | None = None,
) -> list[int]:
    """Store each file and record it as an item; returns the ids of the new items awaiting extraction."""
    added: list[int] = []
    batch: list[Arrival] = []
    for full, locator in files:
        arrival = _arrive(store, full, locator)
        batch.append(arrival)
        if progress:
            progress(1, arrival.size or 0)
        if len(batch) >= BATCH:
            added += record_arrivals(run, batch)
            batch = []
    if batch:
        added += record_arrivals(run, batch)
    return added


def _arrive(store: BlobStore, full: Path, locator: str) -> Arrival:
    name = full.name
    if full.is_symlink():
        return Arrival(
            locator=locator,
            path=locator,
            name=name,
            failure_code="unsafe_path",
            failure_reason=f"symbolic link to {os.readlink(full)} not followed",
        )
    try:
        blob = store.put_file(full)
    except OSError as error:
        raise_if_environmental(error, full)  # the machine's failure stops the ingest; the file is not to blame
        return Arrival(
            locator=locator, path=locator, name=name, failure_code="unreadable", failure_reason=f"cannot read: {error.strerror}"
        )
    return arrival_from_store(store, blob.sha256, blob.size, locator=locator, path=locator, depth=0)


def record_arrivals(run: IngestRun, arrivals: list[Arrival], parent: Item | None = None) -> list[int]:
    """Create the items not yet recorded and log them on the custody chain, in one transaction.

    Returns the ids of the new items awaiting extraction (those that failed on arrival are final).
    """
    collection: Collection = run.collection
    with transaction.atomic():
        existing = set(
            Item.objects.filter(collection=collection, locator__in=[a.locator for a in arrivals]).values_list(
                "locator", "sha256"
            )
        )
        new = [a for a in arrivals if (a.locator, a.sha256) not in existing]
        new = list({(a.locator, a.sha256): a for a in new}.values())
        if not new:
            return []
        # publication is a decision: what arrives in a published collection waits for one (a member, its archive's)
        withheld = parent.withheld if parent is not None else (collection.is_public and not collection.publish_new_items)
        record = custody.append(
            "ingest",
            actor=run.actor,
            subject=collection.name,
            detail={
                "run": run.pk,
                "parent": parent.locator if parent else None,
                "items": [[a.locator, a.sha256, a.size, a.failure_code or None] for a in new],
                **({"withheld": True} if withheld else {}),
            },
        )
        Item.objects.bulk_create(
            [
                Item(
                    collection=collection,
                    run=run,
                    parent=parent,
                    locator=a.locator,
                    path=a.path,
                    name=a.name[:1000],
                    sha256=a.sha256,
                    size=a.size,
                    media_type=a.media_type,
                    depth=a.depth,
                    status=ItemStatus.FAILED if a.failure_code else ItemStatus.PENDING,
                    failure_code=a.failure_code,
                    failure_reason=a.failure_reason,
                    ingest_record=record.seq,
                    withheld=withheld,
                )
                for a in new
            ],
            ignore_conflicts=True,
        )
        bindings.bind(Item.objects.filter(collection=collection, ingest_record=record.seq), actor=run.actor, subject=collection.name)
        ids = list(
            Item.objects.filter(
                collection=collection, ingest_record=record.seq, status=ItemStatus.PENDING
            ).values_list("id", flat=True)
        )
    return ids
