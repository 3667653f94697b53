"""Cleaning of raw name strings and detection of script and name kind.

Kinds:

* ``han`` – a Chinese name in Han characters (陈全国, 陳全國);
* ``han_transcribed`` – a Uyghur/Kazakh (or other non-Chinese) name written in
  Han characters as sounds, parts joined by a middle dot (艾尔肯·吐尼亚孜);
* ``arabic`` – Uyghur Arabic script (ئەركىن تۇنىياز);
* ``latin`` – Latin script, any romanisation ("CHEN, Quanguo", "Ilham Tohti");
* ``cyrillic`` – Cyrillic script: Kazakh, Kyrgyz, Uyghur Cyrillic, Russian (Алимжан Маматов, Қайрат);
* ``mixed`` – more than one of the above in one string;
* ``empty`` – nothing usable (empty, punctuation or control characters only).
"""

from __future__ import annotations

import re
import unicodedata
from enum import Enum

#: Names are capped to this many characters after cleaning: no real name is
#: longer, and it keeps scoring time bounded for hostile input.
MAX_CHARS = 120

#: Middle dots used between parts of transcribed names (U+00B7, U+2022,
#: U+FF0E fullwidth full stop, U+30FB katakana middle dot, U+2027, U+2219, U+22C5).
MIDDLE_DOTS = "·•．・‧∙⋅"
_DOT_RE = re.compile(f"[{MIDDLE_DOTS}]")


class NameKind(str, Enum):
    HAN = "han"
    HAN_TRANSCRIBED = "han_transcribed"
    ARABIC = "arabic"
    LATIN = "latin"
    CYRILLIC = "cyrillic"
    MIXED = "mixed"
    EMPTY = "empty"


def is_han(ch: str) -> bool:
    """True for CJK unified ideographs (incl. extension A and compatibility)."""
    o = ord(ch)
    return 0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0xF900 <= o <= 0xFAFF or 0x20000 <= o <= 0x2FA1F


def is_arabic(ch: str) -> bool:
    o = ord(ch)
    return 0x0600 <= o <= 0x06FF or 0xFB50 <= o <= 0xFDFF or 0xFE70 <= o <= 0xFEFF


def is_cyrillic(ch: str) -> bool:
    """True for Cyrillic letters (Cyrillic, Cyrillic Supplement, Extended-A/B/C blocks)."""
    o = ord(ch)
    return (0x0400 <= o <= 0x052F or 0x2DE0 <= o <= 0x2DFF or 0xA640 <= o <= 0xA69F or 0x1C80 <= o <= 0x1C8F) and ch.isalpha()


def is_latin(ch: str) -> bool:
    if ch < "\x80":  # ASCII: no need to look the name up
        return ch.isalpha()
    return ch.isalpha() and unicodedata.name(ch, "").startswith("LATIN")


def clean(name: str) -> str:
    """Remove control/format characters, unify middle dots, squeeze spaces, cap length.

    Arabic presentation forms are folded by NFKC; the middle dots are mapped
    to U+00B7 before NFKC so that the fullwidth full stop is not lost.
    """
    if not isinstance(name, str):
        return ""
    name = name[: MAX_CHARS * 4]
    name = _DOT_RE.sub("·", name)
    name = unicodedata.normalize("NFKC", name)
    if name.isprintable():  # no control, format, surrogate, private-use or unassigned character to drop
        return re.sub(r"\s+", " ", name).strip()[:MAX_CHARS].strip()
    out = []
    for ch in name:
        cat = unicodedata.category(ch)
        if cat in ("Cc", "Cf", "Cs", "Co", "Cn"):
            out.append(" " if ch in "\t\n\r\x0b\x0c" else "")
        else:
            out.append(ch)
    name = re.sub(r"\s+", " ", "".join(out)).strip()
    return name[:MAX_CHARS].strip()


def script_runs(name: str) -> dict[str, int]:
    """Count letters per script ('han', 'arabic', 'latin', 'cyrillic') in *name*."""
    counts = {"han": 0, "arabic": 0, "latin": 0, "cyrillic": 0}
    for ch in name:
        if is_han(ch):
            counts["han"] += 1
        elif is_arabic(ch) and ch.isalpha():
            counts["arabic"] += 1
        elif is_latin(ch):
            counts["latin"] += 1
        elif is_cyrillic(ch):
            counts["cyrillic"] += 1
    return counts


def detect_script(name: str) -> NameKind:
    """The :class:`NameKind` of a raw name string."""
    name = clean(name)
    if name.isascii():  # the commonest case, decided without looking at each letter's script
        return NameKind.LATIN if any(ch.isalpha() for ch in name) else NameKind.EMPTY
    counts = script_runs(name)
    present = [k for k, v in counts.items() if v]
    if not present:
        return NameKind.EMPTY
    if len(present) > 1:
        return NameKind.MIXED
    kind = present[0]
    if kind == "han":
        from adalet.names.uyghur_han import looks_transcribed, sounds_transcribed

        if "·" in name or looks_transcribed(name) or sounds_transcribed(name):
            return NameKind.HAN_TRANSCRIBED
        return NameKind.HAN
    return {"arabic": NameKind.ARABIC, "cyrillic": NameKind.CYRILLIC}.get(kind, NameKind.LATIN)
