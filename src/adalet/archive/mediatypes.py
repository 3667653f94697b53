"""Families of media types, as a user names them in a search filter ("image", "pdf", "spreadsheet")."""

from __future__ import annotations

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
XLS = "application/vnd.ms-excel"
ODS = "application/vnd.oasis.opendocument.spreadsheet"

FAMILIES: dict[str, tuple[str, ...]] = {
    "image": ("image/",),
    "pdf": ("application/pdf",),
    "document": (DOCX, "application/pdf", "text/plain"),
    "spreadsheet": (XLSX, XLS, ODS, "text/csv"),
    "text": ("text/plain",),
    "archive": ("application/zip",),
}


def media_type_prefixes(kind: str) -> tuple[str, ...]:
    """The media types (or prefixes ending in '/') a filter word stands for; a full type stands for itself."""
    if kind in FAMILIES:
        return FAMILIES[kind]
    if "/" in kind:
        return (kind,)
    raise ValueError(f"unknown type {kind!r}: use one of {', '.join(FAMILIES)} or a media type such as image/jpeg")


LABELS = {DOCX: "DOCX", XLSX: "XLSX", XLS: "XLS", ODS: "ODS", "application/pdf": "PDF", "application/zip": "ZIP"}


def label(media_type: str) -> str:
    """A short name for a media type, as a reader knows it: DOCX, PDF, JPEG, CSV."""
    base = media_type.split(";", 1)[0].strip()
    return LABELS.get(base) or base.rpartition("/")[2].upper() or "unknown"
