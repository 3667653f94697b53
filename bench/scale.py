"""Benchmark of issue 23 (scale), first slice: relative search from the name index, and near-duplicates by
multi-index hashing, each against the method it replaces, measured in the same run at growing sizes.

Relative search, per size N (``--people``): N fictional detainees made by the demo generator (adalet.demo: names of
every ethnicity the generator knows, birth dates of a detained population, addresses), written with bulk inserts
into one published collection, 6% recorded a second time without the interpunct as another clerk types it; the
index is built as `records map` builds it (timed: "index build"). Then ``--queries`` searches, each typed as a
relative would (the name in characters, a Latin or Arabic-script spelling adalet.names derives, without the
interpunct, a Latin spelling with a letter dropped; a fifth of them names nobody in the collection), with the birth
year, a year either side for 30%, a county for 20%; each run both ways in alternating order:

* scan: `find_relatives(..., scan=True)`: everyone born then read, their keys computed, the sharers compared
  (the method before the index);
* index: `find_relatives(...)`: the people sharing a key looked up by (key, birth date), then compared; includes
  the check that every person born then is indexed.

The cards of both must be equal (the bench fails otherwise). "warm" is the process as it runs, the name caches
(adalet.names' per-name lru_caches) full of what earlier queries read; "cold" clears those caches before each
query, as a collection larger than the caches makes them (``--cold`` queries of each size).

Near-duplicates, per size M (``--hashes``): M 64-bit hashes in two shapes: random, and stations (a few centres,
each hash its centre with every bit flipped at 29%: different people at one station differ by about 26 bits, as
bench/nearduplicates.py measures), each with 10% copies 0-6 bits from another hash. `pairs_all` (every pair, NumPy
blocks, the check before) and `pairs_indexed` (multi-index hashing, the check now) must return the same pairs.

    python bench/scale.py [--people 10000,100000] [--queries 200] [--cold 40] [--hashes 10000,100000] [--seed 23]

DATABASE_URL: measure on PostgreSQL, in a database of the bench's own on that server (`adalet_bench_scale`, made
afresh). The table goes to docs/bench/scale.<engine>.md (bench/report.py).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from report import Table, write  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SECOND_LISTING = 0.06
DATABASE = "adalet_bench_scale"


def setup(home: Path) -> None:
    """A fresh home; on PostgreSQL (DATABASE_URL), a database of the bench's own on that server, made afresh."""
    shutil.rmtree(home, ignore_errors=True)
    home.mkdir(parents=True)
    os.environ["ADALET_HOME"] = str(home)
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith("postgres"):
        import psycopg

        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{DATABASE}"')
        os.environ["DATABASE_URL"] = f"{url.rsplit('/', 1)[0]}/{DATABASE}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "adalet.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def fresh() -> None:
    """No people, no index: what an earlier size wrote is deleted."""
    from django.db import transaction

    from adalet import bulkinsert
    from adalet.archive.models import Collection
    from adalet.people.models import NameKey, Person

    with transaction.atomic():
        bulkinsert.delete_where(NameKey, "1 = 1", [])
        bulkinsert.delete_where(Person, "1 = 1", [])
        Collection.objects.all().delete()


def populate(count: int, seed: int) -> tuple[list[Any], float]:
    """``count`` generated people in a published collection; returns them (as the generator made them, with their
    record id) and the seconds the index took to build."""
    from django.db import transaction

    from adalet import bulkinsert
    from adalet.archive.models import Collection
    from adalet.demo.identities import PersonFactory
    from adalet.people import namekeys
    from adalet.people.models import Person

    rng = random.Random(seed)
    factory = PersonFactory(rng)
    collection = Collection.objects.create(name=f"scale-{count}", is_public=True, photos_public=True)
    made = [factory.make() for _ in range(count)]
    with transaction.atomic():
        ids = bulkinsert.reserve_ids(Person, count)
        rows = []
        for pk, person in zip(ids, made, strict=True):
            names = [{"name": person.name, "source": "record"}]
            if "·" in person.name and rng.random() < SECOND_LISTING:
                names.append({"name": person.name.replace("·", ""), "source": "record"})
            rows.append(
                (
                    pk,
                    collection.pk,
                    "detainee",
                    person.name,
                    names,
                    person.id_number,
                    person.birth_date,
                    "M" if person.sex == "男" else "F",
                    person.address,
                )
            )
        bulkinsert.insert(
            Person, ("id", "collection_id", "kind", "name", "names", "id_number", "birth_date", "sex", "address"), rows
        )
        started = time.perf_counter()
        namekeys.add((row[0], row[1], row[3], row[4], row[6]) for row in rows)
        built = time.perf_counter() - started
    _analyze()
    return list(zip(ids, made, strict=True)), built


