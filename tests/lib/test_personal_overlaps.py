"""The overlap test of the personal-data detector: a binary search that answers as a scan of every span would."""

from __future__ import annotations

import random

from adalet.lib import personal
from adalet.lib.personal import Found


def spans(rng: random.Random, n: int) -> list[Found]:
    out, at = [], 0
    for _ in range(n):
        at += rng.randint(0, 6)
        width = rng.randint(1, 5)
        out.append(Found("id", at, at + width, "", at))
        at += width
    return out


def test_it_answers_as_the_scan_does() -> None:
    rng = random.Random(18)
    for _ in range(300):
        given = spans(rng, rng.randint(0, 12))
        for _ in range(30):
            start = rng.randint(0, 60)
            end = start + rng.randint(1, 8)
            scan = any(start < f.end and f.start < end for f in given)
            assert personal._overlaps(given, start, end) == scan, (given, start, end)


def test_a_sheet_of_thousands_of_rows_is_masked_as_each_row_is() -> None:
    row = "吐尔逊·艾买提 653101198504123453 特克斯县喀拉达拉镇阔布村3组17号\n"
    one = personal._mask(row)
    assert "653101198504123453" not in one and "17号" not in one
    assert personal._mask(row * 4000) == one * 4000
