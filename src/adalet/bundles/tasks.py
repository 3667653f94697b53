"""The site's bundles built in the background (store.py): the public collection page and its download ask for one
when there is none or it is stale; a worker (`adalet worker`, or the one `adalet serve` runs) builds it."""

from __future__ import annotations

from django.conf import settings
from django_tasks import task

from adalet.archive import custody
from adalet.archive.models import Collection
from adalet.bundles import store


@task(queue_name=settings.TASK_QUEUE)
def build_site_bundle(collection_id: int) -> dict[str, object]:
    """Build it; a build that fails keeps the marker until it is stale (store.STALE_MARKER_SECONDS), so that requests
    for the bundle do not queue a full build each while it cannot be made."""
    collection = Collection.objects.get(pk=collection_id)
    if not collection.is_public:
        store.release_build(collection)
        return {"built": False, "reason": "not published"}
    made = store.build_for_site(collection)
    store.release_build(collection)
    custody.append("bundle", actor="adalet-site", subject=collection.name, detail={
        "size": made.tree_size, "root": made.root, "key": made.key, "zip_sha256": made.sha256,
        "extends": made.extends, "site": True,
    })
    return {"built": True, "size": made.tree_size, "root": made.root}


def request_site_bundle(collection: Collection) -> bool:
    """Queue a build of the collection's bundle unless one is already under way; whether one was queued."""
    if not store.claim_build(collection):
        return False
    try:
        build_site_bundle.enqueue(collection.pk)
    except Exception:
        store.release_build(collection)
        raise
    return True
