"""Analysis of one name into comparable Latin forms.

A name is cleaned, its kind detected (:mod:`adalet.names.script`), then
turned into :class:`Form` objects: each form is one reading of the name as a
sequence of :class:`Part` (surname, given name or unknown role), each part
carrying the Latin spellings it may have and their folded keys.

* Han name → pinyin form (surname-aware) and a Wade-Giles form;
* transcribed Uyghur name → the table reading of each dot-separated part
  (all spellings plus plain pinyin);
* Uyghur Arabic script → ULY reading of each word;
* Cyrillic → each word's ULY, BGN and passport spellings (:mod:`adalet.names.cyrillic`), and the same
  without a patronymic; Latin with a few Cyrillic letters in it (Gülbaһar) → Latin, those letters read as ULY;
* Latin → the words as written, hyphenated words joined and split, a
  ``SURNAME, Given`` comma read as roles, adjacent words merged
  ("Quan Guo" → "quanguo"), and without a patronymic (Nurlanovich, Islamovna, -qyzy, uulu: as the Cyrillic side
  leaves it out, :func:`adalet.names.latin.patronymic`);
* mixed → the forms of each script run.

:func:`analyse` is cached, so linking many records analyses each name once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache, lru_cache

from adalet.names import arabic, cyrillic, han, latin, palladius, sounds, uyghur_han
from adalet.names.latin_readings import _words as _latin_words
from adalet.names.latin_readings import readings as read_latin
from adalet.names.script import NameKind, clean, detect_script, is_arabic, is_cyrillic, is_han, is_latin
from adalet.names.wadegiles import to_wade_giles

SURNAME = "surname"
GIVEN = "given"

#: Parts beyond this many are ignored (no real name has more).
MAX_PARTS = 6


@dataclass(frozen=True)
class Part:
    """One name part: its role and (spelling, folded key) alternatives."""

    role: str  # SURNAME, GIVEN or ""
    spellings: tuple[str, ...]
    keys: tuple[str, ...]  # folded keys, same order as spellings (may repeat)
    #: a part transcribed into Chinese (characters, or a pinyin spelling): the Uyghur sounds of each of its pieces
    #: (:mod:`adalet.names.sounds`), compared with a Latin spelling by sound; empty for other parts
    sounds: tuple[tuple[str, ...], ...] = ()

    @property
    def text(self) -> str:
        return self.spellings[0] if self.spellings else ""


@dataclass(frozen=True)
class Form:
    """One Latin reading of a name."""

    kind: str  # "pinyin", "wade-giles", "uyghur", "uly", "latin"
    label: str  # human-readable, e.g. "pinyin 'chen quanguo'"
    parts: tuple[Part, ...]
    ceiling: float = 1.0  # most this reading can score (a Wade-Giles reading without a Wade-Giles trait: UNMARKED)


@dataclass(frozen=True)
class Analysis:
    raw: str
    clean: str
    kind: NameKind
    chars: str  # simplified Han characters without separators ('' if none)
    forms: tuple[Form, ...]


def fold_keys(spelling: str) -> tuple[str, ...]:
    """Folded keys of one spelling; ``x`` is read as ``sh`` (Yengi Yeziq, pinyin), ``h`` (ULY) and ``ks`` (the
    Latin of European spellings: Felix / Феликс, Alexander / Aleksandr)."""
    key = latin.fold(spelling)
    folded = latin.ascii_fold(spelling)
    if "x" in folded:
        keys = [key]
        for sound in ("h", "ks"):
            alt = latin.fold(folded.replace("x", sound))
            if alt not in keys:
                keys.append(alt)
        return tuple(keys)
    return (key,)


def make_part(role: str, spellings: tuple[str, ...] | list[str], sounds: tuple[tuple[str, ...], ...] = ()) -> Part:
    """The part of *role* with these spellings (parts are immutable: the same spellings give one shared part)."""
    return _make_part(role, tuple(spellings), sounds)


@lru_cache(maxsize=131072)
def _make_part(role: str, spellings: tuple[str, ...], sounds: tuple[tuple[str, ...], ...] = ()) -> Part:
    sp: list[str] = []
    keys: list[str] = []
    for s in spellings:
        for k in fold_keys(s):
            if k and k not in keys:
                sp.append(s)
                keys.append(k)
    return Part(role, tuple(sp), tuple(keys), sounds)


def _form(kind: str, label: str, parts: list[Part], ceiling: float = 1.0) -> Form | None:
    parts = [p for p in parts if p.keys][:MAX_PARTS]
    return Form(kind, label, tuple(parts), ceiling) if parts else None


def _han_forms(chars: str, spaced: str) -> list[Form]:
    if " " in spaced.strip():
        surname, _, given = spaced.strip().partition(" ")
        given = given.replace(" ", "")
    else:
        surname, given = han.split_surname(chars)
    readings = han.surname_readings(surname)
    sp = readings[0]
    gp = han.given_pinyin(given) if given else ()
    forms: list[Form | None] = []
    s_py, g_py = "".join(sp), "".join(gp)
    parts = [make_part(SURNAME, ["".join(r) for r in readings])]
    if g_py:
        parts.append(make_part(GIVEN, [g_py, *han.given_readings(given)]))
    forms.append(_form("pinyin", f"pinyin '{' '.join(x for x in (s_py, g_py) if x)}'", parts))
    s_wg = "".join(to_wade_giles(s) for s in sp)
    g_wg = "-".join(to_wade_giles(s) for s in gp)
    if (s_wg, g_wg.replace("-", "")) != (s_py, g_py):
        parts = [make_part(SURNAME, ["".join(to_wade_giles(s) for s in r) for r in readings])]
        if g_wg:
            parts.append(make_part(GIVEN, [g_wg]))
        forms.append(_form("wade-giles", f"Wade-Giles '{' '.join(x for x in (s_wg, g_wg) if x)}'", parts))
    return [f for f in forms if f]


def _title_split(piece: str) -> list[str]:
    """A part in characters cut where a title element of the table begins or ends (沙比提大毛拉 → 沙比提, 大毛拉): a
    title written joined to a name is a word of its own, as it is in Latin (Sabit Damolla). A cut that would leave a
    single character is no cut: one character is a syllable of the word, not a name (哈吉甫 is Hajip, 哈吉 + the
    ending 甫 -p, not the title Haji and a name 甫)."""
    from adalet.names.score import TITLES

    cuts: list[str] = []
    current = ""
    for chars, spellings in uyghur_han.segment(piece):
        if len(chars) >= 2 and spellings and latin.fold(spellings[0]) in TITLES:
            if current:
                cuts.append(current)
            cuts.append(chars)
            current = ""
        else:
            current += chars
    if current:
        cuts.append(current)
    if len(cuts) == 1 and len(piece) >= 5:  # no title element of the table: a title heard at the end (大毛拉)
        for n in (3, 2):
            if sounded_title(piece[-n:]) and len(piece) - n >= 2:
                return [piece[:-n], piece[-n:]]
    if len(cuts) > 1 and any(len(c) == 1 for c in cuts):
        return [piece]
    return cuts


#: Titles that a part in characters is heard as (:func:`sounded_title`): words that are not also given names and sound
#: like none (Batur is a name too; Hajim is a sound from Hasim, Ishan one from Yasin and Eysa).
SOUNDED_TITLES = ("hoja", "haji", "molla", "damolla", "ahun", "imam")
#: Most sound distance (:func:`adalet.names.sounds.distance`) of a part from a title it is heard as: one vowel or an
#: unwritten h (和卓 he-zhuo = Hoja, 阿吉 a-ji = Haji).
TITLE_DISTANCE = 0.9


@lru_cache(maxsize=65536)
def sounded_title(chars: str) -> str:
    """The title (folded) that a part in characters of two or three characters sounds like, or ''."""
    if not 2 <= len(chars) <= 3:
        return ""
    lattice = sounds.chars_lattice(chars)
    heard = [
        (sounds.distance(lattice, key, TITLE_DISTANCE), key)
        for key in _title_keys()
        if sounds.may_begin(lattice, key)
    ]
    best = min(heard, default=(float("inf"), ""))
    return best[1] if best[0] <= TITLE_DISTANCE else ""


@cache
def _title_keys() -> tuple[str, ...]:
    return tuple(latin.fold(t) for t in SOUNDED_TITLES)


def _transcribed_forms(chars_with_dots: str) -> list[Form]:
    pieces = [c for p in re.split(r"[·\s]+", chars_with_dots) if p for c in _title_split(p)]
    parts = []
    for i, piece in enumerate(pieces):
        role = "" if len(pieces) < 2 else (GIVEN if i == 0 else SURNAME if i == len(pieces) - 1 else "")
        spellings = _with_stems(uyghur_han.latin_candidates(piece), len(pieces))
        title = sounded_title(piece) if len(pieces) > 1 else ""
        if title and latin.fold(spellings[0]) != title:  # a title no table holds, heard: it is read first
            spellings = [title, *spellings]
        parts.append(make_part(role, spellings, sounds.chars_lattice(piece)))
    reading = " ".join(p.text for p in parts)
    form = _form("uyghur", f"Uyghur reading '{reading}'", parts)
    return [form] if form else []


def _arabic_forms(text: str) -> list[Form]:
    uly = arabic.to_latin(text)
    words = uly.split()
    parts = [make_part("", _with_stem(w, len(words))) for w in words]
    form = _form("uly", f"ULY '{uly}'", parts)
    return [form] if form else []


def _cyrillic_forms(text: str) -> list[Form]:
    reading = cyrillic.read(text)
    label = " ".join(w[0] for w in reading.words)
    forms = [_form("uly", f"Cyrillic read '{label}'", [make_part("", w) for w in reading.words])]
    short = reading.without_patronymic()
    if short:
        forms.append(_form("uly", f"Cyrillic read '{' '.join(w[0] for w in short)}' (patronymic left out)",
                           [make_part("", w) for w in short]))
    pinyin = palladius.read(text)
    if pinyin:  # a Russian spelling of a Chinese name: its pinyin reading, compared as any pinyin name is
        forms.extend(replace(f, label=f"Palladius read '{pinyin}'") for f in _latin_forms(pinyin))
    return [f for f in forms if f]


#: A tone number after a syllable (Kuo1 Mo4-jo4, Li3 Têng1-hui1): pinyin and Wade-Giles tones written as digits.
_TONE_DIGIT = re.compile(r"(?<=[^\W\d_])[1-5](?![0-9])")


def _latin_forms(text: str) -> list[Form]:
    text = _TONE_DIGIT.sub("", text)
    label = f"'{text}'"
    folded = latin.ascii_fold(text)
    forms: list[Form | None] = []
    if "," in folded:
        before, _, after = folded.partition(",")
        s_words = latin.tokens(before)
        g_words = latin.tokens(after)
        if s_words and g_words:
            forms.append(_form("latin", label, [make_part(SURNAME, ["".join(s_words)]), make_part(GIVEN, ["".join(g_words)])]))
            if len(g_words) > 1:
                forms.append(
                    _form("latin", label, [make_part(SURNAME, ["".join(s_words)])] + [make_part(GIVEN, [w]) for w in g_words])
                )
                drop = latin.patronymic(g_words)
                kept = [w for i, w in enumerate(g_words) if i not in drop]
                if drop and kept:
                    short = f"{label} (patronymic {' '.join(g_words[i] for i in sorted(drop))} left out)"
                    forms.append(_form("latin", short, [make_part(SURNAME, ["".join(s_words)])] + [make_part(GIVEN, [w]) for w in kept]))
            return [f for f in forms + _read_latin(label, folded, text) if f]
        folded = folded.replace(",", " ")
    words = [w.replace("-", "") for w in folded.split() if w.replace("-", "")]
    words = words[:MAX_PARTS]
    forms.append(_form("latin", label, [make_part("", _with_stem(w, len(words))) for w in words]))
    if "-" in folded and not _mandarin_hyphens(folded):
        split = latin.tokens(folded)[:MAX_PARTS]
        forms.append(_form("latin", label, [make_part("", [w]) for w in split]))
    drop = latin.patronymic(words)
    if drop and len(words) - len(drop) >= 2:
        kept = [w for i, w in enumerate(words) if i not in drop]
        short = f"{label} (patronymic {' '.join(words[i] for i in sorted(drop))} left out)"
        forms.append(_form("latin", short, [make_part("", [w]) for w in kept]))
    if 3 <= len(words) <= 4:
        for i in range(len(words) - 1):
            merged = words[:i] + [words[i] + words[i + 1]] + words[i + 2 :]
            forms.append(_form("latin", f"{label} read as '{' '.join(merged)}'", [make_part("", [w]) for w in merged]))
    return [f for f in forms + _read_latin(label, folded, text) if f]


def _mandarin_hyphens(folded: str) -> bool:
    """Whether every hyphenated word of a folded Latin name joins Mandarin syllables (pinyin or Wade-Giles: Kuang-li,
    Tse-tung, Xiao-ming): such a word is one Chinese given name, whose syllables are never parts of their own (Li
    Kuang is not Li Kuang-li). Kassym-Jomart or Abdul-Rahman are split as before."""
    mandarin = _mandarin_syllables()
    hyphenated = [w for w in folded.replace(",", " ").split() if "-" in w]
    return bool(hyphenated) and all(p in mandarin for w in hyphenated for p in w.split("-") if p)


@cache
def _mandarin_syllables() -> frozenset[str]:
    """Pinyin syllables and Wade-Giles syllables as typed (apostrophes dropped), with Taiwan's customary ones."""
    from adalet.names.pinyin_syllables import syllables
    from adalet.names.wadegiles import _wade_giles_syllables

    return syllables().union(_wade_giles_syllables())


