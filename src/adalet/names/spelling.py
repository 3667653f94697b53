"""Spelling variants of Uyghur (and Central Asian) names in Latin script, read from ``data/uyghur_latin_variants.tsv``.

The same name reaches Latin script through several traditions: ULY (Uyghur Latin, 2001/2008), the Yengi Yeziq of
1965-1982 (ɵ ⱨ ⱪ ƣ ⱬ ə, x = sh, q = ch), Turkish-style (Mehmet Emin, Ömer, -can, ç), Chinese-influenced (pinyin a for
Uyghur e: Mamat, Maimaiti; yi for i) and Russian-influenced (kh, zh, dzh, ye, y for ы, French ou) spellings. The table
holds one row per correspondence with its source; four kinds of rows act at three places:

* ``letter`` and ``yengi`` rows are letters, read when a name is folded to ASCII (:func:`letters`, :func:`yengi`;
  used by :func:`adalet.names.latin.ascii_fold`);
* ``fold`` rows give two spellings one key (:func:`fold_rules`; :func:`adalet.names.latin.fold`), so blocking,
  linkage and screening see one word;
* ``same`` and ``pair`` rows compare two keys that differ (:func:`explain`): ``same`` rows rewrite both to one
  convention (weight 1, or their weight when they rewrite one word only: Eysa / Isa), then the words must differ
  only by ``pair`` letters, one for one, each pair counted once (Memet / Mamat is one e/a correspondence, not two).
  The weight of the variant is the product of the rows' weights; the scorer (:func:`adalet.names.score.part_similarity`) gives it to the two parts, unless both are valid
  pinyin (then they are two Mandarin names: Li Ping / Li Peng, Zhi / Ji).

The weights are the table's; why they are what they are is said in its header.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from rapidfuzz.distance import Levenshtein

from adalet.names._data import load_table

TABLE = "uyghur_latin_variants.tsv"
#: Letters only Yengi Yeziq writes: a name with one of them is read as Yengi Yeziq (its q is ch).
YENGI_LETTERS = frozenset("ɵƟⱨⱧⱪⱩƣƢⱬⱫ")
#: Two keys further apart in length than this are not compared (no rule changes a length by more).
_MAX_LENGTH_GAP = 4
#: Two keys less alike than this (normalized Levenshtein similarity) are never variants of one word, whatever the
#: rules: a cheap first test, which callers holding the best similarity of two key lists use to skip the rest.
MIN_SIMILARITY = 0.4
_ROUNDING = 1e-9


@dataclass(frozen=True)
class Rule:
    """One row of the table."""

    kind: str
    source: str
    target: str
    weight: float
    note: str

    @property
    def label(self) -> str:
        """Short name shown in explanations (``e/a``, ``zh/j``, ``y/-``)."""
        source = re.sub(r"\(\?<?[=!][^)]*\)|[\\^$]", "", self.source.split("|")[0])
        return f"{source}/{self.target or '-'}"


@cache
def rules() -> tuple[Rule, ...]:
    """Every row of the table, in its order."""
    out = []
    for row in load_table(TABLE):
        cols = (*row, "", "", "", "")
        kind, source, target, weight, note = cols[:5]
        if kind not in ("letter", "yengi", "fold", "same", "pair"):
            raise ValueError(f"adalet.names: {TABLE}: unknown kind {kind!r}")
        w = float(weight or 1)
        if not 0.0 < w <= 1.0 or (kind not in ("pair", "same") and w != 1.0):
            raise ValueError(f"adalet.names: {TABLE}: weight {weight!r} of {kind} {source!r}")
        out.append(Rule(kind, source, target, w, note))
    if not out:  # pragma: no cover - the table ships with the package
        raise RuntimeError(f"adalet.names: data/{TABLE} is empty")
    return tuple(out)


@cache
def letters() -> dict[str, str]:
    """Letter → ASCII letters (``letter`` rows)."""
    return {r.source: r.target for r in rules() if r.kind == "letter"}


@cache
def yengi() -> dict[str, str]:
    """Letter → ASCII letters in a name written in Yengi Yeziq (``yengi`` rows)."""
    return {r.source: r.target for r in rules() if r.kind == "yengi"}


def trigger(pattern: str) -> str:
    """Letters a word must hold for *pattern* to match it (the pattern without anchors and lookarounds, when that is
    plain letters, the same in every alternative), so that a word without them is not searched; "" when unknown."""
    alts = {alt.strip("^$") for alt in re.sub(r"\(\?<?[=!][^)]*\)", "", pattern).split("|")}
    if len(alts) != 1:
        return ""
    alt = alts.pop()
    return alt if alt.isalpha() and alt.isascii() else ""


@cache
def fold_rules() -> tuple[tuple[re.Pattern[str], str, str], ...]:
    """(pattern, replacement, :func:`trigger`) of the ``fold`` rows, in order."""
    return tuple((re.compile(r.source), r.target, trigger(r.source)) for r in rules() if r.kind == "fold")


@cache
def _same() -> tuple[tuple[re.Pattern[str], str, Rule, str], ...]:
    return tuple((re.compile(r.source), r.target, r, trigger(r.source)) for r in rules() if r.kind == "same")


@cache
def _pairs() -> dict[tuple[str, str], Rule]:
    out: dict[tuple[str, str], Rule] = {}
    for r in rules():
        if r.kind == "pair":
            out[(r.source, r.target)] = out[(r.target, r.source)] = r
    return out


@lru_cache(maxsize=131072)
def _rewritten(key: str) -> tuple[str, frozenset[Rule]]:
    """*key* with the ``same`` rows applied, and the rows that changed it."""
    fired = []
    for pattern, repl, rule, needs in _same():
        if needs not in key:  # "" is in every key
            continue
        new = pattern.sub(repl, key)
        if new != key:
            fired.append(rule)
            key = new
    return key, frozenset(fired)


#: Letters that ``pair`` rows may exchange, written as one class in :func:`signature`.
@cache
def _classes() -> dict[int, str]:
    letters = {ch for r in rules() if r.kind == "pair" for ch in (r.source, r.target)}
    return {ord(ch): "*" for ch in letters}


@lru_cache(maxsize=131072)
def signature(key: str) -> str:
    """A necessary condition of :func:`explain`, cheap to compare: *key* rewritten by the ``same`` rows, with every
    letter a ``pair`` row may exchange written ``*``. Two keys :func:`explain` makes one word have one signature."""
    return _rewritten(key)[0].translate(_classes())


@lru_cache(maxsize=131072)
def signatures(keys: tuple[str, ...]) -> frozenset[str]:
    """The :func:`signature` of each of a part's keys: two parts with none in common are no variants of each other."""
    return frozenset(map(signature, keys))


