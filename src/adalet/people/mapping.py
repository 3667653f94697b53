"""Which column of which sheet holds which field: header detection, and YAML mappings for what it misses.

A sheet is read by finding its header row among the first rows (the row naming the most known headers,
see vocab.py), skipping title rows, blank rows and rows of merged group labels. A header cell left empty by
a vertical merge takes the text above it; a second header row under a group label is read as well.
A YAML mapping (FtM-mapping style) says it explicitly where detection is not enough::

    tables:                              # or `queries:`
      - item: "*/人员信息/*.xlsx"          # glob on the item's path in the archive; default "*"
        sheet: "*"                       # glob on the sheet name; default "*"
        header_row: 2                    # 1-based; default: detected
        columns:                         # field: header text, column letter, or {column: ...}
          id_number: 公民身份号码
          name: {column: B}
      - item: "*/说明.xlsx"
        skip: true
    headers:                             # more header names for detection, per field
      id_number: [证件号, 身份号]

Pure Python (no Django). Errors name the mapping entry, the item, the sheet, the row and the column.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from adalet.cellrefs import column_index, column_letter
from adalet.people.vocab import FIELDS, header_key, known_headers

HEADER_SCAN_ROWS = 15
MIN_HEADERS = 2


class MappingError(ValueError):
    """A mapping that cannot be applied; the message says where."""


@dataclass(frozen=True)
class TableRule:
    """One entry of a mapping file."""

    where: str  # "tables[0]" for messages
    item: str = "*"
    sheet: str = "*"
    header_row: int | None = None
    columns: dict[str, str] = field(default_factory=dict)
    skip: bool = False

    def applies(self, path: str, sheet: str | None) -> bool:
        return fnmatch.fnmatchcase(path, self.item) and fnmatch.fnmatchcase(sheet or "", self.sheet)


@dataclass(frozen=True)
class Mapping:
    rules: tuple[TableRule, ...] = ()
    headers: dict[str, str] = field(default_factory=dict)  # extra header key -> field

    def rule_for(self, path: str, sheet: str | None) -> TableRule | None:
        return next((rule for rule in self.rules if rule.applies(path, sheet)), None)

    def header_field(self, text: object) -> str | None:
        key = header_key(text)
        return self.headers.get(key) or known_headers().get(key)


def load_mapping(path: Path) -> Mapping:
    """Read a YAML mapping file; a mistake in it is a MappingError naming the entry."""
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError) as error:
        raise MappingError(f"cannot read mapping {path}: {error}") from None
    except yaml.YAMLError as error:
        raise MappingError(f"mapping {path} is not valid YAML: {' '.join(str(error).split())}") from None
    return parse_mapping(data, str(path))


def parse_mapping(data: Any, name: str = "mapping") -> Mapping:
    if not isinstance(data, dict):
        raise MappingError(f"{name}: expected a mapping with `tables:` (or `queries:`) and `headers:`")
    unknown = set(data) - {"tables", "queries", "headers"}
    if unknown:
        raise MappingError(f"{name}: unknown key(s) {', '.join(sorted(map(str, unknown)))}; use tables and headers")
    rules = []
    for index, entry in enumerate(data.get("tables") or data.get("queries") or []):
        rules.append(_rule(entry, f"{name}: tables[{index}]"))
    headers: dict[str, str] = {}
    for field_name, names in (data.get("headers") or {}).items():
        _check_field(field_name, f"{name}: headers")
        for header in [names] if isinstance(names, str) else list(names or []):
            headers[header_key(header)] = field_name
    return Mapping(tuple(rules), headers)


def _check_field(name: Any, where: str) -> None:
    if name not in FIELDS:
        raise MappingError(f"{where}: unknown field {name!r}; fields are {', '.join(FIELDS)}")


def _rule(entry: Any, where: str) -> TableRule:
    if not isinstance(entry, dict):
        raise MappingError(f"{where}: expected keys item, sheet, header_row, columns, skip")
    unknown = set(entry) - {"item", "sheet", "header_row", "columns", "skip"}
    if unknown:
        raise MappingError(f"{where}: unknown key(s) {', '.join(sorted(map(str, unknown)))}")
    columns: dict[str, str] = {}
    for field_name, spec in (entry.get("columns") or {}).items():
        _check_field(field_name, f"{where}.columns")
        if isinstance(spec, dict):
            spec = spec.get("column")
        if not isinstance(spec, str | int) or not str(spec).strip():
            raise MappingError(f"{where}.columns.{field_name}: give a header text or a column letter")
        columns[field_name] = str(spec).strip()
    header_row = entry.get("header_row")
    if header_row is not None and (not isinstance(header_row, int) or header_row < 1):
        raise MappingError(f"{where}.header_row: expected a row number from 1, got {header_row!r}")
    return TableRule(
        where=where,
        item=str(entry.get("item", "*")),
        sheet=str(entry.get("sheet", "*")),
        header_row=header_row,
        columns=columns,
        skip=bool(entry.get("skip", False)),
    )


@dataclass(frozen=True)
class SheetLayout:
    """Where a sheet's data is: fields by column index, and the first data row (0-based)."""

    columns: dict[str, int]
    headers: dict[str, str]  # field -> header text as written
    header_row: int  # 0-based index of the (last) header row
    first_data_row: int


