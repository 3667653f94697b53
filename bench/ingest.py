"""Benchmark of the evidence archive: ingest of a generated leak, then search latency.

Baseline, measured in the same run on the same bytes: reading the leak and computing its SHA-256
(the machine's raw limit for anything that must hash what it keeps). Ingest runs the real command
(`adalet ingest --no-ocr --jobs 2`) in a fresh home; search runs the real search function.

    python bench/ingest.py [--photos 10000 --people 100000 --sheets 200 --docs 500] [--jobs 2]

Set DATABASE_URL to measure on PostgreSQL (database `adalet_bench` is made afresh, and kept for inspection).
`--search-only` re-measures search on the home (and database) the last run left (printed, no table written).
The table goes to docs/bench/ingest.sqlite.md or ingest.postgresql.md (bench/report.py).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from report import Table, write  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
VAR = Path(os.environ.get("ADALET_HOME", ROOT / "var" / "bench")).resolve()
DATABASE = "adalet_bench"
ADALET = str(Path(sys.executable).with_name("adalet"))


def generate(args: argparse.Namespace) -> Path:
    out = VAR / f"leak-{args.people}-{args.sheets}-{args.photos}-{args.docs}-{args.seed}"
    if not (out / "manifest.json").exists():
        shutil.rmtree(out, ignore_errors=True)
        started = time.perf_counter()
        subprocess.run(
            [ADALET, "demo-leak", str(out), "--people", str(args.people), "--sheets", str(args.sheets),
             "--photos", str(args.photos), "--docs", str(args.docs), "--seed", str(args.seed), "--verbosity", "0"],
            check=True,
        )
        print(f"generated the leak in {time.perf_counter() - started:.1f} s")
    return out


def raw_limit(files: list[Path]) -> tuple[float, int]:
    """Best of three: seconds to read and SHA-256 every byte of the input."""
    best = float("inf")
    total = 0
    for _ in range(3):
        started = time.perf_counter()
        total = 0
        for path in files:
            with open(path, "rb") as stream:
                digest = hashlib.file_digest(stream, "sha256")
            total += path.stat().st_size
            digest.hexdigest()
        best = min(best, time.perf_counter() - started)
    return best, total


def fresh_database() -> None:
    url = os.environ.get("DATABASE_URL")
    if not url:
        return
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{DATABASE}"')


def bench_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("ADALET_BLOBS",)}
    env["ADALET_HOME"] = str(home)
    if os.environ.get("DATABASE_URL"):
        env["DATABASE_URL"] = f"{os.environ['DATABASE_URL'].rsplit('/', 1)[0]}/{DATABASE}"
    return env


def search_latency(env: dict[str, str], manifest: dict, queries: int) -> dict[str, float]:  # type: ignore[type-arg]
    """p50/p95 of the search function (with snippets), over names, ID numbers, words, and misses."""
    rng = random.Random(5)
    people = manifest["people"]
    words = ["在押", "公安", "教育转化", "看守所", "维稳", "疏附县", "特克斯", "男", "释放", "Canon", "培训中心"]
    misses = ["nonexistent", "李蔷薇花", "zzzz"]
    batch = []
    for _ in range(queries):
        kind = rng.random()
        person = rng.choice(people)
        if kind < 0.3:
            batch.append(person["name"].split("·")[0])
        elif kind < 0.55:
            batch.append(person["id_number"])
        elif kind < 0.9:
            batch.append(rng.choice(words))
        else:
            batch.append(rng.choice(misses))
    script = f"""
import django, json, os, time
os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'adalet.settings')
django.setup()
from adalet.archive import search
times = []
queries = {json.dumps(batch, ensure_ascii=False)}
for q in queries[:20]:
    search.search(q)  # warm up
for q in queries:
    t = time.perf_counter(); search.search(q, limit=20); times.append(time.perf_counter() - t)
