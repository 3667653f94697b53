"""What an EXIF ``Software`` string is: an image editor's signature, the camera's own firmware, or unknown.

The signatures are data (``data/software.tsv``, with where each is documented), not code. Editors are matched
anywhere in the string (case-insensitively) and win over firmware; firmware patterns must match the whole string
("Ver.1.01", "V1.0.3", "Firmware 2.1", "ILCE-6000 v3.21"). The file's header states the evidence standard: an
editor's signature is a warning (re-saved, not proven altered), firmware and unknown strings are never flagged.
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


def classify(software: str) -> SoftwareVerdict:
    text = software.strip()
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
