"""What the extractors do not read of an original: the parts a page never shows, but a download would hand over.

A visitor may have an original only when every part of it was read (and masked where the page masks): then the
page shows all that the file says. `unread_parts()` lists what is not read, for the formats it knows how to take
apart; for any other format it answers that the file was not inventoried, which counts as unread (fail closed).

* Plain text and CSV: everything is read.
* PDF: annotations, attached files, forms, scripts, bookmarks, XMP metadata streams, document info fields the
  extractor does not keep, images on pages whose text layer is read, earlier revisions kept by incremental updates
  (more than one ``%%EOF``), anything after the last ``%%EOF``.
* XLSX and DOCX (zip packages): any member beyond the worksheets / document body, shared strings, styles, themes,
  settings and relationships (comments, headers and footers, drawings, embedded objects, macros, custom XML...),
  and inside what is read: page headers and footers of sheets, tracked insertions and deletions of a document.
* Images: never complete: EXIF maker notes, embedded previews, comment and application segments and bytes after
  the end of the image are not all read; a visitor sees the photo's page, not its file.
"""

from __future__ import annotations

import re
import zipfile
from typing import IO

NOT_INVENTORIED = "this kind of file is not inventoried"

_TEXT_TYPES = ("text/plain", "text/csv", "text/tab-separated-values", "text/markdown")
_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
_MAX_XML = 64 * 1024 * 1024  # a member larger than this is not scanned: unread

_XLSX_READ = re.compile(
    r"\[Content_Types\]\.xml|_rels/\.rels|docProps/(?:app|core)\.xml|xl/workbook\.xml|xl/_rels/workbook\.xml\.rels"
    r"|xl/styles\.xml|xl/sharedStrings\.xml|xl/theme/theme\d+\.xml|xl/worksheets/sheet\d+\.xml"
    r"|xl/calcChain\.xml"
)
_DOCX_READ = re.compile(
    r"\[Content_Types\]\.xml|_rels/\.rels|docProps/(?:app|core)\.xml|word/document\.xml|word/_rels/document\.xml\.rels"
    r"|word/styles\.xml|word/stylesWithEffects\.xml|word/settings\.xml|word/webSettings\.xml|word/fontTable\.xml"
    r"|word/theme/theme\d+\.xml|word/numbering\.xml"
)
_SHEET_HIDDEN = (b"<headerFooter", b"<oddHeader", b"<oddFooter", b"<evenHeader", b"<firstHeader", b"<legacyDrawing")
_DOCUMENT_HIDDEN = (b"<w:del ", b"<w:del>", b"<w:ins ", b"<w:ins>", b"<w:delText", b"<w:moveFrom", b"<w:vanish")
_PDF_INFO_READ = {"/Author", "/Creator", "/Producer", "/Title", "/CreationDate", "/ModDate"}  # what the extractor keeps
_PDF_CATALOG = {"/AcroForm": "form fields", "/Names": "named trees (attached files, scripts)", "/OpenAction": "an open action",
                "/Metadata": "an XMP metadata stream", "/Outlines": "bookmarks", "/AA": "actions"}
MIN_READ_IMAGE_PIXELS = 40_000  # images smaller than this (logos, stamps, rules) hold no text worth reading


def unread_parts(media_type: str, stream: IO[bytes]) -> list[str]:
    """What of the original the extractors do not read ([] when it is all read)."""
    media_type = (media_type or "").split(";", 1)[0].strip().lower()
    try:
        if media_type in _TEXT_TYPES:
            return []
        if media_type == "application/pdf":
            return _pdf(stream.read())
        if media_type == _XLSX:
            return _package(stream, _XLSX_READ, "xl/worksheets/", _SHEET_HIDDEN, "page headers or footers")
        if media_type == _DOCX:
            return _package(stream, _DOCX_READ, "word/document.xml", _DOCUMENT_HIDDEN, "tracked changes or hidden text")
        if media_type.startswith("image/"):
            return ["image files carry parts the page does not show (maker notes, previews, comments)"]
    except Exception as error:  # any failure to take it apart means it was not all read: fail closed
        return [f"the file could not be taken apart: {type(error).__name__}: {str(error)[:200]}"]
    return [NOT_INVENTORIED]


def _pdf(data: bytes) -> list[str]:
    import io

    from pypdf import PdfReader

    found: list[str] = []
    ends = data.count(b"%%EOF")
    if ends > 1:
        found.append(f"{ends - 1} earlier revision(s) kept by incremental updates")
    last = data.rfind(b"%%EOF")
    if last == -1 or data[last + 5 :].strip():
        found.append("bytes after the end of the document")
    reader = PdfReader(io.BytesIO(data), strict=False)
    if reader.is_encrypted:
        return [*found, "encryption"]
    catalog = reader.root_object
    found += [label for key, label in _PDF_CATALOG.items() if key in catalog]
    info: dict[str, object] = dict(reader.metadata or {})
    extra = sorted(set(info) - _PDF_INFO_READ)
    if extra:
        found.append("document info fields " + ", ".join(extra))
    for number, page in enumerate(reader.pages, start=1):
        if "/Annots" in page:
            found.append(f"annotations on page {number}")
        if len((page.extract_text() or "").split()) and _has_large_images(page):
            found.append(f"images on page {number} (its text layer is read, not its images)")
    return found


def _has_large_images(page: object) -> bool:
    resources = page.get("/Resources") or {}  # type: ignore[attr-defined]
    objects = resources.get("/XObject") or {}
    for ref in objects.values():
        xobject = ref.get_object()
        if xobject.get("/Subtype") == "/Image" and int(xobject.get("/Width", 0)) * int(xobject.get("/Height", 0)) >= MIN_READ_IMAGE_PIXELS:
            return True
        if xobject.get("/Subtype") == "/Form":
            return True  # a form XObject may hold anything: not read apart
    return False


def _package(stream: IO[bytes], read: re.Pattern[str], scanned: str, hidden: tuple[bytes, ...], label: str) -> list[str]:
    found: list[str] = []
    with zipfile.ZipFile(stream) as package:
        for info in package.infolist():
            if info.is_dir():
                continue
            if not read.fullmatch(info.filename):
                found.append(f"part {info.filename}")
                continue
            if info.filename.startswith(scanned):
                if info.file_size > _MAX_XML:
                    found.append(f"part {info.filename} (too large to check)")
                    continue
                data = package.read(info)
                if any(marker in data for marker in hidden):
                    found.append(f"{label} in {info.filename}")
    return found
