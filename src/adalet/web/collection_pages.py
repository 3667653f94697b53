"""A collection's public page (verification summary, records and photo figures), its photo gallery, thumbnails.

The verification summary shows the authenticity score and its findings by check; the coverage findings (what the
leak holds: photos without a record or without EXIF, never scored) are shown apart.

A collection the visitor may not open, or an unknown one, is a 404; so is an item outside such collections.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from adalet.archive import reading
from adalet.archive.extractors.image import strip_jpeg
from adalet.archive.models import Collection, Derivative, Item, ItemStatus
from adalet.lib import personal
from adalet.lib.display import safe_name
from adalet.lib.pagecache import public_page
from adalet.lib.privacy import mask_for_viewer
from adalet.people.models import LinkStatus, Person, PhotoLink
from adalet.verify.models import VerificationRun
from adalet.web.privacy import photo_collection_ids, sees_withheld, visible_collection_ids

PHOTOS_PER_PAGE = 24
LINKED = (LinkStatus.PROPOSED, LinkStatus.CONFIRMED)


def visible_collection(request: HttpRequest, name: str) -> Collection:
    found = Collection.objects.filter(name=name, id__in=visible_collection_ids(request)).first()
    if found is None:
        raise Http404("no such collection")
    return found


def figures(collection: Collection, withheld: bool = False) -> dict[str, int]:
    """Counts from the records and photo links (`adalet records map`, `adalet xref photos`); without `withheld`,
    nothing read from items withheld until published."""
    people = Person.objects.filter(collection=collection)
    links = PhotoLink.objects.filter(collection=collection, status__in=LINKED)
    if not withheld:
        people = people.exclude(source__item__withheld=True)
        links = links.exclude(photo__withheld=True)
    return {
        "people": people.count(),
        "detained": people.filter(detentions__detained=True).distinct().count(),
        "photos": _photos(collection, withheld).count(),
        "photos_linked": links.values("photo").distinct().count(),
        "shown_detained": people.filter(photo_links__in=links, detentions__detained=True).distinct().count(),
    }


@public_page
def collection_page(request: HttpRequest, name: str) -> HttpResponse:
    collection = visible_collection(request, name)
    run = VerificationRun.objects.filter(collection=collection, finished_at__isnull=False).order_by("-pk").first()
    summary = run.summary if run else None
    context = {
        "collection": collection,
        "run": run,
        "score_percent": round(100 * summary["score"]) if summary and "score" in summary else None,
        "by_severity": (summary or {}).get("by_severity", {}),
        "by_check": sorted((summary or {}).get("by_check", {}).items()),
        "coverage_by_check": sorted((summary or {}).get("coverage", {}).get("by_check", {}).items()),
        "figures": figures(collection, sees_withheld(request)),
    }
    return render(request, "web/collection.html", context)


@public_page
def photos_page(request: HttpRequest, name: str) -> HttpResponse:
    collection = visible_collection(request, name)
    thumbnails = Derivative.objects.filter(item=OuterRef("pk"), kind="thumbnail")
    rows = _photos(collection, sees_withheld(request)).annotate(has_thumbnail=Exists(thumbnails)).order_by("locator")
    page = Paginator(rows.values("id", "name", "metadata", "has_thumbnail"), PHOTOS_PER_PAGE).get_page(request.GET.get("page"))
    show_photos = collection.pk in photo_collection_ids(request)
    photos = [
        {
            "id": row["id"],
            "name": mask_for_viewer(request, safe_name(row["name"])),
            "has_thumbnail": row["has_thumbnail"] and show_photos,
            "exif": mask_for_viewer(request, _exif_rows(row["metadata"] or {})),
        }
        for row in page.object_list
    ]
    return render(
        request, "web/photos.html", {"collection": collection, "page": page, "photos": photos, "show_photos": show_photos}
    )


def thumbnail(request: HttpRequest, item_id: int) -> HttpResponse:
    shown = Item.objects.filter(pk=item_id, collection_id__in=photo_collection_ids(request))
    if not (shown if sees_withheld(request) else shown.filter(withheld=False)).exists():
        raise Http404("no such item")
    data = reading.derivative_bytes(item_id, "thumbnail")
    if data is None:
        raise Http404("no thumbnail")
    data = strip_jpeg(data)  # thumbnails made before they were stripped at extraction may hold a comment
    if not data:
        raise Http404("no thumbnail")
    response = HttpResponse(data, content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=3600"
    return response


def _photos(collection: Collection, withheld: bool):  # type: ignore[no-untyped-def]
    photos = Item.objects.filter(collection=collection, status=ItemStatus.DONE, media_type__startswith="image/")
    return photos if withheld else photos.filter(withheld=False)


def _exif_rows(metadata: dict) -> list[tuple[str, str]]:  # type: ignore[type-arg]
    """EXIF tags as (group.tag, value) rows, with the capture time and camera first."""
    rows = [(key, str(metadata[key])) for key in ("capture_time", "camera_make", "camera_model") if metadata.get(key)]
    exif = metadata.get("exif")
    for group, tags in (exif.items() if isinstance(exif, dict) else []):
        for tag, value in (tags.items() if isinstance(tags, dict) else []):
            rows.append((f"{group}.{tag}", personal.hide_cut_numbers(str(value), 0, 200)))  # no digits of a cut number
    return rows
