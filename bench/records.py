"""Benchmark of issue 3: map + verify + xref on a leak of 100,000 rows and 10,000 photos.

The leak is generated (planted problems included) and ingested first; those steps are not timed. Then, in one
process, the three steps run as a user runs them (`records map`, `xref photos`, `verify`), each timed, with
the share of verify's time per check. Target: map + verify + xref under 60 s.

Baseline, measured in the same run: reading every spreadsheet's extracted table from the blob store and
looping over its cells (the floor for anything that reads all rows). Also checked: verify's findings against
the planted problems (missed, false alarms) and xref's counts against the ground truth.

    python bench/records.py [--people 100000 --photos 10000] [--jobs 4]

Set DATABASE_URL to measure on PostgreSQL (database `adalet_bench_records`, made afresh). The table goes to
docs/bench/records.sqlite.md or records.postgresql.md (bench/report.py).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from report import Table, write  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
VAR = Path(os.environ.get("ADALET_HOME", ROOT / "var" / "bench")).resolve()
ADALET = str(Path(sys.executable).with_name("adalet"))
DATABASE = "adalet_bench_records"


def generate(args: argparse.Namespace) -> Path:
    out = args.leak or VAR / f"records-leak-{args.people}-{args.photos}-{args.seed}"
    if not (out / "manifest.json").exists():
        shutil.rmtree(out, ignore_errors=True)
        started = time.perf_counter()
        subprocess.run(
            [ADALET, "demo-leak", str(out), "--people", str(args.people), "--photos", str(args.photos), "--docs", "0",
             "--seed", str(args.seed), "--verbosity", "0"],
            check=True,
        )
        print(f"generated the leak in {time.perf_counter() - started:.1f} s", flush=True)
    return out


def fresh_home() -> dict[str, str]:
    """A fresh home (and database), for this process too: DATABASE_URL then names the bench's database."""
    home = VAR / "records-home"
    shutil.rmtree(home, ignore_errors=True)
    env = dict(os.environ, ADALET_HOME=str(home))
    env.pop("ADALET_BLOBS", None)
    url = os.environ.get("DATABASE_URL")
    if url:
        import psycopg

        base = url.rsplit("/", 1)[0]
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{DATABASE}"')
        env["DATABASE_URL"] = f"{base}/{DATABASE}"
    os.environ.update(env)
    return env


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--photos", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=4)
    parser.add_argument("--leak", type=Path, help="A leak made by `adalet demo-leak` to use (default: generated).")
    args, _ = parser.parse_known_args()  # `bench/run.py` passes every bench the same arguments
    leak = generate(args)
    env = fresh_home()
    database = env.get("DATABASE_URL", "")  # the bench's own database, or "" (SQLite)
    started = time.perf_counter()
    subprocess.run(
        [ADALET, "ingest", str(leak / "xinjiang-police-files.zip"), "--collection", "bench", "--no-ocr",
         "--jobs", str(args.jobs), "--json"],
        check=True, env=env, stdout=subprocess.DEVNULL,
    )
    print(f"ingested in {time.perf_counter() - started:.1f} s (not timed below)", flush=True)

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "adalet.settings")
    django.setup()
    from adalet.archive import reading
    from adalet.people.records import map_collection
    from adalet.people.xref import xref_photos
    from adalet.verify.runner import verify_collection

    collection = reading.collection("bench")
    started = time.perf_counter()
    cells = 0
    for item in reading.items(collection, "spreadsheet"):
        for sheet in (reading.table(item.id) or {}).get("sheets", []):
            for row in sheet["rows"]:
                cells += sum(1 for cell in row if cell is not None)
    baseline = time.perf_counter() - started

    timings, cpu = {}, {}
    results = {}
    for step, run in (("records map", map_collection), ("xref photos", xref_photos), ("verify", verify_collection)):
        started, started_cpu = time.perf_counter(), time.process_time()
        results[step] = run("bench")
        timings[step], cpu[step] = time.perf_counter() - started, time.process_time() - started_cpu
    mapped, xref, verified = results["records map"], results["xref photos"], results["verify"]
    total = sum(timings.values())

    manifest = json.loads((leak / "manifest.json").read_text(encoding="utf-8"))
    planted = {
        (p["check"], "!/".join([*p["archive"], p["path"]]), p["sheet"], p["row"]) for p in manifest["planted"]
    }
    found = {(f.check, f.item, f.sheet, f.row) for f in verified.findings if f.severity != "info"}
    counts = manifest["counts"]
    engine = "PostgreSQL" if os.environ.get("DATABASE_URL") else "SQLite"
    print(f"\n{engine}: {mapped.rows:,} rows, {xref.photos:,} photos")
    print(f"  baseline: read every table and its {cells:,} cells: {baseline:.2f} s")
    for step, seconds in timings.items():
        print(f"  {step:12} {seconds:6.2f} s wall, {cpu[step]:6.2f} s CPU in this process")
    print(f"  total        {total:6.2f} s wall ({mapped.rows / total:,.0f} rows/s; target < 60 s; "
          f"{total / baseline:.1f}x the baseline), {sum(cpu.values()):.2f} s CPU; load average {os.getloadavg()[0]:.1f}")
    verify_total = sum(verified.seconds.values()) or 1.0
    print("  verify, share of time per check: " + ", ".join(
        f"{name} {seconds / verify_total:.0%}" for name, seconds in sorted(verified.seconds.items(), key=lambda kv: -kv[1])))
    print(f"  verify: {len(planted & found)}/{len(planted)} planted problems found, {len(found - planted)} false alarms")
    truth = (counts["photos"], counts["photos_linked"], counts["photos_linked_detained"], counts["photos_unlinked"])
    got = (xref.photos, xref.linked, xref.linked_detained, xref.unlinked)
    print(f"  xref: photos/linked/detained/unlinked {got}, ground truth {truth}: {'equal' if got == truth else 'DIFFERENT'}")
    shares = ", ".join(f"{name} {seconds / verify_total:.0%}"
                       for name, seconds in sorted(verified.seconds.items(), key=lambda kv: -kv[1]))
    write(
        f"records.{engine.lower()}",
        [Table(
            ["engine", "records map", "xref photos", "verify", "total (target < 60 s)", "rows/s", "CPU in process",
             "baseline: read every table", "vs baseline"],
            [[engine, *(f"{timings[step]:.1f} s" for step in ("records map", "xref photos", "verify")),
              f"**{total:.1f} s**", f"{mapped.rows / total:,.0f}", f"{sum(cpu.values()):.1f} s",
              f"{baseline:.2f} s ({cells:,} cells)", f"{total / baseline:.1f}×"]],
            notes=[
                f"Share of verify's time per check: {shares}.",
                f"Correctness: verify found {len(planted & found):,} of {len(planted):,} planted problems, false "
                f"alarms {len(found - planted):,}; xref photos / linked / shown detained / unlinked {got}, ground "
                f"truth {truth}: {'equal' if got == truth else 'DIFFERENT'}.",
            ],
        )],
        database=database,
        inputs=((f"the leak in `{args.leak}`" if args.leak else f"`adalet demo-leak --people {args.people} --photos "
                 f"{args.photos} --docs 0 --seed {args.seed}`")
                + f" ({mapped.rows:,} rows, {xref.photos:,} photos, {len(planted):,} planted problems), ingested with "
                f"`--no-ocr --jobs {args.jobs}` (not timed); then `records map`, `xref photos` and `verify` in one "
                "process. Baseline: reading every extracted table from the blob store and looping over its cells."),
    )


if __name__ == "__main__":
    main()