def _with_stem(word: str, words: int) -> list[str]:
    """A word's spellings: itself, and in a name of two words or more the stem of a Russian-style surname
    (Rakhmonov also reads Rakhmon), as a Cyrillic name's -ов is read. The ending is looked for in the ASCII-folded
    word: an Arabic-script surname read in ULY ends in -éf (روزىباقىيېف = rozibaqiyéf, stem rozibaqiy)."""
    stem = latin.surname_stem(word if word.isascii() else latin.ascii_fold(word).replace(" ", "")) if words >= 2 else ""
    return [word, stem] if stem else [word]


def _with_stems(spellings: tuple[str, ...] | list[str], words: int) -> list[str]:
    """Spellings of a part, each followed by its surname stem when it has one (:func:`_with_stem`)."""
    out: list[str] = []
    for s in spellings:
        out.extend(x for x in _with_stem(s, words) if x not in out)
    return out


def _read_latin(label: str, folded: str, text: str) -> list[Form | None]:
    """The name read as the pinyin of a Uyghur name and as Wade-Giles (:mod:`adalet.names.latin_readings`)."""
    written = "" if _WADE_GILES_MARKS.isdisjoint(text) else text  # else the folded text says it all
    return [_form(kind, f"{label} {how}", [make_part(role, _with_stems(spellings, len(parts)), _word_sounds(word))
                                           if kind == "uyghur" else make_part(role, spellings)
                                           for (role, spellings), word in zip(parts, _latin_words(folded))], ceiling)
            for kind, how, parts, ceiling in read_latin(folded, written)]


