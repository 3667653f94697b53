"""Uyghur Arabic script (UEY) ↔ Uyghur Latin (ULY), rule-based.

The Uyghur Arabic alphabet writes every vowel, so transliteration is a
letter table. The hamza carrier ئ only marks a vowel at the start of a
syllable and is dropped. خ is written ``h`` (English usage: Tohti); back to
Arabic, ``x`` (ULY) and ``kh`` become خ, a bare ``h`` stays ھ (Abdurehim), so
callers pass the x/kh spelling when they have one (:func:`adalet.names.forms.variants`).
Arabic/Persian look-alike letters (ه ي ی ک) are accepted.
"""

from __future__ import annotations

from functools import lru_cache

UEY_TO_ULY: dict[str, str] = {
    "ا": "a",
    "ە": "e",
    "ه": "e",
    "ب": "b",
    "پ": "p",
    "ت": "t",
    "ج": "j",
    "چ": "ch",
    "خ": "h",
    "د": "d",
    "ر": "r",
    "ز": "z",
    "ژ": "zh",
    "س": "s",
    "ش": "sh",
    "غ": "gh",
    "ف": "f",
    "ق": "q",
    "ك": "k",
    "ک": "k",
    "گ": "g",
    "ڭ": "ng",
    "ل": "l",
    "م": "m",
    "ن": "n",
    "ھ": "h",
    "و": "o",
    "ۇ": "u",
    "ۆ": "ö",
    "ۈ": "ü",
    "ۋ": "w",
    "ې": "é",
    "ى": "i",
    "ي": "y",
    "ی": "y",
    "ئ": "",
    "ء": "",
    "أ": "a",
    "إ": "i",
    "آ": "a",
    "ع": "",
    "ح": "h",
    "ص": "s",
    "ض": "z",
    "ط": "t",
    "ظ": "z",
    "ث": "s",
    "ذ": "z",
    "ة": "e",
}

_LATIN_DIGRAPHS = {"ch": "چ", "sh": "ش", "gh": "غ", "kh": "خ", "ng": "ڭ", "zh": "ژ"}
_LATIN_LETTERS = {
    "a": "ا",
    "e": "ە",
    "b": "ب",
    "p": "پ",
    "t": "ت",
    "j": "ج",
    "x": "خ",
    "d": "د",
    "r": "ر",
    "z": "ز",
    "s": "س",
    "f": "ف",
    "q": "ق",
    "k": "ك",
    "g": "گ",
    "l": "ل",
    "m": "م",
    "n": "ن",
    "h": "ھ",
    "o": "و",
    "u": "ۇ",
    "ö": "ۆ",
    "ü": "ۈ",
    "w": "ۋ",
    "v": "ۋ",
    "é": "ې",
    "i": "ى",
    "y": "ي",
    "c": "ج",
}
_VOWELS = set("aeéioöuü")


@lru_cache(maxsize=65536)
def to_latin(text: str) -> str:
    """ULY-like Latin form of Uyghur Arabic *text* (words kept apart)."""
    out = []
    for ch in text:
        if ch in UEY_TO_ULY:
            out.append(UEY_TO_ULY[ch])
        elif ch.isspace():
            out.append(" ")
        elif "\u064b" <= ch <= "\u065f" or ch == "\u0640":  # harakat, tatweel
            continue
        elif ch.isalpha() and ch.isascii():
            out.append(ch.lower())
        else:
            out.append(" ")
    return " ".join("".join(out).split())


@lru_cache(maxsize=65536)
def from_latin(text: str) -> str:
    """Uyghur Arabic form of a ULY-like Latin name (hamza before initial vowels)."""
    words = []
    for word in text.lower().split():
        out = []
        i = 0
        prev_vowel = False
        while i < len(word):
            pair = word[i : i + 2]
            if pair in _LATIN_DIGRAPHS:
                out.append(_LATIN_DIGRAPHS[pair])
                i += 2
                prev_vowel = False
                continue
            ch = word[i]
            if ch in _VOWELS and (i == 0 or prev_vowel):
                out.append("ئ")
            out.append(_LATIN_LETTERS.get(ch, ""))
            prev_vowel = ch in _VOWELS
            i += 1
        if out:
            words.append("".join(out))
    return " ".join(words)
