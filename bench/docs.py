"""Put the benches' generated tables into docs/benchmarks.md (run by `bench/run.py`, hence by `make bench`, at the end).

Each `<!-- bench:NAME -->` … `<!-- /bench:NAME -->` pair in the doc is given the content of `docs/bench/NAME.md`,
the file `bench/report.py` wrote for that bench (NAME is the bench, with a variant after a dot where it measures
either database: `ingest.sqlite`, `records.postgresql`). Whatever lies between markers is replaced; a marker whose
file does not exist yet keeps what it holds. Everything outside the markers (the prose, earlier runs) is left alone.

    python bench/docs.py [--doc docs/benchmarks.md] [--tables docs/bench] [--check]

`--check` changes nothing and exits 1 when the doc differs from what the tables would make it.
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "benchmarks.md"
#: A marker is a line of its own (so a doc can quote one inside a sentence).
MARKER = re.compile(r"^<!-- bench:(?P<name>[\w.-]+) -->\n(?P<body>.*?)^<!-- /bench:(?P=name) -->$", re.S | re.M)
OPENING = re.compile(r"^<!-- bench:([\w.-]+) -->$", re.M)


def markers(text: str) -> list[str]:
    """The NAME of every opening marker, in order (checked against the closing ones by `fill`)."""
    return OPENING.findall(text)


def fill(text: str, tables: Path) -> tuple[str, list[str], list[str]]:
    """(the doc with each marker's table put in, names filled, names whose table does not exist)."""
    filled: list[str] = []
    missing: list[str] = []
    unclosed = sorted(set(markers(text)) - {m.group("name") for m in MARKER.finditer(text)})
    if unclosed:
        raise ValueError(f"markers without their closing <!-- /bench:NAME -->: {', '.join(unclosed)}")

    def put(match: re.Match[str]) -> str:
        name = match.group("name")
        path = tables / f"{name}.md"
        if not path.is_file():
            missing.append(name)
            return match.group(0)
        filled.append(name)
        return f"<!-- bench:{name} -->\n{path.read_text(encoding='utf-8').strip()}\n<!-- /bench:{name} -->"

    return MARKER.sub(put, text), filled, missing


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--doc", type=Path, default=DOC)
    parser.add_argument("--tables", type=Path, default=Path(os.environ.get("ADALET_BENCH_TABLES") or ROOT / "docs" / "bench"))
    parser.add_argument("--check", action="store_true", help="change nothing; exit 1 if the doc is not up to date")
    args = parser.parse_args(argv)
    text = args.doc.read_text(encoding="utf-8")
    new, filled, missing = fill(text, args.tables)
    unused = sorted(p.stem for p in args.tables.glob("*.md") if p.stem not in filled) if args.tables.is_dir() else []
    where = os.path.relpath(args.doc)
    print(f"{where}: {'tables for' if args.check else 'tables put in for'} {', '.join(filled) or 'no marker'}"
          + (f"; no table yet, left as they were: {', '.join(missing)}" if missing else "")
          + (f"; tables with no marker in the doc: {', '.join(unused)}" if unused else ""))
    if args.check:
        if new != text:
            print(f"{where} is not up to date with {os.path.relpath(args.tables)}: run bench/docs.py")
            return 1
        return 0
    if new != text:
        args.doc.write_text(new, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