_LETTER = re.compile(r"[A-Za-z]{1,3}")


def _header_text(rows: Sequence[Sequence[str | None]], row: int, col: int) -> str | None:
    """A header cell's text; an empty cell under a vertical merge takes the text above it."""
    value = rows[row][col] if col < len(rows[row]) else None
    if value is None and row > 0 and col < len(rows[row - 1]):
        value = rows[row - 1][col]
    return value


def _score_row(rows: Sequence[Sequence[str | None]], index: int, mapping: Mapping) -> dict[str, int]:
    found: dict[str, int] = {}
    for col, cell in enumerate(rows[index]):
        field_name = mapping.header_field(cell) if cell else None
        if field_name and field_name not in found:
            found[field_name] = col
    return found


RELATIVE_GROUP = re.compile(r"亲属|家属|家庭成员|relative|family", re.I)


def _group_label(cells: Sequence[str | None], col: int) -> str:
    """The label over a column in a group-label row: a merged label sits in its leftmost cell."""
    for left in range(min(col, len(cells) - 1), -1, -1):
        if cells[left]:
            return str(cells[left])
    return ""


def detect_layout(rows: Sequence[Sequence[str | None]], mapping: Mapping) -> SheetLayout | None:
    """Find the header row among the first rows; None when no row names at least two known fields incl. name or ID."""
    best: tuple[int, dict[str, int]] | None = None
    for index in range(min(HEADER_SCAN_ROWS, len(rows))):
        found = _score_row(rows, index, mapping)
        if len(found) >= MIN_HEADERS and ("name" in found or "id_number" in found):
            if best is None or len(found) > len(best[1]):
                best = (index, found)
    if best is None:
        return None
    index, columns = best
    origin = dict.fromkeys(columns, index)
    for col, cell in enumerate(rows[index]):  # 姓名 again under a group label 亲属信息: the relative's name
        field_name = mapping.header_field(cell) if cell else None
        relative = f"relative_{field_name}"
        if field_name and columns.get(field_name) != col and relative in FIELDS and relative not in columns:
            if index > 0 and RELATIVE_GROUP.search(_group_label(rows[index - 1], col)):
                columns[relative], origin[relative] = col, index
    last_header = index
    if index + 1 < len(rows):  # a second header row under group labels (亲属信息 over 姓名 / 关系 / 身份证号)
        below = _score_row(rows, index + 1, mapping)
        for field_name, col in below.items():
            if col in columns.values():
                continue
            if field_name in columns:  # a second 姓名 column under a group label: a relative's
                field_name = f"relative_{field_name}"
                if field_name not in FIELDS or field_name in columns:
                    continue
            columns[field_name], origin[field_name] = col, index + 1
            last_header = index + 1
    headers = {f: str(_header_text(rows, origin[f], c)) for f, c in columns.items()}
    return SheetLayout(columns, headers, last_header, last_header + 1)


def layout_for(
    rows: Sequence[Sequence[str | None]], mapping: Mapping, path: str, sheet: str | None
) -> tuple[SheetLayout | None, str]:
    """The layout of one sheet and how it was found (or why it was not)."""
    where = f"{path}" + (f" sheet {sheet}" if sheet else "")
    rule = mapping.rule_for(path, sheet)
    if rule is not None and rule.skip:
        return None, f"{where}: skipped by {rule.where}"
    if rule is None or (not rule.columns and rule.header_row is None):
        layout = detect_layout(rows, mapping)
        if layout is None:
            return None, f"{where}: no header row naming a name or ID number column in the first {HEADER_SCAN_ROWS} rows"
        return layout, f"{where}: headers detected in row {layout.header_row + 1}"
    header_index = (rule.header_row - 1) if rule.header_row else None
    if header_index is None:
        detected = detect_layout(rows, mapping)
        if detected is None:
            raise MappingError(f"{rule.where}: {where}: no header row detected; give header_row")
        header_index = detected.header_row
    if header_index >= len(rows):
        raise MappingError(f"{rule.where}: {where}: header_row {header_index + 1} is past the last row ({len(rows)})")
    columns: dict[str, int] = {}
    headers: dict[str, str] = {}
    for f, c in _score_row(rows, header_index, mapping).items():  # detection fills what the rule leaves out
        columns[f] = c
    header_cells = rows[header_index]
    for field_name, spec in rule.columns.items():
        keyed = {header_key(cell): col for col, cell in enumerate(header_cells) if cell}
        if header_key(spec) in keyed:
            columns[field_name] = keyed[header_key(spec)]
        elif _LETTER.fullmatch(spec):
            columns[field_name] = column_index(spec)
        else:
            shown = ", ".join(str(cell) for cell in header_cells if cell) or "none"
            raise MappingError(
                f"{rule.where}.columns.{field_name}: {where}: no column headed {spec!r} in row {header_index + 1} "
                f"(headers: {shown})"
            )
    for field_name, col in columns.items():
        cell = header_cells[col] if col < len(header_cells) else None
        headers[field_name] = str(cell) if cell is not None else column_letter(col)
    return SheetLayout(columns, headers, header_index, header_index + 1), f"{where}: columns from {rule.where}"
