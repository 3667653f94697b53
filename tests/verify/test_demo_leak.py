"""End to end on a generated leak with planted problems: `verify` finds exactly the planted set, and
`xref photos` counts exactly the generator's ground truth. Runs the real `adalet` command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from adalet.demo.leak import LEAK_ZIP, MANIFEST, write_leak
from tests.conftest import Adalet


def locator(entry: dict) -> str:
    return "!/".join([*entry["archive"], entry["path"]])


@pytest.mark.one_database  # the checks' judgement of files; verify runs on both in test_realistic_leak.py
def test_verify_finds_the_planted_problems_and_nothing_else_and_xref_counts_the_truth(adalet: Adalet, tmp_path: Path) -> None:
    write_leak(tmp_path / "leak", people=600, photos=240, docs=0, seed=11)
    manifest = json.loads((tmp_path / "leak" / MANIFEST).read_text(encoding="utf-8"))
    adalet.run("ingest", str(tmp_path / "leak" / LEAK_ZIP), "--collection", "leak", "--no-ocr")

    mapped = adalet.json("records", "map", "leak")
    assert mapped["rows"] == manifest["counts"]["people"] and mapped["problems"] == []

    xref = adalet.json("xref", "photos", "leak")
    counts = manifest["counts"]
    assert (xref["photos"], xref["linked"], xref["linked_detained"], xref["unlinked"]) == (
        counts["photos"], counts["photos_linked"], counts["photos_linked_detained"], counts["photos_unlinked"],
    )
    named = sum(1 for p in manifest["photos"] if p["named_by"] == "name")
    assert named and xref["by_method"] == {"id_number": counts["photos_linked"] - named, "name_birth_date": named}

    report = adalet.json("verify", "leak")
    problems = [f for f in report["findings"] if f["severity"] != "info"]
    found = {(f["check"], f["severity"], f["item"], f["sheet"], f["row"], f["id_number"]) for f in problems}
    planted = {(p["check"], p["severity"], locator(p), p["sheet"], p["row"], p["id_number"])
               for p in manifest["planted"] if p["severity"] != "info"}
    assert len(found) == len(problems)  # one finding per problem
    assert found - planted == set(), "false alarms"
    assert planted - found == set(), "missed"
    copies = {locator(p): locator(p["other"]) for p in manifest["planted"] if p["check"] == "near_duplicate"}
    assert {f["item"]: f["evidence"]["other"] for f in problems if f["check"] == "near_duplicate"} == copies
    context = {(f["check"], f["item"]) for f in report["findings"] if f["severity"] == "info"}
    assert {(p["check"], locator(p)) for p in manifest["planted"] if p["severity"] == "info"} <= context
    assert set(manifest["counts"]["planted"]) <= {f["check"] for f in report["findings"]} | {
        k for k, v in manifest["counts"]["planted"].items() if not v
    }
