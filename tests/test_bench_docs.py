"""docs/benchmarks.md quotes only what `make bench` measures: its current figures are the tables the benches write
(bench/report.py), put between markers by bench/docs.py, and every quoted bench is one bench/run.py runs."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "benchmarks.md"


def load(name: str):  # noqa: ANN201 - a module
    spec = importlib.util.spec_from_file_location(f"bench_{name}", ROOT / "bench" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    sys.modules[f"bench_{name}"] = module
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


docs = load("docs")
report = load("report")
run = load("run")

PROSE = """# Benchmarks

Hand-written prose, quoting a marker in a sentence: `<!-- bench:NAME -->`.

## Linkage

<!-- bench:linkage -->
_Not measured yet._
<!-- /bench:linkage -->

### Earlier runs

| date | linker | wall |
|---|---|---|
| 2026-11-25 | adalet.names.link | 13.1 s |

## Records

<!-- bench:records.postgresql -->
_Not measured yet: kept as it is while no table exists._
<!-- /bench:records.postgresql -->

The end.
"""


def between(text: str, name: str) -> str:
    found = re.search(rf"^<!-- bench:{re.escape(name)} -->\n(.*?)^<!-- /bench:{re.escape(name)} -->$", text, re.S | re.M)
    assert found, name
    return found.group(1)


def test_report_writes_a_table_with_when_where_and_how(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ADALET_BENCH_TABLES", str(tmp_path))
    monkeypatch.delenv("ADALET_BENCH_QUICK", raising=False)
    monkeypatch.setattr(sys, "argv", [str(ROOT / "bench" / "linkage.py"), "--n", "2000"])
    path = report.write(
        "linkage",
        [report.Table(["linker", "wall", "recall"], [["adalet.names.link", "0.7 s", 1.0], ["Splink | DuckDB", "1.3 s", 0.838]],
                      notes=["Adalet / Splink time: 0.52 wall."])],
        database=None, inputs="2,000 × 2,000 records.",
    )
    assert path == tmp_path / "linkage.md"
    text = path.read_text(encoding="utf-8")
    assert re.search(r"^Measured \d{4}-\d\d-\d\d \d\d:\d\d UTC at commit `[0-9a-f]{4,}(\+dirty)?`\.", text, re.M)
    machine = re.search(r"^Machine: (.+)$", text, re.M).group(1)  # type: ignore[union-attr]
    for fact in ("cores", "GiB", "Python 3.", "database: none", "load average"):
        assert fact in machine
    assert "Command: `" in text and "bench/linkage.py --n 2000`" in text
    assert "Input: 2,000 × 2,000 records." in text
    assert "| linker | wall | recall |\n|---|---|---|\n| adalet.names.link | 0.7 s | 1.00 |" in text
    assert "| Splink \\| DuckDB | 1.3 s | 0.84 |" in text  # a cell's "|" does not break the table
    assert text.rstrip().endswith("Adalet / Splink time: 0.52 wall.")


def test_quick_runs_say_so_and_the_command_shows_the_database_url_without_password(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ADALET_BENCH_TABLES", str(tmp_path))
    monkeypatch.setenv("ADALET_BENCH_QUICK", "1")
    monkeypatch.setitem(report.ENV_AT_START, "DATABASE_URL", "postgres://bench:secret@db.invalid:5432/adalet")
    monkeypatch.setattr(sys, "argv", [str(ROOT / "bench" / "records.py"), "--people", "200", "--leak", str(ROOT / "var" / "x")])
    monkeypatch.setattr(report, "database_vendor", lambda url: "PostgreSQL")
    text = report.write("records.postgresql", [report.Table(["engine"], [["PostgreSQL"]])], database="postgres://x").read_text()
    assert "not the benchmark's" in text
    assert "DATABASE_URL=postgres://bench:***@db.invalid:5432/adalet" in text and "secret" not in text
    assert "bench/records.py --people 200 --leak var/x`" in text  # paths as typed from the repository's root


def test_docs_puts_each_table_between_its_markers_and_leaves_the_rest(tmp_path: Path) -> None:
    doc = tmp_path / "benchmarks.md"
    doc.write_text(PROSE, encoding="utf-8")
    tables = tmp_path / "bench"
    tables.mkdir()
    table = "<!-- written by bench/linkage.py -->\nMeasured 2026-12-06 10:41 UTC.\n\n| linker | wall |\n|---|---|\n| adalet | 0.7 s |\n"
    (tables / "linkage.md").write_text(table, encoding="utf-8")
    (tables / "orphan.md").write_text("| a |\n|---|\n", encoding="utf-8")

    assert docs.main(["--doc", str(doc), "--tables", str(tables), "--check"]) == 1  # not yet filled
    assert docs.main(["--doc", str(doc), "--tables", str(tables)]) == 0
    filled = doc.read_text(encoding="utf-8")
    assert between(filled, "linkage") == table
    assert between(filled, "records.postgresql") == between(PROSE, "records.postgresql")  # no table: left as it was
    outside = re.sub(r"^<!-- bench:linkage -->\n.*?^<!-- /bench:linkage -->$", "", filled, flags=re.S | re.M)
    assert outside == re.sub(r"^<!-- bench:linkage -->\n.*?^<!-- /bench:linkage -->$", "", PROSE, flags=re.S | re.M)
    assert "| 2026-11-25 | adalet.names.link | 13.1 s |" in filled  # earlier runs stay
    assert docs.main(["--doc", str(doc), "--tables", str(tables), "--check"]) == 0

    (tables / "linkage.md").write_text(table.replace("0.7 s", "0.6 s"), encoding="utf-8")  # the next run
    assert docs.main(["--doc", str(doc), "--tables", str(tables)]) == 0
    again = doc.read_text(encoding="utf-8")
    assert "| adalet | 0.6 s |" in again and "| adalet | 0.7 s |" not in again
    assert again.count("<!-- bench:linkage -->") == 1 and again.count("<!-- /bench:linkage -->") == 1


def test_docs_refuses_a_marker_that_is_not_closed(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="names"):
        docs.fill("<!-- bench:names -->\n| a |\n", tmp_path)


def test_every_bench_the_doc_quotes_is_one_make_bench_runs() -> None:
    text = DOC.read_text(encoding="utf-8")
    quoted = docs.markers(text)
    assert quoted, "docs/benchmarks.md has no <!-- bench:NAME --> marker"
    for name in quoted:
        assert name.split(".")[0] in run.BENCHES, f"docs/benchmarks.md quotes bench {name!r}, which bench/run.py does not run"
    assert {name.split(".")[0] for name in quoted} == set(run.BENCHES), "a bench make bench runs has no table in the doc"
    docs.fill(text, ROOT / "docs" / "bench")  # every marker is closed (raises if not)
    for script, _ in run.BENCHES.values():
        assert (ROOT / "bench" / script).is_file()


def test_the_makefile_bench_target_runs_bench_run() -> None:
    makefile = (ROOT / "Makefile").read_text()
    target = re.search(r"^bench:.*?(?=^\S|\Z)", makefile, re.S | re.M).group(0)  # type: ignore[union-attr]
    assert "bench/run.py" in target
