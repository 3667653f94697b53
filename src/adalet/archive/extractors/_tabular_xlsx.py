"""The XLSX pre-scan that vouches for a workbook before calamine reads it, and XLSX properties.

calamine builds each sheet as a dense grid and aborts the process when that grid does not fit in
memory. `_scan_xlsx` reads the cell references (``r`` attributes after ``sheetData``) of every
member to find how far each grid reaches and where its error values are; it returns None, which
sends the file to openpyxl, when a grid has more than MAX_GRID_CELLS cells or some cell cannot be
placed for certain. `_xlsx_properties` and `_workbook_properties` give the document properties
(author, dates, title...) as openpyxl reads them.
"""

from __future__ import annotations

import posixpath
import re
import types
import zipfile
from typing import Any

from adalet.archive.environment import raise_if_environmental
from adalet.archive.extractors._common import iso
from adalet.archive.extractors._tabular_calamine import _Plan
from adalet.archive.extractors._tabular_cells import MAX_GRID_CELLS, _small_part
from adalet.cellrefs import column_index

# Fast path: every cell tag is `<c r="A1"...` and the worksheet holds no other r attribute.
_OUTSIDE_ZZ9999 = re.compile(rb'<c r=(?!"[A-Z]{1,2}\d{1,4}")')
_CELL_COLUMN = re.compile(rb'<c r="([A-Z]{1,3})\d{1,9}"')
_CELL_ROW = re.compile(rb'<c r="[A-Z]{1,3}(\d{1,9})"')
_C_TAG = re.compile(rb"<c[\s/>]")
_PREFIXED = re.compile(rb":(?:c|row)[\s/>]")
_SPACED_R = re.compile(rb"r\s+=")
# General path: any namespace prefix and attribute order; rows then need an r too.
_PREFIX = rb"<(?:[A-Za-z_][\w.-]*:)?"
_ANY_TAG = re.compile(_PREFIX + rb"(?:row|c)[\s/>]")
_ROW_R = re.compile(_PREFIX + rb'row\s[^>]*?(?<=\s)r="(\d{1,9})"')
_CELL_R = re.compile(_PREFIX + rb'c\s[^>]*?(?<=\s)r="([A-Z]{1,3})(\d{1,9})"')
_ANY_R = re.compile(rb"\sr\s*=")  # every r attribute, whatever the tag (a '>' in a value hides nothing)
# Error values, which calamine reads as empty cells.
_ERROR_TAG = re.compile(_PREFIX + rb'c\s[^>]*\st="e"')
_ERROR_CELL = re.compile(
    _PREFIX + rb'c\s([^>]*\st="e"[^>]*)>\s*(?:' + _PREFIX + rb"f\b[^>]*/>|" + _PREFIX + rb"f\b[^>]*>[^<]*</(?:[\w.-]+:)?f>)?\s*"
    + _PREFIX + rb"v>([^<]*)</(?:[\w.-]+:)?v>"
)
_R_ATTR = re.compile(rb'(?:^|\s)r="([A-Z]{1,3})(\d{1,9})"')
CHUNK = 1 << 20


def _scan_xlsx(zf: zipfile.ZipFile) -> _Plan | None:
    """How far each worksheet part's cells reach and where its error values are; None when
    calamine should not read the file (a grid too large, or cells this scan cannot locate).

    Every member is looked at (calamine follows the workbook's relationships, which may name any
    member); only what follows a ``sheetData`` tag can become a cell.
    """
    by_part: dict[str, dict[int, dict[int, str]]] = {}
    for info in zf.infolist():
        if info.is_dir():
            continue
        with zf.open(info) as stream:
            scanned = _scan_sheet_part(stream)
        if scanned is None:
            return None
        cells, errors = scanned
        if cells > MAX_GRID_CELLS:
            return None
        if errors:
            by_part[info.filename] = errors
    by_name: dict[str, dict[int, dict[int, str]]] = {}
    if by_part:
        parts = _xlsx_sheet_parts(zf)
        placed = 0
        for name, part in parts.items():
            if part in by_part:
                by_name[name] = by_part[part]
                placed += 1
        if placed != len(by_part):
            return None  # error values in a part we cannot tie to a sheet: openpyxl places them
    return _Plan(by_name=by_name)


def _scan_sheet_part(stream: Any) -> tuple[int, dict[int, dict[int, str]]] | None:
    """(cells in the grid from A1 to the last cell, error values by row and column), or None
    when some cell's position cannot be read here. Everything from the first sheetData tag on
    is read (calamine stops at its end tag, but a comment can hold a fake one)."""
    last_row = last_col = -1
    errors: dict[int, dict[int, str]] = {}
    seen = False
    tail = b""
    while True:
        chunk = stream.read(CHUNK)
        buffer = tail + chunk
        if not seen:
            at = _sheet_data_tag(buffer)
            if at < 0:
                if not chunk:
                    break
                tail = buffer[-64:]  # the tag may straddle two reads
                continue
            seen = True
            buffer = buffer[at:]
        if chunk:
            cut = buffer.rfind(b"row>") + 4  # whole rows (or at least whole tags); the rest waits
            if cut < 4:
                cut = buffer.rfind(b">") + 1
            part, tail = buffer[:cut], buffer[cut:]
            if len(tail) > CHUNK:
                return None  # a megabyte without a '>': not a worksheet we can vouch for
        else:
            part, tail = buffer, b""
        if part:
            bounds = _cell_bounds(part)
            if bounds is None:
                return None
            last_row, last_col = max(last_row, bounds[0]), max(last_col, bounds[1])
            if b't="e"' in part and not _error_cells(part, errors):
                return None
        if not chunk:
            break
    return (last_row + 1) * (last_col + 1), errors


