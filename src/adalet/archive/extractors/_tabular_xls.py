"""XLS: the OLE2 (MS-CFB) container, the BIFF record scan, and the OLE property sets.

`read_xls` opens the compound file with `_Cfb` (just enough of MS-CFB to find a stream as calamine
finds it), refuses encrypted workbooks, and lets `_scan_biff` refuse sheets whose grid calamine
could not hold (their cell records, and the grid their Dimensions records make calamine reserve)
and find their error values, before calamine reads the file. `_ole_properties` reads author,
title and dates from the SummaryInformation streams.
"""

from __future__ import annotations

import datetime as dt
import struct
from typing import Any

from adalet.archive.extractors._tabular_calamine import _Plan, read_calamine
from adalet.archive.extractors._tabular_cells import MAX_GRID_CELLS
from adalet.archive.extractors.base import Context, Extraction, ExtractionError, Source

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

_FREE, _END = 0xFFFFFFFF, 0xFFFFFFFE


def read_xls(source: Source, context: Context) -> Extraction:
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
    return read_calamine(data, "XLS", context, metadata, plan, exact_limit=None)


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
