"""Ingest per kind of photo: items/s per core for 20 kB mugshots and 12-megapixel camera photos, beside the raw rate.

Inputs come from bench/photo_inputs.py (made apart from the code measured). For each kind, in the same run:
* baseline: reading the same files and their SHA-256 (best of three), as photos per second on one core;
* ingest: `bench/ingest_stages.py` (the real `ingest()`, `--no-ocr`, one process, a fresh SQLite home, after a
  warm-up ingest of a few other photos of the kind, as in a worker that has been running), the median of
  `--repeats` runs: CPU ms per item, items/s per core (1,000 / CPU ms), and its ratio to the baseline's photos/s;
* with `--before REV`, the same measure of the archive code at git revision REV (its `src/` tree, from `git
  archive`), so a change's before and after are measured in the same run on the same files.

    python bench/ingest_kinds.py [--mugshots 300] [--cameras 40] [--repeats 4] [--before REV]

Done-when (issue 23): mugshots at ≥ 2× the items/s per core of before; camera photos at ≥ 25% of the baseline rate.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tarfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from photo_inputs import folder  # noqa: E402
from report import Table, write  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
VAR = Path(os.environ.get("ADALET_HOME", ROOT / "var" / "bench")).resolve() / "ingest-kinds"
WARM_UP = {"mugshot": 6, "camera": 3}  # photos of another seed ingested first, untimed


def raw_rate(files: list[Path]) -> float:
    """Best of three: files per second read and hashed (SHA-256) on one core."""
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        for path in files:
            with open(path, "rb") as stream:
                hashlib.file_digest(stream, "sha256").hexdigest()
        best = min(best, time.perf_counter() - started)
    return len(files) / best


def source_tree(revision: str) -> Path:
    """The `src/` tree of a git revision, unpacked once under VAR."""
    sha = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", revision], capture_output=True, text=True, check=True
    ).stdout.strip()
    out = VAR / f"src-{sha[:12]}"
    if not (out / "src").is_dir():
        shutil.rmtree(out, ignore_errors=True)
        out.mkdir(parents=True)
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", sha, "src"], capture_output=True, check=True).stdout
        tar = out / "src.tar"
        tar.write_bytes(archive)
        with tarfile.open(tar) as unpacked:
            unpacked.extractall(out, filter="data")
        tar.unlink()
    return out / "src"


def ingest_once(photos: Path, warm: Path, src: Path | None, attempt: int) -> dict[str, Any]:
    """One ingest of the folder by bench/ingest_stages.py, in a fresh home (removed after)."""
    home = VAR / f"home-{os.getpid()}-{attempt}"
    shutil.rmtree(home, ignore_errors=True)
    env = {k: v for k, v in os.environ.items() if k not in ("ADALET_BLOBS", "DATABASE_URL", "ADALET_BENCH_PROFILE")}
    env["ADALET_HOME"] = str(home)
    if src is not None:
        env["PYTHONPATH"] = str(src)  # ahead of the checkout the virtualenv installs
    try:
        out = subprocess.run(
            [sys.executable, str(ROOT / "bench" / "ingest_stages.py"), str(photos), str(warm)],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    finally:
        shutil.rmtree(home, ignore_errors=True)
    return json.loads(out)


def measure(photos: Path, warm: Path, versions: list[tuple[str, Path | None]], repeats: int) -> dict[str, Any]:
    """Per version, the median of `repeats` ingests: CPU per item, wall per item and each stage.

    Versions take turns and go first by turns (A B, B A, ...), and medians rather than bests are compared: the file
    system's work (staging, derivatives) drifts upwards over a session of runs whatever the code (a mugshot's
    blob-store writes 0.13 -> 1.9 ms over twelve runs), so the best of each version is mostly whichever ran first."""
    runs: dict[str, list[dict[str, Any]]] = {version: [] for version, _ in versions}
    for attempt in range(repeats):
        for version, src in versions if attempt % 2 == 0 else versions[::-1]:
            runs[version].append(ingest_once(photos, warm, src, attempt))
    medians: dict[str, Any] = {}
    for version, measured in runs.items():
        stages = {
            stage: statistics.median(r["stages"][stage]["ms_per_item"] for r in measured if stage in r["stages"])
            for stage in dict.fromkeys(stage for r in measured for stage in r["stages"])
        }
        medians[version] = {
            "cpu_ms_per_item": statistics.median(r["cpu_ms_per_item"] for r in measured),
            "wall_ms_per_item": statistics.median(r["wall_ms_per_item"] for r in measured),
            "stages": {stage: {"ms_per_item": ms} for stage, ms in stages.items()},
            "runs": [r["cpu_ms_per_item"] for r in measured],
        }
    return medians


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mugshots", type=int, default=300)
    parser.add_argument("--cameras", type=int, default=40)
    parser.add_argument("--repeats", type=int, default=4)
    parser.add_argument("--before", help="a git revision whose archive code is measured too (before a change)")
    args, _ = parser.parse_known_args()  # `bench/run.py` passes every bench the same arguments

    versions: list[tuple[str, Path | None]] = [("now", None)]
    if args.before:
        versions.insert(0, (f"before ({args.before})", source_tree(args.before)))
    rows, stage_rows, results = [], [], {}
    for kind, count in (("mugshot", args.mugshots), ("camera", args.cameras)):
        photos = folder(VAR / "inputs", kind, count, seed=1)
        warm = folder(VAR / "inputs", kind, WARM_UP[kind], seed=2)
        files = sorted(photos.glob("*.jpg"))
        size_kb = sum(f.stat().st_size for f in files) / len(files) / 1e3
        baseline = raw_rate(files)
        measured = measure(photos, warm, versions, args.repeats)
        for version, _ in versions:
            figures = measured[version]
            per_core = 1000 / figures["cpu_ms_per_item"]
            results[(kind, version)] = figures
            print(
                f"{kind} ({version}): {figures['cpu_ms_per_item']:.2f} ms of CPU per item = {per_core:,.0f} items/s "
                f"per core; read + SHA-256 of the same files {baseline:,.0f} files/s; ratio {per_core / baseline:.1%}",
                flush=True,
            )
            rows.append(
                [
                    kind,
                    f"{len(files):,}",
                    f"{size_kb:,.0f} kB",
                    version,
                    f"{figures['cpu_ms_per_item']:.2f} ms",
                    f"{per_core:,.0f}",
                    f"{1000 / figures['wall_ms_per_item']:,.0f}",
                    f"{baseline:,.0f}",
                    f"{per_core / baseline:.1%}",
                ]
            )
            for stage, value in figures["stages"].items():
                stage_rows.append((kind, version, stage, value["ms_per_item"]))
    stages = list(dict.fromkeys(stage for _, _, stage, _ in stage_rows))
    columns = [f"{kind}, {version}" for kind, version in results]
    by_cell = {(f"{kind}, {version}", stage): ms for kind, version, stage, ms in stage_rows}
    stage_table = [
        [stage.replace("  ", "· "), *(f"{by_cell[(c, stage)]:.2f}" if (c, stage) in by_cell else "–" for c in columns)]
        for stage in stages
    ]
    write(
        "ingest_kinds",
        [
            Table(
                [
                    "kind",
                    "files",
                    "size",
                    "code",
                    "CPU per item",
                    "items/s per core",
                    "items/s (wall, 1 process)",
                    "baseline: read + SHA-256, files/s",
                    "ratio to baseline (camera target ≥ 25%)",
                ],
                rows,
            ),
            Table(
                ["stage (CPU ms per item)", *columns],
                stage_table,
                title="Where the CPU goes",
                notes=[
                    "Medians over the runs. Stages nest: those marked · are inside the stage above them. Staging copies each file "
                    "into the blob store while hashing it; the commit is one transaction per batch of items."
                ],
            ),
        ],
        database="",
        inputs=(
            f"bench/photo_inputs.py: {args.mugshots} mugshots (358×441, quality 75, half with camera EXIF) and "
            f"{args.cameras} camera photos (4000×3000, quality 90-92, EXIF with orientation, GPS and MakerNote); "
            f"`ingest(--no-ocr)` in one process after a warm-up, median of {args.repeats} runs; baseline: "
            "reading the same files and their SHA-256, best of three, one core."
        ),
    )


if __name__ == "__main__":
    main()
