"""Uyghur names spelled in Chinese pinyin (``Aisikaer`` = Esqer, ``Abuduxukuer Maimaiti`` = Abdushukur Memet).

PRC passports, ID cards, state media and some sanctions lists spell a Uyghur name in the pinyin of the characters
that transcribe it (艾斯卡尔 → Aisikaer). This module reads such a spelling back into Uyghur sounds through the same
transcription knowledge that reads the characters:

* the elements of ``data/uyghur_han.txt`` (characters → Uyghur spellings), keyed here by their characters' pinyin
  (every reading of a polyphonic character: 阿不都 is a-bu-du and a-bu-dou), matched longest first;
* for syllables outside those elements, ``data/pinyin_uyghur.tsv``: which Uyghur sounds each Mandarin syllable stands
  for in the transcription practice (epenthetic vowels, the -mu/-ti/-ke/-er endings, ai = e, x = sh...);
* for every other pinyin syllable, the values of its initial and its final (``data/pinyin_uyghur_sounds.tsv``: l for
  l and r, an epenthetic -i/-u/-e that stands for nothing, ü after j/q/x/y), so a name the tables have never seen is
  still read by rule (吐烈 tu-lie = Töre, 阿巴索夫 a-ba-suo-fu = Abbasov).

Characters reach the same syllables through their pinyin (:func:`read_syllables`), so characters, pinyin and
tone-marked pinyin (the accents fold away) meet the Uyghur form by one route.

False positives: a Han Chinese name in pinyin must not become a Uyghur name. A word is read only when it splits into
syllables that the transcription uses, and the name is read only when one of its words is unmistakably a
transcription (:func:`strong`): at least three such syllables and a trait Mandarin names lack (a syllable -er after
the first, a -ti/-mu/-ke/-zi/-fu/-pu/-si/-ding ending, a multi-syllable element of the table, or an x/q/zh initial),
or four syllables or more without a compound surname in front (Maihereban = Mehriban). Chinese given names have one
or two syllables, so Wang Junzheng or Chen Quanguo are never read; their pinyin still matches their characters by the
ordinary pinyin route.
"""

from __future__ import annotations

from functools import cache, lru_cache
from itertools import product

from adalet.names._data import load_table
from adalet.names.pinyin_syllables import fewest_split

#: Spellings kept for one word (cheapest first).
MAX_CANDIDATES = 12
#: Products of more combinations than this are cut to fewer values per syllable.
_MAX_COMBINATIONS = 2048
#: Word endings that mark a transcription (a Uyghur final consonant with an epenthetic vowel: -p is written fu 甫 or
#: pu 普, 亚库普 Yakupu = Yaqup; -s si 斯, 阿巴斯 Abasi = Abbas).
_ENDINGS = frozenset(("ti", "mu", "ke", "zi", "fu", "pu", "si", "ding", "er"))
#: Fewest syllables a word needs to make the name read as a transcription.
_STRONG_SYLLABLES = 3
#: A word of this many syllables is a transcription whatever its syllables: a Chinese given name has one or two, a
#: whole Chinese name written as one word three (four only with a compound surname: Ouyang, Sima).
_LONG_WORD = 4


@cache
def _sound_table() -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    """(initials, finals) → Uyghur values, from ``data/pinyin_uyghur_sounds.tsv``; ``-`` (an epenthetic vowel that
    stands for nothing) is the empty value, and so is an empty item after a comma (y, w: a glide that may be none)."""
    initials: dict[str, tuple[str, ...]] = {}
    finals: dict[str, tuple[str, ...]] = {}
    for kind, part, values in load_table("pinyin_uyghur_sounds.tsv"):
        vals = tuple("" if v.strip() == "-" else v.strip() for v in values.split(","))
        (initials if kind == "initial" else finals)[part] = vals
    return initials, finals


#: Initials of pinyin, two letters first.
_INITIALS = ("zh", "ch", "sh", "b", "p", "m", "f", "d", "t", "n", "l", "g", "k", "h", "j", "q", "x", "r", "z", "c",
             "s", "y", "w")


