"""Environmental errors: a machine that cannot go on (disk full, I/O error, no file handles), never bad input.

Owns the one decision, by errno, of whether a failure is the machine's or the file's. A full disk, a failing disk,
a read-only mount, exhausted memory or file handles say nothing about the evidence: an item they interrupt stays
pending (its claim released), nothing half-written stays in the blob store, and the ingest or worker stops with
one line saying what happened and that running the same command again finishes the work. Everything else an
extractor raises is about the file (malformed, encrypted...) and is recorded on the item.

A failure counts as environmental when it, or any exception it was raised from or while handling, is
  * an OSError whose errno is in ENVIRONMENTAL_ERRNOS (ENOSPC, EDQUOT, EIO, EMFILE, ENFILE, ENOMEM, EROFS...);
  * a MemoryError;
  * a database error saying the same: SQLite's SQLITE_FULL, SQLITE_IOERR, SQLITE_NOMEM, SQLITE_READONLY (the
    ``sqlite_errorcode`` Python 3.11 gives), PostgreSQL's class 53 (insufficient resources) and 58030 (I/O error);
  * an `EnvironmentFault` (already told apart).
Pure Python, no Django.
"""

from __future__ import annotations

import errno
import os
import shutil
import zipfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

ENVIRONMENTAL_ERRNOS = frozenset(
    code
    for code in (
        errno.ENOSPC,  # no space left on device
        getattr(errno, "EDQUOT", None),  # disk quota exceeded
        errno.EIO,  # input/output error (a failing disk, a lost network mount)
        errno.EMFILE,  # too many open files (this process)
        errno.ENFILE,  # too many open files (the system)
        errno.ENOMEM,  # cannot allocate memory
        errno.EROFS,  # read-only file system
        errno.ENOBUFS,  # no buffer space available
        errno.EFBIG,  # file too large for the filesystem
        getattr(errno, "ESTALE", None),  # stale network file handle
        getattr(errno, "ENOLCK", None),  # no locks available
        errno.ENXIO,  # the device went away
        errno.ENODEV,
    )
    if code is not None
)
# SQLite primary result codes (the low byte of sqlite_errorcode): FULL, IOERR, NOMEM, READONLY, CANTOPEN.
SQLITE_ENVIRONMENTAL = frozenset({13, 10, 7, 8, 14})
# PostgreSQL SQLSTATE: class 53 (disk full, out of memory, too many connections), 58030 (I/O error).
POSTGRES_ENVIRONMENTAL_PREFIXES = ("53", "58030")

_WHAT = {
    errno.ENOSPC: "the disk{where} is full",
    getattr(errno, "EDQUOT", -1): "the disk quota of the disk{where} is used up",
    errno.EIO: "the disk{where} reported an input/output error",
    errno.EROFS: "the disk{where} is read-only",
    errno.EMFILE: "this process has too many open files",
    errno.ENFILE: "the system has too many open files",
    errno.ENOMEM: "the machine is out of memory",
}
_WHAT_TO_DO = {
    errno.ENOSPC: "free space",
    getattr(errno, "EDQUOT", -1): "raise the quota or free space",
    errno.EIO: "check the disk",
    errno.EROFS: "make it writable",
    errno.EMFILE: "raise the open-files limit (ulimit -n)",
    errno.ENFILE: "close other programs",
    errno.ENOMEM: "free memory",
}


class EnvironmentFault(Exception):
    """The machine cannot go on (see the module docstring); the work stopped and nothing was lost."""

    def __init__(self, code: int, strerror: str, path: Path | str | None = None) -> None:
        self.code, self.strerror = code, strerror
        self.path = str(path) if path else None
        super().__init__(self.line())

    def what(self) -> str:
        template = _WHAT.get(self.code, "the machine cannot go on{where}")
        return template.format(where=f" holding {self.path}" if self.path else "")

    def line(self) -> str:
        """One line for the person at the terminal."""
        todo = _WHAT_TO_DO.get(self.code, "fix the machine")
        return (
            f"stopped: {self.what()} ({self.strerror}); nothing was lost — {todo} and run the same command again"
        )


def _chain(error: BaseException) -> list[BaseException]:
    """The error and those it was raised from or while handling, each once (a cycle stops the walk)."""
    seen: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and all(current is not s for s in seen) and len(seen) < 20:
        seen.append(current)
        current = current.__cause__ or current.__context__
    return seen


def _one_environmental(error: BaseException) -> bool:
    if isinstance(error, (EnvironmentFault, MemoryError)):
        return True
    if isinstance(error, OSError) and error.errno in ENVIRONMENTAL_ERRNOS:
        return True
    sqlite_code = getattr(error, "sqlite_errorcode", None)
    if isinstance(sqlite_code, int) and sqlite_code & 0xFF in SQLITE_ENVIRONMENTAL:
        return True
    sqlstate = getattr(error, "sqlstate", None)
    return isinstance(sqlstate, str) and sqlstate.startswith(POSTGRES_ENVIRONMENTAL_PREFIXES)


def is_environmental(error: BaseException) -> bool:
    """Whether the failure is the machine's (see the module docstring), not the file's."""
    return any(_one_environmental(e) for e in _chain(error))


