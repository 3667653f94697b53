"""Word documents (DOCX) through python-docx.

Text is the body in document order: paragraphs, and table rows as tab-separated cells
(merged cells once, nested tables included), then header and footer text. Core properties
(author, created, modified, last_modified_by, title, ...) go to metadata. A damaged package is
`ExtractionError(malformed)`; parts declaring bomb sizes are refused before parsing.
"""

from __future__ import annotations

from typing import Any, ClassVar

from adalet.archive.extractors._common import check_package, clip_text, iso
from adalet.archive.extractors.base import Context, Extraction, ExtractionError, Extractor, Source

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

_PROPERTIES = (
    "author",
    "created",
    "modified",
    "last_modified_by",
    "title",
    "subject",
    "keywords",
    "comments",
    "category",
    "revision",
    "last_printed",
    "language",
)


def _blocks(container: Any, lines: list[str]) -> None:
    from docx.table import Table

    for block in container.iter_inner_content():
        if isinstance(block, Table):
            _table(block, lines)
        elif block.text.strip():
            lines.append(block.text)


def _table(table: Any, lines: list[str]) -> None:
    for row in table.rows:
        cells, seen = [], set()
        for cell in row.cells:
            if id(cell._tc) in seen:  # a merged cell is returned once per grid column
                continue
            seen.add(id(cell._tc))
            cells.append(cell.text.replace("\n", " ").strip())
            for nested in cell.tables:
                _table(nested, lines)
        if any(cells):
            lines.append("\t".join(cells))


def _properties(document: Any) -> dict[str, Any]:
    props = document.core_properties
    found: dict[str, Any] = {}
    for key in _PROPERTIES:
        try:
            value = getattr(props, key)
        except (ValueError, TypeError):  # a malformed date or number in core.xml
            continue
        value = iso(value) or value
        if value not in (None, ""):
            found[key] = value
    return found


class DocxExtractor(Extractor):
    name: ClassVar[str] = "docx"
    media_types: ClassVar[tuple[str, ...]] = (DOCX,)
    extensions: ClassVar[tuple[str, ...]] = (".docx",)
    score: ClassVar[int] = 10

    def extract(self, source: Source, context: Context) -> Extraction:
        import docx

        check_package(source.path, context.limits, "DOCX")
        try:
            document = docx.Document(str(source.path))
            lines: list[str] = []
            _blocks(document, lines)
            extra: list[str] = []
            for section in document.sections:
                for part in (section.header, section.footer):
                    if not part.is_linked_to_previous:
                        _blocks(part, extra)
        except ExtractionError:
            raise
        except Exception as exc:  # noqa: BLE001 - python-docx raises many kinds on damaged input
            message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise ExtractionError(f"DOCX is damaged: {message}") from exc
        warnings: list[str] = []
        body = set(lines)
        text = clip_text("\n".join(lines + [line for line in extra if line not in body]), context.limits, warnings)
        metadata = _properties(document)
        metadata.update({"paragraphs": len(document.paragraphs), "tables": len(document.tables)})
        return Extraction(text=text, metadata=metadata, warnings=warnings)
