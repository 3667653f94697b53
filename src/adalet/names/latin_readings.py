"""Further readings of a Latin name: a pinyin-spelled Uyghur name read as Uyghur, a Wade-Giles name read as pinyin.

:func:`readings` gives, for the ASCII-folded text of a Latin name, the extra forms :mod:`adalet.names.forms` adds
beside the words as written, each as (kind, label, parts) with parts as (role, spellings):

* ``uyghur``: the name read as the pinyin of a Uyghur name transcribed into characters
  (:mod:`adalet.names.pinyin_uyghur`; ``Abuduxukuer Maimaiti`` → abdushukur memet), compared by the Uyghur rules
  as a character transcription is;
* ``wade-giles``: every word read as Wade-Giles syllables and given in pinyin (``Mao Tse-tung`` → mao zedong,
  ``Lin Piao`` → lin biao/piao), so Wade-Giles meets pinyin when both are Latin. Only when every word is
  Wade-Giles and one of them reads differently in pinyin.

A Latin name whose every word is also valid pinyin may be either: ``Li Ping`` is the Wade-Giles of Li Bing and the
pinyin of another name, Li Ping. So the Wade-Giles reading counts fully only when the name shows Wade-Giles
(:func:`adalet.names.wadegiles.has_trait`: an aspiration apostrophe, a hyphen between syllables, ü after y/hs/ch, or
a word that is Wade-Giles and not pinyin: hs-, ts-/tz-, -ien, -ung, -ih, -eh, j before a/e/o, ssu); otherwise it is
kept with the ceiling :data:`UNMARKED`: a match to confirm (above the 0.7 of a match, below a spelling the letters
settle), its explanation saying that the name is also valid pinyin and may be another person's. Issue 17 asks for
``Lin Piao`` / ``Lin Biao`` (older English texts print Wade-Giles without apostrophes: Li Po, Liu Pei, Chang Fei), and
a reviewer confirms every match; the cost, stated: two pinyin names that differ only in aspirated and plain initials
(``Li Bo`` / ``Li Po``) meet too. ``Mao Tse-tung``, ``Teng Hsiao-p'ing`` and any name in characters (whose
Wade-Giles form is derived from the characters) match fully.
"""

from __future__ import annotations

from functools import lru_cache

from adalet.names import pinyin_uyghur
from adalet.names.wadegiles import _WRITTEN_TRAIT, has_trait, to_pinyin, to_pinyin_marked

#: Ceiling of a Wade-Giles reading of a name that shows no Wade-Giles trait: a match to confirm, never a sure one.
#: (Chosen on the development data only, dev_v2 + dev_v3 + dev_v4: 0.65 left Wade-Giles at 0.923 recall, 0.75 gives
#: 0.994 with no false positive among the 490 different-people pairs.)
UNMARKED = 0.75

#: (kind, label, parts as (role, spellings), ceiling of the form's score)
Reading = tuple[str, str, tuple[tuple[str, tuple[str, ...]], ...], float]


def _written_words(text: str) -> tuple[str, ...]:
    """The words of a name as written (marks kept), in the order and number of :func:`_words` of its folded form."""
    return tuple(w for w in text.replace(",", " ").split() if any(ch.isalpha() for ch in w))[:6]


def _words(folded: str) -> tuple[str, ...]:
    return tuple(w for w in (w.replace("-", "") for w in folded.replace(",", " ").split()) if w.isalpha())


@lru_cache(maxsize=65536)
def readings(folded: str, text: str = "") -> tuple[Reading, ...]:
    """Extra (kind, label, parts, ceiling) readings of an ASCII-folded Latin name (see the module's notes); *text* is
    the name as written (apostrophes and umlauts are Wade-Giles traits that folding loses), *folded* when not given."""
    words = _words(folded)[:6]
    if not words:
        return ()
    out: list[Reading] = []
    uyghur = pinyin_uyghur.read_name(words, "-" in folded)
    if uyghur is not None:
        parts = tuple(("", spellings if spellings else (w,)) for w, spellings in zip(words, uyghur))
        if any(spellings and spellings[0] != w for w, spellings in zip(words, uyghur)):
            text = " ".join(s[0] for _, s in parts)
            out.append(("uyghur", f"pinyin read as Uyghur '{text}'", parts, 1.0))
    pinyin = tuple(to_pinyin(w) for w in words)
    if text and _WRITTEN_TRAIT.search(text):  # written with aspiration marks: a syllable without one is unaspirated
        written = _written_words(text)
        if len(written) == len(words):
            pinyin = tuple(to_pinyin_marked(m) or p for m, p in zip(written, pinyin))
    if all(pinyin) and any(p != (w,) for w, p in zip(words, pinyin)):
        parts = tuple(("", p) for p in pinyin)
        read = " ".join(p[0] for p in pinyin)
        if has_trait(text or folded, words):
            out.append(("wade-giles", f"Wade-Giles read as pinyin '{read}'", parts, 1.0))
        else:
            out.append(("wade-giles", f"read as Wade-Giles, pinyin '{read}': to confirm (no Wade-Giles trait: the "
                        f"name is also valid pinyin, maybe another person's; capped {UNMARKED})", parts, UNMARKED))
    return tuple(out)