def _word_sounds(word: str) -> tuple[tuple[str, ...], ...]:
    """The sound lattice of a Latin word read as the pinyin of a Uyghur name (:mod:`adalet.names.sounds`), or none
    when the word is not two transcription syllables or more."""
    from adalet.names.pinyin_uyghur import segment

    syllables = segment(word)
    return sounds.syllable_lattice(syllables) if syllables is not None and len(syllables) >= 2 else ()


#: What folding loses of a Wade-Giles spelling (aspiration apostrophes, ü): the reading is given the written text.
_WADE_GILES_MARKS = frozenset("'’‘ʼ`´üÜ")


def _runs(text: str) -> list[tuple[str, str]]:
    """Split *text* into (script, run) pieces; dots and spaces stay with Han runs."""
    runs: list[tuple[str, str]] = []
    for ch in text:
        s = "han" if is_han(ch) else "arabic" if is_arabic(ch) and ch.isalpha() else "latin" if is_latin(ch) else ""
        s = s or ("cyrillic" if is_cyrillic(ch) else "")
        if not s:
            if runs:
                runs[-1] = (runs[-1][0], runs[-1][1] + ch)
            continue
        if runs and runs[-1][0] == s:
            runs[-1] = (s, runs[-1][1] + ch)
        else:
            runs.append((s, ch))
    return [(s, r.strip(" ,-·")) for s, r in runs if r.strip(" ,-·")]


