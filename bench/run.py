"""`make bench`: every benchmark docs/benchmarks.md quotes, each printing its figures next to a baseline measured in the
same run and writing its table(s) to docs/bench/ (bench/report.py); then bench/docs.py puts those tables into
docs/benchmarks.md.

    python bench/run.py [--only NAME,…] [--quick] [--ofac DIR] [--officials FILE] [--tables DIR] [--doc FILE] [ARGS…]

A bench that fails is reported and the others still run; the exit status is 1 if any failed. `--quick` gives each
bench its smallest sensible options (a trial that everything runs and writes its table: its figures mean nothing,
and its tables say so). `--ofac DIR` (a folder of OFAC's sdn.csv, add.csv, alt.csv: the full list) and `--officials
FILE` go to the screening bench (`make bench OFAC_DIR=… OFFICIALS=…`); without them it screens the slice of the list
kept in tests/fixtures/sanctions. Other ARGS are passed to every bench (each ignores what it does not
know). Set DATABASE_URL to measure ingest and records on PostgreSQL (signing and web always use PostgreSQL, in
databases of their own).
"""

from __future__ import annotations

import argparse
import os
import shlex
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
#: Every bench docs/benchmarks.md quotes, in its order: name -> (script, options for --quick).
BENCHES: dict[str, tuple[str, list[str]]] = {
    "ingest": ("ingest.py", ["--people", "200", "--sheets", "4", "--photos", "20", "--docs", "4", "--queries", "50"]),
    "ingest_kinds": ("ingest_kinds.py", ["--mugshots", "20", "--cameras", "2", "--repeats", "1"]),
    "names": ("names.py", ["--seconds", "0.2"]),
    "linkage": ("linkage.py", ["--n", "2000"]),
    "records": ("records.py", ["--people", "300", "--photos", "60", "--jobs", "2"]),
    "nearduplicates": ("nearduplicates.py", ["--people", "40", "--copies", "2"]),
    "bundles": ("bundles.py", ["--people", "300", "--photos", "60"]),
    "screening": ("screening.py", ["--queries", "500"]),
    "responsibility": ("responsibility.py", ["--rows", "5000", "--officials", "10"]),
    "signing": ("signing.py", ["--seconds", "3", "--clients", "4"]),
    "web": ("web.py", ["--people", "200", "--seconds", "3", "--connections", "10"]),
    "privacy": ("privacy.py", ["--random", "500", "--texts", "100", "--repeats", "2"]),
    "security": ("security.py", ["--guessers", "10", "--rounds", "6", "--downloads", "30", "--paging-rounds", "1",
                                 "--repeats", "60", "--hashes", "1000", "--rate-sample", "20000"]),
    "scale": ("scale.py", ["--people", "2000", "--queries", "20", "--cold", "5", "--hashes", "5000"]),
}


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help=f"comma-separated, among {', '.join(BENCHES)}")
    parser.add_argument("--quick", action="store_true", help="each bench with its smallest options (a trial)")
    parser.add_argument("--ofac", help="for the screening bench: a folder of OFAC's sdn.csv, add.csv, alt.csv")
    parser.add_argument("--officials", help="for the screening bench: the officials facts file")
    parser.add_argument("--tables", type=Path, help="write the tables there instead of docs/bench")
    parser.add_argument("--doc", type=Path, help="the doc to fill (default docs/benchmarks.md)")
    args, rest = parser.parse_known_args(argv)
    chosen = args.only.split(",") if args.only else list(BENCHES)
    unknown = [name for name in chosen if name not in BENCHES]
    if unknown:
        parser.error(f"no bench {', '.join(unknown)}; there are {', '.join(BENCHES)}")

    root = f"{HERE.parent}/"
    env = dict(os.environ, ADALET_BENCH_RUN=shlex.join(["bench/run.py", *(word.replace(root, "") for word in argv)]))
    if args.tables:
        env["ADALET_BENCH_TABLES"] = str(args.tables.resolve())
    if args.quick:
        env["ADALET_BENCH_QUICK"] = "1"
    outcomes: list[tuple[str, int, float]] = []
    for name in chosen:
        script, quick = BENCHES[name]
        options = list(quick) if args.quick else []
        if name == "screening":
            options += ["--ofac", args.ofac] if args.ofac else []
            options += ["--officials", args.officials] if args.officials else []
        command = [sys.executable, str(HERE / script), *options, *rest]
        print(f"\n== {name}: {shlex.join(['bench/' + script, *options, *rest])} ==", flush=True)
        started = time.perf_counter()
        try:
            code = subprocess.run(command, env=env).returncode
        except KeyboardInterrupt:
            print(f"== {name}: interrupted ==")
            return 130
        seconds = time.perf_counter() - started
        outcomes.append((name, code, seconds))
        print(f"== {name}: {'ok' if code == 0 else f'FAILED (exit status {code})'} in {seconds:.0f} s ==", flush=True)

    print("\n== docs ==", flush=True)
    from docs import main as fill_doc

    docs_args = [*(["--tables", str(args.tables)] if args.tables else []), *(["--doc", str(args.doc)] if args.doc else [])]
    docs_code = fill_doc(docs_args)
    failed = [name for name, code, _ in outcomes if code]
    print("\n== summary ==")
    for name, code, seconds in outcomes:
        print(f"  {name:<10} {'ok' if code == 0 else f'FAILED (exit status {code})':<24} {seconds:7.0f} s")
    if failed:
        print(f"{len(failed)} of {len(outcomes)} benches failed: {', '.join(failed)} (their tables were not rewritten)")
    return 1 if failed or docs_code else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
