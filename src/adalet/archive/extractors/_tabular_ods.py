"""ODS: a streaming reader of content.xml, and the document properties in meta.xml.

`read_ods` feeds content.xml to expat a megabyte at a time and `_OdsReader` turns each table into
`_Sheet` rows as they stream past. Numbers keep the digits written in the XML; repeated rows and
cells are expanded only as far as the row budget, MAX_GRID_CELLS and MAX_COLUMNS allow.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from typing import Any

from adalet.archive.environment import raise_if_environmental
from adalet.archive.extractors._common import check_package
from adalet.archive.extractors._tabular_cells import MAX_GRID_CELLS, _Budget, _first_line, _result, _Sheet, _small_part
from adalet.archive.extractors.base import Context, Extraction, ExtractionError, Source

MAX_COLUMNS = 16_384  # XLSX's (and LibreOffice's) limit; an ODS row is cut there

_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0 "
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0 "
_TEXTNS = "urn:oasis:names:tc:opendocument:xmlns:text:1.0 "
_CELL_TAGS = (_TABLE + "table-cell", _TABLE + "covered-table-cell")
_DURATION = re.compile(r"^(-)?P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$")


def read_ods(source: Source, context: Context) -> Extraction:
    import xml.parsers.expat

    check_package(source.path, context.limits, "ODS")
    warnings: list[str] = []
    budget = _Budget(context.limits.max_table_rows)
    reader = _OdsReader(budget, warnings)
    metadata: dict[str, Any] = {}
    try:
        with zipfile.ZipFile(source.path) as zf:
            names = set(zf.namelist())
            if "META-INF/manifest.xml" in names and b"encryption-data" in _small_part(zf, "META-INF/manifest.xml"):
                raise ExtractionError("ODS is encrypted (password-protected)", code="encrypted")
            if "content.xml" not in names:
                raise ExtractionError("ODS is damaged: it has no content.xml")
            metadata = _ods_properties(zf)
            parser = xml.parsers.expat.ParserCreate(namespace_separator=" ")
            parser.buffer_text = True
            parser.StartElementHandler = reader.start
            parser.EndElementHandler = reader.end
            parser.CharacterDataHandler = reader.chars
            parser.StartDoctypeDeclHandler = _refuse_doctype
            try:
                with zf.open("content.xml") as stream:
                    while chunk := stream.read(1 << 20):
                        parser.Parse(chunk, False)
                    parser.Parse(b"", True)
            except (_Stop, ExtractionError):
                raise
            except Exception as exc:  # noqa: BLE001 - ExpatError, BadZipFile (CRC), zlib.error...
                raise ExtractionError(f"ODS is damaged: content.xml: {_first_line(exc)}") from exc
    except _Stop:
        pass  # a limit was reached: the rows read so far stand, with the failure
    except ExtractionError:
        raise
    except Exception as exc:  # noqa: BLE001 - a damaged package (bad local headers...)
        raise ExtractionError(f"ODS is damaged: {_first_line(exc)}") from exc
    sheets = reader.finish()
    return _result(sheets, metadata, warnings, budget.failure or reader.failure, context)


class _Stop(Exception):
    """Enough rows: stop parsing."""


def _refuse_doctype(*_: Any) -> None:
    raise ExtractionError("ODS is damaged: content.xml declares a DTD")


def _repeat(value: str | None, cap: int) -> int:
    try:
        return min(max(int(value or 1), 1), cap)
    except ValueError:
        return 1


class _OdsReader:
    """Expat handlers that turn content.xml's tables into _Sheet rows as they stream past.

    Empty rows and cells are only counted until something follows them (LibreOffice ends every
    sheet with a million repeated empty rows); repeated non-empty ones count against the limits.
    """

    def __init__(self, budget: _Budget, warnings: list[str]) -> None:
        self.budget = budget
        self.warnings = warnings
        self.failure: ExtractionError | None = None
        self.sheets: list[dict[str, Any]] = []
        self.sheet: _Sheet | None = None
        self.depth = 0  # table:table nesting; only the outermost table's rows are read
        self.index = 0  # the sheet's next row number (0-based)
        self.width = 0
        self.blank_rows = 0
        self.row: list[str | None] | None = None
        self.row_repeat = 1
        self.blank_cells = 0
        self.cell: dict[str, str] | None = None
        self.text: list[str] = []
        self.paragraphs = 0
        self.in_paragraph = 0
        self.skip = 0  # depth inside an annotation (a comment, not the cell's value)
        self.cut = False

    def start(self, name: str, attrs: dict[str, str]) -> None:
        if name == _TABLE + "table":
            self.depth += 1
            if self.depth == 1:
                self.sheet = _Sheet(attrs.get(_TABLE + "name") or f"Sheet{len(self.sheets) + 1}")
                self.index = self.width = self.blank_rows = 0
            return
        if self.depth != 1:
            return
        if self.cell is not None:
            if self.skip or name == _OFFICE + "annotation":
                self.skip += 1
            elif name in (_TEXTNS + "p", _TEXTNS + "h"):
                if self.paragraphs:
                    self.text.append("\n")
                self.paragraphs += 1
                self.in_paragraph += 1
            elif name == _TEXTNS + "s":
                self.text.append(" " * _repeat(attrs.get(_TEXTNS + "c"), 1024))
            elif name == _TEXTNS + "tab":
                self.text.append("\t")
            elif name == _TEXTNS + "line-break":
                self.text.append("\n")
            return
        if name == _TABLE + "table-row":
            self.row = []
            self.blank_cells = 0
            self.row_repeat = _repeat(attrs.get(_TABLE + "number-rows-repeated"), 2**31)
        elif name in _CELL_TAGS and self.row is not None:
            self.cell = attrs
            self.text = []
            self.paragraphs = self.in_paragraph = 0

    def end(self, name: str) -> None:
        if name == _TABLE + "table":
            if self.depth == 1 and self.sheet is not None:
                self.sheets.append(self.sheet.finish(self.warnings))
                self.sheet = None
            self.depth -= 1
            return
        if self.depth != 1:
            return
        if self.cell is not None:
            if self.skip:
                self.skip -= 1
            elif name in _CELL_TAGS:
                self._cell_done()
            elif name in (_TEXTNS + "p", _TEXTNS + "h"):
                self.in_paragraph -= 1
            return
        if name == _TABLE + "table-row" and self.row is not None:
            self._row_done()

    def chars(self, data: str) -> None:
        if self.cell is not None and self.in_paragraph and not self.skip:
            self.text.append(data)

    def _cell_done(self) -> None:
        attrs, self.cell = self.cell or {}, None
        row = self.row if self.row is not None else []
        repeat = _repeat(attrs.get(_TABLE + "number-columns-repeated"), 2**31)
        col = len(row) + self.blank_cells
        where = self.index + self.blank_rows  # the row this one will be, if it holds a value
        value = _ods_value(attrs, "".join(self.text), self.sheet, where, col) if self.sheet else None
        if value is None:
            self.blank_cells = min(self.blank_cells + repeat, MAX_COLUMNS)
            return
        if col >= MAX_COLUMNS:
            self.cut = True
            return
        row.extend([None] * self.blank_cells)
        self.blank_cells = 0
        if len(row) + repeat > MAX_COLUMNS:
            repeat = MAX_COLUMNS - len(row)
            self.cut = True
        row.extend([value] * repeat)

    def _row_done(self) -> None:
        row, self.row = self.row or [], None
        if not row:
            self.blank_rows += self.row_repeat  # kept only if a row with values follows
            return
        sheet = self.sheet
        assert sheet is not None
        self.width = max(self.width, len(row))
        for copies, cells in ((self.blank_rows, []), (self.row_repeat, row)):
            for _ in range(copies):
                if not self.budget.take(sheet, self.index):
                    self._stop()
                if (len(sheet.rows) + 1) * self.width > MAX_GRID_CELLS:
                    self.failure = ExtractionError(
                        f"spreadsheet has more than {MAX_GRID_CELLS:,} cells in sheet {sheet.name!r}; reading stopped at row {self.index + 1}",
                        code="too_large",
                    )
                    self._stop()
                sheet.rows.append(list(cells))
                self.index += 1
        self.blank_rows = 0

    def _stop(self) -> None:
        if self.sheet is not None:
            self.sheets.append(self.sheet.finish(self.warnings))
            self.sheet = None
        raise _Stop

    def finish(self) -> list[dict[str, Any]]:
        if self.cut:
            self.warnings.append(f"cells beyond column {MAX_COLUMNS:,} were left out")
        return self.sheets


def _ods_value(attrs: dict[str, str], text: str, sheet: _Sheet, row: int, col: int) -> str | None:
    kind = attrs.get(_OFFICE + "value-type")
    if kind in ("float", "percentage", "currency"):
        literal = attrs.get(_OFFICE + "value")
        return sheet.exact_number(literal, row, col) if literal is not None else (text or None)
    if kind == "date":
        literal = attrs.get(_OFFICE + "date-value", "")
        try:
            value: Any = dt.datetime.fromisoformat(literal) if "T" in literal else dt.date.fromisoformat(literal)
        except ValueError:
            return literal or text or None
        return sheet.cell(value, row, col)
    if kind == "time":
        literal = attrs.get(_OFFICE + "time-value", "")
        match = _DURATION.match(literal.strip())
        if not match:
            return literal or text or None
        sign, days, hours, minutes, seconds = match.groups()
        span = dt.timedelta(days=int(days or 0), hours=int(hours or 0), minutes=int(minutes or 0), seconds=float(seconds or 0))
        span = -span if sign else span
        if dt.timedelta(0) <= span < dt.timedelta(days=1):
            return sheet.cell((dt.datetime.min + span).time(), row, col)
        return str(span)
    if kind == "boolean":
        return "TRUE" if attrs.get(_OFFICE + "boolean-value", "").strip().lower() in ("true", "1") else "FALSE"
    if kind == "string":
        return attrs.get(_OFFICE + "string-value") or text or None
    return text or attrs.get(_OFFICE + "value") or None


def _ods_properties(zf: zipfile.ZipFile) -> dict[str, Any]:
    import xml.etree.ElementTree as ET

    if "meta.xml" not in zf.namelist():
        return {}
    try:
        root = ET.fromstring(_small_part(zf, "meta.xml", 1024 * 1024))
    except Exception as exc:  # noqa: BLE001 - unreadable properties do not stop the cells
        raise_if_environmental(exc)
        return {}
    meta = "{urn:oasis:names:tc:opendocument:xmlns:meta:1.0}"
    dc = "{http://purl.org/dc/elements/1.1/}"
    keys = (
        ("author", meta + "initial-creator"),
        ("created", meta + "creation-date"),
        ("modified", dc + "date"),
        ("last_modified_by", dc + "creator"),
        ("title", dc + "title"),
        ("subject", dc + "subject"),
    )
    found: dict[str, Any] = {}
    for key, tag in keys:
        element = root.find(f".//{tag}")
        value = (element.text or "").strip() if element is not None else ""
        if key in ("created", "modified") and value:
            try:
                value = dt.datetime.fromisoformat(value.rstrip("Z")).isoformat()
            except ValueError:
                pass
        if value:
            found[key] = value
    return found
