"""The document viewer (/items/ID/): one archive item's content (item_content.py), its metadata and provenance
(SHA-256, where it was found, the parent archive, the custody record of its ingest), its thumbnail, and its original.

An unknown item and one outside the collections the visitor may open are the same 404: a restricted item's existence
is never revealed. Visitors see ID numbers masked as search shows them (privacy.py); staff see them in full, and that
view goes on the custody log. The original (always a download, never rendered by the browser) is offered to signed-in
users with a role (roles.py: a group, or a grant in the collection), and to visitors (and accounts without a role)
of a published collection only when the page hides nothing of it: no ID number or address in its name, text or
metadata, not an archive of other files, not a photo, and every part of the file read (archive/unread.py: no
annotations, attachments, comments, headers, tracked changes, trailing bytes...). Every download (a GET, which
sends the bytes) goes on the custody log; a HEAD sends none and leaves no record. Visitors and accounts without a
role may ask for ADALET_DOWNLOAD_LIMITS originals a minute (per address and per network, HEADs included), then are
answered 429 until the minute is over: the log keeps every download, and a client can add at most that many
records a minute to it. Staff also see each page of a PDF or a scan as a picture beside its text
(/items/ID/pages/N.png, page_images.py); anyone else gets neither the picture nor its address.
"""

from __future__ import annotations

import json

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from adalet.archive import custody, reading
from adalet.archive.models import Collection, Item
from adalet.archive.unread import unread_parts
from adalet.lib import personal
from adalet.lib.display import safe_name
from adalet.lib.pagecache import public_page
from adalet.lib.privacy import can_see_personal_data, mask_for_viewer
from adalet.web import annotation_pages, page_images
from adalet.web.item_content import MAX_MEMBERS, content_of, metadata_rows
from adalet.web.item_marks import mark_hits
from adalet.web.privacy import photo_collection_ids, sees_withheld, visible_collection_ids
from adalet.web.ratelimit import client_hash, download_limits, within_limits
from adalet.web.roles import collection_role, holds_a_role


def visible_item(request: HttpRequest, item_id: int) -> reading.ItemRecord:
    """The item if the visitor may open its collection; the same 404 whether it is unknown or closed to them."""
    try:
        record = reading.item_record(item_id)
    except reading.ArchiveReadError:
        raise Http404("no such item") from None
    if record.collection_id not in visible_collection_ids(request):
        raise Http404("no such item")
    if not sees_withheld(request) and Item.objects.filter(pk=item_id, withheld=True).exists():
        raise Http404("no such item")  # arrived in a published collection, not yet published
    return record


@public_page
def item_page(request: HttpRequest, item_id: int) -> HttpResponse:
    record = visible_item(request, item_id)
    collection = Collection.objects.get(pk=record.collection_id)
    content = content_of(record)
    is_image = record.view.media_type.startswith("image/")
    personal_data = holds_personal_data(record)  # read once: the download and the hash both depend on it
    if can_see_personal_data(request):
        custody.append("view-personal-data", actor=request.user.get_username(), subject=f"item: {record.view.locator}"[:500],
                       detail={"via": request.path, "items": [record.view.locator]})
    context = {
        "item": mask_for_viewer(request, {"name": safe_name(record.view.name), "locator": safe_name(record.view.locator),
                                          "path": safe_name(record.view.path), "parent": safe_name(record.parent_locator or "")}),
        "record": record,
        "collection": collection,
        "content": content,
        "sheets": [s | {"name": mask_for_viewer(request, s["name"]), "rows": mask_for_viewer(request, s["rows"])}
                   for s in content.sheets],
        "pages": [p | {"text": mask_for_viewer(request, p["text"])} for p in content.pages],
        "text": mask_for_viewer(request, content.text),
        "members": [{"id": m.id, "name": mask_for_viewer(request, safe_name(m.name)), "media_type": m.media_type, "status": m.status}
                    for m in content.members],
        "metadata": mask_for_viewer(request, metadata_rows(record.view.metadata)),
        "failure": mask_for_viewer(request, record.failure_reason),
        "warnings": mask_for_viewer(request, record.warnings),
        "show_thumbnail": is_image and "thumbnail" in reading.derivative_kinds(record.view.id)
        and record.collection_id in photo_collection_ids(request),
        "downloadable": may_download(request, record, collection, personal_data),
        # a text file's bytes are its text: with the masked text beside it, its hash would confirm a guessed ID
        # number offline (a spreadsheet's or a PDF's bytes hold much more than their text)
        "hash_shown": can_see_personal_data(request) or not record.view.media_type.startswith("text/") or not personal_data,
        "is_image": is_image,
        "members_cut": len(content.members) >= MAX_MEMBERS,
        **annotation_pages.for_item(request, collection, item_id),  # tags and notes: the team's, or the published
        **page_images.for_viewer(request, record),  # pictures of the pages, for those who see personal data
    }
    if request.GET.get("q") or request.GET.get("row"):  # opened from a search hit: its row, its terms marked
        mark_hits(request, context["sheets"], context["pages"])
    return render(request, "web/item.html", context)


