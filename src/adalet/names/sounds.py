"""A Uyghur name part transcribed into Chinese (characters or their pinyin) compared with a Latin spelling by its
sounds, not by a list of spellings (issue 17: names whose elements no table holds).

A transcribed part is a *lattice*: one slot per piece, each slot the Uyghur sound sequences the piece may stand for —
a table element's spellings (``data/uyghur_han.txt``), else every reading of the character (polyphones too) or the
pinyin syllable, through its Uyghur values (``data/pinyin_uyghur.tsv`` and, for syllables no row lists, the values of
its initial and final, ``data/pinyin_uyghur_sounds.tsv``: -ti = t, -mu = m, -er = r, x = sh, an epenthetic vowel that
stands for nothing) and the syllable as spelled. :func:`similarity` is one minus the cheapest weighted edit of any path
through the lattice into the Latin word, over the word's length. The weights say what transcription blurs: a vowel
for another vowel (vowel harmony, e/a, o/u, i/é), a consonant for one of its class (Mandarin writes k, q, g, gh and h
alike, l for r, p for b and f, d for t) and an epenthetic vowel or an unwritten h, y, w cost less than a consonant
changed, added or dropped, which is what tells two names apart.

The scorer uses it only between a transcribed part and a Latin or Arabic-script reading (:mod:`adalet.names.score`),
where the spellings the tables give were already tried; the similarity it gives is capped below an exact spelling.
"""

from __future__ import annotations

from functools import lru_cache

from adalet.names.latin import fold

Lattice = tuple[tuple[str, ...], ...]

_VOWELS = frozenset("aeiouy")
#: Consonants that transcription into Mandarin writes alike (one initial for several Uyghur sounds).
_CLASSES = ("kgqh", "lr", "pbfv", "dt", "szcj", "wv")
_CLASS_OF = {ch: i for i, cls in enumerate(_CLASSES) for ch in cls}
#: Vowels that stand for each other in Uyghur spellings and transcriptions (vowel harmony: e/a, o/u, i/é, ö/ü folded)
#: cost VOWEL_SUBSTITUTION; any other vowel for a vowel (a for i, u for a) OTHER_VOWEL.
_HARMONY = frozenset(("ae", "ea", "ou", "uo", "ie", "ei", "iy", "yi"))
VOWEL_SUBSTITUTION = 0.3
OTHER_VOWEL = 0.7
CLASS_SUBSTITUTION = 0.45
#: The same for the word's first letter: transcription keeps a name's first consonant (吐 tu is T, 多 duo is D).
FIRST_CLASS_SUBSTITUTION = 0.8
#: Cost of a vowel added or dropped (an epenthetic vowel), and of an h, y or w (a glide or unwritten h).
VOWEL_INDEL = 0.45
SOFT_INDEL = 0.6
#: Cost of an l or r of the Latin word that the transcription does not write (a syllable's closing consonant left
#: out: 哈木拉提 ha-mu-la-ti = Halmurat, 司马义 si-ma-yi = Ismail).
CODA_INSERTION = 0.6
#: Cost of an h of the Latin word that the lattice does not give (Tohti is not 达吾提 Dawut).
H_INSERTION = 0.9
#: Added cost of a value that comes from a character's other reading (a polyphone's rarer syllable), marked in the
#: lattice by a leading ``~``.
OTHER_READING = 0.5
#: Shortest Latin word compared by sound: in shorter ones one sound is too large a share (Omer / 米尔 Mir).
MIN_LETTERS = 5
#: Highest similarity credited to a sound match (an exact spelling scores 1).
CEILING = 0.9
#: Slot values kept per piece (most usual first).
MAX_VALUES = 10


def _sub(a: str, b: str) -> float:
    if a == b:
        return 0.0
    if a in _VOWELS and b in _VOWELS:
        return VOWEL_SUBSTITUTION if a + b in _HARMONY else OTHER_VOWEL
    ca, cb = _CLASS_OF.get(a), _CLASS_OF.get(b)
    if ca is not None and ca == cb:
        return CLASS_SUBSTITUTION
    for cls in _CLASSES:  # a letter in two classes (v, n)
        if a in cls and b in cls:
            return CLASS_SUBSTITUTION
    return 1.0


