"""Zip archives: members listed lazily and streamed under limits, never extracted to disk.

Owns the zip-bomb and path-safety rules for containers.

* Each file entry (directories skipped) becomes a `Member`, yielded lazily, whose ``open()``
  (callable any number of times while the Member is referenced: the zip closes when the
  iterator and every Member are dropped) returns a
  `GuardedStream`. The stream counts the bytes actually decompressed and raises
  ExtractionError(code="zip_bomb") past Limits.max_member_size, past
  max(compressed size × max_compression_ratio, 10 MB), or when the whole archive has
  produced more than Limits.max_archive_total (re-reading a member is not counted twice).
* Declared sizes are checked up front too: a member declaring an absurd size or ratio, or
  pushing the declared total over the limit, gets ``failure`` code "zip_bomb" and no ``open``.
* Unsafe paths (absolute, drive letter, ``..`` components, NUL bytes, symbolic links) get
  ``failure`` code "unsafe_path" whose reason quotes the name as recorded, BUT keep ``open``:
  the bytes are evidence and are preserved. Their ``path`` is a sanitised relative name
  (``../../etc/passwd`` -> ``etc/passwd``), so nothing downstream can be steered outside.
* Encrypted members: failure code "encrypted", no ``open``. Unknown compression methods:
  failure code "unsupported", no ``open``.
* More than Limits.max_members entries -> ExtractionError(code="too_large"), checked from the
  end-of-central-directory record before the directory is parsed. Source.depth over
  Limits.max_depth -> ExtractionError(code="zip_bomb") (recursive archives).
* Each member's modified time as the zip records it (local time, no zone; the DOS zero date is no time) is kept
  in the archive's metadata as ``members_modified``: [[path, ISO time], ...], evidence of when the files were made.
* Names without the UTF-8 flag (0x800) are taken from the Info-ZIP Unicode Path field when
  present, else re-encoded to their CP437 bytes and decoded as UTF-8, then GB18030 (Chinese
  Windows zips record GBK names).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import stat
import struct
import zipfile
import zlib
from collections.abc import Iterator
from typing import IO, Any, ClassVar

from adalet.archive.environment import raise_if_environmental
from adalet.archive.extractors._common import clip_text, declared_size_problem, ratio_allowance
from adalet.archive.extractors.base import Context, Extraction, ExtractionError, Extractor, Limits, Member, Source
from adalet.archive.textcodec import decode_text

SUPPORTED_METHODS = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA}
CHUNK = 1024 * 1024
DOS_ZERO = dt.datetime(1980, 1, 1)  # what zip tools write when a file has no time
_STREAM_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError, NotImplementedError, ValueError)


# -- names -------------------------------------------------------------------------------------


def _unicode_path_field(info: zipfile.ZipInfo) -> str | None:
    """The Info-ZIP Unicode Path extra field (0x7075), when its CRC matches the recorded name."""
    extra, pos = info.extra, 0
    while pos + 4 <= len(extra):
        tag, size = struct.unpack("<HH", extra[pos : pos + 4])
        body = extra[pos + 4 : pos + 4 + size]
        pos += 4 + size
        if tag == 0x7075 and len(body) >= 5 and body[0] == 1:
            (crc,) = struct.unpack("<I", body[1:5])
            try:
                if crc == zlib.crc32(info.orig_filename.encode("cp437")):
                    return body[5:].decode("utf-8")
            except (UnicodeError, ValueError):
                return None
    return None


def member_name(info: zipfile.ZipInfo) -> str:
    """The member's name as its creator meant it (UTF-8 flag, Unicode Path field, GBK guess)."""
    name = info.orig_filename
    if info.flag_bits & 0x800 or name.isascii():
        return name
    unicode_path = _unicode_path_field(info)
    if unicode_path:
        return unicode_path
    try:
        raw = name.encode("cp437")
    except UnicodeEncodeError:  # decoded with another metadata_encoding: keep it
        return name
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return name


def member_modified(info: zipfile.ZipInfo) -> str | None:
    """The member's modified time as recorded (ISO, no zone), or None for the DOS zero date or an impossible one."""
    try:
        when = dt.datetime(*info.date_time)
    except ValueError:
        return None
    return when.isoformat() if when > DOS_ZERO else None


def member_path(name: str, info: zipfile.ZipInfo, index: int) -> str:
    """The path a member is kept under: its name, or a sanitised one when the name is unsafe."""
    return sanitise(name, index) if unsafe_reason(name, info) else name


