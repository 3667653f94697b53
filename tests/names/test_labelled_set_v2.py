"""The labelled set of issue 17 (item 5) checked as data: dev_v2.tsv and the frozen holdout_v2.tsv.

No accuracy is asserted here (bench/names.py prints it per family); these tests keep the files honest: columns,
labels, a source on every row, families and kinds from the allowed lists, no pair on both sides, the sizes the
issue asks for, the hold-out's share, and the hold-out unchanged since its SHA-256 was written in data/README.md.
"""

from __future__ import annotations

import csv
import hashlib
import re
import unicodedata
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
DEV = DATA / "dev_v2.tsv"
HOLDOUT = DATA / "holdout_v2.tsv"
PEOPLE = DATA / "people_v2.tsv"
COLUMNS = ["a", "b", "label", "family", "kind", "person_a", "person_b", "source"]
FAMILIES = {
    "chars_pinyin", "trad_simp", "wade_giles", "cyrillic", "uyghur_pinyin", "uyghur_chars", "uyghur_arabic",
    "partial_chars", "latin_variant",
}
NEGATIVE_KINDS = {"common_surname", "shared_part", "contained", "patronymic", "same_pinyin", "tone"}


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        assert reader.fieldnames == COLUMNS, path
        return list(reader)


def key(row: dict[str, str]) -> frozenset[str]:
    return frozenset(unicodedata.normalize("NFC", row[c]).strip() for c in ("a", "b"))


def assert_well_formed(row: dict[str, str]) -> None:
    """One pair row of a labelled set: both names, a label, a family, a source, and a kind that agrees with them."""
    assert None not in row.values() and len(row) == len(COLUMNS), row
    assert row["a"].strip() and row["b"].strip() and row["a"] != row["b"], row
    assert row["label"] in ("0", "1"), row
    assert row["family"] in FAMILIES, row
    assert row["source"].strip(), row
    if row["label"] == "1":
        assert row["kind"] == "same" and row["person_a"] == row["person_b"], row
    else:
        assert row["kind"] in NEGATIVE_KINDS and row["person_a"] != row["person_b"], row


@pytest.mark.parametrize("path", [DEV, HOLDOUT], ids=["dev", "holdout"])
def test_rows_are_well_formed(path: Path) -> None:
    for row in rows(path):
        assert_well_formed(row)


def test_every_spelling_is_attested_in_people_file() -> None:
    """Each side of a pair is a spelling people_v2.tsv gives for that person, with a source."""
    attested: dict[tuple[str, str], str] = {}
    with PEOPLE.open(encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh, delimiter="\t"):
            assert r["source"].strip(), r
            attested[(r["person"], r["form"])] = r["source"]
    for row in rows(DEV) + rows(HOLDOUT):
        assert (row["person_a"], row["a"]) in attested, row
        assert (row["person_b"], row["b"]) in attested, row


def test_sizes_and_split() -> None:
    dev, holdout = rows(DEV), rows(HOLDOUT)
    everything = dev + holdout
    assert len(everything) >= 600
    assert sum(r["label"] == "1" for r in everything) >= 300
    assert sum(r["label"] == "0" for r in everything) >= 300
    assert len(holdout) * 3 >= len(everything), "the hold-out is at least a third"
    assert not {key(r) for r in dev} & {key(r) for r in holdout}, "no pair in both dev and hold-out"
    for part in (dev, holdout):
        assert len({key(r) for r in part}) == len(part), "no duplicate pair"
    assert {r["family"] for r in everything} == FAMILIES, "every family is represented"
    for family in FAMILIES:
        assert any(r["family"] == family for r in holdout), family


def test_holdout_is_frozen() -> None:
    readme = (DATA / "README.md").read_text(encoding="utf-8")
    found = re.search(r"holdout_v2\.tsv.*?SHA-256 `([0-9a-f]{64})`", readme, re.S)
    assert found, "data/README.md states the hold-out's SHA-256"
    assert hashlib.sha256(HOLDOUT.read_bytes()).hexdigest() == found.group(1), (
        "holdout_v2.tsv changed: it is frozen (see data/README.md)"
    )
