"""Background extraction through Django's tasks framework (the django-tasks backport).

`extract_items` is enqueued for each batch of newly staged items; whichever worker runs it claims
the items that are still claimable and extracts them. Claims, not the queue, guarantee that no item
is done twice: a task whose items another worker (or `adalet ingest` itself) already took is a no-op.
Enqueue happens after the staging transaction commits, so a worker never looks for rows it cannot
see yet.

A disk that fills or fails under a task (environment.py) gives the task's items back (pending) and
fails the task with the one line to show; in `adalet worker` it also stops the worker once the task
is over (`stop_worker_on_fault`: SIGTERM, as on Ctrl-C, to the worker's process, which on RQ is the
parent of the forked process running the task), which then says why and exits 1. The line goes
through a pipe, which needs no disk. The worker started again queues those items anew
(`requeue_pending`).
"""

from __future__ import annotations

import contextlib
import os
import signal

from django.conf import settings
from django.db.models import QuerySet
from django_tasks import task

from adalet.archive.claims import claim, new_worker_id
from adalet.archive.environment import EnvironmentFault, stop_on_environmental_errors
from adalet.archive.models import Item

TASK_BATCH = 50


class _WorkerStop:
    """The worker a task's EnvironmentFault stops (its process id), and the pipe that carries the fault's line."""

    pid: int | None = None
    pipe: tuple[int, int] | None = None


def stop_worker_on_fault() -> None:
    """From now on a task's EnvironmentFault, in this process or one forked from it, ends this process's worker."""
    _WorkerStop.pid, _WorkerStop.pipe = os.getpid(), os.pipe()
    for end in _WorkerStop.pipe:
        os.set_blocking(end, False)


def worker_stopped_by() -> str | None:
    """The line of the fault that stopped the worker, or None."""
    if _WorkerStop.pipe is None:
        return None
    try:
        data = os.read(_WorkerStop.pipe[0], 65536)
    except BlockingIOError:
        return None
    return data.decode("utf-8", "replace").splitlines()[0] if data else None


def _stop_worker(fault: EnvironmentFault) -> None:
    if _WorkerStop.pid is None or _WorkerStop.pipe is None:
        return  # not run by `adalet worker` (a test, a shell): the fault is raised, nothing more
    with contextlib.suppress(BlockingIOError):  # a full pipe already holds a line to show
        os.write(_WorkerStop.pipe[1], (fault.line() + "\n").encode())
    os.kill(_WorkerStop.pid, signal.SIGTERM)  # the worker ends after this task, as on Ctrl-C


@task(queue_name=settings.TASK_QUEUE)
def extract_items(item_ids: list[int]) -> dict[str, int]:
    from adalet.archive.processing import process_batch

    worker_id = new_worker_id()
    scope: QuerySet[Item] = Item.objects.filter(id__in=item_ids)
    try:
        with stop_on_environmental_errors():
            items = claim(worker_id, len(item_ids), scope=scope)
            done = process_batch(items, worker_id, enqueue=enqueue_extraction) if items else 0
    except EnvironmentFault as fault:
        _stop_worker(fault)
        raise
    return {"claimed": len(items), "recorded": done}


def enqueue_extraction(item_ids: list[int]) -> None:
    """Queue extraction of these items in task-sized batches."""
    for start in range(0, len(item_ids), TASK_BATCH):
        extract_items.enqueue(item_ids[start : start + TASK_BATCH])


def requeue_pending(retried_only: bool = False) -> int:
    """Queue again every item still pending (tasks kept only in a Redis that restarted are gone); with
    `retried_only`, those claimed before and given back (their task failed or died with its worker)."""
    from adalet.archive.models import ItemStatus

    pending = Item.objects.filter(status=ItemStatus.PENDING)
    if retried_only:
        pending = pending.filter(attempts__gt=0)
    ids = list(pending.order_by("id").values_list("id", flat=True))
    enqueue_extraction(ids)
    return len(ids)
