"""Spreadsheets: XLSX through openpyxl (read-only, cached values) and CSV/TSV through `csv`.

Every sheet is kept as a table, ``{"sheets": [{"name", "rows": [[str | None, ...]]}]}``, with
all cells as strings so nothing is lost in JSON:

* integers keep every digit (an 18-digit ID number stays ``"650102199001011234"``);
* integral floats become integer strings; those of 16+ digits are written from the float's
  shortest decimal form (``6.50102199001011e+17`` -> ``"650102199001011000"``, never the
  binary noise ``...010944``) and noted in warnings: Excel keeps only 15 significant digits,
  so such ID numbers had already lost digits before the file reached us;
* other floats use at most 15 significant digits (what Excel shows);
* dates and times are ISO strings (a date at midnight is just ``YYYY-MM-DD``); booleans are
  ``TRUE``/``FALSE``; empty cells are None. Rows are padded to the sheet's width and trailing
  empty rows dropped.

More than Limits.max_table_rows rows in total stops reading: the rows read so far are
returned with ``failure = ExtractionError(code="too_large")``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
from decimal import Decimal
from typing import Any, ClassVar

from adalet.archive.extractors._common import check_package, clip_text, extension, iso
from adalet.archive.extractors.base import Context, Extraction, ExtractionError, Extractor, Source
from adalet.archive.textcodec import decode_text_ex

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPES = ("text/csv", "text/tab-separated-values")
EXACT_DIGITS = 15  # Excel stores numbers as doubles shown with 15 significant digits


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


class _Sheet:
    """Collects one sheet's rows, converting cells and noting lossy numbers."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.rows: list[list[str | None]] = []
        self.lossy: list[str] = []

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
                self.lossy.append(f"{column_letter(col)}{row + 1} = {text}")
                return text
            return format(value, f".{EXACT_DIGITS}g")
        if isinstance(value, dt.datetime) and value.time() == dt.time(0) and value.tzinfo is None:
            return value.date().isoformat()
        if isinstance(value, (dt.datetime, dt.date, dt.time)):
            return iso(value)
        return str(value)

    def add(self, values: Any, row: int) -> None:
        cells = [self.cell(v, row, c) for c, v in enumerate(values)]
        while cells and cells[-1] is None:
            cells.pop()
        self.rows.append(cells)

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


def _text(sheets: list[dict[str, Any]]) -> str:
    blocks = []
    for sheet in sheets:
        lines = ["\t".join(c or "" for c in row).rstrip("\t") for row in sheet["rows"]]
        blocks.append("\n".join(lines).strip("\n"))
    return "\n\n".join(b for b in blocks if b)


def _row_limit(limits_rows: int, where: str) -> ExtractionError:
    return ExtractionError(
        f"spreadsheet has more than {limits_rows:,} rows (the limit); reading stopped at {where}",
        code="too_large",
    )


class TabularExtractor(Extractor):
    name: ClassVar[str] = "tabular"
    media_types: ClassVar[tuple[str, ...]] = (XLSX, *CSV_TYPES)
    extensions: ClassVar[tuple[str, ...]] = (".xlsx", ".xlsm", ".csv", ".tsv")
    score: ClassVar[int] = 10

    def extract(self, source: Source, context: Context) -> Extraction:
        ext = extension(source.name)
        if source.media_type in CSV_TYPES or (source.media_type != XLSX and ext in (".csv", ".tsv")):
            return self._csv(source, context, ext)
        return self._xlsx(source, context)

    # -- XLSX -------------------------------------------------------------------------------
    def _xlsx(self, source: Source, context: Context) -> Extraction:
        import openpyxl

        check_package(source.path, context.limits, "XLSX")
        warnings: list[str] = []
        sheets: list[dict[str, Any]] = []
        failure = None
        budget = context.limits.max_table_rows
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
                        if budget <= 0:
                            failure = _row_limit(context.limits.max_table_rows, f"sheet {sheet.name!r} row {index + 1}")
                            break
                        sheet.add(values, index)
                        budget -= 1
                    sheets.append(sheet.finish(warnings))
                    if failure:
                        break
            except Exception as exc:  # noqa: BLE001
                raise ExtractionError(f"XLSX is damaged: {_first_line(exc)}") from exc
            finally:
                workbook.close()
        metadata["sheets"] = [{"name": s["name"], "rows": len(s["rows"])} for s in sheets]
        text = clip_text(_text(sheets), context.limits, warnings)
        return Extraction(text=text, metadata=metadata, table={"sheets": sheets}, warnings=warnings, failure=failure)

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
