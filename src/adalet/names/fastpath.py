"""Scoring analysed names faster, with the same result: for callers that compare one name with many (screening).

:func:`compare_fast` returns exactly what :func:`~adalet.names.analysed.compare_analysed` returns (the same score
and the same explanation: the rules are :mod:`adalet.names.score`'s, and its functions do the work), with less of it:

* part similarities (:func:`~adalet.names.score.part_similarity`) are kept per pair of spellings, so a part met
  again, in another form of the same name or in another name, is not compared again;
* a form pair is aligned only when it can beat the best pair so far: every alignment weighs at most the sum of
  each part's best weight (float sums of non-negative terms in the same order are monotone, so the bound is
  exact), and the weight table is given up as soon as its first rows, the rest counted 1 each, show that it cannot;
* the alignment search sums a table of weights and stops at the first alignment that reaches that bound (a later
  one could only equal it, and :func:`~adalet.names.score._align` keeps the first best); its score is then divided
  by :func:`~adalet.names.score.denominator` and held under the forms' ceiling as ``_align`` does, so every bound
  above (taken with the least denominator) stays a bound.

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
    denominator,
    pair_weight,
    part_similarity,
    tones_differ,
    tones_differ_match,
    weightless,
)

#: Part-pair similarities kept (a bounded cache: cleared when full).
CACHE_SIZE = 500_000
#: (spellings, keys and sounds of one part, of the other, Uyghur reading, spelling variants) → (part_similarity's
#: (similarity, spelling, spelling), its pair_weight under the floor of that reading).
_Key = tuple[object, ...]
_sims: dict[_Key, tuple[tuple[float, str, str], float]] = {}
_ROLES = frozenset((SURNAME, GIVEN))
#: Slack on a bound taken with sums in another order than the scorer's (float rounding; far below the 4 decimals kept).
_MARGIN = 1e-9


def _similarity(p: Part, q: Part, uyghur: bool, variants: bool) -> tuple[tuple[float, str, str], float]:
    """:func:`~adalet.names.score.part_similarity` of two parts and its :func:`~adalet.names.score.pair_weight`."""
    key = (p.spellings, p.keys, p.sounds, q.spellings, q.keys, q.sounds, uyghur, variants)
    hit = _sims.get(key)
    if hit is None:
        if len(_sims) >= CACHE_SIZE:
            _sims.clear()
        sim = part_similarity(p, q, uyghur, variants)
        hit = _sims[key] = (sim, pair_weight(p, q, sim[0], UYGHUR_FLOOR if uyghur else STRICT_FLOOR))
    return hit


def _shape(fa: Form, fb: Form) -> tuple[bool, tuple[Part, ...], tuple[Part, ...], bool, float, float]:
    """(swapped, shorter parts, longer parts, Uyghur reading, least denominator, weight of a part without
    counterpart) as :func:`adalet.names.score._align` sets them: a form pair scores at most
    ``len(shorter) / denominator`` (the denominator of an alignment, :func:`~adalet.names.score.denominator`, is at
    least this one: a part before the shared ones weighs more, never less)."""
    pa, pb = fa.parts, fb.parts
    swap = len(pa) > len(pb)
    if swap:
        pa, pb = pb, pa
    uyghur = fa.kind in _UYGHUR_FORMS or fb.kind in _UYGHUR_FORMS
    unmatched = 1.0 if (fa.kind in _HAN_FORMS or fb.kind in _HAN_FORMS) else UNMATCHED_WEIGHT
    k, n = len(pa), len(pb)
    titles = sum(1 for j in range(n) if weightless(pb, j))  # left out, they count nothing (score.denominator)
    return swap, pa, pb, uyghur, k + unmatched * max(0, n - k - titles), unmatched


def _table(pa: tuple[Part, ...], pb: tuple[Part, ...], uyghur: bool, unmatched: float, denom: float,
           beat: float | None, goal: float | None) -> tuple[list[list[tuple[float, str, str]]], list[list[float]]] | None:
    """Part similarities and weights, as :func:`adalet.names.score._align` computes them, row by row; None as soon
    as the rows so far (the rest counted 1 each) show the pair scores at most *beat* or below *goal*."""
    variants = unmatched < 1.0  # no Han reading on either side (score._align: the same condition)
    sims, weights = [], []
    k = len(pa)
    most = 0.0
    get = _sims.get
    for i, p in enumerate(pa):
        ps, pk, pn, role = p.spellings, p.keys, p.sounds, p.role
        row = []
        out = []
        for q in pb:
            cell = get((ps, pk, pn, q.spellings, q.keys, q.sounds, uyghur, variants)) or _similarity(p, q, uyghur, variants)
            v = cell[1]
            if role != q.role and role in _ROLES and q.role in _ROLES:
                v *= ROLE_SWAP
            row.append(cell[0])
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
    # each form's parts, Uyghur and Han reading and ceiling, taken once (what _shape derives for a pair)
    others = [(fb, fb.parts, fb.kind in _UYGHUR_FORMS, fb.kind in _HAN_FORMS, fb.ceiling) for fb in b.forms]
    for fa in a.forms:
        parts_a, uyghur_a, han_a, ceiling_a = fa.parts, fa.kind in _UYGHUR_FORMS, fa.kind in _HAN_FORMS, fa.ceiling
        for fb, parts_b, uyghur_b, han_b, ceiling_b in others:
            # _shape(fa, fb), inline
            pa, pb = parts_a, parts_b
            swap = len(pa) > len(pb)
            if swap:
                pa, pb = pb, pa
            uyghur = uyghur_a or uyghur_b
            unmatched = 1.0 if (han_a or han_b) else UNMATCHED_WEIGHT
            k = len(pa)
            titles = sum(1 for j in range(len(pb)) if weightless(pb, j)) if len(pb) > k else 0
            denom = k + unmatched * max(0, len(pb) - k - titles)
            ceiling = ceiling_a if ceiling_a < ceiling_b else ceiling_b
            most = k / denom  # every part of the shorter form matched
            if ceiling < most:
                most = ceiling
            if (goal is not None and most < goal) or (best is not None and most <= best_score):
                continue
            table = _table(pa, pb, uyghur, unmatched, denom, best_score if best is not None else None, goal)
            if table is None:
                continue
            sims, weights = table
            most = _bound(weights)
            bound = min(most / denom, ceiling)
            if goal is not None and bound < goal:
                continue  # scores below at_least (even rounded)
            if best is not None and bound <= best_score:
                continue  # cannot score more than the best pair so far: _align's result would not be kept
            total, perm = _best_total(weights, len(pb), most)
            s = min(total / denominator(pb, len(pa), perm, unmatched), ceiling)
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
    if tones_differ(a, b):
        return tones_differ_match(a, b)
    return _best_forms(a, b, at_least if at_least is not None and at_least > 0.0 else None)
