"""The tamper-evident custody log: every ingest, extraction, view of personal data, edit and export.

Each record's `body` is canonical JSON (sequence number, time, actor, action, subject, detail) and
its `digest` is SHA-256 over the previous record's digest and this body, so altering or deleting
any record breaks every link after it. The newest (seq, digest) is also written to a witness file
beside the blob store, so deleting records from the end of the log is detected too; a log without its
witness file fails the check. The columns a reader sees (seq, at, actor, action, subject) are checked
against the hashed body; `bindings` puts the facts of the database's rows on the log.

Appends from many processes and machines are serialised: on PostgreSQL by an advisory lock held
until the appending transaction commits, on SQLite by its write lock (transactions are IMMEDIATE).
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

from django.db import IntegrityError, connection, transaction

from adalet.archive.models import CustodyRecord
from adalet.home import blobs_dir

GENESIS = "0" * 64
ADVISORY_LOCK_KEY = 0x41444C54  # "ADLT"


def canonical(data: dict[str, Any]) -> str:
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def chain_digest(previous: str, body: str) -> str:
    return hashlib.sha256(f"{previous}\n{body}".encode()).hexdigest()


def witness_path() -> Path:
    return blobs_dir() / "custody.head"


def append(action: str, *, actor: str, subject: str = "", detail: dict[str, Any] | None = None) -> CustodyRecord:
    """Append one record to the log and return it (inside the caller's transaction, if any)."""
    for attempt in range(20):
        try:
            with transaction.atomic():
                if connection.vendor == "postgresql":
                    with connection.cursor() as cursor:
                        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [ADVISORY_LOCK_KEY])
                last = CustodyRecord.objects.order_by("-seq").only("seq", "digest").first()
                seq = last.seq + 1 if last else 1
                previous = last.digest if last else GENESIS
                at = datetime.now(UTC)
                body = canonical(
                    {
                        "seq": seq,
                        "at": at.isoformat(timespec="microseconds"),
                        "actor": actor,
                        "action": action,
                        "subject": subject,
                        "detail": detail or {},
                    }
                )
                record = CustodyRecord.objects.create(
                    seq=seq,
                    at=at,
                    actor=actor,
                    action=action,
                    subject=subject[:500],
                    body=body,
                    previous=previous,
                    digest=chain_digest(previous, body),
                )
            transaction.on_commit(partial(_write_witness, record.seq, record.digest))
            return record
        except IntegrityError:
            time.sleep(random.uniform(0.001, 0.02) * (attempt + 1))
    raise RuntimeError("could not append to the custody log: too much contention")


def head() -> CustodyRecord | None:
    """The newest record of the log (None while it is empty): its seq and digest name the whole log up to it."""
    return CustodyRecord.objects.order_by("-seq").only("seq", "digest", "at").first()


#: One writer of the witness at a time in a process: the threads of a server answering two requests at once (two page
#: images) each wrote the same temporary file, and the second rename found it gone (FileNotFoundError, a 500).
_WITNESS_LOCK = threading.Lock()


def _write_witness(seq: int, digest: str) -> None:
    """Record the newest head seen; a lower head never overwrites a higher one."""
    path = witness_path()
    with _WITNESS_LOCK:
        current = read_witness()
        if current and current[0] >= seq:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"custody.head.{os.getpid()}.{threading.get_ident()}.tmp")
        tmp.write_text(f"{seq} {digest}\n")
        os.replace(tmp, path)


def read_witness() -> tuple[int, str] | None:
    try:
        seq, digest = witness_path().read_text().split()
        return int(seq), digest
    except (FileNotFoundError, ValueError):
        return None


@dataclass
class ChainBreak:
    seq: int
    problem: str

    def __str__(self) -> str:
        return f"custody record #{self.seq}: {self.problem}"


#: Called with (seq, action, detail) for every record whose digest holds, in order (audit.py replays bindings).
Visitor = Callable[[int, str, dict[str, Any]], None]


def verify_chain(chunk: int = 5000, visit: Visitor | None = None) -> Iterator[ChainBreak]:
    """Walk the whole log and yield every break: altered, inserted, reordered or deleted records, a column that
    says other than the body, a tail cut off (the witness file), a witness file missing beside a log."""
    expected_seq = 1
    previous = GENESIS
    digests: dict[int, str] = {}
    for record in CustodyRecord.objects.order_by("seq").iterator(chunk_size=chunk):
        if record.seq != expected_seq:
            yield ChainBreak(expected_seq, f"missing (log jumps from #{expected_seq - 1} to #{record.seq})")
        if record.previous != previous:
            yield ChainBreak(record.seq, "does not link to the record before it")
        if chain_digest(record.previous, record.body) != record.digest:
            yield ChainBreak(record.seq, "content altered (digest does not match)")
        else:
            body = json.loads(record.body)
            yield from _columns_match_body(record, body)
            if visit is not None:
                visit(record.seq, body.get("action", ""), body.get("detail") or {})
        previous = record.digest
        expected_seq = record.seq + 1
        digests[record.seq] = record.digest
    witness = read_witness()
    if witness is None:
        if digests:
            yield ChainBreak(expected_seq - 1, f"the witness file {witness_path()} is missing or unreadable")
        return
    seq, digest = witness
    if seq >= expected_seq:
        yield ChainBreak(seq, f"missing: the log ends at #{expected_seq - 1} but reached #{seq}")
    elif digests.get(seq) != digest:
        yield ChainBreak(seq, "differs from the head recorded in the witness file")


def _columns_match_body(record: CustodyRecord, body: dict[str, Any]) -> Iterator[ChainBreak]:
    """Every column a reader sees (seq, at, actor, action, subject) must say what the hashed body says."""
    columns = {
        "seq": (record.seq, body.get("seq")),
        "at": (_iso(record.at), body.get("at")),
        "actor": (record.actor, body.get("actor")),
        "action": (record.action, body.get("action")),
        "subject": (record.subject, str(body.get("subject", ""))[:500]),
    }
    for column, (stored, hashed) in columns.items():
        if stored != hashed:
            yield ChainBreak(record.seq, f"column {column!r} altered")


def _iso(at: datetime | None) -> str | None:
    return at.astimezone(UTC).isoformat(timespec="microseconds") if at is not None else None


def record_detail(record: CustodyRecord) -> dict[str, Any]:
    return json.loads(record.body).get("detail", {})


def withheld_on_request(collection_id: int) -> set[int]:
    """Items of a collection withheld on someone's request (a ``withhold-item`` record: a family's removal request),
    which publishing the collection does not release: publishing releases what waited for review, not what was taken
    down on purpose. A later ``lift-removal`` record (adalet collection lift-removal) gives an item back."""
    out: set[int] = set()
    records = CustodyRecord.objects.filter(action__in=("withhold-item", "lift-removal")).order_by("seq")
    for action, body in records.values_list("action", "body"):
        detail = json.loads(body).get("detail", {})
        if detail.get("collection") == collection_id and isinstance(detail.get("item"), int):
            (out.add if action == "withhold-item" else out.discard)(detail["item"])
    return out
