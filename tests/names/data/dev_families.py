"""Per-family figures of the names matcher on the development sets (issue 17), and the time it takes.

For each development file (``dev_v2.tsv`` .. ``dev_v5.tsv``; never a hold-out) and each family: recall of
same-person pairs at 0.7 and the number of different-people pairs at or above 0.7, scored with
:func:`adalet.names.compare` and the whole element table (the fitted figures; ``loso.py`` gives the
leave-one-set-out ones, which are the measure of progress). Then the CPU time of ``compare`` on the first 2,000
pairs of the sets, in a fresh process (caches cold), best of three runs, each in its own process.

    .venv/bin/python tests/names/data/dev_families.py [-v] [--time-only]

``-v`` lists the pairs on the wrong side of 0.7.
"""

from __future__ import annotations

import csv
import subprocess
import sys
import time
from pathlib import Path

DATA = Path(__file__).resolve().parent
SETS = ("dev_v2", "dev_v3", "dev_v4", "dev_v5")
THRESHOLD = 0.7
TIMED_PAIRS = 2000


def rows(name: str) -> list[dict[str, str]]:
    with (DATA / f"{name}.tsv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))


def tally(scored: list[tuple[str, str, int, float]]) -> dict[tuple[str, str], list[int]]:
    """(set, family) → [same pairs, same at ≥ 0.7, different pairs, different at ≥ 0.7]; set and family "all" too."""
    out: dict[tuple[str, str], list[int]] = {}
    for set_name, family, label, score in scored:
        for key in ((set_name, family), ("all", family), (set_name, "all"), ("all", "all")):
            t = out.setdefault(key, [0, 0, 0, 0])
            t[0 if label else 2] += 1
            t[1 if label else 3] += score >= THRESHOLD
    return out


def _cell(t: list[int] | None) -> str:
    if t is None:
        return f"{'':>17}"
    same, hit, diff, fp = t
    rec = f"{hit / same:.3f} {hit:>3}/{same:<3}" if same else "-"
    return f"{rec:>13} {fp:>3}"


def timed() -> float:
    """CPU seconds of compare on the first TIMED_PAIRS development pairs, in this (fresh) process."""
    from adalet.names import compare

    pairs = [(r["a"], r["b"]) for s in SETS for r in rows(s)][:TIMED_PAIRS]
    start = time.process_time()
    for a, b in pairs:
        compare(a, b)
    return time.process_time() - start


def main(argv: list[str]) -> int:
    if argv[:1] == ["--child-time"]:
        print(timed())
        return 0
    if "--time-only" not in argv:
        from adalet.names import compare

        scored = []
        for s in SETS:
            for r in rows(s):
                score = compare(r["a"], r["b"]).score
                label = int(r["label"])
                scored.append((s, r["family"], label, score))
                if "-v" in argv and (score >= THRESHOLD) != bool(label):
                    print(f"  {s} {r['family']} {label} {score:.3f} {r['a']} | {r['b']}")
        t = tally(scored)
        families = sorted({f for _, f in t if f != "all"}) + ["all"]
        columns = [*SETS, "all"]
        print(f"{'family':15}" + "".join(f"{c + ' recall  FP':>18}" for c in columns))
        for f in families:
            print(f"{f:15}" + "".join(" " + _cell(t.get((c, f))) for c in columns))
    runs = [
        float(subprocess.run([sys.executable, __file__, "--child-time"], capture_output=True, text=True, check=True).stdout)
        for _ in range(3)
    ]
    best = min(runs)
    print(
        f"compare on {TIMED_PAIRS} development pairs, cold caches: best {best:.2f} s CPU of 3 runs "
        f"({TIMED_PAIRS / best:.0f} pairs/s; runs {' '.join(f'{r:.2f}' for r in runs)})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