def unsafe_reason(name: str, info: zipfile.ZipInfo | None = None) -> str | None:
    """Why a member name would be dangerous to use as a path, or None."""
    if not name.strip("/\\"):
        return "is empty"
    if "\x00" in name:
        return "contains a NUL byte"
    if name.startswith(("/", "\\")):
        return "is an absolute path"
    if re.match(r"^[A-Za-z]:", name):
        return "starts with a drive letter"
    if ".." in re.split(r"[\\/]", name):
        return "climbs out of the archive with '..'"
    if info is not None and stat.S_ISLNK(info.external_attr >> 16):
        return "is a symbolic link"
    return None


def sanitise(name: str, index: int) -> str:
    """A relative, harmless version of a member name."""
    name = re.sub(r"^[A-Za-z]:", "", name.replace("\x00", "_"))
    parts = [p for p in re.split(r"[\\/]+", name) if p not in ("", ".", "..")]
    return "/".join(parts) or f"unnamed-{index}"


# -- streams -----------------------------------------------------------------------------------


class _Tally:
    """Bytes actually produced by the members of one archive (each member counted once)."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.total = 0
        self.high: dict[int, int] = {}

    def reached(self, key: int, count: int) -> None:
        previous = self.high.get(key, 0)
        if count > previous:
            self.total += count - previous
            self.high[key] = count
        if self.total > self.limit:
            raise ExtractionError(
                f"archive expanded past its {self.limit:,} byte total limit", code="zip_bomb"
            )


class GuardedStream(io.RawIOBase):
    """A member's bytes, read in bounded chunks, refusing to expand past its allowance."""

    def __init__(self, raw: IO[bytes], info: zipfile.ZipInfo, limits: Limits, tally: _Tally, key: int, name: str) -> None:
        super().__init__()
        self._raw, self._tally, self._key, self._name = raw, tally, key, name
        self._count = 0
        ratio_cap = ratio_allowance(info.compress_size, limits)
        if limits.max_member_size <= ratio_cap:
            self._allowed = limits.max_member_size
            self._why = f"member {name!r} is larger than the {limits.max_member_size:,} byte limit"
        else:
            self._allowed = ratio_cap
            self._why = (
                f"member {name!r} expanded past {ratio_cap:,} bytes from {info.compress_size:,} compressed "
                f"bytes (over the {limits.max_compression_ratio}:1 ratio limit)"
            )

    def readable(self) -> bool:
        return True

    def _read(self, size: int) -> bytes:
        want = max(0, min(size, self._allowed - self._count + 1))
        try:
            data = self._raw.read(want) if want else b""
        except _STREAM_ERRORS as exc:
            raise ExtractionError(f"member {self._name!r} is damaged: {str(exc) or type(exc).__name__}") from exc
        self._count += len(data)
        if self._count > self._allowed:
            raise ExtractionError(self._why, code="zip_bomb")
        self._tally.reached(self._key, self._count)
        return data

    def read(self, size: int | None = -1) -> bytes:
        if size is None or size < 0:
            return self.readall()
        return self._read(size)

    def readall(self) -> bytes:
        chunks = []
        while chunk := self._read(CHUNK):
            chunks.append(chunk)
        return b"".join(chunks)

    def readinto(self, buffer: Any) -> int:
        data = self._read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        if not self.closed:
            self._raw.close()
        super().close()


# -- archive -----------------------------------------------------------------------------------


def declared_entries(fh: IO[bytes]) -> int | None:
    """Entry count from the end-of-central-directory record (zip64 aware), or None."""
    try:
        fh.seek(0, io.SEEK_END)
        size = fh.tell()
        start = max(0, size - (22 + 65535))
        fh.seek(start)
        tail = fh.read()
        at = tail.rfind(b"PK\x05\x06")
        if at < 0 or at + 22 > len(tail):
            return None
        (entries,) = struct.unpack("<H", tail[at + 10 : at + 12])
        locator = at - 20
        if entries == 0xFFFF and locator >= 0 and tail[locator : locator + 4] == b"PK\x06\x07":
            (offset,) = struct.unpack("<Q", tail[locator + 8 : locator + 16])
            fh.seek(offset)
            record = fh.read(56)
            if record[:4] == b"PK\x06\x06":
                (entries,) = struct.unpack("<Q", record[32:40])
        return entries
    except (OSError, struct.error, ValueError) as exc:
        raise_if_environmental(exc)
        return None


