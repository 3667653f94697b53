"""Work claims: which worker extracts which item, so that no item is done twice.

The items table is the source of truth for work. A worker claims pending items by switching them
to `processing` under its id in one transaction (PostgreSQL: FOR UPDATE SKIP LOCKED; SQLite: the
IMMEDIATE transaction holds the write lock), so two workers never hold the same item. A claim
whose worker died is taken back: at once when the worker was on this host and its process is
gone, otherwise when its lease has run out. A worker the machine stops (disk full) gives its
claims back itself (`release`).
"""

from __future__ import annotations

import os
import socket
import uuid
from datetime import timedelta

from django.db import connection, transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from adalet.archive.models import Item, ItemStatus

LEASE = timedelta(seconds=int(os.environ.get("ADALET_CLAIM_LEASE", "900")))
HOST = socket.gethostname()


def new_worker_id() -> str:
    """host:pid:random — unique across machines, and tells whether a local holder still lives."""
    return f"{HOST}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def release_dead_local_claims() -> int:
    """Return to pending the items held by processes of this host that no longer exist."""
    dead: list[str] = []
    holders = (
        Item.objects.filter(status=ItemStatus.PROCESSING, claimed_by__startswith=f"{HOST}:")
        .values_list("claimed_by", flat=True)
        .distinct()
    )
    for holder in holders:
        try:
            pid = int(holder.split(":")[1])
        except (IndexError, ValueError):
            continue
        if not _alive(pid):
            dead.append(holder)
    if not dead:
        return 0
    return Item.objects.filter(status=ItemStatus.PROCESSING, claimed_by__in=dead).update(
        status=ItemStatus.PENDING, claimed_by="", claimed_at=None
    )


def release(worker_id: str, ids: list[int]) -> int:
    """Give back to pending the items of `ids` this worker still holds (work it could not finish)."""
    return Item.objects.filter(id__in=ids, status=ItemStatus.PROCESSING, claimed_by=worker_id).update(
        status=ItemStatus.PENDING, claimed_by="", claimed_at=None
    )


def claimable() -> Q:
    stale = Q(status=ItemStatus.PROCESSING, claimed_at__lt=timezone.now() - LEASE)
    return Q(status=ItemStatus.PENDING) | stale


def claim(worker_id: str, limit: int, *, scope: QuerySet[Item] | None = None) -> list[Item]:
    """Take up to `limit` claimable items (within scope) for this worker."""
    queryset = (scope if scope is not None else Item.objects.all()).filter(claimable()).order_by("id")
    with transaction.atomic():
        if connection.vendor == "postgresql":
            queryset = queryset.select_for_update(skip_locked=True, of=("self",))
        ids = list(queryset.values_list("id", flat=True)[:limit])
        if not ids:
            return []
        Item.objects.filter(id__in=ids).filter(claimable()).update(
            status=ItemStatus.PROCESSING, claimed_by=worker_id, claimed_at=timezone.now(), attempts=F("attempts") + 1
        )
        return list(Item.objects.filter(id__in=ids, claimed_by=worker_id, status=ItemStatus.PROCESSING).select_related("collection", "run"))
