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

Every sheet is kept as a table, ``{"sheets": [{"name", "rows": [[str | None, ...]], "lossy"?}]}`` (``lossy``: the
A1 references of cells whose 16+ digit numbers were stored in floating point, when there are any), with
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

This module picks the reader for a file and routes an XLSX between calamine and openpyxl (the
exact reader); the rest lives beside it:

* `_tabular_cells`: the per-sheet accumulator, the row budget, the Extraction built from sheets;
* `_tabular_calamine`: XLSX and XLS through calamine, following a pre-scan's plan;
* `_tabular_xlsx`: the XLSX pre-scan and document properties;
* `_tabular_xls`: the OLE2 container, the BIFF scan and the OLE property sets;
* `_tabular_ods`: the streaming ODS reader and its properties;
* `_tabular_csv`: CSV/TSV.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any, ClassVar

from adalet.archive.environment import raise_if_environmental
from adalet.archive.extractors._common import check_package, extension
from adalet.archive.extractors._tabular_calamine import read_calamine
from adalet.archive.extractors._tabular_cells import EXACT_DIGITS, _Budget, _first_line, _NeedsExactReader, _result, _Sheet
from adalet.archive.extractors._tabular_csv import read_csv
from adalet.archive.extractors._tabular_ods import read_ods
from adalet.archive.extractors._tabular_xls import OLE_MAGIC, read_xls
from adalet.archive.extractors._tabular_xlsx import _scan_xlsx, _workbook_properties, _xlsx_properties
from adalet.archive.extractors.base import Context, Extraction, ExtractionError, Extractor, Source

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
XLS = "application/vnd.ms-excel"
ODS = "application/vnd.oasis.opendocument.spreadsheet"
CSV_TYPES = ("text/csv", "text/tab-separated-values")


class TabularExtractor(Extractor):
    name: ClassVar[str] = "tabular"
    media_types: ClassVar[tuple[str, ...]] = (XLSX, XLS, ODS, *CSV_TYPES)
    extensions: ClassVar[tuple[str, ...]] = (".xlsx", ".xlsm", ".xls", ".ods", ".csv", ".tsv")
    score: ClassVar[int] = 10

    def extract(self, source: Source, context: Context) -> Extraction:
        ext = extension(source.name)
        if source.media_type in CSV_TYPES or (source.media_type not in (XLSX, XLS, ODS) and ext in (".csv", ".tsv")):
            return read_csv(source, context, ext)
        kind = _workbook_kind(source, ext)
        if kind == "XLS":
            return read_xls(source, context)
        if kind == "ODS":
            return read_ods(source, context)
        return self._xlsx(source, context)

    # -- XLSX -------------------------------------------------------------------------------
    def _xlsx(self, source: Source, context: Context) -> Extraction:
        check_package(source.path, context.limits, "XLSX")
        data = source.path.read_bytes()
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                plan = _scan_xlsx(zf)
                metadata = _xlsx_properties(zf)
        except Exception as exc:  # noqa: BLE001 - a part Python cannot read: leave the file to openpyxl
            raise_if_environmental(exc)
            plan = None
        if plan is None:
            return self._xlsx_openpyxl(source, context)
        try:
            return read_calamine(data, "XLSX", context, metadata, plan, exact_limit=10.0**EXACT_DIGITS)
        except _NeedsExactReader:
            pass  # a whole number of 16+ digits: openpyxl keeps what the XML holds
        except ExtractionError as exc:
            if exc.code != "malformed":
                raise
            return self._xlsx_openpyxl(source, context)  # calamine refused it: openpyxl may read it
        try:
            return self._xlsx_openpyxl(source, context)
        except ExtractionError as exc:
            result = read_calamine(data, "XLSX", context, metadata, plan, exact_limit=None)
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


def _workbook_kind(source: Source, ext: str) -> str:
    """XLSX, XLS or ODS: from the file's first bytes, then (damaged files) its media type or name."""
    with open(source.path, "rb") as fh:
        head = fh.read(8)
    if head == OLE_MAGIC:
        return "XLS"  # or an encrypted XLSX, which is an OLE2 file too: read_xls tells
    if head.startswith(b"PK"):
        try:
            with zipfile.ZipFile(source.path) as zf:
                names = set(zf.namelist())
            if "xl/workbook.xml" in names:
                return "XLSX"
            if "content.xml" in names:
                return "ODS"
        except Exception as exc:  # noqa: BLE001 - damaged: the media type and name decide
            raise_if_environmental(exc)
    if source.media_type == XLS or (source.media_type not in (XLSX, ODS) and ext == ".xls"):
        return "XLS"
    if source.media_type == ODS or (source.media_type != XLSX and ext == ".ods"):
        return "ODS"
    return "XLSX"
