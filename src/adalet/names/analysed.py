"""Comparing names that are already analysed.

:func:`compare_analysed` is :func:`adalet.names.compare` without the analysis step: callers that analyse each
distinct name once and keep the :class:`~adalet.names.forms.Analysis` (record linkage, :mod:`adalet.names.linkage`)
compare those directly, instead of relying on :func:`~adalet.names.forms.analyse`'s bounded cache.
:func:`may_reach` is a cheap, exact pre-check: when it says no, :func:`compare_analysed` would score below the
threshold. The rules are :mod:`adalet.names.score`'s, unchanged.
"""

from __future__ import annotations

from functools import lru_cache

from rapidfuzz.distance import Levenshtein

from adalet.names import spelling
from adalet.names.forms import Analysis, Form
from adalet.names.latin import skeleton
from adalet.names.score import (
    _HAN_KINDS,
    STRICT_FLOOR,
    TITLES,
    TONES_DIFFER_CAP,
    UNMATCHED_WEIGHT,
    UYGHUR_FLOOR,
    Match,
    _best_forms,
    _compare_chars,
    tones_differ,
    tones_differ_match,
)
from adalet.names.script import NameKind

#: A part pair below this similarity weighs 0 in :func:`adalet.names.score.part_weight`, whatever the forms.
_FLOOR = min(STRICT_FLOOR, UYGHUR_FLOOR)
#: Least weight of a part without counterpart (1.0 next to a Han reading, else UNMATCHED_WEIGHT).
_UNMATCHED = min(UNMATCHED_WEIGHT, 1.0)
#: compare rounds scores to 4 decimals: a bound this close under the threshold may still round up to it.
_ROUNDING = 1e-4


def usable(a: Analysis) -> bool:
    """Whether *a* has anything to compare (not empty, at least one Latin form)."""
    return a.kind is not NameKind.EMPTY and bool(a.forms)


def compare_analysed(a: Analysis, b: Analysis) -> Match:
    """Score two analysed names exactly as :func:`adalet.names.compare` scores their raw strings."""
    for x in (a, b):
        if not usable(x):
            return Match(0.0, [f"no usable name in {x.raw[:40]!r}"])
    if a.kind in _HAN_KINDS and b.kind in _HAN_KINDS:
        return _compare_chars(a, b)
    if tones_differ(a, b):
        return tones_differ_match(a, b)
    return _best_forms(a, b)


@lru_cache(maxsize=262144)
def _may_match(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Whether two parts (their folded keys) can weigh more than 0: two keys more than the lowest floor
    similar, spelling variants of each other (:func:`adalet.names.spelling.explain`), or, as Uyghur readings, the
    same consonant skeleton."""
    for x in a:
        for y in b:
            if x == y or Levenshtein.normalized_similarity(x, y, score_cutoff=_FLOOR) > _FLOOR:
                return True
            if spelling.explain(x, y) is not None:
                return True
    skeletons = {skeleton(x) for x in a}
    return any(len(s) >= 2 and s in skeletons for s in map(skeleton, b))


def _bound(fa: Form, fb: Form) -> float:
    """Upper bound of :func:`adalet.names.score.form_score`: every part of the shorter form that may match
    counts 1, the others 0, over the least denominator."""
    pa, pb = fa.parts, fb.parts
    if len(pa) > len(pb):
        pa, pb = pb, pa
    k, n = len(pa), len(pb)
    hits = sum(1 for p in pa if any(_may_match(p.keys, q.keys) for q in pb))
    # the least denominator (a part before the shared ones weighs more, never less) and the forms' ceiling
    titles = sum(1 for q in pb if q.keys[0] in TITLES)  # a title left out counts nothing
    return min(hits / (k + _UNMATCHED * max(0, n - k - titles)), fa.ceiling, fb.ceiling)


def may_reach(a: Analysis, b: Analysis, threshold: float) -> bool:
    """False only when ``compare_analysed(a, b).score < threshold`` for certain (and cheaper to learn)."""
    if threshold <= 0.0:
        return True
    if not (usable(a) and usable(b)):
        return False
    if a.kind in _HAN_KINDS and b.kind in _HAN_KINDS:
        return True  # characters decide, and cheaply: compare
    if tones_differ(a, b):
        return TONES_DIFFER_CAP >= threshold
    return any(_bound(fa, fb) >= threshold - _ROUNDING for fa in a.forms for fb in b.forms)
