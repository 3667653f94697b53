"""Decoding bytes of unknown encoding into text.

Owns the one decision order used everywhere in the archive (text files, CSV, zip comments):

1. a byte-order mark (UTF-8-SIG, UTF-32 LE/BE, UTF-16 LE/BE);
2. strict UTF-8;
3. UTF-16 without a BOM, when the NUL bytes sit on one parity (ASCII-heavy UTF-16);
4. strict GB18030 (a superset of GBK/GB2312: Chinese government files very often use it);
5. charset_normalizer's best guess;
6. latin-1, which never fails, with a warning.

Newlines are normalised to ``\\n``. Pure Python, no Django.
"""

from __future__ import annotations

import codecs
import logging
from pathlib import Path
from typing import NamedTuple

from adalet.archive.environment import raise_if_environmental

log = logging.getLogger(__name__)

LATIN1_FALLBACK = "latin-1"

_BOMS: tuple[tuple[bytes, str], ...] = (
    # UTF-32 before UTF-16: the UTF-32 LE BOM starts with the UTF-16 LE BOM.
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Control characters that do not occur in ordinary text (TAB, LF, VT, FF, CR, SUB, ESC allowed).
_CONTROL = frozenset(range(0x00, 0x20)) - {0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x1A, 0x1B}


class Decoded(NamedTuple):
    text: str
    encoding: str
    warnings: list[str]


def bom_encoding(data: bytes) -> tuple[str, int] | None:
    """The encoding named by a leading byte-order mark and the BOM's length, or None."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name, len(bom)
    return None


def utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le' / 'utf-16-be' when NUL bytes sit (almost) only on one parity, else None.

    Text in UTF-16 has a NUL in the high byte of every ASCII character (digits, spaces,
    newlines, Latin letters), so even mostly-Chinese files show the pattern.
    """
    sample = data[:8192]
    if len(sample) < 4:
        return None
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = len(sample) // 2
    if odd >= max(2, half // 100) and even <= odd // 20:
        return "utf-16-le"
    if even >= max(2, half // 100) and odd <= even // 20:
        return "utf-16-be"
    return None


def control_ratio(text: str) -> float:
    """Share of characters that are C0 controls never found in text (NUL, BEL, ...)."""
    if not text:
        return 0.0
    bad = sum(1 for ch in text if ord(ch) in _CONTROL)
    return bad / len(text)


def _private_use_ratio(text: str) -> float:
    non_ascii = [ch for ch in text if ord(ch) > 0x7F]
    if not non_ascii:
        return 0.0
    pua = sum(1 for ch in non_ascii if 0xE000 <= ord(ch) <= 0xF8FF)
    return pua / len(non_ascii)


def _strict(data: bytes, encoding: str, final: bool = True) -> str | None:
    """Strict decoding; with final=False an incomplete character at the very end is dropped."""
    try:
        return codecs.getincrementaldecoder(encoding)(errors="strict").decode(data, final=final)
    except (UnicodeDecodeError, LookupError):
        return None


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def decode_text_ex(data: bytes, complete: bool = True) -> Decoded:
    """Decode ``data``; returns the text, the encoding used and any warnings.

    ``complete=False`` says the bytes were cut from a longer file: a character split by the
    cut is dropped instead of disqualifying the encoding.
    """
    final = complete
    text: str | None  # None from _strict: not that encoding
    found = bom_encoding(data)
    if found:
        name, length = found
        codec = "utf-8" if name == "utf-8-sig" else name
        text = data[length:].decode(codec, errors="replace")
        warnings = []
        if "\ufffd" in text and _strict(data[length:], codec) is None:
            warnings.append(f"text declared {name} by its BOM has undecodable bytes (replaced)")
        return Decoded(normalise_newlines(text), name, warnings)

    text = _strict(data, "utf-8", final)
    if text is not None:
        return Decoded(normalise_newlines(text), "utf-8", [])

    utf16 = utf16_without_bom(data)
    if utf16:
        text = _strict(data, utf16, final)
        if text is not None and control_ratio(text) < 0.01:
            return Decoded(normalise_newlines(text), utf16, [])

    text = _strict(data, "gb18030", final)
    if text is not None and control_ratio(text) < 0.01 and _private_use_ratio(text) < 0.05:
        return Decoded(normalise_newlines(text), "gb18030", [])

    try:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
    except Exception as error:  # noqa: BLE001 - a detector bug must not stop ingest
        raise_if_environmental(error)  # but running out of memory must
        best = None
    if best is not None and best.encoding:
        name = codecs.lookup(best.encoding).name
        text = _strict(data, name)
        if text is not None:
            return Decoded(normalise_newlines(text), name, [])

    message = "encoding not recognised; decoded as latin-1, non-ASCII characters may be wrong"
    log.warning(message)
    return Decoded(normalise_newlines(data.decode("latin-1")), LATIN1_FALLBACK, [message])


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode bytes of unknown encoding: returns (text, encoding name)."""
    decoded = decode_text_ex(data)
    return decoded.text, decoded.encoding


def looks_like_text(head: bytes) -> bool:
    """True when the first bytes of a file (possibly cut mid-character) read as text."""
    if not head:
        return False
    found = bom_encoding(head)
    if found:
        return True
    for encoding in ("utf-8", utf16_without_bom(head), "gb18030"):
        if encoding is None:
            continue
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            text = decoder.decode(head, final=False)
        except UnicodeDecodeError:
            continue
        if encoding == "utf-8" and "\x00" in text:
            continue
        if control_ratio(text) < 0.01:
            return True
    return False


def read_text_file(path: Path, max_chars: int) -> Decoded:
    """A text file decoded whatever its encoding, reading at most 4 bytes per allowed character.

    A file cut at that bound says so in the warnings; an unreadable file is an OSError.
    """
    max_bytes = 4 * max_chars
    with open(path, "rb") as stream:
        data = stream.read(max_bytes + 1)
    complete = len(data) <= max_bytes
    decoded = decode_text_ex(data if complete else data[:max_bytes], complete=complete)
    if not complete:
        decoded.warnings.insert(0, f"only the first {max_bytes:,} bytes were read")
    return decoded
