"""A full or failing disk loses nothing (issue 18, item 2): the ingest stops with one line, a re-run finishes.

Faults are injected at the lowest write the blob store makes (its `open`) and at the lowest read (`open` for files
under one folder), and made real on a 2 MB tmpfs: the free-space check refuses an input bigger than the disk, and a
disk filled after the check stops the ingest and worker, which finish once the ballast is gone. Bad input stays
bad input: a truncated photo or zip is still "malformed", a file that cannot be opened for lack of permission
still "unreadable".
"""

from __future__ import annotations

import builtins
import errno
import io
import os
import sqlite3
import subprocess
import uuid
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command

from adalet.archive import blobstore
from adalet.archive import ingest as ingest_module
from adalet.archive.audit import verify_archive
from adalet.archive.environment import BLOB_OVERHEAD, EnvironmentFault, fault_of, is_environmental
from adalet.archive.ingest import IngestError
from adalet.archive.models import CustodyRecord, Derivative, IngestRun, Item
from adalet.archive.staging import walk
from tests.leakfiles import jpeg, photos_zip, write_leak_folder
from tests.services import needs

# Real commits, as outside a test: the custody witness is written on each commit, while the disk still has room.
# available_apps: the flush after each test truncates with CASCADE (see tests/web/test_browser.py).
pytestmark = pytest.mark.django_db(transaction=True, available_apps=list(settings.INSTALLED_APPS))

REAL_OPEN = builtins.open


@pytest.fixture(autouse=True)
def small_margin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ADALET_FREE_SPACE_MARGIN", "16K")


def ingest(*args: Any, **kwargs: Any) -> Any:
    return ingest_module.ingest(*args, **kwargs)


@pytest.fixture
def leak(tmp_path: Path) -> Path:
    return write_leak_folder(tmp_path / "input", photos=12)


def snapshot(collection: str) -> list[tuple[str, str, str, str, list[str]]]:
    """Every item of a collection: locator, status, failure code, hash and derivative kinds."""
    kinds: dict[int, list[str]] = {}
    for item_id, kind in Derivative.objects.filter(item__collection__name=collection).values_list("item_id", "kind"):
        kinds.setdefault(item_id, []).append(kind)
    rows = Item.objects.filter(collection__name=collection).values_list("id", "locator", "status", "failure_code", "sha256")
    return sorted((loc, status, code, sha, sorted(kinds.get(pk, []))) for pk, loc, status, code, sha in rows)


def assert_nothing_lost(collection: str, blobs: Path) -> None:
    """What a stop must leave: no item failed or held, no temporary file, every stored blob whole."""
    items = Item.objects.filter(collection__name=collection)
    assert not items.exclude(failure_code="").exists(), list(items.exclude(failure_code="").values_list("locator", "failure_reason"))
    assert not items.filter(status="processing").exists()
    assert not list((blobs / "tmp").glob("*")), "a half-written blob was left"
    assert verify_archive() == []


def assert_finishes_like_a_clean_ingest(leak: Path, collection: str) -> None:
    summary = ingest(leak, collection, ocr=False)
    assert summary.statuses == {"done": summary.items}
    call_command("audit", "verify")  # exits 1 on any problem
    assert verify_archive() == []
    clean = ingest(leak, "clean", ocr=False)
    assert clean.items == summary.items == 18  # 4 files, 2 members of archive.zip, 12 photos
    assert [row[1:] for row in snapshot(collection)] == [row[1:] for row in snapshot("clean")]
    assert [row[0] for row in snapshot(collection)] == [row[0] for row in snapshot("clean")]


# -- faults at the lowest write and read ---------------------------------------------------------------------------


