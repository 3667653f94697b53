"""Where an ingest's time goes: `adalet ingest --no-ocr --jobs 1` run in this process with a CPU-time timer around each stage.

Each stage is a function of the archive looked up by name and wrapped with time.process_time spans (CPU time: other
processes on the machine do not count) (a stage that no
longer exists is left out); stages nest (decode, thumbnail, pHash... inside extract; the search index and custody
record inside commit), so their times add up to their parent's, not to the total. Prints JSON: per stage, calls and
ms per item; the total is the ingest function's own time (Django's start and migrations are not in it).

    ADALET_HOME=/tmp/x python bench/ingest_stages.py FOLDER
"""

from __future__ import annotations

import functools
import importlib
import json
import os
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

#: (label, module, attribute path): what each stage times.
STAGES = (
    ("staging (copy + SHA-256 into the blob store)", "adalet.archive.ingest", "stage_files"),
    ("claim", "adalet.archive.ingest", "claim"),
    ("extract", "adalet.archive.processing", "extract"),
    ("  image: EXIF", "adalet.archive.extractors.image", "read_exif"),
    ("  image: decode", "PIL.ImageFile", "ImageFile.load"),
    ("  image: thumbnail", "adalet.archive.extractors.image", "thumbnail"),
    ("  image: pHash", "adalet.archive.extractors.image", "perceptual_hash"),
    ("  metadata made JSON-safe", "adalet.archive.processing", "clean"),
    ("  derivatives written", "adalet.archive.processing", "_store_derivatives"),
    ("  passages", "adalet.archive.processing", "passages_of"),
    ("commit (one transaction per batch)", "adalet.archive.processing", "commit"),
    ("  items updated", "adalet.archive.processing", "_save_outcome_fields"),
    ("  search index", "adalet.archive.search", "index"),
    ("  bindings", "adalet.archive.bindings", "operation"),
    ("  custody record", "adalet.archive.custody", "append"),
)


def _wrap(owner: Any, name: str, totals: dict[str, list[float]], label: str) -> bool:
    original = getattr(owner, name, None)
    if original is None:
        return False
    if name == "operation":  # a context manager: time its whole block's enter and exit
        import contextlib

        @contextlib.contextmanager
        def timed_context(*args: Any, **kwargs: Any) -> Any:
            started = time.process_time()
            with original(*args, **kwargs) as value:
                entered = time.process_time()
                yield value
                left = time.process_time()
            totals[label][0] += 1
            totals[label][1] += (entered - started) + (time.process_time() - left)

        setattr(owner, name, timed_context)
        return True

    @functools.wraps(original)
    def timed(*args: Any, **kwargs: Any) -> Any:
        started = time.process_time()
        try:
            return original(*args, **kwargs)
        finally:
            totals[label][0] += 1
            totals[label][1] += time.process_time() - started

    setattr(owner, name, timed)
    return True


def main() -> None:
    folder = Path(sys.argv[1]).resolve()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "adalet.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from adalet.archive.ingest import ingest

    totals: dict[str, list[float]] = defaultdict(lambda: [0, 0.0])
    for label, module, path in STAGES:
        owner: Any = importlib.import_module(module)
        *parents, name = path.split(".")
        for parent in parents:
            owner = getattr(owner, parent)
        _wrap(owner, name, totals, label)
    if len(sys.argv) > 2:  # a warm-up ingest first: lazy imports and caches loaded, as in a long-running worker
        ingest(Path(sys.argv[2]).resolve(), "warm-up", ocr=False, jobs=1)
        totals.clear()
    profile = os.environ.get("ADALET_BENCH_PROFILE")  # a file: cProfile's statistics of the measured ingest go there
    if profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    started, cpu_started = time.perf_counter(), time.process_time()
    summary = ingest(folder, "stages", ocr=False, jobs=1)
    if profile:
        profiler.disable()
        profiler.dump_stats(profile)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    items = summary.items
    report = {
        "items": items,
        "statuses": summary.statuses,
        "wall_ms_per_item": round(seconds * 1000 / items, 3),
        "cpu_ms_per_item": round(cpu * 1000 / items, 3),
        "stages": {
            label: {"calls": int(totals[label][0]), "ms_per_item": round(totals[label][1] * 1000 / items, 3)}
            for label, _, _ in STAGES
            if label in totals
        },
    }
    print(json.dumps(report, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    main()
