"""On Redis (RQ), confirmation emails are deferred jobs: `adalet worker` runs RQ's scheduler, or they would never
start. The command line as a user runs it: a letter, a signature, a worker, the email on disk."""

from __future__ import annotations

import subprocess
import time
import uuid
from pathlib import Path

import pytest

from tests.conftest import Adalet
from tests.services import needs

SIGN = ("from adalet.campaigns.signing import Submission, letter_for_signing, sign; "
        "sign(letter_for_signing('redis-letter'), Submission(kind='individual', name='Redis Signer', "
        "email='redis.signer@example.org', country='DE'), ip='192.0.2.1')")


@pytest.mark.one_database  # RQ's scheduler on Redis; test_mail_queue.py runs the database queue on both engines
@needs("redis")
def test_an_rq_worker_sends_the_deferred_confirmation(adalet: Adalet, tmp_path: Path, rq_turn: None) -> None:
    adalet.env |= {"REDIS_URL": "redis://127.0.0.1:6379/0", "ADALET_QUEUE": f"adalet-test-{uuid.uuid4().hex[:8]}",
                   "ADALET_SIGN_MIN_SECONDS": "0", "ADALET_MAIL_BATCH_SECONDS": "1"}
    body = tmp_path / "letter.md"
    body.write_text("We call for accountability.\n", encoding="utf-8")
    adalet.run("campaign", "create", "redis-letter", "--title", "Letter", "--recipients", "The Chair", "--body",
               str(body), "--deadline", "2099-12-31")
    adalet.run("shell", "-c", SIGN)
    mailbox = Path(adalet.env["ADALET_HOME"]) / "mail"
    assert not mailbox.exists() or not list(mailbox.iterdir())  # queued, not sent by the signing call
    worker = adalet.start("worker")
    try:
        sent, deadline = "", time.monotonic() + 60
        while "redis.signer@example.org" not in sent and time.monotonic() < deadline:
            time.sleep(0.5)
            sent = "".join(p.read_text(errors="replace") for p in mailbox.glob("*")) if mailbox.exists() else ""
        assert "redis.signer@example.org" in sent and "/letters/confirm/" in sent
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=90)  # a warm shutdown finishes the job at hand; a loaded machine takes a while
        except subprocess.TimeoutExpired:
            worker.kill()
            raise AssertionError("adalet worker did not stop within 90 s of SIGTERM") from None
