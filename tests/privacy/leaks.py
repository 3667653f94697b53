"""The attacker's reading of an answer: every way the bytes can be read as text, normalised the way a person reads
digits, and searched for any 10 consecutive characters of a planted ID number or a planted house address.

The normalisation is the attacker's own, deliberately independent of the code under test: NFKC, every Unicode
decimal digit to ASCII, format characters and combining marks removed, whitespace and hyphens between digits
removed. An answer is read as: its text (UTF-8, GB18030 and UTF-16 in both byte orders, leniently), its text with
HTML entities resolved and tags removed (inline tags joined, block tags as separators), JSON decoded, the ASCII
digits of its raw bytes, and, for originals, every member of a zip (DOCX, XLSX) and every inflatable PDF stream.
"""

from __future__ import annotations

import functools
import html
import io
import json
import re
import unicodedata
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from tests.privacy.corpus import Plant

WINDOW = 10
_DASHES = "\\-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
_BETWEEN_DIGITS = re.compile(rf"(?<=[0-9])[\s{_DASHES}]+(?=[0-9X])")
_RUN = re.compile(r"[0-9X]{10,}")
_INLINE = re.compile(r"</?(?:mark|span|b|i|em|strong|wbr|small|code|bdi|bdo|sup|sub|u|s|abbr|time)\b[^>]*>", re.I)
_TAG = re.compile(r"<[^>]*>")
_HEX = re.compile(rb"<((?:[0-9A-Fa-f]{2}){4,})>")
_LITERAL = re.compile(rb"\(((?:\\.|[^\\()])*)\)", re.S)
_STREAM = re.compile(rb"stream\r?\n(.*?)\r?\nendstream", re.S)


@functools.cache
def _table() -> dict[int, str | None]:
    """Every Unicode decimal digit to ASCII; format characters and combining marks to nothing."""
    table: dict[int, str | None] = {}
    for code in range(0x110000):
        ch = chr(code)
        digit = unicodedata.decimal(ch, None)
        if digit is not None and not ("0" <= ch <= "9"):
            table[code] = str(digit)
        elif unicodedata.category(ch) in ("Cf", "Mn", "Me"):
            table[code] = None
    return table


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).translate(_table())
    return _BETWEEN_DIGITS.sub("", text).upper()


def html_readings(text: str) -> list[str]:
    """The page as written, and as a reader sees it: inline tags joined, other tags separating."""
    shown = _TAG.sub(" | ", _INLINE.sub("", text))
    return [text, html.unescape(text), html.unescape(shown)]


def text_readings(data: bytes, content_type: str = "") -> list[str]:
    readings = [data.decode("utf-8", "replace")]
    if "json" in content_type:
        try:
            readings.append(json.dumps(json.loads(data), ensure_ascii=False))
        except ValueError:
            pass
    readings = [r for text in readings for r in html_readings(text)]  # XML parts of files have entities too
    if "html" in content_type or "json" in content_type or "svg" in content_type or "xml" in content_type:
        return readings
    # a file: other encodings too, and its ASCII digits whatever bytes surround them
    readings.append(data.decode("gb18030", "replace"))
    for start in (0, 1):
        readings.append(data[start:].decode("utf-16-le", "replace"))
        readings.append(data[start:].decode("utf-16-be", "replace"))
    readings.append(data.decode("latin-1"))
    return readings


def file_parts(data: bytes, depth: int = 0) -> Iterator[bytes]:
    """The bytes, every member of a zip (OOXML, archives), and every inflatable stream of a PDF."""
    yield data
    if depth > 2:
        return
    if data[:2] == b"PK":
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                for info in z.infolist()[:200]:
                    if info.file_size <= 20_000_000:
                        yield info.filename.encode()
                        yield from file_parts(z.read(info), depth + 1)
        except (zipfile.BadZipFile, RuntimeError, NotImplementedError, EOFError):
            pass
    if data[:5] == b"%PDF-":
        inflated = []
        for stream in _STREAM.findall(data):
            try:
                inflated.append(zlib.decompress(stream))
            except zlib.error:
                continue
        yield from inflated
        for part in [data, *inflated]:  # strings (<FEFF…>, (\376\377…)): UTF-16 text of annotations, names
            yield b"\n".join(bytes.fromhex(h.decode()) for h in _HEX.findall(part))
            yield b"\n".join(_literal(s) for s in _LITERAL.findall(part))


def _literal(body: bytes) -> bytes:
    """A PDF literal string's bytes (escapes resolved)."""
    escapes = {b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f"}

    def one(m: re.Match[bytes]) -> bytes:
        code = m.group(1)
        if code[:1].isdigit():
            return bytes([int(code, 8) & 0xFF])
        return escapes.get(code, code)

    return re.sub(rb"\\([0-7]{1,3}|.)", one, body, flags=re.S)


@dataclass(frozen=True)
class Finding:
    plant: Plant
    window: str
    excerpt: str  # masked: digits past the first 6 of the run are shown as #

    def describe(self) -> str:
        return f"{len(self.window)}+ digits of [{self.plant.where}] {self.plant.number[:6]}…: {self.excerpt}"


class Detector:
    """Finds any 10 consecutive characters of a planted number, and any planted house address, in answers."""

    def __init__(self, plants: Iterable[Plant], houses: Iterable[str] = ()) -> None:
        self.plants = list(plants)
        self.windows: dict[str, Plant] = {}
        for plant in self.plants:
            for i in range(len(plant.digits) - WINDOW + 1):
                self.windows.setdefault(plant.digits[i : i + WINDOW], plant)
        self.houses = [h for h in houses if h]

    def in_text(self, text: str) -> list[Finding]:
        folded = normalise(text)
        found: dict[str, Finding] = {}
        for run in _RUN.finditer(folded):
            value = run.group()
            for i in range(len(value) - WINDOW + 1):
                plant = self.windows.get(value[i : i + WINDOW])
                if plant is not None and plant.number not in found:
                    found[plant.number] = Finding(plant, value, excerpt(folded, run.start(), run.end()))
        return list(found.values())

    def addresses_in(self, text: str) -> list[str]:
        flat = re.sub(r"\s+", "", html.unescape(_TAG.sub("", _INLINE.sub("", text))))
        flat = normalise(flat)
        return [h for h in self.houses if normalise(h) in flat]

    def addresses_in_file(self, data: bytes) -> list[str]:
        """Planted addresses in any part of a served file (a spreadsheet's shared strings, a PDF's streams...)."""
        found: list[str] = []
        for part in file_parts(data):
            for text in text_readings(part):
                found += [h for h in self.addresses_in(text) if h not in found]
        return found

    def in_answer(self, data: bytes, content_type: str = "", *, original: bool = False) -> list[Finding]:
        found: dict[str, Finding] = {}
        parts = file_parts(data) if original else [data]
        for part in parts:
            for text in text_readings(part, "" if original else content_type):
                for finding in self.in_text(text):
                    found.setdefault(finding.plant.number, finding)
        return list(found.values())


def excerpt(folded: str, start: int, end: int) -> str:
    run = folded[start:end]
    masked = run[:6] + "#" * (len(run) - 6)
    around = folded[max(0, start - 30) : start] + masked + folded[end : end + 30]
    return "".join(c if c.isprintable() else "·" for c in around)


def mask(text: str) -> str:
    """Digits after the first six of any run of 7 or more hidden (for failure messages)."""
    return re.sub(r"[0-9X]{7,}", lambda m: m.group()[:6] + "#" * (len(m.group()) - 6), normalise(text))