def _initial_final(syllable: str) -> tuple[str, str]:
    """A pinyin syllable cut into initial and final; after j, q, x, y the letter u is ü (written v)."""
    for ini in _INITIALS:
        if syllable.startswith(ini) and len(syllable) > len(ini):
            fin = syllable[len(ini):]
            if ini in ("j", "q", "x", "y") and fin.startswith("u"):
                fin = "v" + fin[1:]
            return ini, fin
    return "", syllable


@lru_cache(maxsize=4096)
def derived_values(syllable: str) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """Uyghur values of a syllable from its initial's and final's (inside a word, at its end), most usual first; at a
    word's end an epenthetic final stands for nothing first (-ti = t). None when a part is unknown."""
    initials, finals = _sound_table()
    ini, fin = _initial_final(syllable)
    ivals = initials.get(ini, ("",)) if ini else ("",)
    fvals = finals.get(fin)
    if fvals is None or (ini and ini not in initials):
        return None
    ranked = sorted(((i + f, ri + rf) for ri, i in enumerate(ivals[:3]) for rf, f in enumerate(fvals)),
                    key=lambda x: x[1])
    inside = tuple(dict.fromkeys(v for v, _ in ranked if v))
    if "" in fvals and ini:
        bare = tuple(dict.fromkeys(i for i in ivals[:3] if i))
        final = tuple(dict.fromkeys(bare + inside))
    else:
        final = inside
    return (inside, final) if inside else None


@cache
def syllable_values() -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    """Pinyin syllable → (Uyghur values inside a word, values at its end): the rows of ``data/pinyin_uyghur.tsv``,
    and for every other pinyin syllable the values its initial and final give (:func:`derived_values`)."""
    from adalet.names.pinyin_syllables import syllables

    out: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {}
    for syl in syllables():
        derived = derived_values(syl)
        if derived is not None and syl.isascii():
            out[syl] = derived
    for row in load_table("pinyin_uyghur.tsv"):
        values = tuple(v.strip() for v in row[1].split(",") if v.strip())
        final = tuple(v.strip() for v in row[2].split(",") if v.strip()) if len(row) > 2 and row[2] else values
        out[row[0]] = (values, final)
    return out


def _readings(chars: str) -> list[tuple[str, ...]]:
    """Every pinyin reading of *chars* (heteronyms of each character), few."""
    from pypinyin import Style, pinyin

    per_char = []
    for readings in pinyin(chars, style=Style.NORMAL, heteronym=True, errors="ignore"):
        clean = [r.lower().replace("ü", "u") for r in readings if r.isascii() and r.isalpha()]
        per_char.append(clean[:3] or [""])
    out = []
    for combo in product(*per_char):
        if all(combo):
            out.append(tuple(combo))
        if len(out) >= 16:
            break
    return out


@cache
def elements() -> dict[tuple[str, ...], tuple[str, ...]]:
    """Pinyin syllables of each multi-character element of ``data/uyghur_han.txt`` → its Uyghur spellings."""
    from adalet.names.uyghur_han import table

    out: dict[tuple[str, ...], list[str]] = {}
    for chars, spellings in table().items():
        if len(chars) < 2:
            continue
        for reading in _readings(chars):
            merged = out.setdefault(reading, [])
            merged.extend(s for s in spellings if s not in merged)
    return {k: tuple(v) for k, v in out.items()}


@cache
def _max_element() -> int:
    return max((len(k) for k in elements()), default=1)


@cache
def inventory() -> frozenset[str]:
    """Syllables the transcription uses (of the syllable table and of the elements)."""
    out = set(syllable_values())
    for key in elements():
        out.update(key)
    return frozenset(out)


@lru_cache(maxsize=65536)
def segment(word: str) -> tuple[str, ...] | None:
    """Fewest-syllable split of a lower-case ASCII *word* into transcription syllables, or None."""
    if not word.isalpha():
        return None
    return fewest_split(word, inventory(), max_chars=40)


def _pieces(syllables: tuple[str, ...]) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    """Longest-match cut of *syllables* into table elements and single syllables: (syllables, values) pieces."""
    elems, values = elements(), syllable_values()
    out: list[tuple[tuple[str, ...], tuple[str, ...]]] = []
    i, n = 0, len(syllables)
    while i < n:
        for k in range(min(_max_element(), n - i), 1, -1):
            key = syllables[i : i + k]
            if key in elems:
                out.append((key, elems[key]))
                i += k
                break
        else:
            syl = syllables[i]
            inside, final = values.get(syl, ((syl,), (syl,)))
            out.append(((syl,), final if i == n - 1 else inside))
            i += 1
    return out


