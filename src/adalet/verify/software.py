"""What an EXIF ``Software`` string is: an image editor's signature, the camera's own firmware, or unknown.

The signatures are data (``data/software.tsv``, with where each is documented), not code. Editors are matched
anywhere in the string (case-insensitively) and win over firmware; firmware patterns must match the whole string
("Ver.1.01", "V1.0.3", "Firmware 2.1", "ILCE-6000 v3.21"). The file's header states the evidence standard: an
editor's signature is a warning (re-saved, not proven altered), firmware and unknown strings are never flagged.

EXIF declares its text tags ASCII, but Chinese editors write their names in UTF-8 or GBK (美图秀秀): Pillow reads such
bytes as Latin-1 (mojibake, "ç¾\x8eå\x9b¾"), and bytes shown as hex reach the metadata too. ``readable`` gives back
the name as written (UTF-8 first, then GB18030, which contains GBK), so that it is matched and shown as such.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

DATA = Path(__file__).with_name("data") / "software.tsv"
Kind = Literal["editor", "firmware", "unknown"]


@dataclass(frozen=True)
class Signature:
    kind: Literal["editor", "firmware"]
    pattern: re.Pattern[str]
    name: str
    source: str


@dataclass(frozen=True)
class SoftwareVerdict:
    kind: Kind
    name: str | None  # the editor or firmware signature's name; None when unknown


@cache
def signatures(path: Path = DATA) -> tuple[Signature, ...]:
    found = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        kind, pattern, name, *source = line.split("\t")
        if kind not in ("editor", "firmware"):
            raise ValueError(f"{path}:{number}: kind must be editor or firmware, not {kind!r}")
        found.append(Signature(kind, re.compile(pattern, re.I), name, source[0] if source else ""))  # type: ignore[arg-type]
    return tuple(found)


_HEX = re.compile(r"(?:[0-9a-fA-F]{2}){2,}")


def readable(value: str) -> str:
    """An EXIF text tag as its writer meant it: Latin-1 mojibake of UTF-8 or GBK bytes, or hex of UTF-8 bytes,
    decoded; anything else as is. GBK is tried only on mojibake and only when it keeps every ASCII byte a character
    ("Müller" stays), and hex only as UTF-8, whose structure random hex rarely has ("deadbeef" stays)."""
    text = value.strip()
    encodings: tuple[str, ...]
    if not text.isascii() and all(ord(char) < 256 for char in text):
        raw, encodings = text.encode("latin-1"), ("utf-8", "gb18030")
    elif _HEX.fullmatch(text):
        raw, encodings = bytes.fromhex(text), ("utf-8",)
    else:
        return text
    raw = raw.rstrip(b"\x00")
    for encoding in encodings:
        try:
            decoded = raw.decode(encoding).strip()
        except UnicodeDecodeError:
            continue
        ascii_kept = sum(char.isascii() for char in decoded) == sum(byte < 0x80 for byte in raw.strip())
        if decoded.isprintable() and not decoded.isascii() and ascii_kept:
            return decoded
    return text


def classify(software: str) -> SoftwareVerdict:
    text = readable(software)
    if not text:
        return SoftwareVerdict("unknown", None)
    known = signatures()
    for signature in known:
        if signature.kind == "editor" and signature.pattern.search(text):
            return SoftwareVerdict("editor", signature.name)
    for signature in known:
        if signature.kind == "firmware" and signature.pattern.fullmatch(text):
            return SoftwareVerdict("firmware", signature.name)
    return SoftwareVerdict("unknown", None)
