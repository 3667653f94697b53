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