def _analyze() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def queries(people: Sequence[Any], count: int, seed: int) -> list[tuple[str, int, str, bool]]:
    """What relatives type: (name, birth year, county, around)."""
    from adalet.demo.identities import PersonFactory
    from adalet.names import variants
    from adalet.web.relatives import county_of

    rng = random.Random(seed)
    strangers = PersonFactory(random.Random(seed + 1))
    asked = []
    for _ in range(count):
        if rng.random() < 0.2:
            person = strangers.make()  # nobody in the collection (names may still be namesakes')
        else:
            person = rng.choice(people)[1]
        derived = variants(person.name)
        latin = [v for v in derived if v.isascii()]
        arabic = [v for v in derived if any("\u0600" <= c <= "\u06ff" for c in v)]
        typed = [person.name, person.name.replace("·", ""), *latin[:2], *arabic[:1]]
        if latin and len(latin[0]) > 5:
            cut = rng.randrange(1, len(latin[0]) - 1)
            typed.append(latin[0][:cut] + latin[0][cut + 1 :])
        county = county_of(person.address) if rng.random() < 0.2 else ""
        asked.append((rng.choice(typed), person.birth_date.year, county, rng.random() < 0.3))
    return asked


def clear_name_caches() -> None:
    """Empty the per-name caches of adalet.names (lru_caches of a thousand entries or more), not its loaded tables."""
    for name, module in list(sys.modules.items()):
        if not name.startswith("adalet.names"):
            continue
        for value in vars(module).values():
            info = getattr(value, "cache_info", None)
            if callable(info) and (info().maxsize or 0) >= 1000:
                value.cache_clear()


def percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def search(asked: Sequence[tuple[str, int, str, bool]], cold: bool) -> tuple[list[float], list[float], int]:
    """Seconds per query, scan and index, alternating which goes first; and how many queries found someone."""
    from adalet.web.relatives import find_relatives

    scan_times, index_times, found = [], [], 0
    for number, (name, year, county, around) in enumerate(asked):
        results = {}
        for scan in (True, False) if number % 2 else (False, True):
            if cold:
                clear_name_caches()
            clock = time.perf_counter()
            results[scan] = find_relatives(name, year, county, around=around, scan=scan)
            (scan_times if scan else index_times).append(time.perf_counter() - clock)
        if results[True] != results[False]:
            raise SystemExit(f"index and scan differ for {name!r} {year} {county!r} around={around}")
        found += bool(results[True])
    return scan_times, index_times, found


def fetched(asked: Sequence[tuple[str, int, str, bool]]) -> tuple[float, float]:
    """Mean people read per query: everyone born then (scan), those sharing a key (index)."""
    import datetime as dt

    from adalet.names import blocking_keys
    from adalet.people import namekeys
    from adalet.people.models import Person, PersonKind

    born_counts, sharing_counts = [], []
    for name, year, _county, around in asked:
        spread = 1 if around else 0
        first, last = dt.date(year - spread, 1, 1), dt.date(year + spread, 12, 31)
        born = Person.objects.filter(
            collection__is_public=True,
            birth_date__gte=first,
            birth_date__lte=last,
            kind__in=(PersonKind.DETAINEE, PersonKind.RELATIVE),
        )
        born_counts.append(born.count())
        sharing_counts.append(namekeys.sharing(born, blocking_keys(name), first, last).count())
    return statistics.mean(born_counts), statistics.mean(sharing_counts)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.1f} ms"


def relatives_rows(args: argparse.Namespace) -> tuple[list[list[object]], list[str]]:
    from adalet.people.models import NameKey

    rows, notes = [], []
    for size in args.people:
        fresh()
        started = time.perf_counter()
        people, built = populate(size, args.seed)
        print(f"{size:,} people written and indexed in {time.perf_counter() - started:.1f} s (index {built:.1f} s)", flush=True)
        asked = queries(people, args.queries, args.seed + size)
        born, sharing = fetched(asked)
        for cold, count in ((False, args.queries), (True, args.cold)):
            if not count:
                continue
            scan_times, index_times, found = search(asked[:count], cold)
            scan95, index95 = percentile(scan_times, 0.95), percentile(index_times, 0.95)
            rows.append(
                [
                    f"{size:,}",
                    "cold" if cold else "warm",
                    count,
                    f"{found}",
                    ms(statistics.median(scan_times)),
                    ms(scan95),
                    ms(statistics.median(index_times)),
                    ms(index95),
                    f"{scan95 / index95:.1f}×",
                    f"{born:,.0f} / {sharing:,.0f}",
                    f"{built:.1f} s, {NameKey.objects.count():,} rows",
                ]
            )
            print(
                f"relatives {size:,} {'cold' if cold else 'warm'}: scan p50 {ms(statistics.median(scan_times))} "
                f"p95 {ms(scan95)}; index p50 {ms(statistics.median(index_times))} p95 {ms(index95)}; "
                f"p95 ratio {scan95 / index95:.1f}×; people read per query {born:,.0f} vs {sharing:,.0f}; "
                f"{found}/{count} found someone; cards equal",
                flush=True,
            )
    notes.append(
        "Cards of the index and of the scan are equal for every query (checked). The first query of each size "
        "also loads the county tables."
    )
    return rows, notes