@require_safe
def original(request: HttpRequest, item_id: int) -> HttpResponse:
    if not within_limits(request, "original", download_limits()):
        refused = _("Too many downloads from your connection: wait a minute and try again.")
        return HttpResponse(refused, status=429, content_type="text/plain; charset=utf-8", headers={"Retry-After": "60"})
    record = visible_item(request, item_id)
    if not may_download(request, record, Collection.objects.get(pk=record.collection_id)):
        raise Http404("no such item")
    try:
        stream = reading.open_original(item_id)
    except reading.ArchiveReadError:
        raise Http404("no original") from None
    if request.method == "GET":  # the bytes are sent; a HEAD sends none
        record_download(request, record)
    name = safe_name(record.view.name) or record.view.sha256
    response = FileResponse(stream, as_attachment=True, filename=name, content_type="application/octet-stream")
    response["Cache-Control"] = "private, no-store"
    return response


@require_safe
def page_image(request: HttpRequest, item_id: int, number: int) -> HttpResponse:
    """Page ``number`` of the item as a picture (page_images.py): for staff only; anyone else the same 404."""
    if not page_images.shows_page_images(request):
        raise Http404("no such page")
    return page_images.serve(request, visible_item(request, item_id), number)


def record_download(request: HttpRequest, record: reading.ItemRecord) -> None:
    custody.append(
        "download-original", actor=request.user.get_username() if request.user.is_authenticated else "anonymous",
        subject=record.view.locator[:500],
        detail={"item": record.view.id, "sha256": record.view.sha256, "via": request.path, "client": client_hash(request)},
    )


def may_download(request: HttpRequest, record: reading.ItemRecord, collection: Collection,
                 personal_data: bool | None = None) -> bool:
    """Whether the visitor may have the original (see the module's docstring). An account without a role (no group,
    no grant in this collection) is a visitor. `personal_data`: `holds_personal_data(record)` when already known."""
    if not record.view.sha256 or collection_role(request.user, collection) is None:
        return False
    if holds_a_role(request.user, collection.pk):
        return True
    return hides_nothing(request, record, personal_data)


def holds_personal_data(record: reading.ItemRecord, text: str | None = None) -> bool:
    """Whether the item's name, text (read unless given) or metadata holds a personal number or an address."""
    view = record.view
    text = reading.item_text(view.id) if text is None else text
    shown = [view.name, view.locator, text or "", json.dumps(view.metadata, ensure_ascii=False)]
    return any(personal.find(part) or personal.find_addresses(part) for part in shown)


def hides_nothing(request: HttpRequest, record: reading.ItemRecord, personal_data: bool | None = None) -> bool:
    """Whether the page shows a visitor all the original says, unmasked: read in full without warnings, no ID number
    in its name, text or metadata, not an archive of other files, not an unpublished photo."""
    view = record.view
    is_image = view.media_type.startswith("image/")
    if record.status != "done" or record.warnings or view.media_type == "application/zip" or reading.item_members(view.id, 1):
        return False
    if is_image and record.collection_id not in photo_collection_ids(request):
        return False
    text = reading.item_text(view.id)
    if text is None and not is_image:
        return False
    if holds_personal_data(record, text or "") if personal_data is None else personal_data:
        return False
    try:
        with reading.open_original(view.id) as stream:
            return not unread_parts(view.media_type, stream)  # every part of the file read, or no download
    except reading.ArchiveReadError:
        return False
