"""Pinyin → Wade-Giles for single syllables (rule-based, no tones).

Covers the regular correspondences (b→p, p→p', d→t, t→t', g→k, zh/j→ch,
q→ch', x→hs, z→ts, c→ts', r→j; -ong→-ung, -ian→-ien, -ie→-ieh, -ue→-üeh,
zhi→chih, zi→tzu, si→ssu, ci→tz'u, e→o after g/k/h, -uo→-o after g/k/h/sh,
you→yu, yan→yen, he→ho). Output keeps the apostrophe; the Latin folding drops it.
"""

from __future__ import annotations

from functools import lru_cache

_SPECIAL = {
    "zhi": "chih",
    "chi": "ch'ih",
    "shi": "shih",
    "ri": "jih",
    "zi": "tzu",
    "ci": "tz'u",
    "si": "ssu",
    "you": "yu",
    "yan": "yen",
    "ye": "yeh",
    "yue": "yüeh",
    "yuan": "yüan",
    "yun": "yün",
    "er": "erh",
    "e": "o",
    "he": "ho",
    "ge": "ko",
    "ke": "k'o",
    "guo": "kuo",
    "kuo": "k'uo",
    "huo": "huo",
    "shuo": "shuo",
    "ruo": "jo",
    "lüe": "lüeh",
    "nüe": "nüeh",
    "lve": "lüeh",
    "nve": "nüeh",
}

_INITIALS = (
    ("zh", "ch"),
    ("ch", "ch'"),
    ("sh", "sh"),
    ("b", "p"),
    ("p", "p'"),
    ("d", "t"),
    ("t", "t'"),
    ("g", "k"),
    ("k", "k'"),
    ("j", "ch"),
    ("q", "ch'"),
    ("x", "hs"),
    ("z", "ts"),
    ("c", "ts'"),
    ("r", "j"),
    ("m", "m"),
    ("f", "f"),
    ("n", "n"),
    ("l", "l"),
    ("h", "h"),
    ("s", "s"),
    ("y", "y"),
    ("w", "w"),
)


@lru_cache(maxsize=4096)
def to_wade_giles(syllable: str) -> str:
    """Wade-Giles spelling of one toneless pinyin syllable (lower case)."""
    s = syllable.lower()
    if s in _SPECIAL:
        return _SPECIAL[s]
    initial, wg_initial = "", ""
    for py, wg in _INITIALS:
        if s.startswith(py):
            initial, wg_initial = py, wg
            break
    final = s[len(initial) :]
    if initial in ("j", "q", "x", "y") and final.startswith("u"):
        final = "ü" + final[1:]
    if final == "ong":
        final = "ung"
    elif final == "iong":
        final = "iung"
    elif final == "ian":
        final = "ien"
    elif final == "ie":
        final = "ieh"
    elif final in ("üe", "ue"):
        final = "üeh"
    elif final == "uo" and initial in ("g", "k", "h", "sh", "zh", "ch", "r", "s", "z", "c"):
        final = "o" if initial not in ("zh", "ch", "s", "z", "c") else "uo"
    elif final == "e" and initial in ("g", "k", "h", "zh", "ch", "sh", "r", "d", "t", "n", "l", "z", "c", "s"):
        final = "o" if initial in ("g", "k", "h") else "e"
    elif final == "ui":
        final = "ui"
    elif final == "iu":
        final = "iu"
    return wg_initial + final