def hashes_of(shape: str, count: int, rng: np.random.Generator) -> np.ndarray:
    """``count`` hashes, random or at stations, with 10% copies 0-6 bits from another."""
    if shape == "random":
        hashes = rng.integers(0, 2**64, size=count, dtype=np.uint64)
    else:
        centres = rng.integers(0, 2**64, size=max(1, count // 2000), dtype=np.uint64)
        flips = rng.random((count, 64)) < 0.29
        noise = (flips.astype(np.uint64) << np.arange(64, dtype=np.uint64)).sum(axis=1, dtype=np.uint64)
        hashes = centres[rng.integers(0, centres.size, size=count)] ^ noise
    copies = rng.choice(count, size=count // 10, replace=False)
    for index in copies:
        value = hashes[rng.integers(count)]
        for bit in rng.choice(64, size=int(rng.integers(0, 7)), replace=False):
            value ^= np.uint64(1) << np.uint64(int(bit))
        hashes[index] = value
    return hashes


def timed(method: Callable[[np.ndarray], Any], hashes: np.ndarray) -> tuple[float, list[tuple[int, int, int]]]:
    clock = time.perf_counter()
    pairs = list(method(hashes))
    return time.perf_counter() - clock, pairs


def duplicates_rows(args: argparse.Namespace) -> list[list[object]]:
    from adalet.verify.checks import duplicates

    rows = []
    rng = np.random.default_rng(args.seed)
    for size in args.hashes:
        for shape in ("random", "stations"):
            hashes = hashes_of(shape, size, rng)
            indexed_seconds, indexed = timed(duplicates.pairs_indexed, hashes)
            all_seconds, every = timed(duplicates.pairs_all, hashes)
            if indexed != every:
                raise SystemExit(
                    f"{size:,} {shape} hashes: multi-index hashing found {len(indexed):,} pairs, all pairs {len(every):,}"
                )
            rows.append(
                [
                    f"{size:,}",
                    shape,
                    f"{size * (size - 1) // 2:,}",
                    f"{len(every):,}",
                    f"{all_seconds:.2f} s",
                    f"{indexed_seconds:.3f} s",
                    f"{all_seconds / indexed_seconds:,.0f}×",
                ]
            )
            print(
                f"near-duplicates {size:,} {shape}: all pairs {all_seconds:.2f} s, multi-index {indexed_seconds:.3f} s "
                f"({all_seconds / indexed_seconds:,.0f}×), {len(every):,} pairs within {duplicates.MAX_DISTANCE} bits, "
                "equal",
                flush=True,
            )
    return rows


def sizes(text: str) -> list[int]:
    return [int(float(part)) for part in text.split(",") if part.strip()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=sizes, default=[10_000, 100_000])
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--cold", type=int, default=40)
    parser.add_argument("--hashes", type=sizes, default=[10_000, 100_000])
    parser.add_argument("--seed", type=int, default=23)
    args, _ = parser.parse_known_args()
    setup(Path(os.environ.get("ADALET_HOME", ROOT / "var" / "bench")).resolve() / "scale-home")
    engine = "PostgreSQL" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "SQLite"
    relatives, notes = relatives_rows(args)
    near = duplicates_rows(args)
    from adalet.verify.checks.duplicates import MAX_DISTANCE

    write(
        f"scale.{engine.lower()}",
        [
            Table(
                [
                    "people",
                    "caches",
                    "queries",
                    "found someone",
                    "scan p50",
                    "scan p95",
                    "index p50",
                    "index p95",
                    "p95 scan/index",
                    "people read per query (scan / index)",
                    "index build",
                ],
                relatives,
                title=f"Relative search ({engine}): the name index against the scan of everyone born then",
                notes=notes,
            ),
            Table(
                [
                    "hashes",
                    "shape",
                    "pairs",
                    f"pairs within {MAX_DISTANCE} bits",
                    "all pairs (NumPy blocks)",
                    "multi-index hashing",
                    "all / multi-index",
                ],
                near,
                title="Near-duplicates: multi-index hashing against comparing all pairs (same pairs, checked)",
            ),
        ],
        database=os.environ.get("DATABASE_URL", ""),
        inputs=(
            f"people from adalet.demo's generator (seed {args.seed}), {args.queries} queries per size "
            f"({args.cold} cold); hashes random and at stations with 10% copies; `python bench/scale.py`"
        ),
    )


if __name__ == "__main__":
    main()
