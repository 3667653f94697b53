"""The real `adalet` command: import an OFAC CSV set, screen one name (--json) and a CSV batch."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from tests.conftest import Adalet


def glomag_subset(ofac_dir: Path, out: Path) -> Path:
    """The GLOMAG entries of the shared snapshot with their aliases and addresses (a quick import)."""
    out.mkdir()
    text = (ofac_dir / "sdn.csv").read_text(encoding="utf-8")
    rows = [line for line in text.splitlines(keepends=True) if '"GLOMAG' in line or 'GLOMAG"' in line]
    nums = {line.split(",", 1)[0] for line in rows}
    (out / "sdn.csv").write_text("".join(rows) + "bad line without enough fields\r\n", encoding="utf-8")
    for name in ("alt.csv", "add.csv"):
        lines = (ofac_dir / name).read_text(encoding="utf-8").splitlines(keepends=True)
        (out / name).write_text("".join(x for x in lines if x.split(",", 1)[0] in nums), encoding="utf-8")
    return out


def test_import_and_screen(adalet: Adalet, ofac_dir: Path, tmp_path: Path) -> None:
    directory = glomag_subset(ofac_dir, tmp_path / "ofac")
    summary = adalet.json("sanctions", "import", "ofac", str(directory))
    assert summary["added"] == 315 and summary["removed"] == 0
    assert summary["problems"] == ["sdn.csv line 316: 1 fields instead of 12; row skipped"]

    answer = adalet.json("screen", "陈全国")
    top = answer["results"][0]
    assert (top["id"], top["caption"], top["match"]) == ("ofac-29220", "CHEN, Quanguo", True)
    assert adalet.json("screen", "陈明国", "--birth", "1966")["results"][0]["caption"] == "CHEN, Mingguo"
    assert "MATCH 1.00  CHEN, Quanguo" in adalet.run("screen", "陈全国").stdout

    queries = tmp_path / "queries.csv"
    queries.write_text("id,name,birth\na,陈全国,1955\nb,,\nc,Nobody Atall,\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    batch = adalet.run("screen", "--csv", str(queries), "--out", str(out))
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert rows[0]["query_id"] == "a" and rows[0]["id"] == "ofac-29220" and rows[0]["match"] == "true"
    assert rows[-1]["query_id"] == "c" and rows[-1]["id"] == ""
    assert "line 3: empty name" in batch.stderr and "2 queries screened, 1 skipped" in batch.stderr


@pytest.mark.one_database  # the command's messages
def test_errors_are_one_line(adalet: Adalet, tmp_path: Path) -> None:
    result = adalet.run("sanctions", "import", "ofac", str(tmp_path / "missing"), check=False)
    assert result.returncode == 1 and result.stderr.strip().count("\n") == 0 and "sdn.csv not found" in result.stderr
    assert json.loads(adalet.run("screen", "陈全国", "--json").stdout)["results"] == []
