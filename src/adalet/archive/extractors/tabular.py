"""Spreadsheets: XLSX, XLS and ODS workbooks, and CSV/TSV files.

Readers:

* XLSX and XLS through python-calamine (Rust; several times faster than openpyxl).
  calamine hands every number over as a double, which holds every integer only below 2**53
  (an 18-digit ID written as a number comes back with other last digits) and cannot tell an
  integer written as such from one written in floating-point form, which the warnings below tell
  apart. So an XLSX holding a whole number of 16+ digits is read again with openpyxl (read-only,
  cached values), which keeps what the XML holds. openpyxl also reads any XLSX that calamine
  refuses or that the pre-scan below cannot vouch for. calamine drops error values (``#N/A``...):
  the pre-scans find them so they come through as text, as openpyxl gives them.
* ODS through a streaming reader of ``content.xml`` (numbers keep the digits written in the XML;
  repeated rows and cells are expanded only as far as the limits allow).
* CSV/TSV through `csv`.

calamine builds each sheet as a dense grid from its first to its last cell and aborts the whole
process (no exception to catch) when that grid does not fit in memory: a 10 KB XLSX with cells in
A1 and XFD1048576 would take down the worker. So before calamine sees a file, a light pre-scan
finds how far its cells reach (the ``r`` attributes of an XLSX's worksheet parts; the cell records
of an XLS, and the grid its Dimensions records make calamine reserve). A grid of more than
MAX_GRID_CELLS cells sends an XLSX to openpyxl (which streams rows) and refuses an XLS with
``too_large``. An XLSX whose cells the scan cannot place for certain (no ``r`` attribute, two of
them...) goes to openpyxl as well.

Every sheet is kept as a table, ``{"sheets": [{"name", "rows": [[str | None, ...]]}]}``, with
all cells as strings so nothing is lost in JSON:

* integers keep every digit (an 18-digit ID number stays ``"650102199001011234"``);
* integral floats become integer strings; those of 16+ digits are written from the float's
  shortest decimal form (``6.50102199001011e+17`` -> ``"650102199001011000"``, never the
  binary noise ``...010944``) and noted in warnings: Excel keeps only 15 significant digits,
  so such ID numbers had already lost digits before the file reached us (an XLS stores numbers
  as doubles: its numbers of 16+ digits are always noted);
* other floats use at most 15 significant digits (what Excel shows);
* dates and times are ISO strings (a date at midnight is just ``YYYY-MM-DD``); booleans are
  ``TRUE``/``FALSE``; error values are their text (``#DIV/0!``); empty cells are None. Rows are
  padded to the sheet's width and trailing empty rows dropped.

More than Limits.max_table_rows rows in total stops reading: the rows read so far are
returned with ``failure = ExtractionError(code="too_large")``. Damaged files raise
ExtractionError(code="malformed"), password-protected ones code "encrypted".
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import posixpath
import re
import struct
import types
import zipfile
from decimal import Decimal, InvalidOperation
from typing import Any, ClassVar

from adalet.archive.extractors._common import check_package, clip_text, extension, iso
from adalet.archive.extractors.base import Context, Extraction, ExtractionError, Extractor, Source
from adalet.archive.textcodec import decode_text_ex

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
XLS = "application/vnd.ms-excel"
ODS = "application/vnd.oasis.opendocument.spreadsheet"
CSV_TYPES = ("text/csv", "text/tab-separated-values")
EXACT_DIGITS = 15  # Excel stores numbers as doubles shown with 15 significant digits
MAX_GRID_CELLS = 20_000_000  # calamine's dense grid takes ~32 bytes a cell
MAX_COLUMNS = 16_384  # XLSX's (and LibreOffice's) limit; an ODS row is cut there
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def column_index(letters: bytes) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + letter - 64
    return index - 1


class _NeedsExactReader(Exception):
    """calamine gave a number it may not hold exactly: read the workbook with openpyxl."""


class _Sheet:
    """Collects one sheet's rows, converting cells and noting lossy numbers."""

    def __init__(self, name: str, exact_limit: float | None = None) -> None:
        self.name = name
        self.rows: list[list[str | None]] = []
        self.lossy: list[str] = []
        self.exact_limit = exact_limit  # calamine rows: numbers this large need the exact reader

    def cell(self, value: Any, row: int, col: int) -> str | None:
        if value is None:
            return None
        if isinstance(value, bool):
            return "TRUE" if value else "FALSE"
        if isinstance(value, int):
            return str(value)
        if isinstance(value, float):
            if not math.isfinite(value):
                return str(value)
            if value.is_integer():
                if abs(value) < 10**EXACT_DIGITS:
                    return str(int(value))
                # The shortest decimal that round-trips: what the file says, no invented digits.
                text = str(int(Decimal(repr(value))))
                self.note_lossy(row, col, text)
                return text
            return format(value, f".{EXACT_DIGITS}g")
        if isinstance(value, dt.datetime) and value.time() == dt.time(0) and value.tzinfo is None:
            return value.date().isoformat()
        if isinstance(value, (dt.datetime, dt.date, dt.time)):
            return iso(value)
        return str(value)

    def note_lossy(self, row: int, col: int, text: str) -> None:
        self.lossy.append(f"{column_letter(col)}{row + 1} = {text}")

    def add(self, values: Any, row: int) -> None:
        cells = [self.cell(v, row, c) for c, v in enumerate(values)]
        while cells and cells[-1] is None:
            cells.pop()
        self.rows.append(cells)

    def add_grid_row(self, values: list[Any], row: int, first_col: int, errors: dict[int, str] | None) -> None:
        """A row of calamine values (``""`` for empty, every number a float) starting at first_col."""
        cells: list[str | None] = [None] * first_col
        append = cells.append
        limit = self.exact_limit
        for offset, value in enumerate(values):
            kind = type(value)
            if kind is str:
                append(value or None)
            elif kind is float and -1e15 < value < 1e15 and value.is_integer():
                append(str(int(value)))
            elif kind is dt.date:
                append(value.isoformat())
            else:
                if kind is float and limit is not None and not -limit < value < limit and value.is_integer():
                    raise _NeedsExactReader(f"{column_letter(first_col + offset)}{row + 1}")
                append(self.cell(value, row, first_col + offset))
        for col, text in (errors or {}).items():
            if col >= len(cells):
                cells.extend([None] * (col + 1 - len(cells)))
            cells[col] = text
        while cells and cells[-1] is None:
            cells.pop()
        self.rows.append(cells)

    def exact_number(self, literal: str, row: int, col: int) -> str | None:
        """A number as written in the XML: integers keep every digit, others at most 15."""
        try:
            number = Decimal(literal.strip())
        except (InvalidOperation, ValueError):
            return literal.strip() or None
        if number.is_finite() and abs(number.adjusted()) <= 40 and number == number.to_integral_value():
            text = str(int(number))
            if any(c in literal for c in ".eE") and len(text.lstrip("-")) > EXACT_DIGITS:
                self.note_lossy(row, col, text)  # written in floating-point form, like Excel's doubles
            return text
        return self.cell(float(number), row, col)

    def finish(self, warnings: list[str]) -> dict[str, Any]:
        while self.rows and not self.rows[-1]:
            self.rows.pop()
        width = max((len(r) for r in self.rows), default=0)
        for r in self.rows:
            r.extend([None] * (width - len(r)))
        if self.lossy:
            examples = ", ".join(self.lossy[:3])
            warnings.append(
                f"sheet {self.name!r}: {len(self.lossy)} number(s) of 16+ digits stored as floating point "
                f"(e.g. {examples}); digits beyond the 15th may have been lost before this file reached us"
            )
        return {"name": self.name, "rows": self.rows}