print(json.dumps(times))
"""
    out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True)
    times = sorted(json.loads(out.stdout.strip().splitlines()[-1]))
    return {
        "queries": len(times),
        "p50_ms": round(statistics.median(times) * 1000, 2),
        "p95_ms": round(times[int(len(times) * 0.95) - 1] * 1000, 2),
        "max_ms": round(times[-1] * 1000, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--sheets", type=int, default=200)
    parser.add_argument("--photos", type=int, default=10_000)
    parser.add_argument("--docs", type=int, default=500)
    parser.add_argument("--seed", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--queries", type=int, default=500)
    parser.add_argument("--search-only", action="store_true")
    args, _ = parser.parse_known_args()  # `bench/run.py` passes every bench the same arguments

    leak = generate(args)
    manifest = json.loads((leak / "manifest.json").read_text())
    inputs = [leak / "xinjiang-police-files.zip"]
    raw_seconds, raw_bytes = raw_limit(inputs)

    engine = "postgresql" if os.environ.get("DATABASE_URL") else "sqlite"
    home = VAR / f"ingest-home-{engine}"
    env = bench_env(home)
    if args.search_only:
        latency = search_latency(env, manifest, args.queries)
        print(json.dumps(latency), f"\nsearch ({engine}): p50 {latency['p50_ms']} ms, p95 {latency['p95_ms']} ms")
        return
    shutil.rmtree(home, ignore_errors=True)
    fresh_database()
    started = time.perf_counter()
    result = subprocess.run(
        [ADALET, "ingest", str(inputs[0]), "--collection", "bench", "--no-ocr", "--jobs", str(args.jobs), "--json"],
        env=env, capture_output=True, text=True, check=True,
    )
    seconds = time.perf_counter() - started
    summary = json.loads(result.stdout)
    latency = search_latency(env, manifest, args.queries)

    raw_mb_s = raw_bytes / raw_seconds / 1e6
    ingest_mb_s = raw_bytes / seconds / 1e6
    figures = {
        "engine": engine,
        "input_files": len(inputs),
        "input_mb": round(raw_bytes / 1e6, 1),
        "items": summary["items"],
        "statuses": summary["statuses"],
        "ingest_seconds": round(seconds, 2),
        "items_per_s": round(summary["items"] / seconds, 1),
        "ingest_mb_s": round(ingest_mb_s, 1),
        "raw_read_sha256_mb_s": round(raw_mb_s, 1),
        "ratio_to_raw": round(ingest_mb_s / raw_mb_s, 4),
        "search": latency,
    }
    print(json.dumps(figures, indent=2, ensure_ascii=False))
    print(
        f"\ningest ({figures['engine']}, --jobs {args.jobs}, no OCR): {summary['items']} items in {seconds:.1f} s = "
        f"{figures['items_per_s']} items/s, {ingest_mb_s:.1f} MB/s\n"
        f"baseline read+SHA-256 of the same {raw_bytes / 1e6:.0f} MB: {raw_mb_s:.0f} MB/s\n"
        f"ratio ingest/baseline: {figures['ratio_to_raw']:.1%} (target >= 25%)\n"
        f"search: p50 {latency['p50_ms']} ms, p95 {latency['p95_ms']} ms over {latency['queries']} queries (target p95 < 50 ms)"
    )
    (VAR / f"ingest-{figures['engine']}.json").write_text(json.dumps(figures, indent=2, ensure_ascii=False))
    write(
        f"ingest.{engine}",
        [Table(
            ["engine", "items", "ingest", "items/s", "ingest MB/s", "baseline: read + SHA-256", "ratio (target ≥ 25%)",
             "search p50", "search p95 (target < 50 ms)", "search max"],
            [[{"sqlite": "SQLite", "postgresql": "PostgreSQL"}[engine], f"{summary['items']:,}", f"{seconds:.1f} s",
              f"{figures['items_per_s']:,.0f}", f"{ingest_mb_s:.1f}", f"{raw_mb_s:,.0f} MB/s",
              f"{figures['ratio_to_raw']:.1%}", f"{latency['p50_ms']:.1f} ms", f"{latency['p95_ms']:.1f} ms",
              f"{latency['max_ms']:.1f} ms"]],
            notes=[f"Item statuses: {', '.join(f'{k} {v:,}' for k, v in sorted(summary['statuses'].items()))}."],
        )],
        database=env.get("DATABASE_URL", ""),  # the bench's own database, or "" (SQLite)
        inputs=(f"`adalet demo-leak --people {args.people} --sheets {args.sheets} --photos {args.photos} --docs "
                f"{args.docs} --seed {args.seed}` ({raw_bytes / 1e6:,.0f} MB zip), ingested with `adalet ingest … "
                f"--no-ocr --jobs {args.jobs}` in a fresh home; search: {latency['queries']} queries (names, ID "
                "numbers, words, misses) through `search()` with snippets; baseline: reading the zip and its SHA-256, "
                "best of three."),
    )


if __name__ == "__main__":
    main()
