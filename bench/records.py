"""Benchmark of issues 3 and 16: map + verify + xref on a realistic leak of 100,000 rows and 10,000 photos, with
verify's false alarms and recall.

The leaks are generated with `adalet demo-leak --realistic` (the benign irregularities of real police files, and
planted problems), one for a development seed (``--seed``, 1-9) and one for the hold-out seed 1000 (frozen:
adalet.demo.seeds; this bench scores it once per run, and its figures never tune a check), and ingested into one
home as two collections; those steps are not timed. Then, in one process, the three steps run on each as a user
runs them (`records map`, `xref photos`, `verify`), each timed, with the share of verify's time per check.
Target: map + verify + xref under 60 s.

Baseline, measured in the same run: reading every spreadsheet's extracted table from the blob store and
looping over its cells (the floor for anything that reads all rows). Also measured (adalet.demo.alarms):
false errors and false warnings per 1,000 clean rows and per 1,000 clean photos (a warning or error on a row
or photo the manifest marks clean), recall on the planted problems of severity warning or error, and xref's
counts against the ground truth. Target: 0 false errors, at most 1 false warning per 1,000 clean rows and
photos, every planted problem found.

    python bench/records.py [--people 100000 --photos 10000] [--seed 1] [--holdout-seed 1000] [--jobs 4]
                            [--ingest-only | --keep-home]

`--ingest-only` generates and ingests, then stops (nothing is scored); `--keep-home` then reuses that home when it
holds the same leaks (the untimed ingest takes minutes at full size), else starts afresh.

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


def generate(args: argparse.Namespace, seed: int) -> Path:
    out = VAR / f"records-leak-{args.people}-{args.photos}-{seed}-realistic"
    if not (out / "manifest.json").exists():
        shutil.rmtree(out, ignore_errors=True)
        started = time.perf_counter()
        subprocess.run(
            [ADALET, "demo-leak", str(out), "--people", str(args.people), "--photos", str(args.photos), "--docs", "0",
             "--seed", str(seed), "--realistic", "--verbosity", "0"],
            check=True,
        )
        print(f"generated the leak of seed {seed} in {time.perf_counter() - started:.1f} s", flush=True)
    return out


def fresh_home(keep: bool = False) -> dict[str, str]:
    """A fresh home (and database), for this process too: DATABASE_URL then names the bench's database. With
    ``keep``, the home (and database) are left as they are."""
    home = VAR / "records-home"
    if not keep:
        shutil.rmtree(home, ignore_errors=True)
    env = dict(os.environ, ADALET_HOME=str(home))
    env.pop("ADALET_BLOBS", None)
    url = os.environ.get("DATABASE_URL")
    if url and keep:
        env["DATABASE_URL"] = f"{url.rsplit('/', 1)[0]}/{DATABASE}"
    elif url:
        import psycopg

        base = url.rsplit("/", 1)[0]
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{DATABASE}"')
        env["DATABASE_URL"] = f"{base}/{DATABASE}"
    os.environ.update(env)
    return env


def ingest(leak: Path, collection: str, args: argparse.Namespace, env: dict[str, str]) -> None:
    started = time.perf_counter()
    subprocess.run(
        [ADALET, "ingest", str(leak / "xinjiang-police-files.zip"), "--collection", collection, "--no-ocr",
         "--jobs", str(args.jobs), "--json"],
        check=True, env=env, stdout=subprocess.DEVNULL,
    )
    print(f"ingested {collection} in {time.perf_counter() - started:.1f} s (not timed below)", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--photos", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1, help="a development seed (1-9)")
    parser.add_argument("--holdout-seed", type=int, default=1000, help="the frozen hold-out seed, scored once")
    parser.add_argument("--jobs", type=int, default=4)
    parser.add_argument("--ingest-only", action="store_true", help="generate and ingest, then stop")
    parser.add_argument("--keep-home", action="store_true", help="reuse the home an --ingest-only run made")
    args, _ = parser.parse_known_args()  # `bench/run.py` passes every bench the same arguments
    leaks = {"development": generate(args, args.seed), "hold-out": generate(args, args.holdout_seed)}
    marker = VAR / "records-home" / "ingested.json"
    ingested = {role: str(leak) for role, leak in leaks.items()}
    keep = args.keep_home and marker.exists() and json.loads(marker.read_text(encoding="utf-8")) == ingested
    env = fresh_home(keep)
    database = env.get("DATABASE_URL", "")  # the bench's own database, or "" (SQLite)
    if keep:
        print(f"kept the home of an earlier ingest ({marker.parent})", flush=True)
    else:
        for role, leak in leaks.items():
            ingest(leak, role, args, env)
        marker.write_text(json.dumps(ingested), encoding="utf-8")
    if args.ingest_only:
        return

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "adalet.settings")
    django.setup()
    from adalet.archive import reading
    from adalet.demo.alarms import score
    from adalet.people.records import map_collection
    from adalet.people.xref import xref_photos
    from adalet.verify.runner import verify_collection

    engine = "PostgreSQL" if os.environ.get("DATABASE_URL") else "SQLite"
    timing_rows, alarm_rows, notes = [], [], []
    for role, leak in leaks.items():
        seed = args.seed if role == "development" else args.holdout_seed
        collection = reading.collection(role)
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
            results[step] = run(role)
            timings[step], cpu[step] = time.perf_counter() - started, time.process_time() - started_cpu
        mapped, xref, verified = results["records map"], results["xref photos"], results["verify"]
        total = sum(timings.values())

        manifest = json.loads((leak / "manifest.json").read_text(encoding="utf-8"))
        alarms = score(manifest, json.loads(json.dumps(verified.as_dict(), default=str)))
        figures = alarms.as_dict()
        counts = manifest["counts"]
        print(f"\n{engine}, {role} seed {seed}: {mapped.rows:,} rows, {xref.photos:,} photos")
        print(f"  baseline: read every table and its {cells:,} cells: {baseline:.2f} s")
        for step, seconds in timings.items():
            print(f"  {step:12} {seconds:6.2f} s wall, {cpu[step]:6.2f} s CPU in this process")
        print(f"  total        {total:6.2f} s wall ({mapped.rows / total:,.0f} rows/s; target < 60 s; "
              f"{total / baseline:.1f}x the baseline), {sum(cpu.values()):.2f} s CPU; load average {os.getloadavg()[0]:.1f}")
        verify_total = sum(verified.seconds.values()) or 1.0
        shares = ", ".join(f"{name} {seconds / verify_total:.0%}"
                           for name, seconds in sorted(verified.seconds.items(), key=lambda kv: -kv[1]))
        print(f"  verify, share of time per check: {shares}")
        judged = verified.examined.get("dates", {})
        dating = (f"archive's date {verified.as_of} ({verified.as_of_source}); "
                  f"{'supported' if verified.as_of_supported else 'NOT SUPPORTED'}: {verified.as_of_support}; "
                  f"{judged.get('rows_judged', 0):,} of {judged.get('rows', 0):,} rows judged against it")
        print(f"  {dating}")
        print("  false alarms: " + ", ".join(f"{k} {v}" for k, v in figures.items() if k.startswith("false_")))
        print(f"  recall: {alarms.found}/{alarms.planted} planted problems found ({alarms.recall:.2%}); "
              f"extra findings on planted entries {len(alarms.extra)}, unplaced {len(alarms.unplaced)}")
        for cause, n in figures["causes"].items():
            print(f"  false alarm cause: {cause}: {n}")
        for missed in figures["missed"]:
            print(f"  missed: {missed}")
        truth = (counts["photos"], counts["photos_linked"], counts["photos_linked_detained"], counts["photos_unlinked"])
        got = (xref.photos, xref.linked, xref.linked_detained, xref.unlinked)
        print(f"  xref: photos/linked/detained/unlinked {got}, ground truth {truth}: {'equal' if got == truth else 'DIFFERENT'}")
        label = f"{role} (seed {seed})"
        timing_rows.append(
            [label, *(f"{timings[step]:.1f} s" for step in ("records map", "xref photos", "verify")),
             f"**{total:.1f} s**", f"{mapped.rows / total:,.0f}", f"{sum(cpu.values()):.1f} s",
             f"{baseline:.2f} s ({cells:,} cells)", f"{total / baseline:.1f}×"]
        )
        alarm_rows.append(
            [label, f"{alarms.clean_rows:,}", f"{figures['false_errors_per_1000_rows']:g} ({figures['false_errors_rows']})",
             f"{figures['false_warnings_per_1000_rows']:g} ({figures['false_warnings_rows']})", f"{alarms.clean_photos:,}",
             f"{figures['false_errors_per_1000_photos']:g} ({figures['false_errors_photos']})",
             f"{figures['false_warnings_per_1000_photos']:g} ({figures['false_warnings_photos']})",
             f"**{alarms.recall:.2%}** ({alarms.found:,} / {alarms.planted:,})", 'equal' if got == truth else 'DIFFERENT']
        )
        notes.append(f"{label}: share of verify's time per check: {shares}.")
        notes.append(f"{label}: {dating}.")
        if figures["causes"]:
            notes.append(f"{label}: false alarms by check / severity / irregularity of the entry: " + "; ".join(
                f"{cause} {n}" for cause, n in figures["causes"].items()) + ".")
        if figures["missed"]:
            notes.append(f"{label}: missed: " + "; ".join(f"`{m}`" for m in figures["missed"][:10])
                         + (" …" if len(figures["missed"]) > 10 else "") + ".")
        if alarms.extra or alarms.unplaced:
            notes.append(f"{label}: {len(alarms.extra)} other findings on planted rows or photos, "
                         f"{len(alarms.unplaced)} on no row or photo of the manifest.")
    write(
        f"records.{engine.lower()}",
        [
            Table(["leak", "records map", "xref photos", "verify", "total (target < 60 s)", "rows/s", "CPU in process",
                   "baseline: read every table", "vs baseline"], timing_rows, title="Time"),
            Table(["leak", "clean rows", "false errors per 1,000 rows (n)", "false warnings per 1,000 rows (n)",
                   "clean photos", "false errors per 1,000 photos (n)", "false warnings per 1,000 photos (n)",
                   "recall (found / planted)", "xref counts vs truth"], alarm_rows,
                  title="False alarms and recall (target: 0 false errors, ≤ 1 false warning per 1,000, recall 100%)"),
        ],
        database=database,
        notes=notes,
        inputs=(f"`adalet demo-leak --realistic --people {args.people} --photos {args.photos} --docs 0 --seed S` for "
                f"the development seed {args.seed} and the hold-out seed {args.holdout_seed} (scored once per run), "
                f"ingested with `--no-ocr --jobs {args.jobs}` (not timed); then `records map`, `xref photos` and "
                "`verify` in one process, on each. Baseline: reading every extracted table from the blob store and "
                "looping over its cells. False alarms: warnings and errors on rows and photos the manifest marks "
                "clean (adalet.demo.alarms)."),
    )


if __name__ == "__main__":
    main()
