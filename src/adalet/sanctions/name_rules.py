"""Name rules of screening beside :func:`adalet.names.compare`: words of a name, a name as written in any script
(:func:`exact_form`), organisation names compared word for word (or character for character), the keys that find
names typed without spaces and bodies named in characters, and the spelling variants a hand-keyed record makes of a
listed name (pure Python, no Django)."""

from __future__ import annotations

import os
import re
import unicodedata

from rapidfuzz import fuzz
from rapidfuzz.distance import OSA, Levenshtein

from adalet.names import Analysis, Match, analyse
from adalet.names.latin import fold
from adalet.names.pinyin_syllables import split as pinyin_split

#: Score of a spelling variant (:func:`spelling_variant`): one typing error, or one middle name left out.
VARIANT_SCORE = 0.9
#: Score of the same words in another order or punctuation ("AL-NAJIM, Samir" / "AL NAJIM Samir").
SAME_WORDS_SCORE = 0.95
#: Legal-form words left out when comparing organisation names (folded as :func:`adalet.names.latin.fold` does).
LEGAL_FORMS = frozenset(fold(w) for w in (
    "ltd limited co company corp corporation inc incorporated llc llp plc sa s a de cv sas sarl srl sl spa ag gmbh kg "
    "bv nv oy ab as aps jsc ojsc pjsc cjsc ooo oao zao tov pte pvt private bhd sdn fze fzco fzc est cia ltda the"
).split())
LONG_LEGAL_FORMS = tuple(f for f in LEGAL_FORMS if len(f) >= 5)

_WORD = re.compile(r"\d+|[^\W\d_]+")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
#: Legal forms of Chinese organisation names, left out as LEGAL_FORMS are (longest first).
HAN_LEGAL_FORMS = ("股份有限公司", "有限责任公司", "有限公司")
#: Fewest letters of a name written without spaces (``ChenQuanguo``) that is looked up as its words run together.
JOINED_MIN = 6
#: Abbreviations lists and registries write for the same body, expanded before organisation names are compared.
ORG_ABBREVIATIONS = {
    fold(short): [fold(w) for w in long.split()]
    for short, long in (
        ("xpcc", "xinjiang production and construction corps"),
        ("psb", "public security bureau"),
        ("xuar", "xinjiang uyghur autonomous region"),
    )
}


def words(name: str) -> list[str]:
    """Folded words and digit runs of a name (``YV2994`` → ``yv``, ``2994``; Han characters give none)."""
    out = []
    for t in _WORD.findall(name.lower()):
        w = t if t.isdigit() else fold(t)
        if w:
            out.append(w)
    return out


def exact_form(name: str) -> str:
    """A name as written, up to Unicode compatibility forms, case and spacing: two names with the same exact form
    are the same name in any script (an alias in Arabic script or in characters given back as listed)."""
    return " ".join((name if name.isascii() else unicodedata.normalize("NFKC", name)).casefold().split())


def han_text(name: str) -> str:
    """The Chinese characters of a name, run together (``新疆维吾尔自治区公安厅``; "" for a Latin name)."""
    return "" if name.isascii() else "".join(_HAN.findall(name))


def han_keys(name: str) -> set[str]:
    """Blocking keys of an organisation name in characters: each pair of adjacent characters (``h:新疆``, ``h:公安``),
    so that a body's name in characters meets its listed alias, also with a character more or less."""
    text = han_text(name)
    return {f"h:{text[i:i + 2]}" for i in range(len(text) - 1)}


def joined_keys(name_words: list[str]) -> set[str]:
    """Keys of a listed person name's words run together, as written and with its first word last
    (``CHEN, Quanguo`` → ``j:chenquanguo``, ``j:quanguochen``): a query typed without spaces meets it."""
    if not 2 <= len(name_words) <= 4:
        return set()
    return {f"j:{''.join(name_words)}", f"j:{''.join(name_words[1:] + name_words[:1])}"}


def joined_query_keys(name_words: list[str]) -> set[str]:
    """:func:`joined_keys` of a query: a single word of :data:`JOINED_MIN` letters or more, looked up run together."""
    if len(name_words) == 1 and len(name_words[0]) >= JOINED_MIN and not name_words[0].isdigit():
        return {f"j:{name_words[0]}"}
    return set()


