"""The `adalet` command as a user runs it: ingest, search, audit, workers, kill -9 and resume."""

from __future__ import annotations

import signal
import time
from pathlib import Path

import pytest

from tests.conftest import Adalet
from tests.leakfiles import photos_zip, write_leak_folder
from tests.services import needs

STATUSES = ("pending", "processing", "done", "failed", "unsupported")


def item_counts(adalet: Adalet) -> dict[str, int]:
    """Items by status, read from the database directly (a poll costs no Django process)."""
    found = dict(adalet.sql("SELECT status, COUNT(*) FROM archive_item GROUP BY status"))
    return {status: int(str(found.get(status, 0))) for status in STATUSES}


def test_ingest_search_and_audit_from_the_command_line(adalet: Adalet, tmp_path: Path) -> None:
    leak = write_leak_folder(tmp_path)
    summary = adalet.json("ingest", str(leak), "--collection", "police-files", "--source", "leaked to us", "--no-ocr")
    assert summary["items"] == 12 and summary["statuses"] == {"done": 12}
    found = adalet.json("search", "在押", "--collection", "police-files")
    assert found["total"] == 3
    assert any("<mark>在押</mark>" in hit["snippet"] for hit in found["hits"])
    assert adalet.json("search", "王洋")["hits"][0]["locator"] == "leak/讲话.txt"
    ok = adalet.run("audit", "verify")
    assert ok.stdout.startswith("ok: ")


def test_audit_verify_exits_1_on_a_tampered_log(adalet: Adalet, tmp_path: Path) -> None:
    leak = write_leak_folder(tmp_path, photos=2)
    adalet.run("ingest", str(leak), "--collection", "c", "--no-ocr")
    adalet.query("from adalet.archive.models import CustodyRecord\nresult = CustodyRecord.objects.filter(seq=2).update(actor='mallory')")
    broken = adalet.run("audit", "verify", check=False)
    assert broken.returncode == 1
    assert "custody record #2: column 'actor' altered" in broken.stderr


def test_audit_verify_detects_a_deleted_tail(adalet: Adalet, tmp_path: Path) -> None:
    leak = write_leak_folder(tmp_path, photos=2)
    adalet.run("ingest", str(leak), "--collection", "c", "--no-ocr")
    last = adalet.query("from adalet.archive.models import CustodyRecord\nr = CustodyRecord.objects.last()\nresult = r.seq\nr.delete()")
    broken = adalet.run("audit", "verify", check=False)
    assert broken.returncode == 1
    assert f"custody record #{last}: missing" in broken.stderr


@pytest.mark.one_database  # the command's messages; ingest runs on both engines in the other tests here
def test_errors_are_one_clear_line(adalet: Adalet, tmp_path: Path) -> None:
    missing = adalet.run("ingest", str(tmp_path / "nowhere"), "--collection", "c", check=False)
    assert missing.returncode == 1
    assert missing.stderr.strip().splitlines() == [f"CommandError: no such file or folder: {tmp_path / 'nowhere'}"]
    unknown = adalet.run("search", "x", "--collection", "nope", check=False)
    assert unknown.stderr.strip() == "CommandError: no collection named 'nope'"
    bad_type = adalet.run("search", "x", "--type", "video", check=False)
    assert bad_type.returncode == 1 and "unknown type 'video'" in bad_type.stderr
    assert "Traceback" not in missing.stderr + unknown.stderr + bad_type.stderr
    from adalet import __version__

    assert adalet.run("--version").stdout.strip() == f"adalet {__version__}"


def test_two_workers_share_a_collection_and_no_item_is_done_twice(adalet: Adalet, tmp_path: Path) -> None:
    leak = tmp_path / "leak"
    leak.mkdir()
    for n in range(3):
        (leak / f"photos-{n}.zip").write_bytes(photos_zip(60, start=__import__("datetime").datetime(2018, 3, 5 + n, 9)))
    queued = adalet.json("ingest", str(leak), "--collection", "shared", "--background")
    assert queued["statuses"] == {"pending": 3}
    workers = [adalet.start("worker", "--interval", "0.1") for _ in range(2)]
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            counts = item_counts(adalet)
            if counts["done"] == 183:
                break
            time.sleep(0.5)
    finally:
        for worker in workers:
            worker.send_signal(signal.SIGTERM)
        for worker in workers:
            worker.wait(timeout=30)
    assert counts == {"pending": 0, "processing": 0, "done": 183, "failed": 0, "unsupported": 0}
    claims = adalet.query(
        "from adalet.archive.models import Item\nfrom django.db.models import Max\n"
        "result = {'max_attempts': Item.objects.aggregate(m=Max('attempts'))['m'],"
        " 'pids': sorted({c.split(':')[1] for c in Item.objects.values_list('claimed_by', flat=True)})}"
    )
    assert claims["max_attempts"] == 1
    assert len(claims["pids"]) == 2, "both workers took part"
    assert adalet.run("audit", "verify").returncode == 0


