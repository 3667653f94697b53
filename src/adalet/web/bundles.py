"""The site's verifiable bundles (adalet.bundles): a published collection's bundle as a zip, and, from a
relative-search card, one record's extract with its inclusion proof, for whoever may see that card.

Bundles are built by a background task and kept in the blob store (adalet.bundles.store); a request finds the
latest one. None yet: 503 with Retry-After, and a build is queued. A stale one (the collection changed since) is
still served, a valid signed snapshot, and a new one is queued; not when the publication was narrowed since. Only published collections have a bundle: it holds
what any visitor may see, whoever asks. Extracts are made on request from the stored zip and counted against the
download limits (web.ratelimit), as originals are.
"""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from adalet.archive.models import Collection
from adalet.bundles import store
from adalet.bundles.build import BundleError
from adalet.bundles.extract import extract, zip_reader
from adalet.bundles.published import record_id
from adalet.bundles.tasks import request_site_bundle
from adalet.people.models import Person, PersonKind
from adalet.web.ratelimit import download_limits, within_limits


def _being_prepared() -> HttpResponse:
    message = _("The verifiable bundle of this collection is being prepared: try again in a few minutes.")
    return HttpResponse(message, status=503, content_type="text/plain; charset=utf-8", headers={"Retry-After": "120"})


def current_bundle(collection: Collection) -> store.SiteBundle | None:
    """The latest bundle of a published collection; a new one is queued when there is none or it is stale. None
    (being prepared) while a stale one may hold what was withdrawn since (store.narrowed_since)."""
    bundle = store.latest(collection)
    if store.is_stale(collection, bundle):
        request_site_bundle(collection)
        if bundle is not None and store.narrowed_since(collection, bundle):
            return None
    return bundle


@require_safe
def collection_bundle(request: HttpRequest, name: str) -> HttpResponse:
    collection = Collection.objects.filter(name=name, is_public=True).first()
    if collection is None:
        raise Http404("no such collection")
    bundle = current_bundle(collection)
    if bundle is None:
        return _being_prepared()
    response = FileResponse(bundle.path.open("rb"), as_attachment=True, filename=bundle.filename,
                            content_type="application/zip")
    response["X-Adalet-Checkpoint"] = f"{bundle.tree_size} {bundle.root}"
    return response


@require_safe
def record_extract(request: HttpRequest, person_id: int) -> HttpResponse:
    if not within_limits(request, "original", download_limits()):
        refused = _("Too many downloads from your connection: wait a minute and try again.")
        return HttpResponse(refused, status=429, content_type="text/plain; charset=utf-8", headers={"Retry-After": "60"})
    person = (  # whom a relative-search card may show (web.relatives.find_relatives)
        Person.objects.filter(pk=person_id, collection__is_public=True, source__isnull=False,
                              kind__in=(PersonKind.DETAINEE, PersonKind.RELATIVE))
        .exclude(source__item__withheld=True).select_related("source", "collection").first()
    )
    if person is None or person.source is None:
        raise Http404("no such record")
    bundle = current_bundle(person.collection)
    if bundle is None:
        return _being_prepared()
    wanted = record_id(person.source.item_id, person.source.sheet, person.source.row)
    with tempfile.TemporaryDirectory() as work, zipfile.ZipFile(bundle.path) as archive:
        out = Path(work) / "extract"
        try:
            extract(zip_reader(archive), wanted, out)
        except BundleError:
            return _being_prepared()  # mapped after the bundle was made: the next one holds it
        packed = io.BytesIO()
        store.pack(out, packed)
    response = HttpResponse(packed.getvalue(), content_type="application/zip")
    filename = f"adalet-record-{person.source.item_id}-{person.source.row}.zip"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, max-age=600"
    return response