class DiskFills:
    """The blob store's file writes fail with `code` from the `files`-th file on, or past `size` bytes in all."""

    def __init__(self, files: int | None = None, size: int | None = None, code: int = errno.ENOSPC) -> None:
        self.files, self.size, self.code = files, size, code
        self.opened = self.written = self.raised = 0
        self.healed = False

    def open(self, file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        handle = REAL_OPEN(file, mode, *args, **kwargs)
        if "w" not in mode:
            return handle
        self.opened += 1
        return _FillingWriter(handle, self)

    def allow(self, count: int) -> int:
        """How many of `count` bytes fit before the disk is full."""
        if self.healed:
            return count
        if self.files is not None and self.opened >= self.files:
            return 0
        if self.size is not None:
            return max(0, min(count, self.size - self.written))
        return count


class _FillingWriter:
    def __init__(self, handle: Any, disk: DiskFills) -> None:
        self._handle, self._disk = handle, disk

    def write(self, data: bytes) -> int:
        fits = self._disk.allow(len(data))
        self._handle.write(data[:fits])
        self._disk.written += fits
        if fits < len(data):
            self._disk.raised += 1
            raise OSError(self._disk.code, os.strerror(self._disk.code))
        return fits

    def __getattr__(self, name: str) -> Any:
        return getattr(self._handle, name)

    def __enter__(self) -> _FillingWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self._handle.close()


class DiskFails:
    """Reads of files under `root` fail with EIO from the `after`-th file opened there on."""

    def __init__(self, root: Path, after: int) -> None:
        self.root, self.after = str(root), after
        self.opened = self.raised = 0
        self.healed = False

    def open(self, file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        handle = REAL_OPEN(file, mode, *args, **kwargs)
        if self.healed or not isinstance(file, (str, os.PathLike)) or not str(file).startswith(self.root) or "r" not in mode:
            return handle
        self.opened += 1
        return _FailingReader(handle, self) if self.opened >= self.after else handle


class _FailingReader:
    def __init__(self, handle: Any, disk: DiskFails) -> None:
        self._handle, self._disk = handle, disk

    def read(self, *args: Any) -> bytes:
        self._disk.raised += 1
        raise OSError(errno.EIO, os.strerror(errno.EIO))

    readinto = read1 = readline = read

    def __getattr__(self, name: str) -> Any:
        return getattr(self._handle, name)

    def __enter__(self) -> _FailingReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self._handle.close()


@pytest.mark.parametrize(
    "disk",
    [
        DiskFills(files=3),  # while the originals are stored
        DiskFills(files=8),  # while the zip's members are stored
        DiskFills(files=14),  # among the photos of the nested zip
        DiskFills(size=20_000),  # mid-file, past 20 kB of the 35 kB a clean ingest writes
        DiskFills(files=10, code=errno.EDQUOT),
    ],
    ids=["staging", "members", "photos", "mid-file", "quota"],
)
def test_a_full_disk_stops_the_ingest_and_a_rerun_finishes(
    leak: Path, disk: DiskFills, isolated_blobs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(blobstore, "open", disk.open, raising=False)
    with pytest.raises(EnvironmentFault) as stopped:
        ingest(leak, "police-files", ocr=False)
    assert disk.raised
    line = stopped.value.line()
    expected = "quota" if disk.code == errno.EDQUOT else "is full (No space left on device)"
    assert "stopped: the disk" in line and expected in line and str(isolated_blobs) in line
    assert "nothing was lost" in line and "run the same command again" in line and "\n" not in line
    assert_nothing_lost("police-files", isolated_blobs)

    disk.healed = True
    assert_finishes_like_a_clean_ingest(leak, "police-files")


@pytest.mark.parametrize("where,after", [("input", 2), ("originals", 1), ("originals", 6)])
def test_an_input_output_error_stops_the_ingest_and_a_rerun_finishes(
    leak: Path, where: str, after: int, isolated_blobs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    disk = DiskFails(leak if where == "input" else isolated_blobs / "originals", after)
    monkeypatch.setattr(builtins, "open", disk.open)
    monkeypatch.setattr(io, "open", disk.open)
    with pytest.raises(EnvironmentFault) as stopped:
        ingest(leak, "police-files", ocr=False)
    disk.healed = True
    assert disk.raised
    assert "reported an input/output error (Input/output error); nothing was lost" in stopped.value.line()
    assert_nothing_lost("police-files", isolated_blobs)
    assert_finishes_like_a_clean_ingest(leak, "police-files")


def test_the_ingest_command_turns_a_fault_into_its_line(leak: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from django.core.management.base import CommandError

    monkeypatch.setattr(blobstore, "open", DiskFills(files=5).open, raising=False)
    with pytest.raises(CommandError, match=r"^stopped: the disk holding .* is full .*run the same command again$"):
        call_command("ingest", str(leak), "--collection", "police-files", "--no-ocr", "--verbosity", "0")


# -- bad input stays bad input -------------------------------------------------------------------------------------


def test_malformed_files_are_still_malformed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "truncated.jpg").write_bytes(jpeg(size=(400, 400))[:600])
    (bad / "truncated.zip").write_bytes(photos_zip(3)[:700])
    (bad / "locked.txt").write_text("cannot be opened")
    real = builtins.open

    def refusing(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if str(file).endswith("locked.txt"):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(file))
        return real(file, mode, *args, **kwargs)

    monkeypatch.setattr(blobstore, "open", refusing, raising=False)
    summary = ingest(bad, "bad", ocr=False)
    by_name = dict(Item.objects.filter(parent__isnull=True).values_list("name", "failure_code"))
    assert by_name == {"truncated.jpg": "malformed", "truncated.zip": "malformed", "locked.txt": "unreadable"}
    assert "Permission denied" in Item.objects.get(name="locked.txt").failure_reason
    assert summary.statuses == {"failed": 3}


def test_environmental_errors_are_told_by_errno() -> None:
    for code in (errno.ENOSPC, errno.EDQUOT, errno.EIO, errno.EMFILE, errno.ENFILE, errno.ENOMEM, errno.EROFS):
        assert is_environmental(OSError(code, os.strerror(code)))
    for code in (errno.EACCES, errno.ENOENT, errno.EISDIR, errno.EINVAL):
        assert not is_environmental(OSError(code, os.strerror(code)))
    assert not is_environmental(OSError("image file is truncated"))  # Pillow's damage, no errno
    assert not is_environmental(ValueError("bad header"))
    assert is_environmental(MemoryError())
    try:
        try:
            raise OSError(errno.ENOSPC, "No space left on device")
        except OSError as cause:
            raise RuntimeError("wrapped by a library") from cause
    except RuntimeError as wrapped:
        assert is_environmental(wrapped)
        assert fault_of(wrapped, "/data").line().startswith("stopped: the disk holding /data is full")
    full = sqlite3.OperationalError("database or disk is full")
    full.sqlite_errorcode = 13  # type: ignore[attr-defined]
    assert is_environmental(full) and "database or disk is full" in fault_of(full).line()
    locked = sqlite3.OperationalError("database is locked")
    locked.sqlite_errorcode = 5  # type: ignore[attr-defined]
    assert not is_environmental(locked)

    class DiskFull(Exception):
        sqlstate = "53100"

    class UniqueViolation(Exception):
        sqlstate = "23505"

    assert is_environmental(DiskFull("could not extend file")) and not is_environmental(UniqueViolation())


# -- a real small disk ---------------------------------------------------------------------------------------------


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 2 MB tmpfs (mount needs root, as CI has)."""
    mount = tmp_path / "small"
    mount.mkdir()
    result = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mount)], capture_output=True, text=True)
    if result.returncode != 0:
        pytest.skip(f"cannot mount a 2 MB tmpfs (needs root): {result.stderr.strip() or result.returncode}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def nothing_written() -> None:
    assert not Item.objects.exists() and not IngestRun.objects.exists() and not CustodyRecord.objects.exists()


def test_the_free_space_check_refuses_an_input_bigger_than_the_disk(
    small_disk: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ADALET_BLOBS", str(small_disk / "blobs"))
    big = tmp_path / "big"
    big.mkdir()
    (big / "scan.bin").write_bytes(os.urandom(3 * 1024 * 1024))
    with pytest.raises(IngestError, match=r"^not enough free space: the disk holding .*small/blobs has 2\.1 MB free, the ingest needs 4\.0 MB \(3\.9 MB to store, 16 kB margin"):
        ingest(big, "police-files", ocr=False)
    nothing_written()
    assert not any(small_disk.iterdir())


def test_the_check_counts_what_a_zip_holds_uncompressed(small_disk: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ADALET_BLOBS", str(small_disk / "blobs"))
    folder = tmp_path / "zipped"
    folder.mkdir()
    with zipfile.ZipFile(folder / "registers.zip", "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("register.csv", b"name,id\n" * 300_000)  # 2.4 MB of text in a zip of a few kB
    assert (folder / "registers.zip").stat().st_size < 50_000
    with pytest.raises(IngestError) as refused:
        ingest(folder, "police-files", ocr=False)
    message = str(refused.value)
    needed = float(message.split("the ingest needs ")[1].split(" MB")[0])
    assert needed > 2.4, message
    nothing_written()


def test_the_refusal_is_one_line_from_the_command(small_disk: Path, tmp_path: Path, adalet: Any) -> None:
    big = tmp_path / "big"
    big.mkdir()
    (big / "scan.bin").write_bytes(os.urandom(3 * 1024 * 1024))
    adalet.env["ADALET_BLOBS"] = str(small_disk / "blobs")
    result = adalet.run("ingest", str(big), "--collection", "police-files", check=False)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "not enough free space" in lines[0] and "MB free" in lines[0], result.stderr


def fill(disk: Path, leave: int) -> Path:
    """A ballast file taking all but `leave` bytes of the disk."""
    ballast = disk / "ballast"
    free = os.statvfs(disk).f_bavail * os.statvfs(disk).f_frsize
    with REAL_OPEN(ballast, "wb") as out:
        out.write(b"\0" * max(0, free - leave))
    return ballast


def test_a_disk_filled_after_the_check_loses_nothing(
    small_disk: Path, leak: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blobs = small_disk / "blobs"
    monkeypatch.setenv("ADALET_BLOBS", str(blobs))
    check = ingest_module.check_space
    ballast: list[Path] = []

    def check_then_fill(*args: Any) -> None:
        check(*args)
        ballast.append(fill(small_disk, leave=120 * 1024))  # room for the originals, not for the photos

    monkeypatch.setattr(ingest_module, "check_space", check_then_fill)
    with pytest.raises(EnvironmentFault) as stopped:
        ingest(leak, "police-files", ocr=False)
    assert stopped.value.line().startswith(f"stopped: the disk holding {blobs} is full (No space left on device)")
    assert Item.objects.filter(status="done").exists()  # it stopped mid-way, not at the start
    assert_nothing_lost("police-files", blobs)

    ballast[0].unlink()
    monkeypatch.setattr(ingest_module, "check_space", check)
    assert_finishes_like_a_clean_ingest(leak, "police-files")


@pytest.mark.parametrize("queue", ["database", pytest.param("redis", marks=[needs("redis"), pytest.mark.one_database])])
def test_a_worker_on_a_full_disk_stops_and_finishes_when_started_again(
    small_disk: Path, leak: Path, adalet: Any, queue: str, request: pytest.FixtureRequest
) -> None:
    adalet.env.update(ADALET_BLOBS=str(small_disk / "blobs"), ADALET_FREE_SPACE_MARGIN="16K")
    if queue == "redis":  # RQ runs each task in a forked process: the fault stops its parent
        request.getfixturevalue("rq_turn")
        adalet.env.update(REDIS_URL="redis://127.0.0.1:6379/0", ADALET_QUEUE=f"adalet-test-{uuid.uuid4().hex[:8]}")
    adalet.run("ingest", str(leak), "--collection", "police-files", "--no-ocr", "--background")
    ballast = fill(small_disk, leave=8 * 1024)

    stopped = adalet.run("worker", "--verbosity", "0", check=False, timeout=120)  # not --burst: it stops by itself
    assert stopped.returncode == 1, stopped.stderr
    last = stopped.stderr.strip().splitlines()[-1]
    assert f"stopped: the disk holding {small_disk / 'blobs'} is full" in last and "run the same command again" in last
    counts = "from adalet.archive.models import Item\nresult = sorted(Item.objects.values_list('status', 'failure_code').distinct())"
    left = adalet.query(counts)
    assert ["pending", ""] in left and all(row in (["done", ""], ["pending", ""]) for row in left), left  # none failed

    ballast.unlink()
    adalet.run("worker", "--burst", "--verbosity", "0")
    assert adalet.query(counts) == [["done", ""]]
    assert adalet.query("from adalet.archive.models import Item\nresult = Item.objects.count()") == 18
    adalet.run("audit", "verify")


def test_the_estimate_is_what_the_originals_take(leak: Path) -> None:
    files = list(walk(leak))
    estimate = ingest_module.originals_needed(files, "police-files")
    ingest(leak, "police-files", ocr=False)
    stored = [p.stat().st_size for p in (blobstore.BlobStore().root / "originals").rglob("*") if p.is_file()]
    assert len(stored) == Item.objects.count() == 18
    assert estimate == sum(stored) + BLOB_OVERHEAD * len(stored)  # every file and member, counted once
    ingest_module.check_space(files, "police-files")  # a second run needs nothing more than the margin
    assert ingest_module.originals_needed(files, "police-files") == 0


def test_extract_stops_on_a_full_disk_and_finishes_after(leak: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from django.core.management.base import CommandError

    ingest(leak, "police-files", ocr=False, wait=False)  # staged and queued, nothing extracted
    disk = DiskFills(files=4)
    monkeypatch.setattr(blobstore, "open", disk.open, raising=False)
    with pytest.raises(CommandError, match=r"^stopped: the disk holding .* is full \(No space left on device\)"):
        call_command("extract", "police-files")
    assert_nothing_lost("police-files", blobstore.BlobStore().root)
    assert Item.objects.filter(status="pending").exists()

    disk.healed = True
    call_command("extract", "police-files")
    assert sorted(set(Item.objects.values_list("status", "failure_code"))) == [("done", "")]
    assert Item.objects.count() == 18
    assert verify_archive() == []