@lru_cache(maxsize=262144)
def explain(a: str, b: str) -> tuple[float, tuple[Rule, ...]] | None:
    """Weight of two folded keys as spelling variants of one word, and the rules that make them one; None when the
    table does not explain their difference. Equal keys are 1.0 with no rule."""
    if a == b:
        return 1.0, ()
    if abs(len(a) - len(b)) > _MAX_LENGTH_GAP or not a or not b:
        return None
    # no score_cutoff: rapidfuzz's drops a similarity equal to it (ehmet / ahmad is 0.4 and came back 0.0)
    if Levenshtein.normalized_similarity(a, b) < MIN_SIMILARITY - _ROUNDING:
        return None
    ra, fa = _rewritten(a)
    rb, fb = _rewritten(b)
    if len(ra) != len(rb):
        return None
    pairs = _pairs()
    used: list[Rule] = []
    differ = 0
    for x, y in zip(ra, rb):
        if x != y:
            rule = pairs.get((x, y))
            if rule is None:
                return None
            differ += 1
            if rule not in used:
                used.append(rule)
    if differ * 2 > len(ra):  # most letters changed: not one word (Ali / Ele)
        return None
    same = sorted(fa ^ fb, key=rules().index)
    weight = 1.0
    for rule in (*same, *used):
        weight *= rule.weight
    return weight, tuple(same) + tuple(used)


def describe(found: tuple[float, tuple[Rule, ...]]) -> str:
    """Words for an :func:`explain` result: ``e/a 0.90`` or ``zh/j``."""
    weight, used = found
    labels = ", ".join(r.label for r in used) or "spelling"
    return labels if weight >= 0.999 else f"{labels} {weight:.2f}"
