"""The fourth development set (tests/names/data/dev_v4.tsv): what build_dev_v4.py makes, sourced, hard enough, and
of people in no other labelled set (overlap counted, never shown)."""

from __future__ import annotations

import csv
import sys
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
sys.path.insert(0, str(DATA))

import build_dev_v4  # noqa: E402  (a script beside the data, not a package)


def _rows() -> list[dict[str, str]]:
    with (DATA / "dev_v4.tsv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))


def test_file_is_what_the_build_makes() -> None:
    assert build_dev_v4.v2.matches(build_dev_v4.DEV, build_dev_v4.build())


def test_size_sources_and_negatives() -> None:
    rows = _rows()
    assert len(rows) >= 150
    assert all(r["source"].strip() and r["label"] in ("0", "1") for r in rows)
    assert sum(r["label"] == "0" for r in rows) >= 0.4 * len(rows)
    assert {r["family"] for r in rows} <= set(build_dev_v4.v2.FAMILIES)


def test_no_person_or_spelling_of_another_set() -> None:
    for path in (build_dev_v4.v2.PEOPLE, build_dev_v4.DEV_V3, build_dev_v4.FROZEN_V3):
        count, keys = build_dev_v4.overlaps(path)
        assert (count, keys) == (0, []), path.name