class _Budget:
    """Limits.max_table_rows over the whole workbook."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.left = limit
        self.failure: ExtractionError | None = None

    def take(self, sheet: _Sheet, index: int) -> bool:
        if self.left <= 0:
            self.failure = _row_limit(self.limit, f"sheet {sheet.name!r} row {index + 1}")
            return False
        self.left -= 1
        return True


def _text(sheets: list[dict[str, Any]]) -> str:
    blocks = []
    for sheet in sheets:
        lines = ["\t".join([c or "" for c in row]).rstrip("\t") for row in sheet["rows"]]
        blocks.append("\n".join(lines).strip("\n"))
    return "\n\n".join(b for b in blocks if b)


def _row_limit(limits_rows: int, where: str) -> ExtractionError:
    return ExtractionError(
        f"spreadsheet has more than {limits_rows:,} rows (the limit); reading stopped at {where}",
        code="too_large",
    )


def _result(sheets: list[dict[str, Any]], metadata: dict[str, Any], warnings: list[str], failure: ExtractionError | None, context: Context) -> Extraction:
    metadata["sheets"] = [{"name": s["name"], "rows": len(s["rows"])} for s in sheets]
    text = clip_text(_text(sheets), context.limits, warnings)
    return Extraction(text=text, metadata=metadata, table={"sheets": sheets}, warnings=warnings, failure=failure)


class TabularExtractor(Extractor):
    name: ClassVar[str] = "tabular"
    media_types: ClassVar[tuple[str, ...]] = (XLSX, XLS, ODS, *CSV_TYPES)
    extensions: ClassVar[tuple[str, ...]] = (".xlsx", ".xlsm", ".xls", ".ods", ".csv", ".tsv")
    score: ClassVar[int] = 10

    def extract(self, source: Source, context: Context) -> Extraction:
        ext = extension(source.name)
        if source.media_type in CSV_TYPES or (source.media_type not in (XLSX, XLS, ODS) and ext in (".csv", ".tsv")):
            return self._csv(source, context, ext)
        kind = _workbook_kind(source, ext)
        if kind == "XLS":
            return self._xls(source, context)
        if kind == "ODS":
            return self._ods(source, context)
        return self._xlsx(source, context)

    # -- XLSX -------------------------------------------------------------------------------
    def _xlsx(self, source: Source, context: Context) -> Extraction:
        check_package(source.path, context.limits, "XLSX")
        data = source.path.read_bytes()
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                plan = _scan_xlsx(zf)
                metadata = _xlsx_properties(zf)
        except Exception:  # noqa: BLE001 - a part Python cannot read: leave the file to openpyxl
            plan = None
        if plan is None:
            return self._xlsx_openpyxl(source, context)
        try:
            return self._calamine(data, "XLSX", context, metadata, plan, exact_limit=10.0**EXACT_DIGITS)
        except _NeedsExactReader:
            pass  # a whole number of 16+ digits: openpyxl keeps what the XML holds
        except ExtractionError as exc:
            if exc.code != "malformed":
                raise
            return self._xlsx_openpyxl(source, context)  # calamine refused it: openpyxl may read it
        try:
            return self._xlsx_openpyxl(source, context)
        except ExtractionError as exc:
            result = self._calamine(data, "XLSX", context, metadata, plan, exact_limit=None)
            result.warnings.append(
                f"whole numbers of 16+ digits were read as floating point, so the last digits of those beyond 2**53 "
                f"may be wrong (the exact reader failed: {exc.reason})"
            )
            return result

    def _xlsx_openpyxl(self, source: Source, context: Context) -> Extraction:
        import openpyxl

        warnings: list[str] = []
        sheets: list[dict[str, Any]] = []
        budget = _Budget(context.limits.max_table_rows)
        # A file object, not the path: openpyxl refuses paths without an .xlsx extension,
        # and blobs have none.
        with open(source.path, "rb") as fh:
            try:
                workbook = openpyxl.load_workbook(fh, read_only=True, data_only=True)
            except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds on damaged input
                raise ExtractionError(f"XLSX is damaged: {_first_line(exc)}") from exc
            try:
                metadata = _workbook_properties(workbook)
                for worksheet in workbook.worksheets:
                    sheet = _Sheet(worksheet.title)
                    worksheet.reset_dimensions()  # declared dimensions are often wrong: read every row
                    for index, values in enumerate(worksheet.iter_rows(values_only=True)):
                        if not budget.take(sheet, index):
                            break
                        sheet.add(values, index)
                    sheets.append(sheet.finish(warnings))
                    if budget.failure:
                        break
            except Exception as exc:  # noqa: BLE001
                raise ExtractionError(f"XLSX is damaged: {_first_line(exc)}") from exc
            finally:
                workbook.close()
        return _result(sheets, metadata, warnings, budget.failure, context)

    # -- XLS --------------------------------------------------------------------------------
    def _xls(self, source: Source, context: Context) -> Extraction:
        data = source.path.read_bytes()
        try:
            cfb = _Cfb(data)
        except (ValueError, struct.error) as exc:
            raise ExtractionError(f"XLS is damaged: {exc}") from exc
        if cfb.find("EncryptedPackage") is not None:
            raise ExtractionError("XLSX is encrypted (password-protected)", code="encrypted")
        try:
            stream = cfb.stream("Workbook")
            if stream is None:
                stream = cfb.stream("Book")
        except (ValueError, struct.error) as exc:
            raise ExtractionError(f"XLS is damaged: {exc}") from exc
        if stream is None:
            raise ExtractionError("XLS is damaged: no Workbook stream (an OLE2 file, but not an Excel workbook)")
        plan = _scan_biff(stream)
        metadata = _ole_properties(cfb)
        return self._calamine(data, "XLS", context, metadata, plan, exact_limit=None)

    # -- calamine (XLSX, XLS) ---------------------------------------------------------------
    def _calamine(
        self, data: bytes, kind: str, context: Context, metadata: dict[str, Any], plan: _Plan, exact_limit: float | None
    ) -> Extraction:
        from python_calamine import CalamineWorkbook, PasswordError, SheetTypeEnum

        warnings: list[str] = []
        sheets: list[dict[str, Any]] = []
        budget = _Budget(context.limits.max_table_rows)
        workbook = None
        try:
            workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
            listed = workbook.sheets_metadata
            errors = plan.errors_for([m.name for m in listed])
            for meta, sheet_errors in zip(listed, errors, strict=True):
                if meta.typ != SheetTypeEnum.WorkSheet:
                    continue  # chart, macro and VBA sheets hold no cells
                sheet = _Sheet(meta.name, exact_limit)
                grid = workbook.get_sheet_by_name(meta.name)
                _read_grid(grid, sheet, budget, sheet_errors)
                sheets.append(sheet.finish(warnings))
                if budget.failure:
                    break
        except PasswordError as exc:
            raise ExtractionError(f"{kind} is encrypted (password-protected)", code="encrypted") from exc
        except (_NeedsExactReader, ExtractionError):
            raise
        except BaseException as exc:  # calamine's errors, and Rust panics (not Exceptions)
            if not isinstance(exc, Exception) and type(exc).__name__ != "PanicException":
                raise
            raise ExtractionError(f"{kind} is damaged: {_first_line(exc)}") from exc
        finally:
            if workbook is not None:
                workbook.close()
        if plan.unplaced:
            warnings.append(f"{plan.unplaced} error value(s) (#N/A, #DIV/0!...) could not be placed and are left empty")
        return _result(sheets, metadata, warnings, budget.failure, context)

    # -- ODS --------------------------------------------------------------------------------
    def _ods(self, source: Source, context: Context) -> Extraction:
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

    # -- CSV / TSV --------------------------------------------------------------------------
    def _csv(self, source: Source, context: Context, ext: str) -> Extraction:
        max_bytes = 4 * context.limits.max_text_chars
        with open(source.path, "rb") as fh:
            data = fh.read(max_bytes + 1)
        warnings: list[str] = []
        complete = len(data) <= max_bytes
        if not complete:
            data = data[:max_bytes]
            warnings.append(f"only the first {max_bytes:,} bytes were read")
        decoded = decode_text_ex(data, complete=complete)
        warnings.extend(decoded.warnings)
        delimiter = "\t" if ext == ".tsv" or source.media_type == "text/tab-separated-values" else None
        if delimiter is None:
            try:
                delimiter = csv.Sniffer().sniff(decoded.text[:65536], delimiters=",\t;|").delimiter
            except csv.Error:
                delimiter = ","
        csv.field_size_limit(max(csv.field_size_limit(), 16 * 1024 * 1024))
        sheet = _Sheet(source.name)
        failure = None
        reader = csv.reader(io.StringIO(decoded.text), delimiter=delimiter)
        try:
            for index, values in enumerate(reader):
                if index >= context.limits.max_table_rows:
                    failure = _row_limit(context.limits.max_table_rows, f"line {reader.line_num}")
                    break
                sheet.add([v if v != "" else None for v in values], index)
        except csv.Error as exc:
            raise ExtractionError(f"CSV is malformed at line {reader.line_num}: {exc}") from exc
        sheets = [sheet.finish(warnings)]
        text = clip_text(_text(sheets), context.limits, warnings)
        metadata = {
            "encoding": decoded.encoding,
            "delimiter": delimiter,
            "sheets": [{"name": sheet.name, "rows": len(sheets[0]["rows"])}],
        }
        return Extraction(text=text, metadata=metadata, table={"sheets": sheets}, warnings=warnings, failure=failure)


def _workbook_kind(source: Source, ext: str) -> str:
    """XLSX, XLS or ODS: from the file's first bytes, then (damaged files) its media type or name."""
    with open(source.path, "rb") as fh:
        head = fh.read(8)
    if head == OLE_MAGIC:
        return "XLS"  # or an encrypted XLSX, which is an OLE2 file too: _xls tells
    if head.startswith(b"PK"):
        try:
            with zipfile.ZipFile(source.path) as zf:
                names = set(zf.namelist())
            if "xl/workbook.xml" in names:
                return "XLSX"
            if "content.xml" in names:
                return "ODS"
        except Exception:  # noqa: BLE001 - damaged: the media type and name decide
            pass
    if source.media_type == XLS or (source.media_type not in (XLSX, ODS) and ext == ".xls"):
        return "XLS"
    if source.media_type == ODS or (source.media_type != XLSX and ext == ".ods"):
        return "ODS"
    return "XLSX"


