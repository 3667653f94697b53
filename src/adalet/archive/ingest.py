"""An ingest from start to end: open a run, stage the originals, extract them, summarise.

`adalet ingest` stages a folder, file or zip, queues its extraction for background workers, and
(unless told not to wait) extracts alongside them until the collection has nothing left to do.
An interrupted ingest resumes by running it again: staged originals are found by their hash,
claims of dead processes are taken back, and only unfinished items are extracted.

Before it writes anything the ingest checks that the blob store's and the home's disks have room
for what the input needs (its size, its zips' declared member sizes, a share for derivatives and
ADALET_FREE_SPACE_MARGIN). A disk that fills or fails anyway stops it with EnvironmentFault
(environment.py): the item at work stays pending, and the same command run again finishes it.
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
from adalet.archive.environment import (
    BLOB_OVERHEAD,
    DATABASE_SHARE,
    DERIVED_SHARE,
    NotEnoughSpace,
    check_free_space,
    margin_bytes,
    raise_if_environmental,
    stop_on_environmental_errors,
    zip_members_bound,
)
from adalet.archive.models import TERMINAL_STATUSES, Collection, IngestRun, Item, ItemStatus
from adalet.archive.processing import process_batch
from adalet.archive.sniff import ZIP, detect
from adalet.archive.staging import stage_files, walk
from adalet.archive.tasks import enqueue_extraction
from adalet.home import blobs_dir, home

CLAIM_BATCH = 20  # items claimed at first; then more while a batch takes under BATCH_SECONDS (next_batch_size)
MAX_CLAIM_BATCH = 200
BATCH_SECONDS = 0.5
PROGRESS_EVERY = 0.5  # seconds between progress counts


class IngestError(Exception):
    """The ingest cannot start (a path that does not exist, a bad collection name, a disk without room)."""


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
    files = list(walk(path))
    try:
        check_space(files, collection_name)
    except (NotEnoughSpace, ValueError) as error:
        raise IngestError(str(error)) from None
    collection = collection_named(collection_name)
    run = IngestRun.objects.create(
        collection=collection, root_path=str(path.resolve()), source=source, actor=actor or default_actor(), ocr=ocr
    )
    custody.append(
        "ingest-start", actor=run.actor, subject=collection.name, detail={"run": run.pk, "path": run.root_path, "source": source}
    )
    with stop_on_environmental_errors():
        store = BlobStore()
        store.clean_tmp()
        release_dead_local_claims()

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


def originals_needed(files: list[tuple[Path, str]], collection_name: str) -> int:
    """Bytes the input's originals will take in the blob store: the files and their zips' members not yet stored in
    the collection (by locator)."""
    stored = set(
        Item.objects.filter(collection__name=collection_name.strip()).exclude(sha256="").values_list("locator", flat=True)
    )
    total = 0
    for full, locator in files:
        if locator not in stored:
            total += _size(full) + BLOB_OVERHEAD
        if _is_zip(full):
            total += zip_members_bound(full, locator, stored.__contains__)
    return total


def check_space(files: list[tuple[Path, str]], collection_name: str) -> None:
    """NotEnoughSpace when the blob store's or the home's disk lacks room for the input plus the margin: the
    originals and what is derived from them in the store, an SQLite database's growth in the home."""
    originals = originals_needed(files, collection_name)
    database = int(originals * DATABASE_SHARE) if connection.vendor == "sqlite" else 0
    check_free_space(
        [(blobs_dir(), int(originals * (1 + DERIVED_SHARE))), (home(), database)], margin_bytes()
    )


def _is_zip(path: Path) -> bool:
    """A zip whose members become items (not a DOCX or XLSX, which are zips too)."""
    if path.is_symlink():
        return False
    try:
        with open(path, "rb") as stream:
            if stream.read(4) not in (b"PK\x03\x04", b"PK\x05\x06"):
                return False
    except OSError as error:
        raise_if_environmental(error, path)
        return False
    return detect(path, path.name) == ZIP


def _start_helper(collection: Collection) -> subprocess.Popen[bytes]:
    """Another local process extracting the same collection (`--jobs N` uses N processes in all)."""
    return subprocess.Popen(
        [sys.executable, "-m", "adalet.cli", "extract", collection.name, "--verbosity", "0"],
        stdout=subprocess.DEVNULL,
    )


def _size(path: Path) -> int:
    try:
        return path.lstat().st_size
    except OSError as error:
        raise_if_environmental(error, path)
        return 0


def extract_collection(collection: Collection, store: BlobStore, progress: Progress, poll: float = 0.2) -> None:
    """Extract claimable items of the collection alongside any workers, until none is left unfinished."""
    worker_id = new_worker_id()
    scope = Item.objects.filter(collection=collection)
    shown = 0.0
    size = CLAIM_BATCH
    while True:
        items = claim(worker_id, size, scope=scope)
        if items:
            started = time.monotonic()
            process_batch(items, worker_id, store=store, enqueue=enqueue_extraction)
            size = next_batch_size(size, len(items), time.monotonic() - started)
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


def next_batch_size(size: int, claimed: int, seconds: float) -> int:
    """How many items to claim next: twice as many after a full batch done in under BATCH_SECONDS (up to
    MAX_CLAIM_BATCH), half as many (never under CLAIM_BATCH) after one that took over four times as long.

    Each batch costs a claim, a transaction, its bindings and a custody record whatever its size: 20 mugshots spend
    about 12% of their time on them, 160 under 2%. Slow items (long PDFs) keep batches small, so workers still share
    the end of a run."""
    if claimed >= size and seconds < BATCH_SECONDS:
        return min(size * 2, MAX_CLAIM_BATCH)
    if seconds > BATCH_SECONDS * 4:
        return max(size // 2, CLAIM_BATCH)
    return size


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