def _comment(raw: bytes) -> str:
    return decode_text(raw)[0] if raw else ""


class ZipExtractor(Extractor):
    name: ClassVar[str] = "zip"
    media_types: ClassVar[tuple[str, ...]] = ("application/zip", "application/x-zip-compressed")
    extensions: ClassVar[tuple[str, ...]] = (".zip",)
    score: ClassVar[int] = 10

    def extract(self, source: Source, context: Context) -> Extraction:
        limits = context.limits
        if source.depth > limits.max_depth:
            raise ExtractionError(
                f"archive nested {source.depth} levels deep, over the limit of {limits.max_depth}", code="zip_bomb"
            )
        try:
            with open(source.path, "rb") as fh:
                count = declared_entries(fh)
            if count is not None and count > limits.max_members:
                raise ExtractionError(f"archive has {count:,} entries, over the {limits.max_members:,} limit", code="too_large")
            zf = zipfile.ZipFile(source.path)
        except ExtractionError:
            raise
        except Exception as exc:  # noqa: BLE001 - BadZipFile, NotImplementedError (odd version), struct.error...
            raise ExtractionError(f"zip is damaged or truncated: {str(exc) or type(exc).__name__}") from exc
        infos = zf.infolist()
        if len(infos) > limits.max_members:
            zf.close()
            raise ExtractionError(f"archive has {len(infos):,} entries, over the {limits.max_members:,} limit", code="too_large")

        files = [info for info in infos if not info.filename.endswith("/")]  # is_dir() fails on empty names
        names = [member_name(info) for info in files]
        warnings: list[str] = []
        metadata = {
            "member_count": len(files),
            "directory_count": len(infos) - len(files),
            "declared_size": sum(info.file_size for info in files),
            "comment": _comment(zf.comment),
            "members_modified": [
                [member_path(name, info, index), when]
                for index, (info, name) in enumerate(zip(files, names, strict=True))
                if (when := member_modified(info))
            ],
        }
        text = clip_text("\n".join(names), limits, warnings)
        members = self._members(zf, files, names, limits)
        return Extraction(text=text, metadata=metadata, members=members, warnings=warnings)

    def _members(self, zf: zipfile.ZipFile, files: list[zipfile.ZipInfo], names: list[str], limits: Limits) -> Iterator[Member]:
        # The zip stays open while the iterator or any Member is referenced (their `open`
        # needs it) and closes when they are dropped: members may be listed first, read later.
        tally = _Tally(limits.max_archive_total)
        declared_total = 0
        for index, (info, name) in enumerate(zip(files, names)):
            declared_total += info.file_size
            yield self._member(zf, info, name, index, limits, tally, declared_total)

    def _member(
        self,
        zf: zipfile.ZipFile,
        info: zipfile.ZipInfo,
        name: str,
        index: int,
        limits: Limits,
        tally: _Tally,
        declared_total: int,
    ) -> Member:
        def open_member() -> GuardedStream:
            try:
                raw = zf.open(info)
            except _STREAM_ERRORS as exc:
                raise ExtractionError(f"member {name!r} cannot be opened: {str(exc) or type(exc).__name__}") from exc
            return GuardedStream(raw, info, limits, tally, index, name)

        unsafe = unsafe_reason(name, info)
        path = member_path(name, info, index)
        naming = f"member name {name!r} {unsafe}; kept as {path!r}" if unsafe else ""

        def refused(reason: str, code: str) -> Member:
            full = f"{reason}; {naming}" if naming else reason
            return Member(path=path, size=info.file_size, failure=ExtractionError(full, code=code))

        if info.flag_bits & 0x1:
            return refused(f"member {name!r} is encrypted", "encrypted")
        if info.compress_type not in SUPPORTED_METHODS:
            return refused(f"member {name!r} uses compression method {info.compress_type}, which cannot be read", "unsupported")
        problem = declared_size_problem(info, limits)
        if problem is None and declared_total > limits.max_archive_total:
            problem = f"members declare more than the {limits.max_archive_total:,} byte archive total from {name!r} on"
        if problem:
            return refused(problem, "zip_bomb")
        if unsafe:
            return Member(path=path, size=info.file_size, open=open_member, failure=ExtractionError(naming, code="unsafe_path"))
        return Member(path=path, size=info.file_size, open=open_member)
