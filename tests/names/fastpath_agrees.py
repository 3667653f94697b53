"""One check of screening's fast path (adalet.names.fastpath.compare_fast) against the full comparison, shared by the
name tests and the screening tests."""

from __future__ import annotations

from collections.abc import Sequence

from adalet.names import analyse, compare_analysed
from adalet.names.fastpath import compare_fast
from adalet.names.forms import Analysis
from adalet.names.score import Match


def assert_fast_path_agrees(x: str, y: str, cutoffs: Sequence[float] = (0.6, 0.7)) -> tuple[Analysis, Analysis, Match]:
    """compare_fast gives compare_analysed's score and explanation; with a cutoff it gives the same match when the
    score reaches it, else nothing or a score below it. Returns the two analyses and the full comparison's match."""
    a, b = analyse(x), analyse(y)
    plain = compare_analysed(a, b)
    fast = compare_fast(a, b)
    assert fast is not None and (fast.score, fast.explanation) == (plain.score, plain.explanation), (x, y)
    for at_least in cutoffs:
        pruned = compare_fast(a, b, at_least)
        if plain.score >= at_least:
            assert pruned is not None and (pruned.score, pruned.explanation) == (plain.score, plain.explanation)
        else:
            assert pruned is None or pruned.score < at_least, (x, y, at_least)
    return a, b, plain