def test_kill_9_mid_ingest_then_resume_loses_nothing(adalet: Adalet, tmp_path: Path) -> None:
    PHOTOS = 600  # enough that the kill lands mid-extraction (polled every 0.1 s, about 4 s of work at least)
    leak = tmp_path / "leak"
    leak.mkdir()
    (leak / "photos.zip").write_bytes(photos_zip(PHOTOS))
    process = adalet.start("ingest", str(leak), "--collection", "k", "--no-ocr")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        time.sleep(0.1)
        try:
            counts = item_counts(adalet)
        except Exception:
            continue
        if counts["done"] >= 40:
            break
    process.send_signal(signal.SIGKILL)
    process.wait()
    counts = item_counts(adalet)
    assert counts["done"] < PHOTOS + 1, "killed before the end"
    # Nothing half-written is visible: every item marked done has its passages and, for photos, a thumbnail.
    partial = adalet.query(
        "from adalet.archive.models import Item\n"
        "done = Item.objects.filter(status='done', media_type='image/jpeg')\n"
        "result = [done.count(), done.filter(derivatives__kind='thumbnail').count(), done.filter(passages__isnull=True).count()]"
    )
    assert partial[0] == partial[1] and partial[2] == 0
    resumed = adalet.json("ingest", str(leak), "--collection", "k", "--no-ocr")
    assert resumed["statuses"] == {"done": PHOTOS + 1}
    assert resumed["new_items"] == 0  # everything was staged by the first run; the second only finished it
    final = adalet.query(
        "from adalet.archive.models import Item\nfrom django.db.models import Count\n"
        "result = [Item.objects.count(), Item.objects.values('locator').annotate(n=Count('id')).filter(n__gt=1).count()]"
    )
    assert final == [PHOTOS + 1, 0]
    assert adalet.run("audit", "verify").returncode == 0
    assert adalet.json("search", "EOS", "--type", "image")["total"] == PHOTOS


@pytest.mark.one_database  # RQ's queue on Redis; the database queue's tests run on both engines
@needs("redis")
def test_rq_workers_on_redis_do_the_queued_work(adalet: Adalet, tmp_path: Path, rq_turn: None) -> None:
    import uuid

    leak = write_leak_folder(tmp_path, photos=20)
    # A queue of our own on the shared server: a database number is not enough isolation between runs.
    adalet.env["REDIS_URL"] = "redis://127.0.0.1:6379/0"
    adalet.env["ADALET_QUEUE"] = f"adalet-test-{uuid.uuid4().hex[:8]}"
    queued = adalet.json("ingest", str(leak), "--collection", "rq", "--background", "--no-ocr")
    assert queued["statuses"] == {"pending": 4}
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        adalet.run("worker", "--burst")  # RQ: process the queue, then exit (zips queue their members)
        counts = item_counts(adalet)
        if counts["done"] == 26:
            break
    assert counts == {"pending": 0, "processing": 0, "done": 26, "failed": 0, "unsupported": 0}


@pytest.mark.one_database  # RQ's queue on Redis; the database queue's tests run on both engines
@needs("redis")
def test_rq_worker_requeues_pending_items_the_queue_lost(adalet: Adalet, tmp_path: Path, rq_turn: None) -> None:
    import uuid

    import redis

    leak = write_leak_folder(tmp_path, photos=3)
    adalet.env["REDIS_URL"] = "redis://127.0.0.1:6379/0"
    adalet.env["ADALET_QUEUE"] = queue = f"adalet-test-{uuid.uuid4().hex[:8]}"
    adalet.json("ingest", str(leak), "--collection", "lost", "--background", "--no-ocr")
    client = redis.Redis.from_url(adalet.env["REDIS_URL"])
    assert client.delete(f"rq:queue:{queue}") == 1  # as if Redis had restarted without persistence
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        adalet.run("worker", "--burst")
        counts = item_counts(adalet)
        if counts["done"] == 9:
            break
    assert counts == {"pending": 0, "processing": 0, "done": 9, "failed": 0, "unsupported": 0}
