"""Uyghur (and Kazakh) names transcribed into Han characters → Latin spellings.

Xinjiang writes Uyghur names in characters by sound (艾尔肯·吐尼亚孜 =
Erkin Tuniyaz), parts joined by a middle dot. ``data/uyghur_han.txt`` maps
names and name pieces to Latin spellings; :func:`segment` cuts a part by
longest match over that table, characters not in the table are read in pinyin.
:func:`latin_candidates` multiplies the spellings of the segments (capped) and
always adds the plain pinyin of all characters (``aierken``), the form used
by Chinese systems that romanise the characters directly. A part with characters
outside the table is also read through its syllables as Uyghur sounds
(:func:`adalet.names.pinyin_uyghur.read_syllables`, the route pinyin spellings take),
so a name the table knows only in part is still read as Uyghur.
"""

from __future__ import annotations

from functools import cache, lru_cache
from itertools import product

from adalet.names._data import load_table
from adalet.names.han import char_pinyin

#: Upper bound of spellings produced for one part.
MAX_CANDIDATES = 24


@cache
def table() -> dict[str, tuple[str, ...]]:
    """Characters → Latin spellings, from ``data/uyghur_han.txt``."""
    return {row[0]: tuple(s.strip() for s in row[1].split(",") if s.strip()) for row in load_table("uyghur_han.txt")}


@cache
def _max_len() -> int:
    return max(len(k) for k in table())


@lru_cache(maxsize=65536)
def segment(part: str) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Longest-match segmentation of *part*: (characters, spellings) pieces.

    Characters missing from the table become single-character pieces read in pinyin.
    """
    tab = table()
    out: list[tuple[str, tuple[str, ...]]] = []
    i = 0
    while i < len(part):
        for n in range(min(_max_len(), len(part) - i), 0, -1):
            piece = part[i : i + n]
            if piece in tab:
                out.append((piece, tab[piece]))
                i += n
                break
        else:
            ch = part[i]
            out.append((ch, char_pinyin(ch) or ("",)))
            i += 1
    return tuple(out)


def looks_transcribed(name: str) -> bool:
    """True for a dotless name made only of multi-character table pieces (买买提江)."""
    pieces = segment(name)
    return bool(pieces) and all(len(chars) >= 2 and chars in table() for chars, _ in pieces) and len(name) >= 3


#: Fewest characters of a dotless, spaceless name read as a transcription by its sounds (a Chinese name has two or
#: three characters; four only with a compound surname).
_SOUND_MIN_CHARS = 4


@lru_cache(maxsize=65536)
def sounds_transcribed(name: str) -> bool:
    """True for a name in characters, without a middle dot, that reads as a Uyghur name transcribed by sound: written
    in pieces parted by spaces (麦迪娜 买买提) of which one is a table element or sounds like a transcription, or one
    piece of four characters or more, without a compound surname, that sounds like one (伊帕爾罕 = yi-pa-er-han: a
    syllable -er after the first). "Sounds like a transcription" is :func:`adalet.names.pinyin_uyghur.strong`: three
    syllables or more with a trait Mandarin names lack."""
    from adalet.names.han import compound_surname
    from adalet.names.pinyin_uyghur import strong

    pieces = name.split()
    if len(pieces) < 2 and (len(name) < _SOUND_MIN_CHARS or compound_surname(name)):
        return False
    return any((len(p) >= 2 and p in table()) or strong(char_pinyin(p)) for p in pieces)


@lru_cache(maxsize=65536)
def latin_candidates(part: str) -> tuple[str, ...]:
    """Latin spellings of one dot-separated part, most likely first, pinyin last."""
    pieces = segment(part)
    out: list[str] = []
    for combo in product(*(spellings for _, spellings in pieces)):
        s = "".join(combo)
        if s and s not in out:
            out.append(s)
        if len(out) >= MAX_CANDIDATES:
            break
    if any(len(chars) == 1 and chars not in table() for chars, _ in pieces):
        # characters outside the table: also their syllables read as Uyghur sounds, as a pinyin spelling is
        from adalet.names.pinyin_uyghur import kept_as_spelled, read_syllables, with_final_r, with_initial_h

        syllables = char_pinyin(part)
        read = read_syllables(syllables)[:6]
        # and an unwritten initial h (阿吉 = Haji, 艾山 = Hesen), as a pinyin spelling's is (read_syllables)
        for s in (*read, kept_as_spelled(syllables), *with_final_r(syllables, read), *with_initial_h(syllables, out)):
            if s and s not in out:
                out.append(s)
    pinyin = "".join(char_pinyin(part))
    if pinyin and pinyin not in out:
        out.append(pinyin)
    return tuple(out)
