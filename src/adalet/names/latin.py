"""Latin-script tokens: ASCII folding and spelling-variant folding.

``ascii_fold`` removes diacritics (é→e, ö→o, ü→u, ş→s...) after mapping the
letters that carry meaning in Turkic alphabets (ş→sh, ç→ch, ğ→gh, ı→i, ə→e).

``fold`` then maps the spelling variants seen for Uyghur and Chinese names
in Latin script onto one key, so that the scorer compares sounds rather than
conventions: q→k, kh→h, x→sh, gh→g, w→v, c→j before a vowel at the end of
a compound (-can/-jan), a leading ``abdul`` → ``abdu``, doubled letters →
single letter (except ``gg``: in pinyin ``-ng|g-`` is a
syllable boundary, Mingguo ≠ Minguo), apostrophes (Wade-Giles aspiration, Min'er) dropped.

The Uyghur letters of other alphabets (Yengi Yeziq ɵ ⱨ ⱪ ƣ ⱬ ə, Cyrillic ө ү ң typed in Latin text, ŋ) and the
``fold`` rules are rows of ``data/uyghur_latin_variants.tsv`` (:mod:`adalet.names.spelling`), each with its source;
a name written with a Yengi Yeziq letter is read as Yengi Yeziq (its q is ch).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from adalet.names import spelling

_TURKIC = str.maketrans(
    {
        "ş": "sh",
        "Ş": "sh",
        "ç": "ch",
        "Ç": "ch",
        "ğ": "gh",
        "Ğ": "gh",
        "ı": "i",
        "İ": "i",
        "ə": "e",
        "Ə": "e",
        "ǝ": "e",
        "Ǝ": "e",
        "ä": "e",
        "Ä": "e",
        "ß": "ss",
        "ł": "l",
        "Ł": "l",
        "ø": "o",
        "Ø": "o",
        "đ": "d",
        "Đ": "d",
        "æ": "ae",
        "Æ": "ae",
        "œ": "oe",
        "Œ": "oe",
        "ⱨ": "h",
        "Ⱨ": "h",
        "ⱪ": "q",
        "Ⱪ": "q",
    }
)

_APOSTROPHES = "'’‘`´ʼʻ‛"
_TOKEN_SPLIT = re.compile(r"[^a-z]+")
_ASCII_APOSTROPHES = re.compile("[" + re.escape("".join(c for c in _APOSTROPHES if c.isascii())) + "]")
_ASCII_NOT_KEPT = re.compile(r"[^a-z ,\-]")
_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=65536)
def ascii_fold(text: str) -> str:
    """Lower-case ASCII form of *text*; non-letters other than space, comma, hyphen dropped."""
    if text.isascii():  # nothing to fold or strip of accents: the same result in three passes
        text = _ASCII_NOT_KEPT.sub(" ", _ASCII_APOSTROPHES.sub("", text.lower()))
        return _SPACES.sub(" ", text).strip()
    return _fold_any(text)


_LETTERS = {**_TURKIC, **{ord(k): v for k, v in spelling.letters().items()}}
_YENGI = {ord(k): v for k, v in spelling.yengi().items()}


def _fold_any(text: str) -> str:
    """:func:`ascii_fold` of any text, letter by letter."""
    if not spelling.YENGI_LETTERS.isdisjoint(text):
        text = text.translate(_YENGI)
    text = text.translate(_LETTERS)
    text = unicodedata.normalize("NFKD", text)
    out = []
    for ch in text:
        if ch in _APOSTROPHES:
            continue
        if ch.isascii() and (ch.isalpha() or ch in " ,-"):
            out.append(ch.lower())
        elif unicodedata.combining(ch):
            continue
        else:
            out.append(" ")
    return re.sub(r"\s+", " ", "".join(out)).strip()


#: The ``fold`` rows of data/uyghur_latin_variants.tsv, in order (Abdul-, kh, gh, x, q, w, ph, -can, doubled letters).
_FOLD_RULES: tuple[tuple[re.Pattern[str], str, str], ...] = spelling.fold_rules()


@lru_cache(maxsize=131072)
def fold(token: str) -> str:
    """Spelling-variant key of one Latin token (``Mehmetcan`` → ``mehmetjan``)."""
    token = ascii_fold(token).replace(" ", "").replace("-", "").replace(",", "")
    for pattern, repl, needs in _FOLD_RULES:
        if needs not in token:  # the rule cannot match: no search ("" is in every token)
            continue
        token = pattern.sub(repl, token)
    return token


def tokens(text: str) -> list[str]:
    """ASCII-folded word tokens of *text* (hyphens and commas split)."""
    return [t for t in _TOKEN_SPLIT.split(ascii_fold(text)) if t]


_SKELETON_DROP = re.compile(r"[aeiouyh]")
#: A v (ULY w) that is a glide or an ending leaves the skeleton: between a vowel and u or o (吾 wu: 巴吾东 ba-wu-dong
#: = Bawudun / Baudun, Dawut / Daut) and a Russian-style ending's (-ev, -ov, -eva, -ova). Elsewhere it is a consonant
#: (Abduweli is not Abdulla, Enwer not Anar).
_GLIDE_V = re.compile(r"(?<=[aeiouy])v(?=[uo])|(?<=[aeiou])v(?=a?$)")
#: Uyghur has no native /f/: Arabic-Persian f is written p (Saifuddin / Seypidin, Yusuf / Yusup).
_SKELETON_MAP = str.maketrans({"f": "p"})


@lru_cache(maxsize=131072)
def skeleton(key: str) -> str:
    """Consonant skeleton of a folded key: a leading vowel becomes ``V``, other vowels,
    ``h``, ``y`` and a glide or ending ``v`` go (``rebiya``/``rabiye`` → ``rb``, ``eysa``/``isa`` → ``Vs``,
    ``bavudun``/``baudun`` → ``bdn``; ``abduveli`` keeps its v: ``Vbdvl``, not ``abdula``'s ``Vbdl``),
    ``f`` is read ``p`` (``saifudin``/``seypidin`` → ``spdn``). A leading ``h`` before o or u goes too: the
    transcription into characters writes a Uyghur word's first ho-/hu- with 吾 wu (吾守尔 wu-shou-er and 吾休尔
    wu-xiu-er are Hoshur), so ``hoshur``/``ushur`` → ``Vsr``, as ``h`` inside a word already goes; only when two
    consonants remain after the vowel (``hunan`` stays ``hn``, not the ``Vn`` of ``yan``). Before e, a or i the
    h is written (海米提 = Hemit), and Hemit is not Ehmet.

    Used only for Uyghur forms, whose vowels vary between romanisations.
    """
    if not key:
        return ""
    key = _GLIDE_V.sub("", key.translate(_SKELETON_MAP))
    if len(key) > 3 and key[0] == "h" and key[1] in "ou":
        rest = _consonants(key[2:])
        if len(rest) >= 2:
            return "V" + rest
    head = "V" if key[0] in "aeiouy" else key[0]
    return head + _consonants(key[1:])


def _consonants(text: str) -> str:
    """The consonants of a skeleton after its first letter (see :func:`skeleton`), a doubled one once."""
    return re.sub(r"(.)\1+", r"\1", _SKELETON_DROP.sub("", text))


#: A Russian patronymic in Latin (BGN/PCGN and passport spellings: -ovich, -evich, -yevich, -ovna, -evna, -ichna;
#: Nurlanovich, Islamovna, Kamolitdinovich) and a Turkic "son of" / "daughter of" attached to the father's name
#: (Nursultanqyzy, Sarsenbayuly), as adalet.names.cyrillic reads them in Cyrillic.
_PATRONYMIC = re.compile(r"(?:ovich|evich|ovitch|evitch|ovic|evic|ovna|evna|ichna)$")
_ATTACHED = re.compile(r"(?:uly|uli|uulu|kyzy|qyzy|kizi|qizi)$")
#: The same as a separate word after the father's name (Kazakh uly/qyzy, Kyrgyz uulu/kyzy, Azerbaijani oglu/qizi,
#: Uzbek o'g'li/qizi).
_PARTICLES = frozenset(("uly", "ulu", "uulu", "kyzy", "qyzy", "kizi", "qizi", "ogly", "oglu", "ogli", "ugli", "ogul"))
#: A surname ending whose stem is the name itself, as adalet.names.cyrillic reads -ов/-ев/-ова/-ева: Central Asian
#: surnames are written with and without it, and with the ending of one tradition or another for one name:
#: Russian -ov/-ev/-ova/-eva (Rakhmonov → Rakhmon, Zakirova → Zakir; BGN -yev), the same in French and old English
#: spelling -off/-eff (Abbasoff), German -ow/-owa (Tasmaghambetow), Uyghur Arabic script's -وف read -of/-ef
#: (ئابباسوف = Abbasof), and the Kazakh and Kyrgyz "son of"/"daughter of" written as a surname
#: (Qunanbaiuly = Kunanbayev, Alimzhankyzy = Alimjan's daughter, Kyrgyz -uulu), as the Turkish, Azerbaijani and
#: Uzbek "son of" is (-oğlu, -oglu, -ogly, o'g'li: Sugurbayoglu = Sugurbayev).
_SURNAME_SUFFIX = re.compile(
    r"(?:ov|ev|yev|ova|eva|yeva|off|eff|ow|owa|of|ef|uly|uli|uulu|kyzy|qyzy|kizi|qizi|oglu|ogly|ogli|ugli)$"
)
#: Any of the above, in one search (most names have none).
_ANY_PATRONYMIC = re.compile(r"(?:vi?t?ch|vic|vna|ichna|ul[iuy]|kyzy|qyzy|kizi|qizi|og[lu][iuy]|ugli|ogul)\b")


def surname_stem(word: str) -> str:
    """The stem of a Russian-style surname (`rakhmonov` → `rakhmon`), or '' when the word has no such ending or the
    stem would be shorter than three letters (Lev, Ova)."""
    m = _SURNAME_SUFFIX.search(word)
    return word[: m.start()] if m and m.start() >= 3 and not _PATRONYMIC.search(word) else ""


def patronymic(words: list[str] | tuple[str, ...]) -> frozenset[int]:
    """Indexes of the words of a Latin name (ASCII-folded, lower case) that are a patronymic: a Russian patronymic,
    a Turkic "son of"/"daughter of" attached (in a name of three words or more) or a separate particle with the
    father's name before it."""
    if not _ANY_PATRONYMIC.search(" ".join(words)):
        return frozenset()
    out: set[int] = set()
    for i, w in enumerate(words):
        if len(w) > 6 and _PATRONYMIC.search(w):
            out.add(i)
        elif w in _PARTICLES and i > 0:
            out.update((i - 1, i))
        elif len(words) >= 3 and len(w) > 5 and _ATTACHED.search(w):
            out.add(i)
    attached = sorted(i for i in out if _ATTACHED.search(words[i]))
    if len(attached) > 1 and attached[-1] == len(words) - 1:
        out.discard(attached[-1])  # Shokan Shyngysuly Walikhanuly: the father's name, then the family's
    return frozenset(out)
