"""Screening's fast path gives the full comparison's score for names whose parts count nothing when left without a
counterpart (score.weightless: a title, or an initial after the first part): its least denominator must leave them
out as the scorer does, or a pair above a cutoff is dropped as below it (seen: 'Abdul Rehman Shah' / 'TAHA, Abdul
Rahman S.' 0.633 was None at cutoff 0.6). Pairs from the real list names of the OFAC slice, each abbreviated, shortened
and given a trailing initial, and against other listed people."""

from __future__ import annotations

import csv
import random
from pathlib import Path

from tests.names.fastpath_agrees import assert_fast_path_agrees

SDN = Path(__file__).resolve().parents[1] / "fixtures" / "sanctions" / "ofac_sdn" / "sdn.csv"


def people() -> list[str]:
    with SDN.open(encoding="latin-1", newline="") as f:
        return [row[1].strip() for row in csv.reader(f) if len(row) > 3 and row[2].strip() == "individual"]


def spellings(name: str, rng: random.Random) -> list[str]:
    """The name as another writer may give it: a middle part as its initial, a middle part left out, a trailing
    initial added, a title added."""
    surname, _, given = name.partition(", ")
    parts = given.split()
    out = [f"{given} {surname}".strip(), f"{surname}, {given} {rng.choice('ABHKMS')}."]
    if len(parts) >= 2:
        out.append(f"{surname}, {parts[0]} {parts[1][0]}. {' '.join(parts[2:])}".strip())
        out.append(f"{parts[0]} {' '.join(parts[2:])} {surname}".replace("  ", " "))
    out.append(f"Dr. {given} {surname}")
    return out


def test_the_fast_path_scores_names_with_initials_and_titles_as_the_full_comparison() -> None:
    rng = random.Random(11)
    names = people()
    assert len(names) > 300
    checked = 0
    for name in rng.sample(names, 150):
        for spelling in spellings(name, rng):
            assert_fast_path_agrees(spelling, name, (0.5, 0.6, 0.7, 0.88))
            assert_fast_path_agrees(spelling, rng.choice(names), (0.5, 0.6))
            checked += 2
    for x, y in (("Abdul Rehman Shah", "TAHA, Abdul Rahman S."), ("KHALAF, Ahmed Abdullah", "AL-ZAHRANI, Ahmed Abdullah S")):
        assert_fast_path_agrees(x, y, (0.5, 0.6, 0.7))
    assert checked > 1000