def _read_grid(grid: Any, sheet: _Sheet, budget: _Budget, errors: dict[int, dict[int, str]]) -> None:
    """Rows of a calamine sheet into `sheet`, from row 1 and column A as the file counts them."""
    start = grid.start
    if start is None:
        return
    first_row, first_col = start
    for index in range(first_row):  # calamine's grid begins at the first row holding a value
        if not budget.take(sheet, index):
            return
        sheet.rows.append([])
    rows = grid.to_python(skip_empty_area=True, nrows=budget.left + 1)
    for offset, values in enumerate(rows):
        index = first_row + offset
        if not budget.take(sheet, index):
            return
        sheet.add_grid_row(values, index, first_col, errors.get(index))


class _Plan:
    """What a pre-scan found: error values to restore, by sheet, and how many it cannot place."""

    def __init__(self, by_name: dict[str, dict[int, dict[int, str]]] | None = None, by_index: list[dict[int, dict[int, str]]] | None = None) -> None:
        self.by_name = by_name or {}
        self.by_index = by_index
        self.unplaced = 0

    def errors_for(self, names: list[str]) -> list[dict[int, dict[int, str]]]:
        if self.by_index is not None:
            if len(self.by_index) == len(names):
                return self.by_index
            self.unplaced = sum(len(cols) for sheet in self.by_index for cols in sheet.values())
            return [{} for _ in names]
        return [self.by_name.get(name, {}) for name in names]


