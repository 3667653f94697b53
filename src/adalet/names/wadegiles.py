"""Pinyin → Wade-Giles for single syllables (rule-based, no tones).

Covers the regular correspondences (b→p, p→p', d→t, t→t', g→k, zh/j→ch,
q→ch', x→hs, z→ts, c→ts', r→j; -ong→-ung, -ian→-ien, -ie→-ieh, -ue→-üeh,
zhi→chih, zi→tzu, si→ssu, ci→tz'u, e→o after g/k/h, -uo→-o except after g/k/h/sh (Tso Tsung-t'ang, Lo Jui-ch'ing, Kuo Mo-jo),
you→yu, yi→i, yan→yen, he→ho). Output keeps the apostrophe; the Latin folding drops it. Read backwards, the final
ê is also taken when written eh (Chu Teh is Zhu De), as older English spellings write it.

:func:`to_pinyin` reads the other way, a Latin word typed in Wade-Giles (apostrophes and umlauts usually lost:
``Lin Piao``, ``Tse-tung``) as the pinyin it may stand for, so Wade-Giles meets pinyin when both are Latin; the
customary spellings of Taiwan (``data/romanization_customary.tsv``: Lee = li, Ing = ying) are read with it.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from itertools import islice, product

from adalet.names._data import load_table
from adalet.names.pinyin_syllables import fewest_split

_SPECIAL = {
    "zhi": "chih",
    "chi": "ch'ih",
    "shi": "shih",
    "ri": "jih",
    "zi": "tzu",
    "ci": "tz'u",
    "si": "ssu",
    "you": "yu",
    "yi": "i",
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
    elif final == "uo" and initial not in ("g", "k", "h", "sh"):
        final = "o"  # duo to, luo lo, zuo tso, cuo ts'o, suo so, zhuo cho, chuo ch'o, ruo jo; kuo, huo, shuo keep u
    elif final == "e" and initial in ("g", "k", "h", "zh", "ch", "sh", "r", "d", "t", "n", "l", "z", "c", "s"):
        final = "o" if initial in ("g", "k", "h") else "e"
    elif final == "ui":
        final = "ui"
    elif final == "iu":
        final = "iu"
    return wg_initial + final


@cache
def _wade_giles_syllables() -> dict[str, tuple[str, ...]]:
    """Wade-Giles syllable as typed in Latin text (apostrophes and umlauts dropped) → the pinyin syllables it writes."""
    from adalet.names.latin import ascii_fold
    from adalet.names.pinyin_syllables import syllables

    out: dict[str, list[str]] = {}
    for p in sorted(syllables(), key=lambda p: ("'" in to_wade_giles(p), p)):  # unaspirated first: the apostrophe is lost
        if "v" in p:
            continue
        out.setdefault(ascii_fold(to_wade_giles(p)).replace(" ", ""), []).append(p)
    for key, pinyin in list(out.items()):  # ê also written eh, where no syllable is spelled so (Chu Teh, Teh-huai)
        if key.endswith("e") and key[:-1] and key[-2] not in "aeiouy" and key + "h" not in out:
            out[key + "h"] = pinyin
    for row in load_table("romanization_customary.tsv"):  # Taiwan's customary spellings (Lee Teng-hui, Tsai Ing-wen)
        merged = out.setdefault(row[0], [])
        merged.extend(p.strip() for p in row[1].split(",") if p.strip() not in merged)
    return {k: tuple(v) for k, v in out.items()}


@lru_cache(maxsize=65536)
def split_wade_giles(word: str) -> tuple[str, ...] | None:
    """Fewest-syllable split of a folded Latin *word* into Wade-Giles syllables, or None."""
    return fewest_split(word, _wade_giles_syllables(), max_chars=30)


@lru_cache(maxsize=65536)
def to_pinyin(word: str, limit: int = 8) -> tuple[str, ...]:
    """Pinyin spellings of a folded Latin *word* read as Wade-Giles (``piao`` → biao, piao; ``tsetung`` → zedong...),
    () when it is not Wade-Giles. Without apostrophes aspiration is lost, so both readings are given."""
    split = split_wade_giles(word)
    if not split:
        return ()
    return _spelled(split, _wade_giles_syllables(), limit)


def _spelled(split: tuple[str, ...], table: dict[str, tuple[str, ...]], limit: int) -> tuple[str, ...]:
    """The first ``limit`` pinyin spellings of a word cut into ``split``, each syllable read by ``table``."""
    return tuple("".join(combo) for combo in islice(product(*(table[s] for s in split)), limit))


#: Apostrophes as typed for Wade-Giles's aspiration mark.
_APOSTROPHES = "'’‘ʼ`´"


def _with_apostrophe(text: str) -> str:
    """*text* in lower-case ASCII letters, its aspiration apostrophes kept as ``'`` (ü is u, hyphens dropped)."""
    import unicodedata

    out = []
    for ch in unicodedata.normalize("NFKD", text.lower()):
        if ch in _APOSTROPHES:
            out.append("'")
        elif ch.isascii() and ch.isalpha():
            out.append(ch)
    return "".join(out)


@cache
def _marked_syllables() -> dict[str, tuple[str, ...]]:
    """Wade-Giles syllable as written with its aspiration apostrophe (ch'ing; ching without one) → the pinyin
    syllables it writes."""
    from adalet.names.pinyin_syllables import syllables

    out: dict[str, list[str]] = {}
    for p in sorted(syllables()):
        if "v" not in p:
            out.setdefault(_with_apostrophe(to_wade_giles(p)), []).append(p)
    return {k: tuple(v) for k, v in out.items()}


@lru_cache(maxsize=65536)
def to_pinyin_marked(word: str, limit: int = 8) -> tuple[str, ...]:
    """Pinyin of one word of a name written with Wade-Giles's aspiration apostrophes (``Ch'ing-chao`` → qingzhao:
    a syllable written with one is aspirated, one without is not), () when the word does not split into Wade-Giles
    syllables so written (then :func:`to_pinyin` reads it as if the marks were lost)."""
    table = _marked_syllables()
    split = fewest_split(_with_apostrophe(word), table, max_chars=30, longest=7)
    if not split:
        return ()
    return _spelled(split, table, limit)


#: An aspiration apostrophe after a Wade-Giles initial (Ch'en, K'ang, T'ao, Ts'ai; not pinyin's Xi'an, Shi'en), and
#: ü after y, hs or ch (Yü, Hsü, Ch'ü: pinyin writes yu, xu, qu).
_WRITTEN_TRAIT = re.compile(r"(?:ch|ts|tz|[kpt])['’‘ʼ`´][a-zü]|(?:^|[^a-z])(?:y|hs|ch['’‘ʼ`´]?)ü", re.IGNORECASE)


@lru_cache(maxsize=65536)
def has_trait(text: str, words: tuple[str, ...]) -> bool:
    """Whether a Latin name shows that it is Wade-Giles and not pinyin: an aspiration apostrophe, ü after y/hs/ch,
    a hyphen inside a word (Tse-tung, Hsiao-p'ing), or a word that reads as Wade-Giles and is not valid pinyin
    (hs-, ts-/tz-, -ien, -ung, -ih, -eh, ssu, j before a/e/o: Hsi, Tsung, Chien, Lung, Shih, Yeh, Jen).
    *words* are the name's folded words (hyphens dropped)."""
    from adalet.names.pinyin_syllables import split

    if _WRITTEN_TRAIT.search(text.lower()):
        return True
    if any("-" in w.strip("-") for w in text.split()):
        return True
    return any(split(w) is None and split_wade_giles(w) is not None for w in words)