@lru_cache(maxsize=65536)
def read_syllables(syllables: tuple[str, ...]) -> tuple[str, ...]:
    """Uyghur spellings of one word given as Mandarin syllables, most likely first (at most MAX_CANDIDATES)."""
    if not syllables:
        return ()
    choices = [vals for _, vals in _pieces(syllables)]
    width = 3
    while width > 1:
        size = 1
        for vals in choices:
            size *= min(len(vals), width)
        if size <= _MAX_COMBINATIONS:
            break
        width -= 1
    ranked = [tuple(enumerate(vals[:width])) for vals in choices]
    combos = sorted(product(*ranked), key=lambda combo: sum(rank for rank, _ in combo))
    out: list[str] = []
    for combo in combos:
        s = "".join(v for _, v in combo)
        if s not in out:
            out.append(s)
            if len(out) >= MAX_CANDIDATES:
                break
    kept = kept_as_spelled(syllables)
    if kept not in out:  # besides the cap: the one spelling that keeps the Mandarin syllables the table lacks
        out.append(kept)
    out.extend(s for s in with_final_r(syllables, out) if s not in out)
    out.extend(s for s in with_initial_h(syllables, out) if s not in out)
    return tuple(out)


#: Spellings of a word given an h before them when it begins with a vowel (:func:`with_initial_h`).
_INITIAL_H_READINGS = 1


