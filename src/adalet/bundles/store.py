"""The site's bundles: each published collection's latest bundle, built by a background task, kept as a zip in the
blob store (which every web and worker machine of an installation shares: ADALET_BLOBS) and named by its checkpoint.

    $ADALET_BLOBS/derived/ab/cd/<sha256 of the zip>                      the zip (content-addressed, as any blob)
    $ADALET_BLOBS/bundles/site/<collection id>/<size>-<root hex>.json    the checkpoint it carries, and the zip's hash
    $ADALET_BLOBS/bundles/site/<collection id>/latest.json               a copy of the newest of those

A new bundle extends the latest one when it can (build.create with it as the previous bundle: its consistency proof
is then in the zip); when a record was withdrawn meanwhile it cannot, and is made on its own. It is stale when the
collection's custody log moved on since it was built (an ingest, a mapping, a publication): the site then still
offers it (a valid, signed snapshot) and has a new one built, unless the publication was narrowed since
(`narrowed_since`). One build at a time per collection: a marker file made
with O_EXCL, older than an hour taken for a crashed build.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from adalet import changes
from adalet.archive.blobstore import BlobStore
from adalet.archive.models import Collection, CustodyRecord
from adalet.bundles import build
from adalet.home import blobs_dir

OWN_ACTIONS = ("bundle", "bundle-disclose")  # the bundles' own records do not make a bundle stale
STALE_MARKER_SECONDS = 3600


@dataclass(frozen=True)
class SiteBundle:
    collection_id: int
    sha256: str  # of the zip
    zip_size: int
    tree_size: int
    root: str  # hex
    key: str
    origin: str
    custody_seq: int  # the collection's newest custody record when it was built
    built_at: str
    extends: int | None

    @property
    def path(self) -> Path:
        return BlobStore().path(self.sha256, "derived")

    @property
    def filename(self) -> str:
        return f"{self.origin.replace('/', '_')}-{self.tree_size}.zip"


def folder(collection_id: int) -> Path:
    return blobs_dir() / "bundles" / "site" / str(collection_id)


def latest(collection: Collection) -> SiteBundle | None:
    """The newest bundle built for the site, None before the first (or when its zip is gone)."""
    try:
        found = SiteBundle(**json.loads((folder(collection.pk) / "latest.json").read_text()))
    except (OSError, ValueError, TypeError):
        return None
    return found if found.path.is_file() else None


def custody_seq(collection: Collection) -> int:
    newest = (CustodyRecord.objects.filter(subject=collection.name).exclude(action__in=OWN_ACTIONS)
              .order_by("-seq").values_list("seq", flat=True).first())
    return newest or 0


def is_stale(collection: Collection, bundle: SiteBundle | None) -> bool:
    return bundle is None or bundle.custody_seq < custody_seq(collection)


def narrowed_since(collection: Collection, bundle: SiteBundle) -> bool:
    """Whether the publication was narrowed since the bundle was built (unpublished in between, or published again
    without its photos): it may then hold what a visitor may no longer see, and is not served until rebuilt."""
    changes_since = CustodyRecord.objects.filter(subject=collection.name, seq__gt=bundle.custody_seq,
                                                 action__in=("publish", "unpublish")).values_list("action", "body")
    return any(action == "unpublish" or json.loads(body).get("detail", {}).get("photos_public") is False
               for action, body in changes_since)


def claim_build(collection: Collection) -> bool:
    """Whether this caller may build now (no other build of it is running); the marker is made if so."""
    marker = folder(collection.pk) / "building"
    marker.parent.mkdir(parents=True, exist_ok=True)
    try:
        if time.time() - marker.stat().st_mtime > STALE_MARKER_SECONDS:
            marker.unlink(missing_ok=True)
    except FileNotFoundError:
        pass
    try:
        os.close(os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644))
    except FileExistsError:
        return False
    return True


def release_build(collection: Collection) -> None:
    (folder(collection.pk) / "building").unlink(missing_ok=True)


def build_for_site(collection: Collection) -> SiteBundle:
    """Build the collection's bundle (extending the latest when it can), store it, and make it the latest."""
    seq = custody_seq(collection)
    previous = latest(collection)
    store = BlobStore()
    with tempfile.TemporaryDirectory(dir=store.root / "tmp") as work:
        work_dir = Path(work)
        before = None
        if previous is not None:
            before = work_dir / "previous"
            with zipfile.ZipFile(previous.path) as archive:
                archive.extractall(before)
        try:
            built = build.create(collection.name, work_dir / "bundle", before)
        except build.BundleError:
            if before is None:
                raise
            shutil.rmtree(work_dir / "bundle", ignore_errors=True)
            built = build.create(collection.name, work_dir / "bundle")  # it cannot extend the last one: on its own
        packed = work_dir / "bundle.zip"
        pack(work_dir / "bundle", packed)
        blob = store.put_file(packed, "derived")
    made = SiteBundle(collection.pk, blob.sha256, blob.size, built.size, built.root.hex(), built.key, built.origin, seq,
                      time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), built.extends)
    _write(folder(collection.pk) / f"{built.size}-{built.root.hex()}.json", made)
    _write(folder(collection.pk) / "latest.json", made)
    changes.renew()  # the collection page names the bundle it offers
    return made


def pack(bundle: Path, out: Path | IO[bytes]) -> None:
    """The bag as a zip, its files at the top (unzip it and run verify/verify.py on the folder)."""
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(p for p in bundle.rglob("*") if p.is_file()):
            archive.write(path, path.relative_to(bundle).as_posix())


def _write(path: Path, bundle: SiteBundle) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    data: dict[str, Any] = bundle.__dict__
    tmp.write_text(json.dumps(data, indent=1))
    os.replace(tmp, path)