def _dotted(text: str) -> str:
    """Simplified characters of a transcribed name, any separator written as a middle dot. When the name has a
    separator other than space (艾尔肯 · 阿布 都拉, 和卓.伊帕爾罕), spaces are only typography: the dots part the name."""
    simp = han.to_simplified(text)
    if any(not is_han(ch) and not ch.isspace() for ch in simp):
        simp = "".join(ch for ch in simp if not ch.isspace())
    return "".join(ch if is_han(ch) else "·" for ch in simp)


def _forms_for(kind: NameKind, text: str) -> tuple[str, list[Form]]:
    if kind in (NameKind.HAN, NameKind.HAN_TRANSCRIBED):
        simp = han.to_simplified(text)
        chars = "".join(ch for ch in simp if is_han(ch))
        if kind is NameKind.HAN:
            return chars, _han_forms(chars, "".join(ch if is_han(ch) else " " for ch in simp))
        return chars, _transcribed_forms(_dotted(text))
    if kind is NameKind.ARABIC:
        return "", _arabic_forms(text)
    if kind is NameKind.LATIN:
        return "", _latin_forms(text)
    if kind is NameKind.CYRILLIC:
        return "", _cyrillic_forms(text)
    return "", []


@lru_cache(maxsize=65536)
def analyse(name: str) -> Analysis:
    """Analyse a raw name into its kind, Han characters and Latin forms (cached)."""
    text = clean(name)
    kind = detect_script(text)
    if kind is NameKind.MIXED and not any(is_han(ch) or is_arabic(ch) for ch in text):
        # Latin and Cyrillic only: Cyrillic letters inside Latin words (Gülbaһar) or words of both, read as Latin
        return Analysis(name, text, kind, "", tuple(_latin_forms(cyrillic.to_latin(text))))
    if kind is NameKind.MIXED:
        chars = ""
        forms: list[Form] = []
        for _, run in _runs(text):
            sub = analyse(run)
            chars += sub.chars
            forms.extend(sub.forms)
        return Analysis(name, text, kind, chars, tuple(forms))
    chars, forms = _forms_for(kind, text)
    return Analysis(name, text, kind, chars, tuple(forms))


