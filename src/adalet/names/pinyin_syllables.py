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
    """Share of equal syllables (by position) if both words are words a Chinese name can have, in pinyin or in
    Wade-Giles, else None.

    Two pinyin words are compared syllable by syllable. When one of them, or both, is Wade-Giles beyond doubt
    (:func:`wade_giles_word`) or written with its hyphens or apostrophes (Ching-sheng, Te-liang), each syllable stands for the pinyin syllables it may write (a
    pinyin word's syllables also for what they write read as Wade-Giles: cheng is zheng or cheng), and two syllables
    are equal when they may write one pinyin syllable: Yu Chengsheng and Yü Ching-sheng differ in a syllable
    (正 zheng, 景 jing), so they are two names, as Yu Zhengsheng and Yu Jingsheng are.

    A word of more than :data:`HAN_WORD_SYLLABLES` syllables is no Chinese surname or given name, even when it splits
    into pinyin (Elihan = e-li-han, Alihan = a-li-han are one Uyghur name, not two Mandarin ones): it is compared as
    any Latin word is."""
    sa, sb = split(a), split(b)
    if sa is not None and sb is not None:
        if max(len(sa), len(sb)) > HAN_WORD_SYLLABLES:
            return None
        same = sum(1 for x, y in zip(sa, sb) if x == y)
        return same / max(len(sa), len(sb))
    if not any(wade_giles_word(w) or not _MARKS.isdisjoint(w) for w in (a, b)):
        return None
    ra, rb = mandarin_readings(a), mandarin_readings(b)
    if ra is None or rb is None or max(len(ra), len(rb)) > HAN_WORD_SYLLABLES:
        return None
    same = sum(1 for x, y in zip(ra, rb) if not x.isdisjoint(y))
    return same / max(len(ra), len(rb))


#: Hyphens and apostrophes, which Wade-Giles writes between a given name's syllables and after aspirated initials.
_MARKS = frozenset("-'’‘ʼ`")


def _letters(word: str) -> str:
    from adalet.names.latin import ascii_fold

    return "".join(ch for ch in ascii_fold(word).lower() if ch.isalpha())


@lru_cache(maxsize=65536)
def wade_giles_word(word: str) -> bool:
    """Whether *word* is Wade-Giles beyond doubt: it splits into Wade-Giles syllables, one of which begins with a
    consonant and is no pinyin syllable (ch'ien, ching, hsi, tsung, jen). A syllable of a vowel alone (i = yi, o = e)
    is no such sign: Imin or Emin are Uyghur names, whatever Wade-Giles could make of their letters."""
    from adalet.names.wadegiles import split_wade_giles

    wade_giles = split_wade_giles(_letters(word))
    return wade_giles is not None and any(s[0] not in "aeiouy" and s not in syllables() for s in wade_giles)


@lru_cache(maxsize=65536)
def mandarin_readings(word: str) -> tuple[frozenset[str], ...] | None:
    """The pinyin syllables each syllable of *word* may write, read as pinyin (each syllable itself and what it
    writes as Wade-Giles) or, when it is no pinyin, as Wade-Giles; None when it is neither. Letters are folded to
    ASCII and apostrophes and hyphens dropped first (Ch'ing-sheng = chingsheng)."""
    from adalet.names.wadegiles import _wade_giles_syllables, split_wade_giles

    folded = _letters(word)
    table = _wade_giles_syllables()
    pinyin = split(folded)
    wade_giles = split_wade_giles(folded)
    if wade_giles is not None and (pinyin is None or len(wade_giles) < len(pinyin)):
        # fewer syllables as Wade-Giles: chienkuo is ch'ien-kuo, not the pinyin chi-en-kuo
        return tuple(frozenset(table[s]) for s in wade_giles)
    if pinyin is None:
        return None
    return tuple(frozenset((s, *table.get(s, ()))) for s in pinyin)
