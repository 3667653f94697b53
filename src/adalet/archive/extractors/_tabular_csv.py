"""CSV and TSV: the first 4 x max_text_chars bytes decoded, the delimiter found (tab for TSV,
else sniffed among , tab ; |), and every line read as a row of one sheet named after the file."""

from __future__ import annotations

import csv
import io

from adalet.archive.extractors._common import clip_text
from adalet.archive.extractors._tabular_cells import _row_limit, _Sheet, _text
from adalet.archive.extractors.base import Context, Extraction, ExtractionError, Source
from adalet.archive.textcodec import read_text_file


def read_csv(source: Source, context: Context, ext: str) -> Extraction:
    try:
        decoded = read_text_file(source.path, context.limits.max_text_chars)
    except OSError as exc:
        raise ExtractionError(f"cannot read the file: {exc.strerror or exc}") from exc
    warnings = list(decoded.warnings)
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