# -- XLSX pre-scan ---------------------------------------------------------------------------

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
    except Exception:  # noqa: BLE001
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


def _small_part(zf: zipfile.ZipFile, name: str, limit: int = 16 * 1024 * 1024) -> bytes:
    with zf.open(name) as stream:
        return stream.read(limit)


def _xlsx_properties(zf: zipfile.ZipFile) -> dict[str, Any]:
    """Document properties as openpyxl reads them (docProps/core.xml)."""
    if "docProps/core.xml" not in zf.namelist():
        return {}
    try:
        from openpyxl.packaging.core import DocumentProperties
        from openpyxl.xml.functions import fromstring

        properties = DocumentProperties.from_tree(fromstring(_small_part(zf, "docProps/core.xml")))
    except Exception:  # noqa: BLE001 - unreadable properties do not stop the cells
        return {}

    return _workbook_properties(types.SimpleNamespace(properties=properties))


# -- XLS: the OLE2 container and the BIFF records --------------------------------------------

_FREE, _END = 0xFFFFFFFF, 0xFFFFFFFE


class _Cfb:
    """Just enough of MS-CFB to find a stream, as calamine reads it. A chain that loops or
    leaves the file makes the workbook damaged."""

    def __init__(self, data: bytes) -> None:
        if len(data) < 512 or not data.startswith(OLE_MAGIC):
            raise ValueError("not an OLE2 compound file")
        shift, mini_shift = struct.unpack_from("<HH", data, 30)
        if shift not in (9, 12) or mini_shift != 6:
            raise ValueError(f"OLE2 header has sector shifts {shift}/{mini_shift}")
        self.data = data
        self.size = 1 << shift
        self.count = max(0, (len(data) - self.size) // self.size)
        dir_start, _, _, mini_fat_start, _, difat_next, _ = struct.unpack_from("<7I", data, 48)
        difat = list(struct.unpack_from("<109I", data, 76))
        seen: set[int] = set()
        while difat_next not in (_FREE, _END):
            if difat_next in seen or difat_next >= self.count:
                raise ValueError("OLE2 DIFAT chain is broken")
            seen.add(difat_next)
            entries = struct.unpack_from(f"<{self.size // 4}I", data, self._offset(difat_next))
            difat.extend(entries[:-1])
            difat_next = entries[-1]
        fat_bytes = b"".join(self._sector(s) for s in difat if s != _FREE)  # as calamine reads them
        self.fat = struct.unpack(f"<{len(fat_bytes) // 4}I", fat_bytes)
        directory = self._chain(dir_start, self.fat, self.size, self._sector)
        self.entries: list[tuple[str, int, int, int]] = []  # name, type, start, size
        for at in range(0, len(directory) - 127, 128):
            raw = directory[at : at + 128]
            name = raw[:64].decode("utf-16-le", "replace").split("\x00", 1)[0]
            start = struct.unpack_from("<I", raw, 116)[0]
            size = struct.unpack_from("<I" if self.size == 512 else "<Q", raw, 120)[0]
            self.entries.append((name, raw[66], start, size))
        if not self.entries:
            raise ValueError("OLE2 directory is empty")
        root_start, root_size = self.entries[0][2], self.entries[0][3]
        self.mini_stream = b""
        if root_size:
            self.mini_stream = self._chain(root_start, self.fat, self.size, self._sector)[:root_size]
        mini_fat = self._chain(mini_fat_start, self.fat, self.size, self._sector) if mini_fat_start not in (_FREE, _END) else b""
        self.mini_fat = struct.unpack(f"<{len(mini_fat) // 4}I", mini_fat[: len(mini_fat) // 4 * 4])

    def _offset(self, sector: int) -> int:
        return (sector + 1) * self.size

    def _sector(self, sector: int) -> bytes:
        if sector >= self.count:
            raise ValueError(f"OLE2 sector {sector} lies beyond the end of the file")
        return self.data[self._offset(sector) : self._offset(sector) + self.size]

    def _mini_sector(self, sector: int) -> bytes:
        if (sector + 1) * 64 > len(self.mini_stream):
            raise ValueError(f"OLE2 mini sector {sector} lies beyond the mini stream")
        return self.mini_stream[sector * 64 : (sector + 1) * 64]

    @staticmethod
    def _chain(start: int, table: tuple[int, ...], size: int, read: Any) -> bytes:
        parts = []
        seen: set[int] = set()
        sector = start
        while sector != _END:
            if sector in seen or sector >= len(table):
                raise ValueError("OLE2 sector chain is broken")
            seen.add(sector)
            parts.append(read(sector))
            sector = table[sector]
        return b"".join(parts)

    def find(self, name: str) -> tuple[str, int, int, int] | None:
        return next((entry for entry in self.entries if entry[0] == name), None)

    def stream(self, name: str) -> bytes | None:
        """The stream calamine would read under this name (the first entry so named)."""
        entry = self.find(name)
        if entry is None:
            return None
        _, _, start, size = entry
        if size == 0:
            return b""
        if size < 4096:
            data = self._chain(start, self.mini_fat, 64, self._mini_sector)
        else:
            data = self._chain(start, self.fat, self.size, self._sector)
        return data[:size]  # what calamine reads too, when the declared size is wrong


_XLS_ERRORS = {0x00: "#NULL!", 0x07: "#DIV/0!", 0x0F: "#VALUE!", 0x17: "#REF!", 0x1D: "#NAME?", 0x24: "#NUM!", 0x2A: "#N/A", 0x2B: "#GETTING_DATA"}
# Records whose first two fields are a cell's row and column (BIFF8 and older).
_XLS_CELLS = {0x0001, 0x0002, 0x0003, 0x0004, 0x0005, 0x0006, 0x0201, 0x0203, 0x0204, 0x0205, 0x0206, 0x027E, 0x00D6, 0x00FD, 0x0406}


def _records(stream: bytes, pos: int) -> Any:
    while pos + 4 <= len(stream):
        kind, size = struct.unpack_from("<HH", stream, pos)
        yield kind, stream[pos + 4 : pos + 4 + size]
        pos += 4 + size
        if kind == 0x000A:  # EOF
            return


def _scan_biff(stream: bytes) -> _Plan:
    """Refuse sheets whose grid calamine could not hold (it would abort, not raise), find the
    error values, and refuse encrypted workbooks."""
    offsets = []
    for kind, body in _records(stream, 0):
        if kind == 0x002F:  # FilePass
            raise ExtractionError("XLS is encrypted (password-protected)", code="encrypted")
        if kind == 0x0085 and len(body) >= 4:  # BoundSheet8
            offsets.append(struct.unpack_from("<I", body)[0])
    by_index = []
    for number, offset in enumerate(offsets, start=1):
        if offset >= len(stream):
            raise ExtractionError(f"XLS is damaged: sheet {number} starts beyond the workbook stream")
        max_row = max_col = -1
        errors: dict[int, dict[int, str]] = {}
        for kind, body in _records(stream, offset):
            if kind == 0x0200:  # Dimensions: calamine reserves rows x columns cells
                cells = _dimension_cells(body)
                if cells > MAX_GRID_CELLS:
                    raise ExtractionError(f"XLS refused: sheet {number} declares {cells:,} cells (more than {MAX_GRID_CELLS:,})", code="too_large")
                continue
            if len(body) < 4:
                continue
            if kind in _XLS_CELLS:
                row, col = struct.unpack_from("<HH", body)
                last = col
            elif kind in (0x00BD, 0x00BE):  # MulRk (6 bytes a cell), MulBlank (2)
                row, col = struct.unpack_from("<HH", body)
                last = col + max(0, (len(body) - 6) // (6 if kind == 0x00BD else 2) - 1)
            else:
                continue
            max_row, max_col = max(max_row, row), max(max_col, last)
            error = None
            if kind == 0x0205 and len(body) >= 8 and body[7] == 1:  # BoolErr holding an error
                error = _XLS_ERRORS.get(body[6])
            elif kind == 0x0006 and len(body) >= 14 and body[12:14] == b"\xff\xff" and body[6] == 2:  # cached error
                error = _XLS_ERRORS.get(body[8])
            if error:
                errors.setdefault(row, {})[col] = error
        cells = (max_row + 1) * (max_col + 1)
        if cells > MAX_GRID_CELLS:
            raise ExtractionError(
                f"XLS refused: sheet {number} spans {max_row + 1:,} rows x {max_col + 1:,} columns, more than {MAX_GRID_CELLS:,} cells",
                code="too_large",
            )
        by_index.append(errors)
    return _Plan(by_index=by_index)


def _dimension_cells(body: bytes) -> int:
    """How many cells calamine reserves for a Dimensions record (its arithmetic wraps at 2**32)."""
    if len(body) >= 14:
        first_row, last_row, first_col, last_col = struct.unpack_from("<IIHH", body)
    elif len(body) >= 10:
        first_row, last_row, first_col, last_col = struct.unpack_from("<HHHH", body)
    else:
        return 0
    if last_row < 1 or last_col < 1:
        return 1
    rows = (last_row - first_row) % 2**32
    cols = (last_col - first_col) % 2**32
    return rows * cols


_OLE_PROPERTIES = {
    "\x05SummaryInformation": {2: "title", 3: "subject", 4: "author", 8: "last_modified_by", 12: "created", 13: "modified"},
    "\x05DocumentSummaryInformation": {15: "company"},
}


def _ole_properties(cfb: _Cfb) -> dict[str, Any]:
    """Author, title, dates... from the OLE2 property set streams (best effort)."""
    found: dict[str, Any] = {}
    for stream_name, wanted in _OLE_PROPERTIES.items():
        try:
            data = cfb.stream(stream_name)
            if data:
                found.update(_property_set(data, wanted))
        except (ValueError, struct.error, LookupError, OverflowError):
            continue
    order = ("author", "created", "modified", "last_modified_by", "title", "subject", "company")
    return {key: found[key] for key in order if key in found}


def _property_set(data: bytes, wanted: dict[int, str]) -> dict[str, str]:
    (section,) = struct.unpack_from("<I", data, 44)
    (count,) = struct.unpack_from("<I", data, section + 4)
    raw: dict[int, tuple[int, int]] = {}
    for i in range(min(count, 1024)):
        pid, where = struct.unpack_from("<II", data, section + 8 + 8 * i)
        at = section + where
        if at + 8 <= len(data):
            raw[pid] = (struct.unpack_from("<I", data, at)[0] & 0xFFFF, at + 4)
    codepage = 1252
    if raw.get(1, (0, 0))[0] == 2:  # VT_I2
        codepage = struct.unpack_from("<H", data, raw[1][1])[0]
    codec = {1200: "utf-16-le", 65001: "utf-8"}.get(codepage, f"cp{codepage}")
    values = {}
    for pid, key in wanted.items():
        if pid not in raw:
            continue
        vt, at = raw[pid]
        value: str | None = None
        if vt == 30:  # VT_LPSTR, in the set's code page
            (size,) = struct.unpack_from("<I", data, at)
            text = data[at + 4 : at + 4 + min(size, 65536)]
            try:
                value = text.decode(codec, "replace")
            except LookupError:
                value = text.decode("gb18030", "replace")
        elif vt == 31:  # VT_LPWSTR
            (size,) = struct.unpack_from("<I", data, at)
            value = data[at + 4 : at + 4 + 2 * min(size, 32768)].decode("utf-16-le", "replace")
        elif vt == 64:  # VT_FILETIME, 100 ns since 1601
            (ticks,) = struct.unpack_from("<Q", data, at)
            if ticks:
                value = (dt.datetime(1601, 1, 1) + dt.timedelta(microseconds=ticks // 10)).isoformat()
        if value is not None:
            value = value.split("\x00", 1)[0].strip()
            if value:
                values[key] = value
    return values


# -- ODS ---------------------------------------------------------------------------------------

_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0 "
_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0 "
_TEXTNS = "urn:oasis:names:tc:opendocument:xmlns:text:1.0 "
_CELL_TAGS = (_TABLE + "table-cell", _TABLE + "covered-table-cell")
_DURATION = re.compile(r"^(-)?P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$")


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
    except Exception:  # noqa: BLE001 - unreadable properties do not stop the cells
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


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


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