def _sheet_data_tag(buffer: bytes) -> int:
    """Where the first sheetData (or x:sheetData) tag starts, or -1."""
    at = buffer.find(b"sheetData")
    while at >= 0:
        if buffer[at - 1 : at] in (b"<", b":"):
            return max(0, buffer.rfind(b"<", 0, at))
        at = buffer.find(b"sheetData", at + 9)
    return -1


def _cell_bounds(part: bytes) -> tuple[int, int] | None:
    """The last row and column (0-based) of the cells in this piece of a worksheet, or None."""
    if not _PREFIXED.search(part):
        starts = part.count(b"<c r=")
        if (
            len(_C_TAG.findall(part)) == starts
            and part.count(b" r=") == starts + part.count(b"<row r=")
            and b"\tr=" not in part
            and b"\nr=" not in part
            and b"\rr=" not in part
            and not _SPACED_R.search(part)
        ):  # every cell tag starts with its r, and no tag has a second one
            if not _OUTSIDE_ZZ9999.search(part):
                return 9998, 701  # within A1:ZZ9999, under 7.1 million cells: no need to find the last one
            columns = _CELL_COLUMN.findall(part)
            if len(columns) == starts:
                return _last(_CELL_ROW.findall(part), columns)
    rows = _ROW_R.findall(part)
    cells = _CELL_R.findall(part)
    located = len(rows) + len(cells)
    if len(_ANY_TAG.findall(part)) != located or len(_ANY_R.findall(part)) != located:
        return None  # cells or rows without an r attribute (calamine counts them itself), or two r's
    return _last(rows + [r for _, r in cells], [c for c, _ in cells])


def _last(rows: list[bytes], columns: list[bytes]) -> tuple[int, int]:
    last_row = max(map(int, rows)) - 1 if rows else -1
    return last_row, max(map(column_index, set(columns))) if columns else -1


def _error_cells(part: bytes, errors: dict[int, dict[int, str]]) -> bool:
    """Collect the error values (t="e") of this piece of sheetData; False if one is not understood."""
    found = _ERROR_CELL.findall(part)
    if len(found) != len(_ERROR_TAG.findall(part)):
        return False
    for attrs, value in found:
        where = _R_ATTR.search(attrs)
        if where is None:
            return False
        errors.setdefault(int(where.group(2)) - 1, {})[column_index(where.group(1))] = value.decode("utf-8", "replace")
    return True


def _xlsx_sheet_parts(zf: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> the member holding it, from xl/workbook.xml and its relationships."""
    import xml.etree.ElementTree as ET

    try:
        workbook = ET.fromstring(_small_part(zf, "xl/workbook.xml"))
        rels = ET.fromstring(_small_part(zf, "xl/_rels/workbook.xml.rels"))
    except Exception as exc:  # noqa: BLE001
        raise_if_environmental(exc)
        return {}
    targets = {}
    for rel in rels.iter():
        if rel.tag.rsplit("}", 1)[-1] == "Relationship" and rel.get("Id") and rel.get("Target"):
            target = rel.get("Target", "")
            path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join("xl", target))
            targets[rel.get("Id")] = path
    parts = {}
    for element in workbook.iter():
        if element.tag.rsplit("}", 1)[-1] == "sheet":
            rid = next((v for k, v in element.attrib.items() if k.endswith("}id")), None)
            if rid in targets and element.get("name") is not None:
                parts[element.get("name", "")] = targets[rid]
    return parts


def _xlsx_properties(zf: zipfile.ZipFile) -> dict[str, Any]:
    """Document properties as openpyxl reads them (docProps/core.xml)."""
    if "docProps/core.xml" not in zf.namelist():
        return {}
    try:
        from openpyxl.packaging.core import DocumentProperties
        from openpyxl.xml.functions import fromstring

        # types-openpyxl asks of from_tree's node what any Serialisable subclass may need (a chart's find()): an
        # Element is what openpyxl itself passes here.
        properties = DocumentProperties.from_tree(fromstring(_small_part(zf, "docProps/core.xml")))  # type: ignore[arg-type]
    except Exception as exc:  # noqa: BLE001 - unreadable properties do not stop the cells
        raise_if_environmental(exc)
        return {}

    return _workbook_properties(types.SimpleNamespace(properties=properties))


def _workbook_properties(workbook: Any) -> dict[str, Any]:
    found: dict[str, Any] = {}
    props = getattr(workbook, "properties", None)
    if props is None:
        return found
    for key, attr in (
        ("author", "creator"),
        ("created", "created"),
        ("modified", "modified"),
        ("last_modified_by", "lastModifiedBy"),
        ("title", "title"),
        ("subject", "subject"),
        ("company", "company"),
    ):
        value = getattr(props, attr, None)
        value = iso(value) or value
        if value not in (None, ""):
            found[key] = str(value)
    return found
