"""Scoring analysed names faster, with the same result: for callers that compare one name with many (screening).

:func:`compare_fast` returns exactly what :func:`~adalet.names.analysed.compare_analysed` returns (the same score
and the same explanation: the rules are :mod:`adalet.names.score`'s, and its functions do the work), with less of it:

* part similarities (:func:`~adalet.names.score.part_similarity`) are kept per pair of spellings, so a part met
  again, in another form of the same name or in another name, is not compared again;
* a form pair is aligned only when it can beat the best pair so far: every alignment weighs at most the sum of
  each part's best weight (float sums of non-negative terms in the same order are monotone, so the bound is
  exact), and the weight table is given up as soon as its first rows, the rest counted 1 each, show that it cannot;
* the alignment search sums a table of weights and stops at the first alignment that reaches that bound (a later
  one could only equal it, and :func:`~adalet.names.score._align` keeps the first best).

With ``at_least``, form pairs that cannot reach it (even rounded to the 4 decimals kept) are not aligned either, and
None says the score is below it: a screening cutoff drops such pairs without paying for them.

Nothing in :mod:`adalet.names.score` changes; tests/sanctions/test_screening.py checks that both give the same.
"""

from __future__ import annotations

from itertools import permutations
from operator import getitem

from adalet.names.analysed import _ROUNDING, usable
from adalet.names.forms import GIVEN, SURNAME, Analysis, Form, Part
from adalet.names.score import (
    _HAN_FORMS,
    _HAN_KINDS,
    _UYGHUR_FORMS,
    ROLE_SWAP,
    STRICT_FLOOR,
    UNMATCHED_WEIGHT,
    UYGHUR_FLOOR,
    Match,
    _compare_chars,
    _details,
    _side,
    part_similarity,
    part_weight,
)

#: Part-pair similarities kept (a bounded cache: cleared when full).
CACHE_SIZE = 500_000
#: (spellings and keys of one part, of the other, Uyghur reading) → part_similarity's (similarity, spelling, spelling).
_sims: dict[tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[str, ...], bool], tuple[float, str, str]] = {}
_ROLES = frozenset((SURNAME, GIVEN))
#: Slack on a bound taken with sums in another order than the scorer's (float rounding; far below the 4 decimals kept).
_MARGIN = 1e-9


def _similarity(p: Part, q: Part, uyghur: bool) -> tuple[float, str, str]:
    key = (p.spellings, p.keys, q.spellings, q.keys, uyghur)
    hit = _sims.get(key)
    if hit is None:
        if len(_sims) >= CACHE_SIZE:
            _sims.clear()
        hit = _sims[key] = part_similarity(p, q, uyghur)
    return hit


def _shape(fa: Form, fb: Form) -> tuple[bool, tuple[Part, ...], tuple[Part, ...], bool, float]:
    """(swapped, shorter parts, longer parts, Uyghur reading, denominator) as :func:`adalet.names.score._align`
    sets them: a form pair scores at most ``len(shorter) / denominator``."""
    pa, pb = fa.parts, fb.parts
    swap = len(pa) > len(pb)
    if swap:
        pa, pb = pb, pa
    uyghur = fa.kind in _UYGHUR_FORMS or fb.kind in _UYGHUR_FORMS
    unmatched = 1.0 if (fa.kind in _HAN_FORMS or fb.kind in _HAN_FORMS) else UNMATCHED_WEIGHT
    k, n = len(pa), len(pb)
    return swap, pa, pb, uyghur, k + unmatched * (n - k)


def _table(pa: tuple[Part, ...], pb: tuple[Part, ...], uyghur: bool, denom: float, beat: float | None,
           goal: float | None) -> tuple[list[list[tuple[float, str, str]]], list[list[float]]] | None:
    """Part similarities and weights, as :func:`adalet.names.score._align` computes them, row by row; None as soon
    as the rows so far (the rest counted 1 each) show the pair scores at most *beat* or below *goal*."""
    floor = UYGHUR_FLOOR if uyghur else STRICT_FLOOR
    sims, weights = [], []
    k = len(pa)
    most = 0.0
    for i, p in enumerate(pa):
        row = [_similarity(p, q, uyghur) for q in pb]
        out = []
        for q, s in zip(pb, row):
            v = part_weight(s[0], floor)
            if p.role != q.role and p.role in _ROLES and q.role in _ROLES:
                v *= ROLE_SWAP
            out.append(v)
        sims.append(row)
        weights.append(out)
        if i < k - 1:
            most += max(out)
            reach = (most + (k - 1 - i)) / denom + _MARGIN
            if (goal is not None and reach < goal) or (beat is not None and reach <= beat):
                return None
    return sims, weights


