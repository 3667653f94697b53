"""Reproducible zip archives: fixed member timestamps, UTF-8 names, directory entries.

Every member gets the timestamp the caller passes (derived from the seed, never
the clock), the UTF-8 name flag (0x800) and Unix permissions, so the same
inputs always give the same bytes. ``restamp`` fixes the member timestamps
of zip-based files written by other libraries (XLSX, DOCX), which use the
current time.
"""

from __future__ import annotations

import datetime as dt
import io
import shutil
import struct
import zipfile
from pathlib import Path, PurePosixPath
from types import TracebackType
from typing import BinaryIO

UTF8_NAMES = 0x800
STORED_SUFFIXES = frozenset({".jpg", ".zip", ".xlsx", ".docx"})  # already compressed
LOCAL_HEADER, CENTRAL_HEADER = b"PK\x03\x04", b"PK\x01\x02"


def _info(name: str, when: dt.datetime, compress_type: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=when.timetuple()[:6])
    info.flag_bits |= UTF8_NAMES
    info.create_system = 3
    info.external_attr = (0o40755 << 16 | 0x10) if name.endswith("/") else 0o100644 << 16
    info.compress_type = compress_type
    return info


class ZipWriter:
    """Writes a zip member by member; adds directory entries for every folder, in first-use order."""

    def __init__(self, target: Path | BinaryIO) -> None:
        self._zip = zipfile.ZipFile(target, "w", allowZip64=True)
        self._dirs: set[str] = set()
        self.files: list[str] = []

    def __enter__(self) -> ZipWriter:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._zip.close()

    def _info(self, name: str, when: dt.datetime) -> zipfile.ZipInfo:
        for parent in reversed(PurePosixPath(name).parents[:-1]):
            folder = f"{parent}/"
            if folder not in self._dirs:
                self._dirs.add(folder)
                self._zip.writestr(_info(folder, when, zipfile.ZIP_STORED), b"")
        self.files.append(name)
        stored = PurePosixPath(name).suffix.lower() in STORED_SUFFIXES
        return _info(name, when, zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED)

    def add(self, name: str, data: bytes, when: dt.datetime) -> None:
        self._zip.writestr(self._info(name, when), data)

    def add_stream(self, name: str, source: BinaryIO, size: int, when: dt.datetime) -> None:
        info = self._info(name, when)
        info.file_size = size  # lets zipfile switch to ZIP64 for large members
        with self._zip.open(info, "w") as target:
            shutil.copyfileobj(source, target, 1 << 20)


def restamp(data: bytes, when: dt.datetime) -> bytes:
    """The same zip with every member dated ``when``: patches the DOS time and date fields in place."""
    stamp = struct.pack(
        "<HH",
        when.hour << 11 | when.minute << 5 | when.second // 2,
        (when.year - 1980) << 9 | when.month << 5 | when.day,
    )
    patched = bytearray(data)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        central = archive.start_dir
        for info in archive.infolist():
            if (
                patched[info.header_offset : info.header_offset + 4] != LOCAL_HEADER
                or patched[central : central + 4] != CENTRAL_HEADER
            ):
                raise ValueError("unexpected zip layout")
            patched[info.header_offset + 10 : info.header_offset + 14] = stamp
            patched[central + 12 : central + 16] = stamp
            name_length, extra_length, comment_length = struct.unpack_from("<HHH", patched, central + 28)
            central += 46 + name_length + extra_length + comment_length
    return bytes(patched)
