"""Cutting an item's extracted text into passages: the units that search indexes and shows.

A passage holds at most MAX_CHARS characters (engine limits on positions stay far away, and a
snippet points to a page or a block of rows rather than a whole book). Pages stay pages; tables are
cut into blocks of rows whose labels say which sheet and rows they hold; an item's file name and
descriptive metadata (camera, author, title) form a passage of their own, so photos and empty files
are findable by name too.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from adalet.archive.extractors.base import Extraction

MAX_CHARS = 3000
METADATA_KEYS = (
    "title",
    "author",
    "subject",
    "creator",
    "producer",
    "last_modified_by",
    "camera_make",
    "camera_model",
    "camera_serial",
    "software",
    "capture_time",
)


def chunks(text: str, limit: int = MAX_CHARS) -> Iterator[str]:
    """Split at line breaks where possible, never exceeding the limit."""
    start = 0
    while start < len(text):
        end = min(start + limit, len(text))
        if end < len(text):
            cut = text.rfind("\n", start, end)
            if cut > start + limit // 2:
                end = cut + 1
        piece = text[start:end].strip()
        if piece:
            yield piece
        start = end


def metadata_passage(name: str, metadata: dict[str, Any]) -> str:
    values = [name] + [str(metadata[key]) for key in METADATA_KEYS if metadata.get(key)]
    return "\n".join(values)


def table_passages(table: dict[str, Any]) -> Iterator[tuple[str, str]]:
    for sheet_index, sheet in enumerate(table.get("sheets", []), start=1):
        name = sheet.get("name") or f"sheet {sheet_index}"
        block: list[str] = []
        first = last = 0
        size = 0
        for row_number, row in enumerate(sheet.get("rows", []), start=1):
            line = "\t".join("" if cell is None else str(cell) for cell in row).strip()
            if not line:
                continue
            if block and size + len(line) > MAX_CHARS:
                yield _rows_label(name, first, last), "\n".join(block)
                block, size = [], 0
            if not block:
                first = row_number
            block.append(line[:MAX_CHARS])
            size += len(line) + 1
            last = row_number
        if block:
            yield _rows_label(name, first, last), "\n".join(block)


def _rows_label(sheet: str, first: int, last: int) -> str:
    return f"{sheet} row {first}" if first == last else f"{sheet} rows {first}-{last}"


def passages_of(name: str, extraction: Extraction) -> list[tuple[str, str]]:
    """(label, text) pairs for everything searchable in one extraction."""
    found: list[tuple[str, str]] = [("metadata", metadata_passage(name, extraction.metadata))]
    if extraction.table:
        found += table_passages(extraction.table)
    elif extraction.pages:
        for number, page in enumerate(extraction.pages, start=1):
            found += [(f"page {number}", piece) for piece in chunks(page)]
    elif extraction.text:
        found += [("text", piece) for piece in chunks(extraction.text)]
    return found
