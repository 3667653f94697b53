"""Checking the chain of custody end to end: the log, every original, and the link between them.

`verify_archive` walks the custody chain (every column against its hashed body, the witness file), re-hashes every
stored original (and derivative) against the digest it is filed under, checks that each item's arrival is on the log
as recorded, and compares every bound table with the bindings the log holds, both ways (bindings.py): a row that
differs from its binding, a bound row that is gone, a row the log never bound. Any problem is reported as one line;
none means the archive is as it was logged.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterator

from adalet.archive import bindings, custody
from adalet.archive.blobstore import Area, BlobStore
from adalet.archive.models import CustodyRecord, Derivative, Item


def verify_archive(store: BlobStore | None = None, progress: Callable[[int, int], None] | None = None) -> list[str]:
    store = store or BlobStore()
    expected: bindings.Expected = {}
    problems = [str(b) for b in custody.verify_chain(visit=bindings.replay(expected))]
    problems += list(_check_blobs(store, progress))
    problems += list(_check_arrivals())
    problems += list(bindings.compare(expected))
    return problems


def _check_blobs(store: BlobStore, progress: Callable[[int, int], None] | None) -> Iterator[str]:
    originals = list(Item.objects.exclude(sha256="").values_list("sha256", flat=True).distinct())
    derived = list(Derivative.objects.values_list("sha256", flat=True).distinct())
    total = len(originals) + len(derived)
    blobs: list[tuple[Area, str]] = [("originals", s) for s in originals] + [("derived", s) for s in derived]
    for n, (area, sha) in enumerate(blobs, 1):
        actual = store.rehash(sha, area)
        if actual is None:
            yield f"{area[:-1] if area == 'originals' else 'derivative'} {sha} is missing from the blob store"
        elif actual != sha:
            where = Item.objects.filter(sha256=sha).values_list("locator", flat=True).first() if area == "originals" else sha
            yield f"{'original' if area == 'originals' else 'derivative'} {where} was altered (now hashes to {actual[:16]}…)"
        if progress and (n % 100 == 0 or n == total):
            progress(n, total)


def _check_arrivals() -> Iterator[str]:
    by_record: dict[int | None, list[tuple[str, str]]] = defaultdict(list)
    for locator, sha, seq in Item.objects.values_list("locator", "sha256", "ingest_record").iterator(chunk_size=5000):
        by_record[seq].append((locator, sha))
    for seq, items in by_record.items():
        record = CustodyRecord.objects.filter(seq=seq).first() if seq is not None else None
        if record is None:
            yield f"{len(items)} item(s) (e.g. {items[0][0]}) have no ingest record on the custody log"
            continue
        logged = {(entry[0], entry[1]) for entry in json.loads(record.body).get("detail", {}).get("items", [])}
        for locator, sha in items:
            if (locator, sha) not in logged:
                yield f"item {locator} is not what custody record #{seq} logged"
