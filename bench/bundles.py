"""Benchmark of issue 18, item 4: a publication bundle of the 100,000-row leak made and verified.

The leak is the one bench/records.py uses (`adalet demo-leak --realistic`, 100,000 people and 10,000 photos, the
development seed), ingested, mapped and published with its photos; those steps are not timed. Then, in one process:
`bundle create` (build.create: every record masked and checked, the files a visitor may have, the commitments, the
Merkle tree, the signed checkpoint, the custody extract), the verifier a bundle carries run in process and as
`python verify/verify.py DIR` (a fresh interpreter, as a reader runs it), one record's extract, and a second bundle
that extends the first with its consistency proof, verified against it.

Baselines, measured in the same run: reading every record's row from the database (the floor for making the
records), and SHA-256 over every file of the bundle (the floor for checking its manifests).

    python bench/bundles.py [--people 100000 --photos 10000] [--seed 1] [--jobs 2]

Set DATABASE_URL to measure on PostgreSQL (database `adalet_bench_bundles`, made afresh). The table goes to
docs/bench/bundles.sqlite.md or bundles.postgresql.md (bench/report.py).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from records import generate  # noqa: E402
from report import Table, write  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
VAR = Path(os.environ.get("ADALET_HOME", ROOT / "var" / "bench")).resolve()
ADALET = str(Path(sys.executable).with_name("adalet"))
DATABASE = "adalet_bench_bundles"


def fresh_home() -> dict[str, str]:
    home = VAR / "bundles-home"
    shutil.rmtree(home, ignore_errors=True)
    env = dict(os.environ, ADALET_HOME=str(home))
    env.pop("ADALET_BLOBS", None)
    env.pop("ADALET_TSA_URLS", None)  # no timestamp authority on the bench's machine: no network
    url = os.environ.get("DATABASE_URL")
    if url:
        import psycopg

        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{DATABASE}"')
        env["DATABASE_URL"] = f"{url.rsplit('/', 1)[0]}/{DATABASE}"
    os.environ.clear()
    os.environ.update(env)
    return env


def prepare(leak: Path, args: argparse.Namespace, env: dict[str, str]) -> None:
    started = time.perf_counter()
    for step in (["ingest", str(leak / "xinjiang-police-files.zip"), "--collection", "leak", "--no-ocr", "--jobs",
                  str(args.jobs), "--json"], ["records", "map", "leak", "--json"],
                 ["collection", "publish", "leak", "--photos"]):
        subprocess.run([ADALET, *step], check=True, env=env, stdout=subprocess.DEVNULL)
    print(f"ingested, mapped and published in {time.perf_counter() - started:.1f} s (not timed below)", flush=True)


def timed(label: str, times: dict[str, float], function, *args):  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    result = function(*args)
    times[label] = time.perf_counter() - started
    print(f"  {label:34} {times[label]:7.2f} s", flush=True)
    return result


def size_of(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--photos", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1, help="a development seed (1-9)")
    parser.add_argument("--jobs", type=int, default=2)
    args, _ = parser.parse_known_args()  # `bench/run.py` passes every bench the same arguments
    leak = generate(args, args.seed)
    env = fresh_home()
    database = env.get("DATABASE_URL", "")
    prepare(leak, args, env)

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "adalet.settings")
    django.setup()
    from adalet.bundles import verifier
    from adalet.bundles.build import create
    from adalet.bundles.extract import extract, folder_reader
    from adalet.people.models import Person

    engine = "PostgreSQL" if database else "SQLite"
    out = VAR / "bundles-out"
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    times: dict[str, float] = {}
    print(f"\n{engine}, {args.people:,} people, {args.photos:,} photos (seed {args.seed}):")
    rows = timed("baseline: read every record row", times, lambda: sum(1 for _ in Person.objects.values_list(
        "pk", "name", "birth_date", "sex", "ethnicity", "address", "id_number", "source__item_id", "source__row")
        .iterator(chunk_size=5000)))
    built = timed("bundle create", times, create, "leak", out / "first")
    files, size = size_of(out / "first")
    timed("baseline: SHA-256 of every file", times, lambda: [hashlib.sha256(p.read_bytes()).digest()
                                                             for p in (out / "first").rglob("*") if p.is_file()])
    timed("verify (in process)", times, verifier.verify, str(out / "first"))
    standalone = timed("verify (python verify/verify.py)", times, lambda: subprocess.run(
        [sys.executable, str(out / "first" / "verify" / "verify.py"), str(out / "first")], capture_output=True, text=True))
    assert standalone.returncode == 0, standalone.stderr
    first_record = json.loads((out / "first" / "data" / "records.jsonl").read_text().split("\n", 1)[0])["id"]
    timed("extract one record", times, extract, folder_reader(out / "first"), first_record, out / "extract")
    timed("verify the extract", times, verifier.verify, str(out / "extract"))
    second = timed("bundle create --previous (extends)", times, create, "leak", out / "second", out / "first")
    timed("verify --previous", times, verifier.verify, str(out / "second"), str(out / "first"))
    assert second.extends == built.size

    per_second = built.records / times["bundle create"]
    print(f"  {built.records:,} records, {built.files:,} files, {built.commitments:,} commitments: {built.size:,} leaves; "
          f"{files:,} files, {size / 1e6:.1f} MB; {per_second:,.0f} records/s; load average {os.getloadavg()[0]:.1f}")
    write(
        f"bundles.{engine.lower()}",
        [Table(["step", "time"], [[step, f"{seconds:.2f} s"] for step, seconds in times.items()], title="Time"),
         Table(["records", "files", "commitments", "leaves", "bundle", "records/s (create)"],
               [[f"{built.records:,}", f"{built.files:,}", f"{built.commitments:,}", f"{built.size:,}",
                 f"{files:,} files, {size / 1e6:.1f} MB", f"{per_second:,.0f}"]], title="Bundle")],
        database=database,
        notes=[f"{rows:,} record rows read for the baseline; the standalone verifier's time includes starting Python "
               "and importing cryptography."],
        inputs=(f"`adalet demo-leak --realistic --people {args.people} --photos {args.photos} --docs 0 --seed "
                f"{args.seed}`, ingested with `--no-ocr --jobs {args.jobs}`, `records map`, `collection publish "
                "--photos` (not timed); then in one process `bundle create`, the bundle's verifier (in process and as "
                "`python verify/verify.py`), an extract, and a second bundle extending the first, verified against "
                "it. No timestamp authority (no network)."),
    )


if __name__ == "__main__":
    main()
