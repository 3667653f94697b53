from __future__ import annotations

from adalet.names import blocking_keys
from tests.names.test_pairs import load_pairs


def test_matching_names_share_a_block() -> None:
    for a, b, label, _ in load_pairs():
        if label:
            assert blocking_keys(a) & blocking_keys(b), (a, b)


def test_blocking_reduces_comparisons() -> None:
    pairs = load_pairs()
    names = sorted({a for a, *_ in pairs} | {b for _, b, *_ in pairs})
    index: dict[str, set[str]] = {}
    for n in names:
        for k in blocking_keys(n):
            index.setdefault(k, set()).add(n)
    candidate_pairs = {tuple(sorted((x, y))) for group in index.values() for x in group for y in group if x < y}
    all_pairs = len(names) * (len(names) - 1) // 2
    assert len(candidate_pairs) < all_pairs / 4


def test_empty_name_has_no_keys() -> None:
    assert blocking_keys("") == set()
    assert blocking_keys("陈全国") & blocking_keys("CHEN, Quanguo")
