"""Page images in the document viewer: a PDF's or a scan's pages as pictures beside their text
(/items/ID/pages/N.png, made and kept by adalet.archive.pageimages).

A page's picture shows what the text beside it masks (ID numbers, addresses, faces, signatures), and no mask can be
drawn on it. So pictures are for those who see the collection's personal data unmasked (staff, whose every view
goes on the custody log, as the item page's); everyone else, visitors and accounts with any other role included,
gets no picture, no address of one in the page, and the same 404 at the address as for a page that does not exist.
The answers are never kept by the page cache (the view is not a public page; it carries Cache-Control: private,
no-store) nor by the browser.

A page that cannot be rendered (pdftoppm missing, failing, too slow; a damaged file) is one line in the log and a
503 in plain words; the viewer then shows a note in that page's place instead of a broken picture (up front when
pdftoppm is missing, else by web/page_images.js when the picture fails to load).
"""

from __future__ import annotations

import logging
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from adalet.archive import custody, pageimages, pagerender, reading
from adalet.lib.privacy import can_see_personal_data

log = logging.getLogger("adalet.web.page_images")

#: Width and height given to a PDF page's <img> before it loads (A4 at the rendering's size): its place is kept,
#: so a hit's page scrolled into view stays there while the pictures above it load.
PDF_BOX = (round(pagerender.MAX_EDGE * 210 / 297), pagerender.MAX_EDGE)
#: Pictures listed for an image without text (a multi-page TIFF scanned without OCR): its first frames.
MAX_LISTED = 500


def shows_page_images(request: HttpRequest) -> bool:
    """Whether the reader may see pictures of pages: those who see personal data unmasked (see the module)."""
    return can_see_personal_data(request)


def for_viewer(request: HttpRequest, record: reading.ItemRecord) -> dict[str, Any]:
    """The viewer's context for page pictures: how many pages have one (0: none shown), their box, and why none
    can be made here now (pdftoppm missing: a note in each page's place, logged)."""
    count = pageimages.page_count(record.view) if shows_page_images(request) else 0
    if not count:
        return {"page_image_count": 0}
    missing = pageimages.renderer_missing(record.view)
    if missing:
        log.error("page images of item %s cannot be made: %s", record.view.id, missing)
    return {"page_image_count": count, "page_images_down": bool(missing), "page_image_box": image_box(record.view),
            "page_image_numbers": range(1, min(count, MAX_LISTED) + 1)}


def image_box(view: reading.ItemView) -> tuple[int, int]:
    """The picture's width and height as rendered (an image's own proportions; an A4 box for a PDF page)."""
    width, height = view.metadata.get("width"), view.metadata.get("height")
    if not (isinstance(width, int) and isinstance(height, int) and width > 0 and height > 0):
        return PDF_BOX
    scale = min(1.0, pagerender.MAX_EDGE / max(width, height))
    return max(1, round(width * scale)), max(1, round(height * scale))


def serve(request: HttpRequest, record: reading.ItemRecord, number: int) -> HttpResponse:
    """Page ``number`` of a visible item as PNG, for a reader who may see it; 404 for anyone else and for a page
    that does not exist, 503 when it cannot be rendered."""
    if not shows_page_images(request):
        raise Http404("no such page")
    try:
        data = pageimages.page_image(record.view.id, number)
    except pageimages.NoSuchPage:
        raise Http404("no such page") from None
    except pageimages.PageImageError as error:
        log.error("page %s of item %s could not be rendered: %s", number, record.view.id, error)
        failed = HttpResponse(_("The image of this page could not be made."), status=503,
                              content_type="text/plain; charset=utf-8")
        failed["Cache-Control"] = "private, no-store"
        return failed
    if request.method == "GET":  # the picture is sent: a view of personal data, on the log as the item page's
        custody.append("view-personal-data", actor=request.user.get_username(),
                       subject=f"page {number}: {record.view.locator}"[:500],
                       detail={"via": request.path, "items": [record.view.locator], "page": number})
    response = HttpResponse(data, content_type="image/png")
    response["Cache-Control"] = "private, no-store"
    return response
