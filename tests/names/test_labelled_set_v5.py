"""The fifth labelled set of issue 17 checked as data: dev_v5.tsv and the frozen holdout_v4.tsv (from people_v5.tsv).

No accuracy is asserted here and nothing of the matcher is imported: these tests keep the files honest. Columns,
labels, a source on every row, families and kinds from the allowed lists; no pair and no person on both sides (the
split is by person); every spelling one that people_v5.tsv attests for that person, with a source; the sizes the issue
asks for; the files exactly what build_v5.py makes; no person of people_v5.tsv in an older people file (counts only);
and the hold-out unchanged since its SHA-256 was written in data/README.md.
"""

from __future__ import annotations

import csv
import hashlib
import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest

from tests.names.test_labelled_set_v2 import assert_well_formed, key, rows  # one format

DATA = Path(__file__).parent / "data"
DEV = DATA / "dev_v5.tsv"
HOLDOUT = DATA / "holdout_v4.tsv"
PEOPLE = DATA / "people_v5.tsv"
def people_of(part: list[dict[str, str]]) -> set[str]:
    return {row[c] for row in part for c in ("person_a", "person_b")}


def sibling_script(name: str) -> ModuleType:
    """A build script of tests/names/data loaded by path (they are scripts, not a package)."""
    if name in sys.modules:
        return sys.modules[name]
    sys.path.insert(0, str(DATA))
    try:
        spec = importlib.util.spec_from_file_location(name, DATA / f"{name}.py")
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path.remove(str(DATA))


@pytest.mark.parametrize("path", [DEV, HOLDOUT], ids=["dev", "holdout"])
def test_rows_are_well_formed(path: Path) -> None:
    for row in rows(path):
        assert_well_formed(row)


def test_every_spelling_is_attested_in_people_file() -> None:
    """Each side of a pair is a spelling people_v5.tsv gives for that person, with a source."""
    attested: set[tuple[str, str]] = set()
    with PEOPLE.open(encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh, delimiter="\t"):
            assert r["source"].strip() and r["form"].strip() and r["group"].strip(), r
            attested.add((r["person"], r["form"]))
    for row in rows(DEV) + rows(HOLDOUT):
        assert (row["person_a"], row["a"]) in attested, row
        assert (row["person_b"], row["b"]) in attested, row


def test_split_is_by_person_and_sizes() -> None:
    dev, holdout = rows(DEV), rows(HOLDOUT)
    assert not people_of(dev) & people_of(holdout), "no person on both sides"
    assert not {key(r) for r in dev} & {key(r) for r in holdout}, "no pair on both sides"
    for part in (dev, holdout):
        assert len({key(r) for r in part}) == len(part), "no duplicate pair"
    assert len(holdout) >= 400
    assert sum(r["label"] == "1" for r in holdout) >= 150
    assert sum(r["label"] == "0" for r in holdout) >= 150
    weak = {"uyghur_pinyin", "partial_chars", "uyghur_arabic", "cyrillic", "latin_variant", "wade_giles"}
    assert weak <= {r["family"] for r in holdout if r["label"] == "1"}, "the weak families are in the hold-out"


def test_people_are_new() -> None:
    """No person or spelling of people_v5.tsv is in an older people file (counted, never listed, for people_v3.tsv)."""
    build_v5 = sibling_script("build_v5")
    for path in build_v5.OLDER_PEOPLE:
        count, keys = build_v5.v2.count_overlaps(PEOPLE, path)
        assert (count, keys) == (0, []), path.name


def test_files_are_what_the_build_makes() -> None:
    build_v5 = sibling_script("build_v5")
    dev, holdout = build_v5.build()
    assert build_v5.v2.matches(DEV, dev), "dev_v5.tsv differs from what build_v5.py makes"
    assert build_v5.v2.matches(HOLDOUT, holdout), "holdout_v4.tsv differs from what build_v5.py makes"


def test_holdout_is_frozen() -> None:
    readme = (DATA / "README.md").read_text(encoding="utf-8")
    found = re.search(r"holdout_v4\.tsv`: SHA-256 `([0-9a-f]{64})`", readme)
    assert found, "data/README.md states the hold-out's SHA-256"
    assert hashlib.sha256(HOLDOUT.read_bytes()).hexdigest() == found.group(1), (
        "holdout_v4.tsv changed: it is frozen (see data/README.md)"
    )