def fault_of(error: BaseException, path: Path | str | None = None) -> EnvironmentFault:
    """The EnvironmentFault an environmental error amounts to (the first fault, OSError or database error found)."""
    for e in _chain(error):
        if isinstance(e, EnvironmentFault):
            return e
    for e in _chain(error):
        if isinstance(e, MemoryError):
            return EnvironmentFault(errno.ENOMEM, "Cannot allocate memory", path)
        if isinstance(e, OSError) and e.errno in ENVIRONMENTAL_ERRNOS:
            return EnvironmentFault(e.errno or errno.EIO, e.strerror or str(e), path or e.filename)
    for e in _chain(error):
        if _one_environmental(e):
            text = " ".join(str(e).split())[:200] or type(e).__name__
            lowered = text.lower()
            full = "full" in lowered or "no space" in lowered or getattr(e, "sqlstate", "") == "53100"
            return EnvironmentFault(errno.ENOSPC if full else errno.EIO, f"database: {text}", path)
    raise ValueError("not an environmental error") from error


def raise_if_environmental(error: BaseException, path: Path | str | None = None) -> None:
    """Raise the EnvironmentFault of an environmental error (from it); do nothing for any other."""
    if not is_environmental(error):
        return
    fault = fault_of(error, path)
    raise EnvironmentFault(fault.code, fault.strerror, fault.path) from error  # a new one: no cycle of causes


# -- free space before an ingest ---------------------------------------------------------------------------------

DEFAULT_MARGIN = "256M"
# Measured on the demo leak (seed 3, 2,000 people and photos, 2,038 items, 135.3 MB of originals, --no-ocr): the
# derived area took 27.7 MB (0.20 of the originals), the SQLite database 30.0 MB (0.22), the fan-out folders and
# blocks about 4.6 kB per original blob.
DERIVED_SHARE = 0.25  # text, tables and thumbnails made from the originals, as a share of them
DATABASE_SHARE = 0.25  # an SQLite database's growth, as a share of the originals
BLOB_OVERHEAD = 8 * 1024  # folders and block rounding per stored blob
NESTED_ZIPS = 3  # levels of zips inside zips whose members are counted


class NotEnoughSpace(Exception):
    """A disk has less free space than an ingest needs; the message says how much is needed and available."""


def margin_bytes() -> int:
    """ADALET_FREE_SPACE_MARGIN (bytes, or with K, M, G): room an ingest leaves free beyond what it stores."""
    text = os.environ.get("ADALET_FREE_SPACE_MARGIN", DEFAULT_MARGIN).strip().upper()
    scale = {"K": 1024, "M": 1024**2, "G": 1024**3}.get(text[-1:], 1)
    try:
        return int(float(text.rstrip("KMGB") or "0") * scale)
    except ValueError:
        raise ValueError(f"ADALET_FREE_SPACE_MARGIN must be bytes or a size like 256M, not {text!r}") from None


def zip_members_bound(path: Path, locator: str, known: Callable[[str], bool], depth: int = 0) -> int:
    """What the members of a zip may take once stored: their declared uncompressed sizes (nested zips read too) and
    BLOB_OVERHEAD each, leaving out members already stored under their locator; 0 when it is not a readable zip."""
    try:
        with zipfile.ZipFile(path) as zf:
            return _members_bound(zf, locator, known, depth)
    except Exception as error:  # noqa: BLE001 - a damaged zip is extraction's to judge; its size still counts
        raise_if_environmental(error, path)
        return 0


def _members_bound(zf: zipfile.ZipFile, locator: str, known: Callable[[str], bool], depth: int) -> int:
    from adalet.archive.extractors.archive import member_name

    total = 0
    for info in zf.infolist():
        name = member_name(info)
        inner = f"{locator}!/{name}"
        if info.filename.endswith("/") or info.flag_bits & 0x1:
            continue
        if not known(inner):
            total += info.file_size + BLOB_OVERHEAD
        if depth < NESTED_ZIPS and name.lower().endswith(".zip"):
            try:
                with zf.open(info) as member, zipfile.ZipFile(member) as nested:
                    total += _members_bound(nested, inner, known, depth + 1)
            except Exception as error:  # noqa: BLE001 - a damaged nested zip: its own size is counted
                raise_if_environmental(error)
    return total


def megabytes(size: int) -> str:
    """A size as people read it: 3.5 MB, or 16 kB below a megabyte."""
    return f"{size / 1e6:,.1f} MB" if size >= 1e6 else f"{size / 1e3:,.0f} kB"


def check_free_space(needs: Iterable[tuple[Path, int]], margin: int) -> None:
    """Refuse (NotEnoughSpace) when a filesystem has less free space than the bytes to be written on it plus margin.

    `needs` are (a folder on the filesystem, bytes to write there); folders on one filesystem add up.
    """
    by_device: dict[int, tuple[list[Path], int]] = {}
    for folder, size in needs:
        existing = next(p for p in (folder, *folder.parents) if p.exists())
        device = existing.stat().st_dev
        folders, total = by_device.get(device, ([], 0))
        by_device[device] = ([*folders, folder], total + size)
    for folders, size in by_device.values():
        available = shutil.disk_usage(next(p for p in (folders[0], *folders[0].parents) if p.exists())).free
        needed = size + margin
        if available < needed:
            where = " and ".join(str(f) for f in folders)
            raise NotEnoughSpace(
                f"not enough free space: the disk holding {where} has {megabytes(available)} free, the ingest needs "
                f"{megabytes(needed)} ({megabytes(size)} to store, {megabytes(margin)} margin, "
                "ADALET_FREE_SPACE_MARGIN); free space and run the same command again"
            )


@contextmanager
def stop_on_environmental_errors(path: Path | str | None = None) -> Iterator[None]:
    """Inside this block any environmental error comes out as an EnvironmentFault; other errors as they were."""
    try:
        yield
    except EnvironmentFault:
        raise
    except Exception as error:
        raise_if_environmental(error, path)
        raise
