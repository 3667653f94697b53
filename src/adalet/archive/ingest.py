"""An ingest from start to end: open a run, stage the originals, extract them, summarise.

`adalet ingest` stages a folder, file or zip, queues its extraction for background workers, and
(unless told not to wait) extracts alongside them until the collection has nothing left to do.
An interrupted ingest resumes by running it again: staged originals are found by their hash,
claims of dead processes are taken back, and only unfinished items are extracted.
"""

from __future__ import annotations

import getpass
import socket
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from django.db import connection
from django.db.models import Count, Q, Sum
from django.utils import timezone

from adalet.archive import custody, search
from adalet.archive.blobstore import BlobStore
from adalet.archive.claims import claim, new_worker_id, release_dead_local_claims
from adalet.archive.models import TERMINAL_STATUSES, Collection, IngestRun, Item, ItemStatus
from adalet.archive.processing import process_batch
from adalet.archive.staging import stage_files, walk
from adalet.archive.tasks import enqueue_extraction

CLAIM_BATCH = 20
PROGRESS_EVERY = 0.5  # seconds between progress counts


class IngestError(Exception):
    """The ingest cannot start (a path that does not exist, a bad collection name)."""


@dataclass
class Summary:
    collection: str
    run: int
    new_items: int = 0
    items: int = 0
    bytes: int = 0
    statuses: dict[str, int] = field(default_factory=dict)
    failures: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    def as_dict(self) -> dict[str, object]:
        return dict(self.__dict__)


class Progress:
    """What an ingest reports while it works; the CLI draws it as progress bars."""

    def staged(self, files: int, size: int) -> None: ...

    def staging_total(self, files: int, size: int) -> None: ...

    def extracted(self, done: int, total: int) -> None: ...


def default_actor() -> str:
    return f"{getpass.getuser()}@{socket.gethostname()}"


def collection_named(name: str, create: bool = True) -> Collection:
    name = name.strip()
    if not name or len(name) > 200:
        raise IngestError("a collection needs a name of 1 to 200 characters")
    if create:
        return Collection.objects.get_or_create(name=name)[0]
    try:
        return Collection.objects.get(name=name)
    except Collection.DoesNotExist:
        raise IngestError(f"no collection named {name!r}") from None


def ingest(
    path: Path,
    collection_name: str,
    *,
    source: str = "",
    actor: str | None = None,
    ocr: bool = True,
    wait: bool = True,
    jobs: int = 1,
    progress: Progress | None = None,
) -> Summary:
    """Ingest a folder, a file or an archive into a collection; see the module docstring."""
    if not path.exists() and not path.is_symlink():
        raise IngestError(f"no such file or folder: {path}")
    started = time.monotonic()
    progress = progress or Progress()
    collection = collection_named(collection_name)
    run = IngestRun.objects.create(
        collection=collection, root_path=str(path.resolve()), source=source, actor=actor or default_actor(), ocr=ocr
    )
    custody.append(
        "ingest-start", actor=run.actor, subject=collection.name, detail={"run": run.pk, "path": run.root_path, "source": source}
    )
    store = BlobStore()
    store.clean_tmp()
    release_dead_local_claims()

    files = list(walk(path))
    progress.staging_total(len(files), sum(_size(f) for f, _ in files))
    new_ids = stage_files(store, run, files, progress=lambda n, size: progress.staged(n, size))
    enqueue_extraction(new_ids)
    if wait:
        helpers = [_start_helper(collection) for _ in range(max(0, jobs - 1))]
        try:
            extract_collection(collection, store, progress)
        finally:
            for helper in helpers:
                helper.wait()
        if new_ids and not connection.in_atomic_block:
            search.refresh_statistics()

    run.finished_at = timezone.now()
    run.save(update_fields=["finished_at"])
    summary = summarise(collection, run)
    summary.new_items = Item.objects.filter(run=run).count()
    summary.seconds = round(time.monotonic() - started, 3)
    custody.append("ingest-end", actor=run.actor, subject=collection.name, detail=summary.as_dict())
    return summary


def _start_helper(collection: Collection) -> subprocess.Popen[bytes]:
    """Another local process extracting the same collection (`--jobs N` uses N processes in all)."""
    return subprocess.Popen(
        [sys.executable, "-m", "adalet.cli", "extract", collection.name, "--verbosity", "0"],
        stdout=subprocess.DEVNULL,
    )


def _size(path: Path) -> int:
    try:
        return path.lstat().st_size
    except OSError:
        return 0


def extract_collection(collection: Collection, store: BlobStore, progress: Progress, poll: float = 0.2) -> None:
    """Extract claimable items of the collection alongside any workers, until none is left unfinished."""
    worker_id = new_worker_id()
    scope = Item.objects.filter(collection=collection)
    shown = 0.0
    while True:
        items = claim(worker_id, CLAIM_BATCH, scope=scope)
        if items:
            process_batch(items, worker_id, store=store, enqueue=enqueue_extraction)
            if time.monotonic() - shown < PROGRESS_EVERY:
                continue
        counts = scope.aggregate(total=Count("id"), open=Count("id", filter=~Q(status__in=TERMINAL_STATUSES)))
        progress.extracted(counts["total"] - counts["open"], counts["total"])
        shown = time.monotonic()
        if not counts["open"]:
            return
        if not items:
            release_dead_local_claims()
            time.sleep(poll)  # the rest is held by other workers


def summarise(collection: Collection, run: IngestRun | None = None) -> Summary:
    items = Item.objects.filter(collection=collection)
    statuses = dict(items.values_list("status").annotate(n=Count("id")).order_by())
    failures = dict(
        items.exclude(failure_code="").values_list("failure_code").annotate(n=Count("id")).order_by()
    )
    total_bytes = items.filter(parent__isnull=True).aggregate(b=Sum("size"))["b"] or 0
    return Summary(
        collection=collection.name,
        run=run.pk if run else 0,
        items=sum(statuses.values()),
        bytes=total_bytes,
        statuses=statuses,
        failures=dict(Counter(failures).most_common()),
    )


__all__ = ["IngestError", "Progress", "Summary", "ingest", "extract_collection", "summarise", "ItemStatus"]