def word_keys(name: str) -> set[str]:
    """Blocking keys of the words as written, beside the name keys: organisation names and punctuation variants
    (``LE CLAUDE, S.A.`` / ``LE CLAUDE S A``) share these where their person-name readings differ."""
    return keys_of_words(words(name))


def keys_of_words(name_words: list[str]) -> set[str]:
    """:func:`word_keys` of words already taken; an abbreviation (:data:`ORG_ABBREVIATIONS`) gives the keys of the
    words it stands for too, so that ``XPCC`` and ``XINJIANG PRODUCTION AND CONSTRUCTION CORPS`` meet."""
    keys = set()
    for w in name_words:
        for x in (w, *ORG_ABBREVIATIONS.get(w, ())):
            if len(x) >= 2:
                keys.add(f"w:{x}")
    return keys


def signature(name: str) -> str:
    """Sorted folded words of a list name, then its characters (cheap: no analysis)."""
    han = han_text(name)
    return " ".join([*sorted(expanded(words(name))), *([han] if han else [])])


def expanded(name_words: list[str]) -> list[str]:
    """Words with each abbreviation (:data:`ORG_ABBREVIATIONS`) replaced by the words it stands for."""
    return [part for w in name_words for part in ORG_ABBREVIATIONS.get(w, (w,))]


def query_signatures(name: str, analysis: Analysis | None = None, name_words: list[str] | None = None) -> list[str]:
    """Sorted folded words of each Latin form of a query name (any script), and of the words as written
    (*analysis* and *name_words*: the name's :func:`adalet.names.analyse` and :func:`words`, when already taken)."""
    forms = (analysis or analyse(name)).forms
    sigs = [" ".join(sorted(p.keys[0] for p in form.parts if p.keys)) for form in forms]
    han = han_text(name)
    written = " ".join([*sorted(expanded(words(name) if name_words is None else name_words)), *([han] if han else [])])
    return list(dict.fromkeys(s for s in [*sigs, written] if s))


def org_words(name: str) -> str:
    """Folded words of an organisation, vessel or aircraft name without legal forms (LTD, S.A., CIA…), sorted."""
    found = expanded(words(name))
    kept = [w for w in found if not _legal_form(w)] or found
    return " ".join(sorted(kept))


def _legal_form(word: str) -> bool:
    """A legal-form word, also with one letter wrong in a long one (``LIMIrED``)."""
    return word in LEGAL_FORMS or (len(word) >= 5 and any(Levenshtein.distance(word, f) <= 1 for f in LONG_LEGAL_FORMS))


def compare_org(query: str, listed: str) -> Match:
    """Organisation names: edit similarity of their sorted words once legal forms are dropped.

    :func:`adalet.names.compare` reads person names (surname, given name, scripts); company, vessel and
    aircraft names are compared word for word instead, which is also much cheaper for long names.
    """
    a, b = org_words(query), org_words(listed)
    han_a, han_b = org_han(query), org_han(listed)
    if han_a and han_b and (not a or not b):  # written in characters (both): compared character for character
        return compare_han_org(han_a, han_b)
    if not a or not b:
        return Match(0.0, [f"no comparable words in {query[:40]!r}"])
    score = fuzz.ratio(a, b) / 100
    link = "=" if score >= 0.999 else "≈" if score >= 0.7 else "vs"
    return Match(round(score, 4), [f"'{a}' {link} '{b}' (words of the names without legal forms, {score:.2f})"])


def compare_han_org(a: str, b: str) -> Match:
    """Two organisation names in characters (legal forms left out): the mean of the edit similarity of the whole
    names and of what follows the place they share, so that the body (公安厅, 教育厅), not the place written before it
    (新疆维吾尔自治区), decides: 新疆维吾尔自治区教育厅 is not 新疆维吾尔自治区公安厅 (0.58), nor is a unit within it."""
    if a == b:
        return Match(1.0, [f"'{a}' = '{b}' (characters of the names without legal forms)"])
    shared = len(os.path.commonprefix([a, b]))
    rest_a, rest_b = a[shared:], b[shared:]
    rest = fuzz.ratio(rest_a, rest_b) / 100 if rest_a and rest_b else 0.0
    score = (fuzz.ratio(a, b) / 100 + rest) / 2
    link = "≈" if score >= 0.7 else "vs"
    return Match(round(score, 4), [f"'{a}' {link} '{b}' (characters of the names, and of what follows the place they "
                                   f"share, without legal forms: {score:.2f})"])