def with_initial_h(syllables: tuple[str, ...], readings: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """The first reading of a word with an h before it, when its first syllable is a bare vowel (a, ai, e, o...) and
    the next begins with a consonant: the transcription leaves a Uyghur word's initial h unwritten (阿吉 a-ji = Haji,
    艾山 ai-shan = Hesen). Not before y or w (a-yi-xia-mu is Ayshem), nor in a word of one syllable, nor when the word
    begins with an element of the table (艾买提 is Ehmet, not Hemit)."""
    if len(syllables) < 2 or syllables[0][:1] not in ("a", "e", "o") or syllables[1][:1] in ("y", "w"):
        return ()
    if len(_pieces(syllables)[0][0]) > 1:  # a table element begins the word: the table says how it is spelled
        return ()
    return tuple("h" + r for r in readings[:_INITIAL_H_READINGS] if r and r[0] in "aeiou")


#: Syllables that end a word to write a final consonant besides those of _ENDINGS (-le = l, -se = s, -te = t, -ye = y,
#: -re = r): after them no r is added (:func:`with_final_r`).
_CONSONANT_SYLLABLES = frozenset(("le", "se", "te", "ye", "re", "he", "ge", "ne", "me", "be", "pe", "ze", "ce", "che", "she"))
#: Spellings of a word given a final r when its last syllable ends in a vowel (:func:`with_final_r`).
_FINAL_R_READINGS = 2


def with_final_r(syllables: tuple[str, ...], readings: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """The first readings of a word with an r after them, when its last syllable ends in a or e and is not one that
    writes a final consonant (-ke = k, -le = l...): the transcription often leaves a Uyghur word's final r unwritten
    (古力娜扎 gu-li-na-zha = Gulnezer, 卡德 ka-de = Qadir, 尔 being the character that writes it)."""
    if len(syllables) < 2:
        return ()
    last = syllables[-1]
    if last[-1:] not in ("a", "e") or last in _ENDINGS or last in _CONSONANT_SYLLABLES:
        return ()
    return tuple(r + "r" for r in readings[:_FINAL_R_READINGS] if r and r[-1] in "aeiou")


@cache
def _table_syllables() -> frozenset[str]:
    return frozenset(row[0] for row in load_table("pinyin_uyghur.tsv"))


def kept_as_spelled(syllables: tuple[str, ...]) -> str:
    """The word read through the table's own rows, each syllable the table lacks kept as Mandarin spells it: how a
    Latin spelling often writes such a syllable (Metusong for 买吐送: mai → me by the table, tu and song kept), which
    the values derived from initials and finals (sun, son) do not give."""
    table = _table_syllables()
    out = []
    for piece, vals in _pieces(syllables):
        out.append(vals[0] if len(piece) > 1 or piece[0] in table else piece[0])
    return "".join(out)


def _compound_surname(syllables: tuple[str, ...]) -> bool:
    """Whether a word's first two syllables are a Chinese compound surname (Ouyang, Sima, Zhuge...)."""
    from adalet.names.han import compound_surname_pinyin

    return "".join(syllables[:2]) in compound_surname_pinyin()


def strong(syllables: tuple[str, ...]) -> bool:
    """Whether a word's syllables are unmistakably a Uyghur transcription (see the module's notes)."""
    if len(syllables) < _STRONG_SYLLABLES:
        return False
    if len(syllables) >= _LONG_WORD and not _compound_surname(syllables):
        return True
    if "er" in syllables[1:] or syllables[-1] in _ENDINGS:
        return True
    if any(s[:1] in ("x", "q") or s.startswith("zh") for s in syllables):
        return True
    elems = elements()
    return any(syllables[i : i + k] in elems for k in range(2, _max_element() + 1) for i in range(len(syllables) - k + 1))


def every_word_polysyllabic(words: tuple[str, ...], split: list[tuple[str, ...] | None]) -> bool:
    """Whether a name of two words or more has every word in two transcription syllables or more, one syllable at
    least spelled as pinyin spells (:func:`pinyin_spelled`), no word a
    Chinese compound surname and none a single Wade-Giles syllable (Chien, Chiang, Hsiung split into pinyin as
    chi-en, chi-ang, but are one syllable): the shape of a Uyghur name in pinyin (Duolikun Mier, Ahong Yiming,
    Simayi Aisha), never of a Chinese one, whose surname is one syllable (two only when compound: Ouyang Xiuwen,
    Sima Guang) and whose given name is written as one word of one or two syllables."""
    from adalet.names.wadegiles import split_wade_giles

    return (
        len(split) >= 2
        and all(
            s is not None
            and len(s) >= 2
            and not (len(s) == 2 and _compound_surname(s))
            and len(split_wade_giles(w) or ()) != 1
            for w, s in zip(words, split)
        )
        and any(pinyin_spelled(syl) for s in split if s is not None for syl in s)
    )


#: Finals that a Latin spelling of a Uyghur, Arabic or European name seldom writes and pinyin writes for them (ai for
#: e, ou and uo for o, er for r, -ng): a syllable with one shows a pinyin spelling.
_PINYIN_FINALS = ("ai", "ei", "ao", "ou", "uo", "ie", "ui", "ng", "er")


def pinyin_spelled(syllable: str) -> bool:
    """Whether a syllable shows that a word is spelled in pinyin rather than in a Latin spelling of the name itself:
    a final of :data:`_PINYIN_FINALS`, an initial x, q, zh or c, or yi / wu for a Uyghur i / u. Dina Kamila, Salima
    Bahadi or Nadia Karima split into pinyin syllables too, but show none: they are read as the Latin they are."""
    return (
        syllable.endswith(_PINYIN_FINALS)
        or syllable[:1] in ("x", "q", "c")
        or syllable.startswith(("zh", "yi", "wu"))
    )


@lru_cache(maxsize=65536)
def read_name(words: tuple[str, ...], hyphenated: bool = False) -> tuple[tuple[str, ...] | None, ...] | None:
    """Uyghur spellings of each word of a Latin name read as a pinyin transcription, or None when the name is not one.

    *words* are lower-case ASCII words; a word that is not read (too short, not transcription syllables) is None.
    A name is read when one of its words is :func:`strong`, or, when it was written without hyphens (a hyphen
    between syllables is the mark of a Chinese given name: Teng-hui), when :func:`every_word_polysyllabic`.
    """
    split = [segment(w) for w in words]
    if not any(s is not None and strong(s) for s in split) and (hyphenated or not every_word_polysyllabic(words, split)):
        return None
    return tuple(read_syllables(s) if s is not None and len(s) >= 2 else None for s in split)
