"""What the document viewer shows of an item's content: a spreadsheet's sheets as tables, a PDF's (or a multi-page
scan's) pages, a scan's OCR text, a document's text, an archive's members, and its metadata as rows.

Plain values only, not yet masked (item_pages masks them for the viewer). Large content is cut to the first
MAX_ROWS rows per sheet, MAX_COLUMNS columns and MAX_TEXT characters, and says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from adalet.archive import reading
from adalet.cellrefs import column_letter
from adalet.lib import personal
from adalet.web.templatetags.scripts import script_of

MAX_ROWS = 500
MAX_COLUMNS = 60
MAX_TEXT = 200_000
MAX_MEMBERS = 500
PAGE_LABEL = re.compile(r"page (\d+)")


@dataclass
class Content:
    kind: str = "none"  # table, pages, text, none
    ocr: bool = False  # the text was read by OCR from an image
    sheets: list[dict[str, Any]] = field(default_factory=list)  # name, columns, rows [(number, cells)], total, cut, direction
    pages: list[dict[str, Any]] = field(default_factory=list)  # number, text, ocr
    text: str = ""
    cut: bool = False
    members: list[reading.ItemView] = field(default_factory=list)


def content_of(record: reading.ItemRecord) -> Content:
    """The item's extracted content, the best form first: table, pages, OCR text, text."""
    item_id = record.view.id
    kinds = reading.derivative_kinds(item_id)
    content = Content(members=reading.item_members(item_id, MAX_MEMBERS))
    if content.members:  # an archive: its text is the list of its members, shown as links instead
        return content
    if "table" in kinds:
        content.kind, content.sheets = "table", _sheets(reading.table(item_id) or {})
        return content
    ocr_pages = set(record.view.metadata.get("ocr_pages") or [])  # a PDF's pages without a text layer
    scan = record.view.media_type.startswith("image/")  # every page of an image (a multi-page TIFF) is OCR
    pages = reading.item_pages(item_id)
    if pages:
        content.kind = "pages"
        for label, text in pages:
            number = int(PAGE_LABEL.fullmatch(label).group(1))  # type: ignore[union-attr]
            content.pages.append({"number": number, "text": text, "ocr": scan or number in ocr_pages})
        return content
    kind = "ocr" if "ocr" in kinds else "text" if "text" in kinds else None
    if kind is not None:
        text = reading.item_text(item_id, kind, MAX_TEXT + 1) or ""
        content.kind, content.ocr = "text", kind == "ocr"
        cut = len(text) > MAX_TEXT  # a number the cut goes through shows none of its digits (the rest is beyond)
        content.text, content.cut = (personal.hide_cut_numbers(text, 0, MAX_TEXT) if cut else text).replace("\f", "\n\n"), cut
    return content


def _sheets(table: dict[str, Any]) -> list[dict[str, Any]]:
    sheets = []
    for index, sheet in enumerate(table.get("sheets") or [], start=1):
        rows = sheet.get("rows") or []
        shown = rows[:MAX_ROWS]
        width = min(MAX_COLUMNS, max((len(r) for r in shown), default=0))
        # the columns run as the sheet's own script reads: A on the left for Chinese, even on a Uyghur page
        written = script_of(" ".join(_cell(row, i) for row in shown[:50] for i in range(width)))
        sheets.append({
            "name": sheet.get("name") or f"{index}",
            "columns": [column_letter(i) for i in range(width)],
            "rows": [(number, [_cell(row, i) for i in range(width)]) for number, row in enumerate(shown, start=1)],
            "total": len(rows),
            "cut": len(rows) > MAX_ROWS or any(len(r) > MAX_COLUMNS for r in shown),
            "direction": "rtl" if written == "Arab" else "ltr",
        })
    return sheets


def _cell(row: list[Any], index: int) -> str:
    value = row[index] if index < len(row) else None
    return "" if value is None else str(value)


def metadata_rows(metadata: dict[str, Any], prefix: str = "") -> list[tuple[str, str]]:
    """Metadata as (key, value) rows, nested groups as ``group.key`` (EXIF: ``image.Model``), long values cut."""
    rows: list[tuple[str, str]] = []
    for key, value in metadata.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            rows += metadata_rows(value, name + ".")
        elif value not in (None, "", [], {}):
            text = "; ".join(map(_plain, value)) if isinstance(value, list) else _plain(value)
            rows.append((name, text if len(text) <= 300 else personal.hide_cut_numbers(text, 0, 300) + "…"))
    return rows


def _plain(value: Any) -> str:
    """A value as a reader reads it: {'name': 'x', 'rows': 7} -> 'name: x, rows: 7'."""
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_plain(v)}" for k, v in value.items())
    return str(value)
