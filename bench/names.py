"""Benchmark of cross-script person-name matching (issue 4, first version).

Quality and speed of `adalet.names.compare` on the labelled pairs of `tests/names/data/` (pairs.tsv and pairs_holdout.tsv),
next to OpenSanctions nomenklatura's `logic-v2` and `logic-v1` matchers measured in the same run on
the same pairs. nomenklatura scores two FtM `Person` entities, one name each:

    algorithm = nomenklatura.matching.get_algorithm("logic-v2")   # or "logic-v1"
    config = algorithm.default_config()
    algorithm.compare(query_person, candidate_person, config).score

Install the baseline with `pip install -e '.[bench]'`; without it, Adalet's figures are printed alone.

    python bench/names.py [--threshold 0.7] [--seconds 2.0]

The table goes to docs/bench/names.md (bench/report.py).

Throughput: "fresh" clears every `functools` cache of the matcher's own modules (adalet.names; or
nomenklatura, rigour and followthemoney) before each call and builds the entities anew, with a new
id (nomenklatura caches name analysis per entity id); "cached" calls again on names already analysed.

Next (out of scope here): a Splink comparison on a 100k x 100k linkage with blocking.
"""

from __future__ import annotations

import argparse
import csv
import inspect
import itertools
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from report import Table, write  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
IDS = itertools.count()  # one sequence for every matcher: nomenklatura's caches are global
DATA = ROOT / "tests" / "names" / "data"
PAIR_FILES = (DATA / "pairs.tsv", DATA / "pairs_holdout.tsv")


def load_pairs() -> list[tuple[str, str, int]]:
    pairs: list[tuple[str, str, int]] = []
    for path in PAIR_FILES:
        with open(path, encoding="utf-8", newline="") as stream:
            rows = csv.DictReader(stream, delimiter="\t", quoting=csv.QUOTE_NONE)
            pairs += [(row["a"], row["b"], int(row["label"])) for row in rows if row.get("a") and row.get("b")]
    return pairs


def _per_input(func: object) -> bool:
    """A cache of per-input results (an analysed name, a distance), not of reference data loaded once:
    the function takes arguments and is not named like a loader."""
    name = getattr(func, "__name__", "")
    if "load" in name:
        return False
    try:
        return bool(inspect.signature(getattr(func, "__wrapped__", func)).parameters)
    except (TypeError, ValueError):
        return False


def cache_clearers(prefixes: tuple[str, ...]) -> list[Callable[[], None]]:
    """`cache_clear` of every per-input `functools` cache defined in the given packages' loaded modules.

    Caches of reference data (zero-argument functions, loaders) stay warm: loading tables is start-up
    cost, not per-pair cost. Caches that are not `functools` ones (e.g. inside compiled extensions) stay too.
    """
    seen: dict[int, Callable[[], None]] = {}
    for name, module in list(sys.modules.items()):
        if module is None or not name.startswith(prefixes):
            continue
        candidates = []
        for value in list(vars(module).values()):
            candidates.append(value)
            if isinstance(value, type) and value.__module__ == name:  # cached methods of classes
                candidates.extend(getattr(attr, "__func__", attr) for attr in vars(value).values())
        for value in candidates:
            clear = getattr(value, "cache_clear", None)
            if callable(clear) and _per_input(value):
                seen[id(value)] = clear
    return list(seen.values())


def quality(scores: list[float], labels: list[int], threshold: float) -> dict[str, float | int]:
    tp = sum(1 for s, y in zip(scores, labels) if y and s >= threshold)
    fp = sum(1 for s, y in zip(scores, labels) if not y and s >= threshold)
    pos = sum(labels)
    neg = len(labels) - pos
    return {
        "pairs": len(labels),
        "positives": pos,
        "negatives": neg,
        "precision": round(tp / (tp + fp), 4) if tp + fp else 0.0,
        "recall": round(tp / pos, 4) if pos else 0.0,
        "positives_ge_threshold": round(tp / pos, 4) if pos else 0.0,
        "negatives_ge_threshold": round(fp / neg, 4) if neg else 0.0,
        "true_positives": tp,
        "false_positives": fp,
    }


def throughput(call: Callable[[int], object], n: int, seconds: float) -> float:
    """Pairs per second: calls `call(i)` for i over the pair indices, repeating the set for at least `seconds`."""
    done = 0
    started = time.perf_counter()
    while True:
        for i in range(n):
            call(i)
        done += n
        elapsed = time.perf_counter() - started
        if elapsed >= seconds:
            return done / elapsed


class Adalet:
    name = "adalet"

    def __init__(self) -> None:
        from adalet.names import compare

        self.compare = compare
        self.clearers = cache_clearers(("adalet.names",))

    def clear(self) -> None:
        for clear in self.clearers:
            clear()

    def score(self, a: str, b: str) -> float:
        return float(self.compare(a, b).score)


class Nomenklatura:
    def __init__(self, algorithm_name: str) -> None:
        from followthemoney import model
        from nomenklatura.matching import get_algorithm

        algorithm = get_algorithm(algorithm_name)
        if algorithm is None:
            raise LookupError(f"nomenklatura has no algorithm {algorithm_name!r}")
        self.name = f"nomenklatura {algorithm_name}"
        self.algorithm = algorithm
        self.config = algorithm.default_config()
        self.model = model
        self.clearers: list[Callable[[], None]] = []

    def entity(self, name: str):  # noqa: ANN201 - followthemoney's entity type
        entity = self.model.make_entity("Person")
        entity.id = f"e{next(IDS)}"  # nomenklatura caches name analysis by entity id: ids must be unique
        entity.add("name", name)
        return entity

    def clear(self) -> None:
        if not self.clearers:  # collected after first use, when the lazily imported modules are loaded
            self.clearers = cache_clearers(("nomenklatura", "rigour", "followthemoney"))
        for clear in self.clearers:
            clear()

    def score_entities(self, query, candidate) -> float:  # noqa: ANN001
        return float(self.algorithm.compare(query, candidate, self.config).score)

    def score(self, a: str, b: str) -> float:
        return self.score_entities(self.entity(a), self.entity(b))


