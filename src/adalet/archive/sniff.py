"""Media type detection from a file's first bytes (magic) and its name.

Owns `detect(path, name)`. Reads at most a few KB (plus a zip's central directory to tell
DOCX/XLSX/ODS from plain zips). Never raises on truncated or malformed input: it falls back to
the extension, then to application/octet-stream; a failing machine (environment.py: disk full,
I/O error) is raised as EnvironmentFault, never read as a file's damage. OLE2 compound files (D0 CF 11 E0...) hold
old Word documents as well as Excel workbooks, so for them the extension decides: .xls is an
Excel 97-2003 workbook, .xlsx/.xlsm a password-protected XLSX (which Office wraps in OLE2).
Pure Python, no Django.
"""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path, PurePath

from adalet.archive.environment import raise_if_environmental
from adalet.archive.textcodec import looks_like_text

OCTET_STREAM = "application/octet-stream"
ZIP = "application/zip"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
XLS = "application/vnd.ms-excel"
ODS = "application/vnd.oasis.opendocument.spreadsheet"
PDF = "application/pdf"
CSV = "text/csv"
TEXT = "text/plain"

HEAD_BYTES = 8192

_BY_EXTENSION = {
    ".zip": ZIP,
    ".docx": DOCX,
    ".xlsx": XLSX,
    ".xlsm": XLSX,
    ".xls": XLS,
    ".ods": ODS,
    ".pdf": PDF,
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".gif": "image/gif",
    ".tif": "image/tiff",
    ".tiff": "image/tiff",
    ".bmp": "image/bmp",
    ".webp": "image/webp",
    ".csv": CSV,
    ".tsv": CSV,
    ".txt": TEXT,
}

_OFFICE_MARKERS = ((b"word/document.xml", DOCX), (b"xl/workbook.xml", XLSX))
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# ODF requires the mimetype member first and stored, so its content sits in the first bytes.
_ODS_MIMETYPE = b"mimetype" + ODS.encode()


def by_extension(name: str) -> str:
    """The media type the file name suggests, or application/octet-stream."""
    return _BY_EXTENSION.get(PurePath(name).suffix.lower(), OCTET_STREAM)


def _magic(head: bytes) -> str | None:
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if head.startswith((b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+")):
        return "image/tiff"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head.startswith(b"BM") and len(head) >= 18 and head[6:10] == b"\x00\x00\x00\x00":
        (dib_size,) = struct.unpack("<I", head[14:18])
        if dib_size in (12, 16, 40, 52, 56, 64, 108, 124):
            return "image/bmp"
    if head.find(b"%PDF-", 0, 1024) >= 0:
        return PDF
    return None


def _zip_kind(path: Path, head: bytes, name: str) -> str:
    """DOCX, XLSX, ODS or plain zip, from the central directory (or local headers if it is cut)."""
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            for marker, media_type in _OFFICE_MARKERS:
                if marker.decode() in names:
                    return media_type
            if "content.xml" in names and "mimetype" in names:
                with zf.open("mimetype") as member:
                    if member.read(100).strip() == ODS.encode():
                        return ODS
        return ZIP
    except Exception as error:  # noqa: BLE001 - any damage (bad version, bad offsets...) means "look closer"
        raise_if_environmental(error, path)  # but a failing disk is not damage
    # Truncated or damaged: the first local headers usually name the parts.
    if _ODS_MIMETYPE in head[:200]:
        return ODS
    for marker, media_type in _OFFICE_MARKERS:
        if marker in head or marker.split(b"/")[0] + b"/" in head[:HEAD_BYTES]:
            return media_type
    guess = by_extension(name)
    return guess if guess in (DOCX, XLSX, ODS) else ZIP


def detect(path: Path, name: str) -> str:
    """Return the media type of the file at ``path`` whose original name is ``name``."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(HEAD_BYTES)
    except OSError as error:
        raise_if_environmental(error, path)
        return by_extension(name)
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08")):
        return _zip_kind(Path(path), head, name)
    if head.startswith(OLE_MAGIC):
        guess = by_extension(name)
        return guess if guess in (XLS, XLSX) else OCTET_STREAM
    media_type = _magic(head)
    if media_type:
        return media_type
    if not head:
        return by_extension(name)
    if looks_like_text(head):
        return CSV if by_extension(name) == CSV else TEXT
    return OCTET_STREAM
