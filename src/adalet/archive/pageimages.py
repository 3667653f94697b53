"""Page images for the viewer: page N of a PDF or of a scan as a PNG (pagerender.py), made on the first request and
kept in the blob store, so that a second request, from any process or machine sharing the store, reads it.

    $ADALET_BLOBS/derived/ab/cd/<sha256 of the PNG>                     the image (content-addressed, as any blob)
    $ADALET_BLOBS/pages/ab/<sha256 of the original>/<N>-<MAX_EDGE>.sha  the PNG's SHA-256: which image is page N

Keyed by the original's own hash (its bytes decide its pages) and the rendering's size. Both files are written
whole under a temporary name and renamed into place, so several processes rendering the same page at once each
leave a complete image and a pointer to a complete image; a pointer whose blob is missing or no longer hashes to it
is ignored and the page rendered again. Nothing is written to the database: the images are a cache of what the
original holds, not evidence, and not on the custody log (the views of them are: the web app logs them).

Which items have pages: a PDF extracted in full (its ``page_count``) and an image (its ``frames``, else one). A page
number outside 1..count, an item not extracted, or any other kind is NoSuchPage; a page that cannot be rendered is
PageImageError with a reason (pagerender.RenderError's).
"""

from __future__ import annotations

import hashlib
import os
import uuid
from pathlib import Path

from adalet.archive import pagerender, reading
from adalet.archive.blobstore import BlobError, BlobStore
from adalet.archive.environment import raise_if_environmental
from adalet.archive.models import ItemStatus

MAX_PAGES = 100_000  # a count beyond this in metadata is not believed


class PageImageError(Exception):
    """A page that exists but could not be made into an image."""


class NoSuchPage(PageImageError):
    """The item has no page of that number (or no pages at all)."""


def page_count(view: reading.ItemView) -> int:
    """How many pages of the item can be shown as images: 0 for an item that has none."""
    if view.status != ItemStatus.DONE or not view.sha256:
        return 0
    if view.media_type == "application/pdf":
        count = view.metadata.get("page_count")
    elif view.media_type.startswith("image/"):
        count = view.metadata.get("frames") or 1
    else:
        return 0
    return count if isinstance(count, int) and 0 < count <= MAX_PAGES else 0


def renderer_missing(view: reading.ItemView) -> str | None:
    """Why no page of this item can be rendered on this machine right now (pdftoppm missing), or None."""
    if view.media_type == "application/pdf" and pagerender.pdftoppm() is None:
        return "pdftoppm is not installed (Debian: poppler-utils)"
    return None


def page_image(item_id: int, number: int, store: BlobStore | None = None) -> bytes:
    """Page ``number`` (from 1) of the item as PNG bytes: from the store when made before, else rendered and kept."""
    try:
        view = reading.item_view(item_id)
    except reading.ArchiveReadError:
        raise NoSuchPage(f"no item {item_id}") from None
    if not 1 <= number <= page_count(view):
        raise NoSuchPage(f"item {item_id} has no page {number}")
    store = store or BlobStore()
    pointer = pointer_path(store, view.sha256, number)
    kept = _read_kept(pointer, store)
    if kept is not None:
        return kept
    original = store.path(view.sha256)
    try:
        if view.media_type == "application/pdf":
            data = pagerender.render_pdf_page(original, number)
        else:
            data = pagerender.render_image_frame(original, number)
    except pagerender.RenderError as error:
        raise PageImageError(str(error)) from None
    blob = store.put_bytes(data, "derived")
    _write_whole(pointer, blob.sha256.encode("ascii"), store)
    return data


def pointer_path(store: BlobStore, original_sha256: str, number: int) -> Path:
    return store.root / "pages" / original_sha256[:2] / original_sha256 / f"{number}-{pagerender.MAX_EDGE}.sha"


def _read_kept(pointer: Path, store: BlobStore) -> bytes | None:
    """The image a pointer names, when both are there and the image still hashes to its name."""
    try:
        sha = pointer.read_text(encoding="ascii").strip()
        data = store.read_bytes(sha, "derived")
    except (OSError, ValueError, BlobError):  # not made yet, or a pointer or blob lost or spoiled: render again
        return None
    return data if hashlib.sha256(data).hexdigest() == sha else None


def _write_whole(final: Path, data: bytes, store: BlobStore) -> None:
    """Write ``data`` to ``final`` through a temporary file in the store and an atomic rename (last writer wins;
    every writer writes a complete file)."""
    tmp = store.root / "tmp" / f"{uuid.uuid4().hex}.part"
    try:
        tmp.write_bytes(data)
        final.parent.mkdir(parents=True, exist_ok=True)
        os.replace(tmp, final)
    except OSError as error:
        raise_if_environmental(error, store.root)  # a full or failing disk is the machine's, said as such
        raise
    finally:
        tmp.unlink(missing_ok=True)
