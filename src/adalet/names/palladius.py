"""Russian spellings of Chinese names (the Palladius system) read back into pinyin.

Russian writes a Chinese name syllable by syllable in the Palladius system: 周恩来 is Чжоу Эньлай, 王沪宁 Ван Хунин,
赵乐际 Чжао Лэцзи. The table ``data/palladius.tsv`` gives every pinyin syllable's Palladius spelling (its header
states the rules and their source); read backwards, it splits each Cyrillic word into the fewest Palladius
syllables (a hard sign ъ marks a syllable boundary: Чжунъин is zhong-ying) and writes their pinyin.

A name is read only when every one of its words splits wholly into Palladius syllables, so a Kazakh, Kyrgyz or
Russian name (Нурлан, Маматов, Алимжан) is not given a Chinese reading; the pinyin it yields is then compared as
any pinyin name is (with characters, tone-marked pinyin and Wade-Giles).
"""

from __future__ import annotations

from functools import cache, lru_cache

from adalet.names._data import load_table
from adalet.names.pinyin_syllables import fewest_split

#: The longest Palladius syllable (чжуань, цзюань) in letters.
LONGEST = 6


@cache
def _inverse() -> dict[str, str]:
    """Palladius syllable → pinyin syllable (where two share a spelling, the longer pinyin: ло is luo, not lo)."""
    inverse: dict[str, str] = {}
    for pinyin, cyrillic in load_table("palladius.tsv"):
        if len(pinyin) > len(inverse.get(cyrillic, "")):
            inverse[cyrillic] = pinyin
    if not inverse:  # pragma: no cover - the table ships with the package
        raise RuntimeError("adalet.names: data/palladius.tsv is empty: Russian spellings of Chinese names cannot be read")
    return inverse


def read_word(word: str) -> str | None:
    """The pinyin of one lower-case Cyrillic word, or None when it is not wholly Palladius syllables."""
    inverse = _inverse()
    out: list[str] = []
    for chunk in word.replace("ё", "е").split("ъ"):
        pieces = fewest_split(chunk, inverse, max_chars=30, longest=LONGEST)
        if not pieces:
            return None
        out.extend(inverse[p] for p in pieces)
    return "".join(out)


@lru_cache(maxsize=65536)
def read(text: str) -> str | None:
    """A Cyrillic name's pinyin reading ('Ван Хунин' → 'Wang Huning'), or None unless every word is Palladius."""
    words = [w for w in text.lower().replace("-", " ").replace("·", " ").split() if w]
    if not words:
        return None
    read_words = [read_word(w) for w in words]
    if any(w is None for w in read_words):
        return None
    return " ".join(w.capitalize() for w in read_words if w)
