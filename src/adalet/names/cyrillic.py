"""Names in Cyrillic script: Kazakh, Kyrgyz, Uyghur Cyrillic and Russian renderings, read into Latin spellings.

Each Cyrillic word is read three ways, with the letter table ``data/cyrillic.tsv`` (its header gives the sources):

* **ULY**: the Uyghur Latin letter each Cyrillic letter stands for (ә e, ғ gh, җ j, қ q, ң ng, ө ö, ү ü, х x, һ h,
  в w; ж j, as Kazakh, Kyrgyz and Russian spellings of Uyghur names use it: Алимжан / Alimjan), so a Uyghur
  Cyrillic name meets its ULY, Uyghur Arabic (through ULY) and transcribed-character forms (through their Uyghur
  readings);
* **BGN/PCGN** without diacritics (х kh, ж zh, ч ch, ш sh, щ shch, ы y, й y, я ya, ю yu, е ye at a word's start):
  what the English-language press and sanctions lists print for Russian and Kazakh names (Alimzhan, Nazarbayev);
* **passport** (ICAO Doc 9303): й i, я ia, ю iu, ё e, national letters without diacritics (Қайрат → Kairat).

The spellings of a word are one :class:`~adalet.names.forms.Part`'s alternatives, so each word meets a Latin word
in whichever convention that word was written. A Russian surname's ``-ов/-ев/-ова/-ева`` and a Kazakh or Kyrgyz
``-ұлы/-улы/-уулу/-қызы/-кызы`` add the stem as one more spelling (Маматов also reads Mamat, the Uyghur form of the
same name). A patronymic (``-ович``, ``-евич``, ``-овна``, ``-евна``, ``-ична``; ``-ұлы``/``-қызы`` attached in a
name of three words or more; or a separate ``улы``/``уулу``/``кызы``/``оглы`` with the father's name before it) is
kept in one reading and left out of another, so a name given with it meets the same name given without it, while
the patronymic never stands for a given name (Алимжан Нурланович Маматов is not Nurlan Mamatov).

Why tables and not a library (all four were tried on the letters above):

* PyICU (ICU 72) ``Cyrillic-Latin`` leaves ң ө ү ұ һ җ in Cyrillic and writes қ as ``kˌ``; ``Russian-Latin/BGN``
  leaves every Kazakh and Uyghur letter; ``Kazakh-Latin/BGN`` and ``Kirghiz-Latin/BGN`` need the language known in
  advance, leave җ (Uyghur) and write macrons and breves (Abdūrekhīm Heī̆t). PyICU is also only an indirect
  dependency here (through normality) and builds against the system's libicu.
* cyrtranslit has no Kazakh, Kyrgyz or Uyghur table: its Russian one leaves ә ғ қ ң ө ұ ү һ і җ untouched.
* anyascii reads every letter, but to one ASCII spelling (ә a, х kh, ж zh, җ j), so the Uyghur Latin equivalence
  (ә is e, х is x) and the passport spellings are lost.

The table is some 60 rows and every row is a documented convention, so it lives as data beside the code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from adalet.names._data import load_table
from adalet.names.script import is_cyrillic

#: The three readings, in the table's column order.
STYLES = ("uly", "bgn", "passport")
_VOWELS = frozenset("аәеёиіӣоөуұүӯўыэюяъь")
#: Letters of the Turkic Cyrillic alphabets, not of Russian's: a name with one is read with е as é (ULY ë, Arabic ې).
_NATIONAL = frozenset("әғқңөұүһіҗ")
#: Russian patronymics (given name + father's name + surname, or surname first).
_RUSSIAN_PATRONYMIC = re.compile(r"(?:ович|евич|ёвич|овна|евна|ёвна|ична)$")
#: Kazakh, Kyrgyz, Uzbek, Azerbaijani "son of" / "daughter of", written as a separate word after the father's name.
_PARTICLES = frozenset(("улы", "ұлы", "уулу", "кызы", "қызы", "гызы", "оглы", "оғлы", "угли", "ўғли", "қизи", "кизи"))
#: The same, attached to the father's name (Сәрсенбайұлы); after a vowel Russian spelling writes й+у as ю
#: (Кунанбаюлы: Кунанбай's son, as Кунанбаев is).
_ATTACHED = re.compile(r"(?:ұлы|улы|уулу|қызы|кызы|юлы|юли)$")
#: Russian surname endings whose stem is the name itself (Маматов → Мамат, Юсупова → Юсуп).
_SURNAME_SUFFIX = re.compile(r"(?:ов|ев|ёв|ова|ева|ёва)$")
_SPLIT = re.compile(r"[\s,;/·]+")
_DROP = "'’ʼ`´-‐‑"


@dataclass(frozen=True)
class Reading:
    """A Cyrillic name read into Latin: each word's spellings (ULY first) and which words are patronymic."""

    words: tuple[tuple[str, ...], ...]
    patronymic: frozenset[int]

    def without_patronymic(self) -> tuple[tuple[str, ...], ...] | None:
        """The words without the patronymic, when the name has one and at least two other words."""
        if not self.patronymic or len(self.words) - len(self.patronymic) < 2:
            return None
        return tuple(w for i, w in enumerate(self.words) if i not in self.patronymic)


