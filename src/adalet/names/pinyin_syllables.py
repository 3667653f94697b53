"""Valid toneless pinyin syllables, and splitting a Latin word into them.

Two Chinese given names that are both valid pinyin but differ in one
syllable are different names (Keqiang / Keqing, Jinlong / Jinhong), however
close the letters are; the scorer uses :func:`split` to see this. The
syllable inventory is read from pypinyin's character dictionary.
"""

from __future__ import annotations

from collections.abc import Collection
from functools import cache, lru_cache


@cache
def syllables() -> frozenset[str]:
    """All toneless pinyin syllables known to pypinyin (ü written u and v)."""
    from pypinyin.contrib.tone_convert import to_normal
    from pypinyin.pinyin_dict import pinyin_dict

    out: set[str] = set()
    for readings in pinyin_dict.values():
        for r in readings.split(","):
            s = to_normal(r.strip())
            if s.isascii() and s.isalpha():
                out.add(s.lower())
            elif s:
                out.add(s.lower().replace("ü", "u"))
                out.add(s.lower().replace("ü", "v"))
    out -= {"m", "n", "ng", "hm", "hng", "ê", "yo", "o"}
    return frozenset(out)


@lru_cache(maxsize=65536)
def split(word: str) -> tuple[str, ...] | None:
    """Fewest-syllable split of a lower-case ASCII *word* into pinyin, or None."""
    return fewest_split(word, syllables(), max_chars=40)


def fewest_split(word: str, valid: Collection[str], *, max_chars: int, longest: int = 6) -> tuple[str, ...] | None:
    """The split of *word* into the fewest pieces each in *valid* (at most *longest* letters), or None; words
    longer than *max_chars* are not split. Shared by the pinyin, Wade-Giles and pinyin-Uyghur readings."""
    n = len(word)
    if not n or n > max_chars:
        return None
    best: list[tuple[str, ...] | None] = [None] * (n + 1)
    best[0] = ()
    for i in range(n):
        cur = best[i]
        if cur is None:
            continue
        for j in range(i + 1, min(n, i + longest) + 1):
            if word[i:j] in valid:
                cand = cur + (word[i:j],)
                old = best[j]
                if old is None or len(cand) < len(old):
                    best[j] = cand
    return best[n]


#: Most syllables of one word of a Chinese name: a surname (复姓 included) or a given name has one or two.
HAN_WORD_SYLLABLES = 2


def syllable_similarity(a: str, b: str) -> float | None:
    """Share of equal syllables (by position) if both words are pinyin words a Chinese name can have, else None.

    A word of more than :data:`HAN_WORD_SYLLABLES` syllables is no Chinese surname or given name, even when it splits
    into pinyin (Elihan = e-li-han, Alihan = a-li-han are one Uyghur name, not two Mandarin ones): it is compared as
    any Latin word is."""
    sa, sb = split(a), split(b)
    if sa is None or sb is None or max(len(sa), len(sb)) > HAN_WORD_SYLLABLES:
        return None
    same = sum(1 for x, y in zip(sa, sb) if x == y)
    return same / max(len(sa), len(sb))