_LETTERS = "abcdefghijklmnopqrstuvwxyz"
#: _sub of every pair of ASCII letters, looked up in the edit's inner loop.
_SUB_COST = {(a, b): _sub(a, b) for a in _LETTERS for b in _LETTERS}


def _indel(ch: str) -> float:
    """Cost of a letter of the lattice left out of the word."""
    if ch in _VOWELS:
        return VOWEL_INDEL
    if ch in "hyw":
        return SOFT_INDEL
    return 1.0


def _insertion(ch: str) -> float:
    """Cost of a letter of the word that the lattice does not give."""
    if ch in "lr":
        return CODA_INSERTION
    if ch == "h":
        return H_INSERTION
    return _indel(ch)


def _slot(values: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    out: list[str] = []
    for v in values:
        f = ("~" + fold(v[1:]) if v.startswith("~") else fold(v)) if v else ""
        if f not in out and f.lstrip("~") not in out:
            out.append(f)
        if len(out) >= MAX_VALUES:
            break
    return tuple(out)


@lru_cache(maxsize=65536)
def syllable_lattice(syllables: tuple[str, ...]) -> Lattice:
    """Lattice of a word given as Mandarin syllables (a pinyin spelling of a Uyghur name, or characters' readings)."""
    from adalet.names.pinyin_uyghur import _pieces

    pieces = _pieces(syllables)
    out = []
    for n, (piece, values) in enumerate(pieces):
        kept = "".join(piece)
        extra = () if len(piece) > 1 and n < len(pieces) - 1 else (kept,)
        out.append(_slot([*values, *extra]))
    return tuple(out)


@lru_cache(maxsize=65536)
def rule_lattice(syllables: tuple[str, ...]) -> Lattice:
    """Lattice of Mandarin syllables by the syllable rules alone (no element of the table): each syllable's Uyghur
    values inside a word or at its end, and the syllable as spelled: how a name whose elements no table holds is
    heard."""
    from adalet.names.pinyin_uyghur import syllable_values

    values = syllable_values()
    out = []
    for n, syl in enumerate(syllables):
        inside, final = values.get(syl, ((syl,), (syl,)))
        out.append(_slot([*(final if n == len(syllables) - 1 else inside), syl]))
    return tuple(out)


@lru_cache(maxsize=65536)
def chars_lattice(part: str) -> Lattice:
    """Lattice of one part in characters: table elements by their spellings, other characters by every reading."""
    from pypinyin import Style, pinyin

    from adalet.names.pinyin_uyghur import syllable_values
    from adalet.names.uyghur_han import segment, table

    pieces = segment(part)
    values = syllable_values()
    out = []
    for n, (chars, spellings) in enumerate(pieces):
        last = n == len(pieces) - 1
        if len(chars) > 1 or chars in table():
            out.append(_slot(spellings))
            continue
        readings = pinyin(chars, style=Style.NORMAL, heteronym=True, errors="ignore")
        syls = [r.lower().replace("ü", "v") for r in (readings[0] if readings else []) if r.isascii() and r.isalpha()]
        slot: list[str] = []
        for k, syl in enumerate(syls[:3]):
            inside, final = values.get(syl, ((syl,), (syl,)))
            mark = "~" if k else ""
            kept = (final if last else inside)[: 6 if not k else 3]  # the usual reading's values, few of the others
            slot.extend(mark + v if v else v for v in (*kept, syl))
        out.append(_slot(slot or [""]))
    return tuple(out)


#: Cost of a word's first letter that the transcription leaves unwritten: a vowel put before s and a consonant (Ismail
#: is 司马义 si-ma-yi, Islam 斯拉木), an h or gh before o or u (Ghopur is 吾甫尔 wu-fu-er, as Hoshur is 吾守尔).
ONSET_INSERTION = 0.3


def _insertions(word: str) -> list[float]:
    """Cost of inserting each letter of *word* (:func:`_insertion`; the first one :data:`ONSET_INSERTION` when the
    transcription leaves it unwritten)."""
    out = [_insertion(ch) for ch in word]
    head, after = word[:1], word[1:3]
    if (head in ("i", "e") and after[:1] == "s" and after[1:2] not in _VOWELS) or (
        head in ("h", "g") and after[:1] in ("o", "u")
    ):
        out[0] = ONSET_INSERTION
    return out


@lru_cache(maxsize=262144)
def distance(lattice: Lattice, word: str, limit: float = float("inf")) -> float:
    """Cheapest weighted edit of a path through *lattice* into *word* (a folded Latin key); infinity as soon as it
    is sure to exceed *limit* (every slot adds a cost of zero or more, so a row's least cost only grows)."""
    n = len(word)
    shortest = sum(min(len(v.lstrip("~")) for v in slot) for slot in lattice)
    if min(VOWEL_INDEL, CODA_INSERTION) * max(0, shortest - n) > limit:
        return float("inf")
    ins = _insertions(word)
    sub_cost = _SUB_COST
    row = [0.0] * (n + 1)
    for j in range(1, n + 1):
        row[j] = row[j - 1] + ins[j - 1]
    for slot in lattice:
        best = list(row) if "" in slot else [float("inf")] * (n + 1)
        for value in slot:
            if not value or value == "~":
                continue
            prev = list(row)
            if value.startswith("~"):
                value = value[1:]
                prev = [c + OTHER_READING for c in prev]
            for j in range(1, n + 1):  # letters of the word before this value's first letter: inserted
                prev[j] = min(prev[j], prev[j - 1] + ins[j - 1])
            for ch in value:
                cur = [prev[0] + _indel(ch)] + [0.0] * n
                for j in range(1, n + 1):
                    w = word[j - 1]
                    sub = sub_cost.get((ch, w)) or (_sub(ch, w) if ch != w else 0.0)
                    if j == 1 and sub == CLASS_SUBSTITUTION:  # a word's first sound is written as it is said
                        sub = FIRST_CLASS_SUBSTITUTION
                    cur[j] = min(prev[j] + _indel(ch), cur[j - 1] + ins[j - 1], prev[j - 1] + sub)
                prev = cur
            for j in range(n + 1):
                if prev[j] < best[j]:
                    best[j] = prev[j]
        row = best
        for j in range(1, n + 1):
            row[j] = min(row[j], row[j - 1] + ins[j - 1])
        if min(row) > limit:
            return float("inf")
    return row[n]


@lru_cache(maxsize=65536)
def _starts(lattice: Lattice) -> frozenset[str]:
    """Letters a Latin word may begin with to be near *lattice* (a first consonant keeps its class, whichever vowel
    a first vowel is; ``V``: any vowel), and h, y and w, which a transcription may leave unwritten."""
    out = set("hyw")
    for slot in lattice[:2]:
        for value in slot:
            first = value.lstrip("~")[:1]
            if first in _VOWELS:
                out.add("V")
            elif first:
                out.add(first)
                out.update(next((c for c in _CLASSES if first in c), ""))
        if "" not in slot:
            break
    return frozenset(out)


def may_begin(lattice: Lattice, word: str) -> bool:
    """Whether *word*'s first letter can begin a path near *lattice* (:func:`_starts`, or a letter the transcription
    leaves unwritten): a cheap test before :func:`distance`."""
    starts = _starts(lattice)
    first = word[:1]
    return first in starts or (first in _VOWELS and "V" in starts) or _insertions(word[:3])[0] == ONSET_INSERTION


def similarity(lattice: Lattice, keys: tuple[str, ...], least: float = 0.0) -> tuple[float, int]:
    """Best sound similarity (0..:data:`CEILING`) of *lattice* with one of *keys*, and that key's index; a similarity
    below *least* may be given as 0 (the edit is given up once it cannot reach it)."""
    best = (0.0, 0)
    for i, key in enumerate(keys[:4]):
        if len(key) < MIN_LETTERS or not may_begin(lattice, key):
            continue
        sim = min(CEILING, 1.0 - distance(lattice, key, round((1.0 - least) * len(key), 6)) / len(key))
        if sim > best[0]:
            best = (sim, i)
    return best
