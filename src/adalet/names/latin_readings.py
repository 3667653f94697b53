"""Further readings of a Latin name: a pinyin-spelled Uyghur name read as Uyghur, a Wade-Giles name read as pinyin.

:func:`readings` gives, for the ASCII-folded text of a Latin name, the extra forms :mod:`adalet.names.forms` adds
beside the words as written, each as (kind, label, parts) with parts as (role, spellings):

* ``uyghur``: the name read as the pinyin of a Uyghur name transcribed into characters
  (:mod:`adalet.names.pinyin_uyghur`; ``Abuduxukuer Maimaiti`` → abdushukur memet), compared by the Uyghur rules
  as a character transcription is;
* ``wade-giles``: every word read as Wade-Giles syllables and given in pinyin (``Mao Tse-tung`` → mao zedong,
  ``Lin Piao`` → lin biao/piao), so Wade-Giles meets pinyin when both are Latin. Only when every word is
  Wade-Giles and one of them reads differently in pinyin.
"""

from __future__ import annotations

from functools import lru_cache

from adalet.names import pinyin_uyghur
from adalet.names.wadegiles import to_pinyin

Reading = tuple[str, str, tuple[tuple[str, tuple[str, ...]], ...]]


def _words(folded: str) -> tuple[str, ...]:
    return tuple(w for w in (w.replace("-", "") for w in folded.replace(",", " ").split()) if w.isalpha())


@lru_cache(maxsize=65536)
def readings(folded: str) -> tuple[Reading, ...]:
    """Extra (kind, label, parts) readings of an ASCII-folded Latin name (see the module's notes)."""
    words = _words(folded)[:6]
    if not words:
        return ()
    out: list[Reading] = []
    uyghur = pinyin_uyghur.read_name(words)
    if uyghur is not None:
        parts = tuple(("", spellings if spellings else (w,)) for w, spellings in zip(words, uyghur))
        if any(spellings and spellings[0] != w for w, spellings in zip(words, uyghur)):
            text = " ".join(s[0] for _, s in parts)
            out.append(("uyghur", f"pinyin read as Uyghur '{text}'", parts))
    pinyin = tuple(to_pinyin(w) for w in words)
    if all(pinyin) and any(p != (w,) for w, p in zip(words, pinyin)):
        parts = tuple(("", p) for p in pinyin)
        text = " ".join(p[0] for p in pinyin)
        out.append(("wade-giles", f"Wade-Giles read as pinyin '{text}'", parts))
    return tuple(out)
