"""The content-addressed store: stored once under the SHA-256, read-only, never half-written."""

from __future__ import annotations

import hashlib
import io
import stat
from pathlib import Path
from typing import Any

import pytest

from adalet.archive.blobstore import CHUNK, BlobError, BlobStore


def test_stores_under_sha256_once_and_read_only(tmp_path: Path) -> None:
    store = BlobStore(tmp_path / "blobs")
    data = "在押人员名单\n".encode("gb18030") * 1000
    first = store.put_stream(io.BytesIO(data))
    second = store.put_stream(io.BytesIO(data))
    assert first == second
    assert first.sha256 == hashlib.sha256(data).hexdigest()
    path = store.path(first.sha256)
    assert path.read_bytes() == data
    assert path.parent.parent.name == first.sha256[:2]
    assert not path.stat().st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)
    assert list((tmp_path / "blobs" / "originals").rglob("*")) == [path.parent.parent, path.parent, path]


def test_derivatives_are_kept_apart_from_originals(tmp_path: Path) -> None:
    store = BlobStore(tmp_path / "blobs")
    blob = store.put_bytes(b"thumbnail bytes")
    assert store.exists(blob.sha256, "derived")
    assert not store.exists(blob.sha256, "originals")


class Exploding(io.RawIOBase):
    """A stream that fails half-way, like a process killed mid-copy."""

    def __init__(self) -> None:
        self.calls = 0

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        self.calls += 1
        if self.calls > 2:
            raise OSError("device gone")
        return b"x" * 1024 * 1024


def test_failed_write_leaves_nothing_visible(tmp_path: Path) -> None:
    store = BlobStore(tmp_path / "blobs")
    with pytest.raises(OSError):
        store.put_stream(Exploding())
    assert not (tmp_path / "blobs" / "originals").exists()
    assert list((tmp_path / "blobs" / "tmp").iterdir()) == []


def test_rehash_detects_alteration_and_absence(tmp_path: Path) -> None:
    store = BlobStore(tmp_path / "blobs")
    blob = store.put_bytes(b"original", area="originals")
    assert store.rehash(blob.sha256) == blob.sha256
    path = store.path(blob.sha256)
    path.chmod(0o644)
    path.write_bytes(b"altered")
    assert store.rehash(blob.sha256) == hashlib.sha256(b"altered").hexdigest()
    path.unlink()
    assert store.rehash(blob.sha256) is None


def test_rejects_paths_that_are_not_digests(tmp_path: Path) -> None:
    with pytest.raises(BlobError):
        BlobStore(tmp_path).path("../../etc/passwd")


class OnlyRead(io.RawIOBase):
    """A raw stream that can only read(), in pieces of at most 70,000 bytes (a socket, a pipe)."""

    def __init__(self, data: bytes) -> None:
        self.stream = io.BytesIO(data)

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        return self.stream.read(min(size, 70_000) if size > 0 else 70_000)


class ShortReads(io.RawIOBase):
    """A raw stream that reads into a buffer at most 70,000 bytes at a time (a pipe), to be wrapped in a buffer."""

    def __init__(self, data: bytes) -> None:
        self.stream = io.BytesIO(data)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        piece = self.stream.read(min(len(buffer), 70_000))
        buffer[: len(piece)] = piece
        return len(piece)


@pytest.mark.parametrize("size", [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK + 12_345])
def test_every_kind_of_stream_is_stored_byte_for_byte(tmp_path: Path, size: int) -> None:
    """Files, zip members, in-memory and read()-only streams, across chunk boundaries: the stored bytes and their
    SHA-256 are the input's (random bytes, so a chunk written from a reused buffer after it was refilled would show)."""
    import random
    import zipfile

    data = random.Random(size).randbytes(size)
    expected = hashlib.sha256(data).hexdigest()
    (tmp_path / "file.bin").write_bytes(data)
    with zipfile.ZipFile(tmp_path / "a.zip", "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("member.bin", data)
    store = BlobStore(tmp_path / "blobs")
    with zipfile.ZipFile(tmp_path / "a.zip") as archive, archive.open("member.bin") as member:
        from_zip = store.put_stream(member)
    blobs = [
        store.put_file(tmp_path / "file.bin"),
        from_zip,
        store.put_stream(io.BytesIO(data)),
        store.put_stream(OnlyRead(data)),
        store.put_stream(io.BufferedReader(ShortReads(data))),
    ]
    assert {(b.sha256, b.size) for b in blobs} == {(expected, size)}
    assert store.read_bytes(expected) == data
    assert list((tmp_path / "blobs" / "tmp").iterdir()) == []


def test_a_stream_whose_reads_store_another_stream_keeps_both_intact(tmp_path: Path) -> None:
    """The read buffer is lent to one reader at a time: a stream that stores another while it is read (a container
    staging a member) does not write into the buffer the outer copy is filling."""
    import random

    store = BlobStore(tmp_path / "blobs")
    outer, inner = random.Random(1).randbytes(CHUNK + 5000), random.Random(2).randbytes(CHUNK // 2)
    inner_blobs = []

    class StoresWhileRead(io.BufferedIOBase):
        def __init__(self) -> None:
            self.stream = io.BytesIO(outer)

        def readable(self) -> bool:
            return True

        def readinto(self, buffer: Any) -> int:
            piece = self.stream.read(len(buffer))
            buffer[: len(piece)] = piece
            inner_blobs.append(store.put_stream(io.BytesIO(inner)))  # after the piece is in the buffer
            return len(piece)

    blob = store.put_stream(StoresWhileRead())
    assert blob.sha256 == hashlib.sha256(outer).hexdigest() and store.read_bytes(blob.sha256) == outer
    assert {b.sha256 for b in inner_blobs} == {hashlib.sha256(inner).hexdigest()}