def measure_adalet(m: Adalet, pairs: list[tuple[str, str, int]], seconds: float) -> dict[str, float]:
    def fresh(i: int) -> None:
        m.clear()
        m.compare(pairs[i][0], pairs[i][1])

    def cached(i: int) -> None:
        m.compare(pairs[i][0], pairs[i][1])

    out = {"fresh_pairs_per_s": throughput(fresh, len(pairs), seconds)}
    for a, b, _ in pairs:  # warm
        m.compare(a, b)
    out["cached_pairs_per_s"] = throughput(cached, len(pairs), seconds)
    return out


def measure_nomenklatura(m: Nomenklatura, pairs: list[tuple[str, str, int]], seconds: float) -> dict[str, float]:
    def fresh(i: int) -> None:
        m.clear()
        m.score(pairs[i][0], pairs[i][1])

    entities = [(m.entity(a), m.entity(b)) for a, b, _ in pairs]

    def cached(i: int) -> None:
        m.score_entities(*entities[i])

    out = {"fresh_pairs_per_s": throughput(fresh, len(pairs), seconds)}
    for q, c in entities:  # warm
        m.score_entities(q, c)
    out["cached_pairs_per_s"] = throughput(cached, len(pairs), seconds)
    return out


def baseline_versions() -> str:
    from importlib.metadata import PackageNotFoundError, version

    found = []
    for package in ("nomenklatura", "followthemoney", "rigour"):
        try:
            found.append(f"{package} {version(package)}")
        except PackageNotFoundError:
            found.append(f"{package} not installed")
    return ", ".join(found)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threshold", type=float, default=0.7)
    parser.add_argument("--seconds", type=float, default=2.0, help="minimum time per throughput measurement")
    args, _ = parser.parse_known_args(argv)  # `bench/run.py` passes every bench the same arguments

    pairs = load_pairs()
    labels = [y for _, _, y in pairs]
    matchers: list[Adalet | Nomenklatura] = [Adalet()]
    missing: list[str] = []
    for algorithm_name in ("logic-v2", "logic-v1"):
        try:
            matchers.append(Nomenklatura(algorithm_name))
        except Exception as exc:  # noqa: BLE001 - any failure means the baseline is missing, said so below
            missing.append(f"nomenklatura {algorithm_name}: {type(exc).__name__}: {exc}")

    results: dict[str, dict[str, object]] = {}
    for m in list(matchers):
        try:
            m.clear()
            scores = [m.score(a, b) for a, b, _ in pairs]
            figures: dict[str, object] = dict(quality(scores, labels, args.threshold))
            if isinstance(m, Adalet):
                figures.update(measure_adalet(m, pairs, args.seconds))
            else:
                figures.update(measure_nomenklatura(m, pairs, args.seconds))
            results[m.name] = figures
        except Exception as exc:  # noqa: BLE001
            missing.append(f"{m.name}: {type(exc).__name__}: {exc}")

    t = args.threshold
    header = (
        f"{'matcher':<22} {'precision':>9} {'recall':>7} {f'pos>={t}':>9} {f'neg>={t}':>9}"
        f" {'fresh pairs/s':>14} {'cached pairs/s':>15}"
    )
    print(f"labelled pairs: {len(pairs)} ({sum(labels)} positive), threshold {t}, {', '.join(str(p.relative_to(ROOT)) for p in PAIR_FILES)}")
    print(header)
    print("-" * len(header))
    for name, f in results.items():
        print(
            f"{name:<22} {f['precision']:>9.3f} {f['recall']:>7.3f} {f['positives_ge_threshold']:>9.3f}"
            f" {f['negatives_ge_threshold']:>9.3f} {f['fresh_pairs_per_s']:>14,.0f} {f['cached_pairs_per_s']:>15,.0f}"
        )
    for reason in missing:
        print(f"baseline missing — {reason}")
    for f in results.values():
        f["fresh_pairs_per_s"] = round(float(f["fresh_pairs_per_s"]), 1)  # type: ignore[arg-type]
        f["cached_pairs_per_s"] = round(float(f["cached_pairs_per_s"]), 1)  # type: ignore[arg-type]
    print(
        json.dumps(
            {"bench": "names", "threshold": t, "pairs": len(pairs), "results": results, "missing": missing},
            ensure_ascii=False,
            indent=2,
        )
    )
    versions = baseline_versions()
    write(
        "names",
        [Table(
            ["matcher", "precision", "recall", f"positives ≥ {t}", f"negatives ≥ {t}", "fresh pairs/s", "cached pairs/s"],
            [[name, f"{f['precision']:.3f}", f"{f['recall']:.3f}", f"{f['positives_ge_threshold']:.1%}",
              f"{f['negatives_ge_threshold']:.1%}", f"{f['fresh_pairs_per_s']:,.0f}", f"{f['cached_pairs_per_s']:,.0f}"]
             for name, f in results.items()],
            notes=[f"Baseline missing: {reason}." for reason in missing],
        )],
        database=None,
        inputs=(f"{len(pairs)} labelled pairs ({sum(labels)} same person) from "
                f"{', '.join(f'`{p.relative_to(ROOT)}`' for p in PAIR_FILES)}; a match at score ≥ {t}; at least "
                f"{args.seconds:g} s per throughput measurement. Baselines: {versions}."),
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
