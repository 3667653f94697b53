"""Extraction of claimed items: run the right extractor, store what it yields, record the outcome.

For each claimed item the registry picks an extractor by media type; its text, table and derived
files go to the `derived` area of the blob store; members of an archive become child items (staged
as they stream, so a 10,000-photo zip never sits in memory). The outcome of a batch — statuses,
derivatives, passages and search index, one custody record — is written in one transaction, and
only for items this worker still holds, so a crash leaves nothing half-written and no item is
recorded twice.

A failure of the machine (disk full, I/O error, no file handles: environment.py) is never an
item's fault: the batch is given back unrecorded (its claims released, its items pending) and
EnvironmentFault stops the caller; the members an archive had staged so far stay, and the re-run
stages the rest without adding them twice.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from adalet.archive import bindings, custody, search
from adalet.archive.blobstore import BlobStore, StoredBlob
from adalet.archive.claims import release
from adalet.archive.environment import is_environmental, raise_if_environmental
from adalet.archive.extractors import choose
from adalet.archive.extractors.base import Context, Extraction, ExtractionError, Member, Source
from adalet.archive.models import Derivative, Item, ItemStatus, Passage
from adalet.archive.passages import passages_of
from adalet.archive.staging import BATCH, Arrival, arrival_from_store, record_arrivals

log = logging.getLogger(__name__)
Enqueue = Callable[[list[int]], None]


@dataclass
class Outcome:
    item: Item
    status: str = ItemStatus.DONE
    extractor: str = ""
    failure_code: str = ""
    failure_reason: str = ""
    warnings: list[str] = field(default_factory=list)
    metadata: dict[str, Any] = field(default_factory=dict)
    text_length: int = 0
    derivatives: list[tuple[str, str, StoredBlob]] = field(default_factory=list)
    passages: list[tuple[str, str]] = field(default_factory=list)


def clean(value: Any) -> Any:
    """JSON-safe and database-safe (PostgreSQL refuses NUL in text)."""
    return json.loads(json.dumps(value, default=str, ensure_ascii=False).replace("\\u0000", "\\\\x00"))


def one_line(problem: BaseException | str) -> str:
    """A reason as one line of at most 500 characters."""
    text = " ".join(str(problem).split()) or type(problem).__name__
    return text[:500]


def context_for(item: Item) -> Context:
    return Context(ocr=item.run.ocr)


def extract(item: Item, store: BlobStore, enqueue: Enqueue | None = None) -> Outcome:
    """Run the extractor for one item; never raises for bad input, raises EnvironmentFault when the machine fails."""
    outcome = Outcome(item=item)
    extension = PurePosixPath(item.name).suffix.lower().lstrip(".")
    extractor = choose(item.media_type, extension)
    if extractor is None:
        reason = f"unsupported file type: {item.media_type or 'unknown'}"
        return _refused(outcome, ItemStatus.UNSUPPORTED, "unsupported", reason)
    outcome.extractor = extractor.name
    source = Source(
        path=store.path(item.sha256), name=item.name, media_type=item.media_type, size=item.size or 0, depth=item.depth
    )
    try:
        extraction = extractor.extract(source, context_for(item))
        if extraction.members is not None:
            _stage_members(item, store, extraction.members, enqueue)
    except Exception as error:  # a malformed file must never stop the run (a failing machine must)
        raise_if_environmental(error)
        if isinstance(error, ExtractionError):
            return _refused(outcome, ItemStatus.FAILED, error.code, one_line(error))
        log.warning("extractor %s failed on %s", extractor.name, item.locator, exc_info=True)
        reason = f"cannot read as {item.media_type}: {type(error).__name__}: {one_line(error)}"
        return _refused(outcome, ItemStatus.FAILED, "malformed", reason)
    if extraction.failure:
        raise_if_environmental(extraction.failure)
        outcome.status = ItemStatus.FAILED
        outcome.failure_code = extraction.failure.code
        outcome.failure_reason = one_line(extraction.failure)
    outcome.warnings = [one_line(w) for w in extraction.warnings]
    outcome.metadata = clean(extraction.metadata)
    outcome.text_length = len(extraction.text)
    outcome.derivatives = _store_derivatives(store, extraction)
    outcome.passages = passages_of(item.name, extraction)
    return outcome


def _refused(outcome: Outcome, status: str, code: str, reason: str) -> Outcome:
    """An item that could not be read: the reason is kept, and its name stays searchable."""
    outcome.status, outcome.failure_code, outcome.failure_reason = status, code, reason
    outcome.passages = passages_of(outcome.item.name, Extraction())
    return outcome


def _store_derivatives(store: BlobStore, extraction: Extraction) -> list[tuple[str, str, StoredBlob]]:
    stored = []
    if extraction.text:
        stored.append(("text", "text/plain; charset=utf-8", store.put_bytes(extraction.text.encode("utf-8", "replace"))))
    if extraction.table:
        data = json.dumps(clean(extraction.table), ensure_ascii=False).encode()
        stored.append(("table", "application/json", store.put_bytes(data)))
    for derivative in extraction.derivatives:
        stored.append((derivative.kind, derivative.media_type, store.put_bytes(derivative.data)))
    return stored


def _stage_members(item: Item, store: BlobStore, members: Any, enqueue: Enqueue | None) -> None:
    batch: list[Arrival] = []
    for member in members:
        batch.append(_arrive_member(item, store, member))
        if len(batch) >= BATCH:
            _record_members(item, batch, enqueue)
            batch = []
    if batch:
        _record_members(item, batch, enqueue)


def _record_members(item: Item, batch: list[Arrival], enqueue: Enqueue | None) -> None:
    ids = record_arrivals(item.run, batch, parent=item)
    if ids and enqueue:
        transaction.on_commit(lambda: enqueue(ids))


def _arrive_member(parent: Item, store: BlobStore, member: Member) -> Arrival:
    """Store a member's bytes (streamed, under the container's limits) and say what arrived."""
    path = member.path.replace("\x00", "\\x00")
    arrival = Arrival(f"{parent.locator}!/{path}", path, _name(path), size=member.size, depth=parent.depth + 1)
    if member.open is not None:
        try:
            with member.open() as stream:
                blob = store.put_stream(stream)
        except Exception as error:
            raise_if_environmental(error)
            if isinstance(error, ExtractionError):
                arrival.failure_code, arrival.failure_reason = error.code, one_line(error)
                return arrival
            arrival.failure_code, arrival.failure_reason = "malformed", f"cannot read member: {one_line(error)}"
            return arrival
        arrival = arrival_from_store(store, blob.sha256, blob.size, locator=arrival.locator, path=path, depth=arrival.depth)
    if member.failure is not None:
        arrival.failure_code, arrival.failure_reason = member.failure.code, one_line(member.failure)
    elif member.open is None:
        arrival.failure_code, arrival.failure_reason = "unreadable", "the container gives no way to read this member"
    return arrival


def _name(path: str) -> str:
    return PurePosixPath(path).name or path


def commit(outcomes: list[Outcome], worker_id: str) -> int:
    """Record a batch of outcomes in one transaction; returns how many were still ours to record."""
    if not outcomes:
        return 0
    now = timezone.now()
    with transaction.atomic():
        held = Item.objects.filter(
            pk__in=[o.item.pk for o in outcomes], status=ItemStatus.PROCESSING, claimed_by=worker_id
        )
        if connection.vendor == "postgresql":
            held = held.select_for_update()
        ours = set(held.values_list("pk", flat=True))
        recorded = [o for o in outcomes if o.item.pk in ours]
        if not recorded:
            return 0
        for o in recorded:
            item = o.item
            item.status, item.extractor, item.extracted_at = o.status, o.extractor, now
            item.failure_code, item.failure_reason, item.warnings = o.failure_code, o.failure_reason, o.warnings
            item.metadata, item.text_length = o.metadata, o.text_length
        _save_outcome_fields([o.item for o in recorded])
        Derivative.objects.bulk_create(
            [
                Derivative(item=o.item, kind=kind, media_type=media_type, sha256=blob.sha256, size=blob.size)
                for o in recorded
                for kind, media_type, blob in o.derivatives
            ],
            ignore_conflicts=True,
        )
        passages = Passage.objects.bulk_create(
            [
                Passage(
                    item=o.item,
                    collection_id=o.item.collection_id,
                    media_type=o.item.media_type,
                    ordinal=ordinal,
                    label=label[:200],
                    text=text.replace("\x00", " "),
                )
                for o in recorded
                for ordinal, (label, text) in enumerate(o.passages)
            ]
        )
        search.index(passages)
        with bindings.operation(worker_id, recorded[0].item.collection.name) as bound:
            done = [o.item.pk for o in recorded]
            bound.bind_pks(Item, done)
            bound.bind(Derivative.objects.filter(item_id__in=done))
            bound.bind(Passage.objects.filter(item_id__in=done))
        custody.append(
            "extract",
            actor=worker_id,
            subject=recorded[0].item.collection.name,
            detail={
                "items": [
                    [o.item.locator, o.item.sha256, o.status, o.failure_code or None, [b.sha256 for _, _, b in o.derivatives]]
                    for o in recorded
                ]
            },
        )
    return len(recorded)


OUTCOME_FIELDS = ("status", "extractor", "extracted_at", "failure_code", "failure_reason", "warnings", "metadata", "text_length")


def _save_outcome_fields(items: list[Item]) -> None:
    """One prepared UPDATE run for every item (Django's bulk_update builds CASE expressions, far slower)."""
    # Each field with its column (get_field() could also give a relation, and a field's column may be None).
    columns = {f.name: (f, f.column) for f in Item._meta.concrete_fields if f.column is not None}
    fields = [columns[name] for name in OUTCOME_FIELDS]
    assignments = ", ".join(f"{connection.ops.quote_name(column)} = %s" for _, column in fields)
    rows = [[field.get_db_prep_save(getattr(item, field.attname), connection) for field, _ in fields] + [item.pk] for item in items]
    with connection.cursor() as cursor:
        cursor.executemany(f"UPDATE {Item._meta.db_table} SET {assignments} WHERE id = %s", rows)


def process_batch(items: list[Item], worker_id: str, store: BlobStore | None = None, enqueue: Enqueue | None = None) -> int:
    """Extract and record a batch of items this worker has claimed; a failing machine gives the batch back."""
    store = store or BlobStore()
    try:
        outcomes = [extract(item, store, enqueue) for item in items]
        return commit(outcomes, worker_id)
    except Exception as error:
        if not is_environmental(error):
            raise
        _give_back(items, worker_id)
        raise_if_environmental(error)
        raise


def _give_back(items: list[Item], worker_id: str) -> None:
    """Return the batch to pending; when the database cannot take even that, the claims die with this process."""
    try:
        release(worker_id, [item.pk for item in items])
    except Exception as error:
        if not is_environmental(error):
            raise
        log.warning("claims of %s not released (%s): taken back once this process has ended", worker_id, error)
