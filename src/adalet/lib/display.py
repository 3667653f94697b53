"""Names as shown: a file name from a leak cannot reorder what is around it.

Bidirectional controls (U+202E RIGHT-TO-LEFT OVERRIDE and its kin) in a file name make ``photo\u202egpj.exe`` read as
``photoexe.jpg``: a spoofed extension in a title, a link or a download's ``Content-Disposition``. `safe_name` drops
them (the name's letters keep their own direction, which ``dir="auto"`` shows).
"""

from __future__ import annotations

import re

BIDI_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def safe_name(name: str) -> str:
    """`name` without bidirectional controls."""
    return BIDI_CONTROLS.sub("", name) if name else name


def fingerprint(digest_hex: str) -> str:
    """A hex digest (SHA-256) in groups of eight digits, as fingerprints are shown: a page never holds 18 decimal
    digits in a row, which would read as an ID number (64 hex digits can hold such a run)."""
    return " ".join(digest_hex[i : i + 8] for i in range(0, len(digest_hex), 8))