@cache
def _table() -> tuple[dict[str, tuple[str, str, str]], dict[str, str]]:
    """letter → (uly, bgn, passport), and letter → bgn spelling at a word's start and after a vowel."""
    letters: dict[str, tuple[str, str, str]] = {}
    initial: dict[str, str] = {}
    for row in load_table("cyrillic.tsv"):
        cols = (*row, "", "", "", "")
        letters[cols[0]] = (cols[1], cols[2], cols[3])
        if cols[4]:
            initial[cols[0]] = cols[4]
    if not letters:  # pragma: no cover - the table ships with the package
        raise RuntimeError("adalet.names: data/cyrillic.tsv is empty: Cyrillic names cannot be read")
    return letters, initial


def _transliterate(word: str, style: int, uyghur_e: bool) -> str:
    """One lower-case word in one style (0 ULY, 1 BGN, 2 passport); letters not in the table are kept."""
    letters, initial = _table()
    out: list[str] = []
    i = 0
    prev = ""
    while i < len(word):
        pair = word[i : i + 2]
        if pair in letters:
            out.append(letters[pair][style])
            prev = pair[-1]
            i += 2
            continue
        ch = word[i]
        row = letters.get(ch)
        if row is None:
            out.append(ch)
        elif style == 0 and ch == "е" and uyghur_e:
            out.append("é")
        elif style == 1 and ch in initial and (i == 0 or prev in _VOWELS):
            out.append(initial[ch])
        else:
            out.append(row[style])
        prev = ch
        i += 1
    return "".join(out)


def _spellings(word: str, uyghur_e: bool) -> tuple[str, ...]:
    out: list[str] = []
    stems = [word]
    for suffix in (_SURNAME_SUFFIX, _ATTACHED):
        m = suffix.search(word)
        if m and m.start() >= 3:
            stems.append(word[: m.start()])
    for stem in stems:
        for style in range(len(STYLES)):
            s = _transliterate(stem, style, uyghur_e)
            if s and s not in out:
                out.append(s)
    return tuple(out)


def words(text: str) -> list[str]:
    """Lower-case words of *text* (hyphenated words joined, apostrophes dropped)."""
    text = text.lower()
    for ch in _DROP:
        text = text.replace(ch, "")
    return [w for w in _SPLIT.split(text) if w]


@lru_cache(maxsize=65536)
def read(text: str) -> Reading:
    """The Latin spellings of each word of a Cyrillic name, and its patronymic."""
    ws = words(text)
    uyghur_e = not _NATIONAL.isdisjoint(text.lower())
    patronymic: set[int] = set()
    for i, w in enumerate(ws):
        if _RUSSIAN_PATRONYMIC.search(w) and len(w) > 6:
            patronymic.add(i)
        elif w in _PARTICLES and i > 0:
            patronymic.update((i - 1, i))
        elif len(ws) >= 3 and _ATTACHED.search(w) and len(w) > 5:
            patronymic.add(i)
    attached = sorted(i for i in patronymic if _ATTACHED.search(ws[i]))
    if len(attached) > 1 and attached[-1] == len(ws) - 1:
        patronymic.discard(attached[-1])  # Шоқан Шыңғысұлы Уәлиханұлы: the father's name, then the family's
    spelled = [(i, _spellings(w, uyghur_e)) for i, w in enumerate(ws)]
    kept = [(i, s) for i, s in spelled if s]
    index = {old: new for new, (old, _) in enumerate(kept)}
    return Reading(tuple(s for _, s in kept), frozenset(index[i] for i in patronymic if i in index))


@lru_cache(maxsize=65536)
def to_latin(text: str, style: str = "uly") -> str:
    """*text* with its Cyrillic letters in Latin (one style of :data:`STYLES`); other characters kept."""
    column = STYLES.index(style)
    uyghur_e = not _NATIONAL.isdisjoint(text.lower())
    out: list[str] = []
    run: list[str] = []

    def flush() -> None:
        if run:
            out.append(_transliterate("".join(run), column, uyghur_e))
            run.clear()

    for ch in text:
        if is_cyrillic(ch):
            run.append(ch.lower())
        else:
            flush()
            out.append(ch)
    flush()
    return "".join(out)