def _best_total(weights: list[list[float]], n: int, bound: float) -> tuple[float, tuple[int, ...]]:
    """The best alignment as :func:`adalet.names.score._align` finds it (the first of the best, in its order)."""
    k = len(weights)
    if n <= 5:
        best_total = -1.0
        best_perm: tuple[int, ...] = ()
        for perm in permutations(range(n), k):
            total = sum(map(getitem, weights, perm))
            if total > best_total:
                best_total, best_perm = total, perm
                if total >= bound:
                    break
        return best_total, best_perm
    used: set[int] = set()
    perm_l: list[int] = []
    for i in range(k):
        row = weights[i]
        j = max((j for j in range(n) if j not in used), key=row.__getitem__)
        used.add(j)
        perm_l.append(j)
    best_perm = tuple(perm_l)
    return sum(map(getitem, weights, best_perm)), best_perm


def _bound(weights: list[list[float]]) -> float:
    return sum(max(row) for row in weights)


def _best_forms(a: Analysis, b: Analysis, at_least: float | None = None) -> Match | None:
    """:func:`adalet.names.score._best_forms`, faster; None when *at_least* is given and not reached."""
    best_score = 0.0
    # (form, form, swapped, shorter parts, longer parts, part similarities, alignment) of the best pair so far
    best: tuple[Form, Form, bool, tuple[Part, ...], tuple[Part, ...], list[list[tuple[float, str, str]]], tuple[int, ...]] | None
    best = None
    goal = at_least - _ROUNDING if at_least is not None else None
    for fa in a.forms:
        for fb in b.forms:
            swap, pa, pb, uyghur, denom = _shape(fa, fb)
            most = len(pa) / denom  # every part of the shorter form matched
            if (goal is not None and most < goal) or (best is not None and most <= best_score):
                continue
            table = _table(pa, pb, uyghur, denom, best_score if best is not None else None, goal)
            if table is None:
                continue
            sims, weights = table
            most = _bound(weights)
            bound = most / denom
            if goal is not None and bound < goal:
                continue  # scores below at_least (even rounded)
            if best is not None and bound <= best_score:
                continue  # cannot score more than the best pair so far: _align's result would not be kept
            total, perm = _best_total(weights, len(pb), most)
            s = total / denom
            if s > best_score or best is None:
                best_score, best = s, (fa, fb, swap, pa, pb, sims, perm)
            if s >= 1.0:
                break
        if best_score >= 1.0:
            break
    if best is None:
        return None if goal is not None else Match(0.0, ["no comparable forms"])
    fa, fb, swap, pa, pb, sims, perm = best
    pairs = []
    for i, j in enumerate(perm):
        sim, sa, sb = sims[i][j]
        pairs.append((pb[j], pa[i], sim, sb, sa) if swap else (pa[i], pb[j], sim, sa, sb))
    score = best_score
    link = "=" if score >= 0.999 else "≈" if score >= 0.7 else "vs"
    return Match(round(min(1.0, score), 4), [f"{_side(a, fa)} {link} {_side(b, fb)} ({_details(pairs)})"])


def compare_fast(a: Analysis, b: Analysis, at_least: float | None = None) -> Match | None:
    """:func:`adalet.names.analysed.compare_analysed`: the same :class:`Match`, computed with less work.

    With *at_least*, None when the score would be below it (learnt sooner: form pairs that cannot reach it are
    not aligned); a Match below it may still be returned. Without, never None.
    """
    for x in (a, b):
        if not usable(x):
            return None if at_least is not None and at_least > 0.0 else Match(0.0, [f"no usable name in {x.raw[:40]!r}"])
    if a.kind in _HAN_KINDS and b.kind in _HAN_KINDS:
        return _compare_chars(a, b)
    return _best_forms(a, b, at_least if at_least is not None and at_least > 0.0 else None)