def org_han(name: str) -> str:
    """The characters of an organisation name without a Chinese legal form at its end (有限公司…)."""
    text = han_text(name)
    for form in HAN_LEGAL_FORMS:
        if text.endswith(form) and len(text) > len(form):
            return text[: -len(form)]
    return text


def _chinese_word(word: str) -> bool:
    """Reads as a Chinese given name or surname: one or two pinyin syllables."""
    syllables = pinyin_split(word)
    return bool(syllables) and len(syllables) <= 2


def name_words(listed: str) -> tuple[list[str], list[str]]:
    """Words of a listed name and of its surname (the words before its comma; none without a comma)."""
    return words(listed), (words(listed.partition(",")[0]) if "," in listed else [])


def spelling_variant(query: str, listed: str) -> Match | None:
    """Two Latin names that differ only as a record keyed by hand differs from the list: the same words in another
    order, with other punctuation or without spaces (:data:`SAME_WORDS_SCORE`); one letter wrong (or two adjacent
    letters swapped) in one
    word of five letters or more, or one given name (a middle name, a patronymic) left out of a name of three
    words or more. Scored :data:`VARIANT_SCORE`; None otherwise.

    Two different valid pinyin words are never a typing error (Keqiang / Keqing are two names), and the
    surname (before the list's comma) is never the part left out, nor the first given name (a given name before a
    whole name is another person's: Memet Erkin Tuniyaz is not Erkin Tuniyaz, :func:`adalet.names.score.denominator`).
    """
    return variant_of_words(query, words(query), listed, *name_words(listed))


def variant_of_words(query: str, q: list[str], listed: str, listed_words: list[str], surname: list[str]) -> Match | None:
    """:func:`spelling_variant` on words already taken: *q* of *query*, *listed_words* and *surname* of *listed*
    (:func:`name_words`), so that a screening query splits its name once, and each list name once."""
    if len(q) == 1 and len(q[0]) >= JOINED_MIN and 2 <= len(listed_words) <= 4 and (
            q[0] == "".join(listed_words) or q[0] == "".join(listed_words[1:] + listed_words[:1])):
        return Match(SAME_WORDS_SCORE, [f"'{query}' = '{listed}': the same words, written without spaces"])
    if len(q) < 2 or len(q) > len(listed_words):
        return None
    if sorted(q) == sorted(listed_words) or "".join(q) == "".join(listed_words):
        return Match(SAME_WORDS_SCORE, [f"'{query}' = '{listed}': the same words, in another order or punctuation"])
    remaining = list(listed_words)
    typo: tuple[str, str] | None = None
    for word in sorted(q, key=len, reverse=True):
        if word in remaining:
            remaining.remove(word)
            continue
        near = [w for w in remaining if len(word) >= 5 and len(w) >= 5 and OSA.distance(word, w) <= 1]
        near = [w for w in near if not (_chinese_word(word) and _chinese_word(w))]
        if typo or not near:
            return None
        typo = (word, near[0])
        remaining.remove(near[0])
    if typo and not remaining:
        return Match(VARIANT_SCORE, [f"'{query}' ≈ '{listed}': one typing error apart ({typo[0]} / {typo[1]})"])
    # the part left out is a middle name, never the surname nor the first given name (Memet Erkin Tuniyaz is not
    # Erkin Tuniyaz: a given name before a whole name is another person's, as adalet.names.score.denominator says)
    first = next((w for w in listed_words if w not in surname), "")
    if not typo and len(remaining) == 1 and len(listed_words) >= 3 and remaining[0] not in surname and remaining[0] != first:
        return Match(VARIANT_SCORE, [f"'{query}' ≈ '{listed}': the same name without {remaining[0]!r} (a middle name)"])
    return None