def _arabic_spelling(spellings: tuple[str, ...]) -> str:
    """Spelling to write in Arabic script: an x/kh spelling that folds like the first one shows
    that its ``h`` is خ (tohti/toxti → toxti → توختى, muhtar/mukhtar → مۇختار), else the first."""
    first = spellings[0]
    if "x" in first or "kh" in first:
        return first
    target = latin.fold(first)
    for s in spellings[1:]:
        if ("x" in s or "kh" in s) and latin.fold(s.replace("x", "kh")) == target:
            return s
    return first


def _title(s: str) -> str:
    return " ".join(w[:1].upper() + w[1:] for w in s.split())


def variants(name: str, limit: int = 30) -> list[str]:
    """Latin (and, for Uyghur names, Arabic-script) forms derived from *name*.

    The name itself is not included. Han names also give their simplified
    characters when written in traditional ones.
    """
    a = analyse(name)
    out: list[str] = []

    def add(v: str) -> None:
        v = v.strip()
        if v and v != a.clean and v not in out and len(out) < limit:
            out.append(v)

    if a.kind in (NameKind.HAN, NameKind.HAN_TRANSCRIBED) and a.chars:
        simp = han.to_simplified(a.clean)
        add(simp)
    for form in a.forms:
        texts = [p.text for p in form.parts]
        if form.kind in ("pinyin", "wade-giles"):
            add(_title(" ".join(texts)))
            add(_title(" ".join(reversed(texts))))
            add(", ".join([texts[0].upper()] + [_title(t) for t in texts[1:]]))
        elif form.kind == "uyghur":
            add(_title(" ".join(texts)))
            pieces = [p for p in re.split(r"[·\s]+", _dotted(a.clean)) if p]
            if len(pieces) == len(form.parts):
                cands = [uyghur_han.latin_candidates(p) for p in pieces]
            else:
                cands = [p.spellings for p in form.parts]
            add(arabic.from_latin(" ".join(_arabic_spelling(c) for c in cands)))
            for i, part in enumerate(form.parts):
                for alt in part.spellings[1:4]:
                    add(_title(" ".join(texts[:i] + [alt] + texts[i + 1 :])))
        elif form.kind == "uly" and a.kind is NameKind.CYRILLIC:
            for style in cyrillic.STYLES:
                add(_title(cyrillic.to_latin(a.clean, style)))
            add(arabic.from_latin(" ".join(texts)))
        elif form.kind == "uly":
            add(_title(" ".join(texts)))
        elif form.kind == "latin" and a.kind is NameKind.LATIN:
            add(_title(" ".join(texts)))
    return out
