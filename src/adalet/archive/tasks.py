"""Background extraction through Django's tasks framework (the django-tasks backport).

`extract_items` is enqueued for each batch of newly staged items; whichever worker runs it claims
the items that are still claimable and extracts them. Claims, not the queue, guarantee that no item
is done twice: a task whose items another worker (or `adalet ingest` itself) already took is a no-op.
Enqueue happens after the staging transaction commits, so a worker never looks for rows it cannot
see yet.
"""

from __future__ import annotations

from django.conf import settings
from django.db.models import QuerySet
from django_tasks import task

from adalet.archive.claims import claim, new_worker_id
from adalet.archive.models import Item

TASK_BATCH = 50


@task(queue_name=settings.TASK_QUEUE)
def extract_items(item_ids: list[int]) -> dict[str, int]:
    from adalet.archive.processing import process_batch

    worker_id = new_worker_id()
    scope: QuerySet[Item] = Item.objects.filter(id__in=item_ids)
    items = claim(worker_id, len(item_ids), scope=scope)
    done = process_batch(items, worker_id, enqueue=enqueue_extraction) if items else 0
    return {"claimed": len(items), "recorded": done}


def enqueue_extraction(item_ids: list[int]) -> None:
    """Queue extraction of these items in task-sized batches."""
    for start in range(0, len(item_ids), TASK_BATCH):
        extract_items.enqueue(item_ids[start : start + TASK_BATCH])


def requeue_pending() -> int:
    """Queue again every item still pending (tasks kept only in a Redis that restarted are gone)."""
    from adalet.archive.models import ItemStatus

    ids = list(Item.objects.filter(status=ItemStatus.PENDING).order_by("id").values_list("id", flat=True))
    enqueue_extraction(ids)
    return len(ids)
