"""Benchmark of `adalet officials responsibility` (issue 19): 100 officials over a 100,000-row leak, each under a second.

Builds, untimed, in a fresh home of its own: one collection of N detention rows (a source row, a person and a
detention each, written with bulk inserts) in facilities named after Xinjiang's counties (特克斯县看守所…, located
by their names), admitted 2015-2020, half with a release date, the status held or not; and O fictional officials
with one to three posts each over a county bureau, a prefecture bureau or the region (特克斯县公安局,
伊犁哈萨克自治州公安局, 新疆维吾尔自治区公安厅), month or day precision, some overlapping. Then, per official:

* Adalet: `adalet.people.responsibility.compute` (set-based: two queries per post, the people, their photos, the
  documents naming the official through the full-text index), and the same with the JSON report (`as_json`: every
  detention with its source);
* baseline: what a reader without set-based queries does: read every detention row from the database (facility,
  admission, release, status) and loop over them with the oracle the tests use (plain loops); and the loops alone
  over rows already in memory (the oracle the counts are checked against).

The counts of every official are checked equal to the baseline's (the bench fails otherwise). Prints and writes the
median, 95th percentile and maximum per official.

    python bench/responsibility.py [--rows 100000] [--officials 100] [--seed 19]

The table goes to docs/bench/responsibility.<engine>.md (bench/report.py). DATABASE_URL: measure on PostgreSQL.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import shutil
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from report import Table, write  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
FIRST = dt.date(2015, 1, 1)
DAYS = 6 * 365


def setup(home: Path) -> None:
    shutil.rmtree(home, ignore_errors=True)
    home.mkdir(parents=True)
    os.environ["ADALET_HOME"] = str(home)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "adalet.settings")
    import django
    from django.core.management import call_command

    django.setup()
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        call_command("flush", "--noinput", verbosity=0)  # the bench's own database, emptied
    call_command("migrate", verbosity=0)


def build(rows: int, officials: int, seed: int) -> tuple[list[tuple[int, str, dt.date, dt.date | None, bool]], list]:
    """The leak and the officials; returns the raw rows (pk, county, admitted, released, held) for the baseline."""
    from django.db import transaction

    from adalet import bulkinsert
    from adalet.archive.models import Collection, IngestRun, Item
    from adalet.names.counties import counties
    from adalet.people.models import Detention, Facility, Person, PhotoLink, SourceRow
    from adalet.people.officials import PostSpec, add_post, upsert_official
    from adalet.people.units import _places

    rng = random.Random(seed)
    # counties whose name is also a prefecture's (哈密市, 吐鲁番市: the prefecture-level city) are left out: a
    # facility named 哈密市看守所 is in the prefecture, no one county
    prefecture_names = {name for p in _places() for name in p.chinese} | {"石河子市"}
    places = [c for c in counties() if c.prefecture and c.name not in prefecture_names]
    facilities = [Facility.objects.create(name=f"{c.name}{kind}") for c in places for kind in ("看守所", "拘留所")]
    county_of = {f.pk: f.name[: -3] for f in facilities}
    collection = Collection.objects.create(name="bench")
    run = IngestRun.objects.create(collection=collection, root_path="/bench", actor="bench")
    item = Item.objects.create(collection=collection, run=run, locator="bench/list.xlsx", path="list.xlsx",
                               name="list.xlsx", sha256="0" * 64)
    raw = []
    with transaction.atomic():  # reserve_ids holds the write lock
        source_ids = bulkinsert.reserve_ids(SourceRow, rows)
        person_ids = bulkinsert.reserve_ids(Person, rows)
        detention_ids = bulkinsert.reserve_ids(Detention, rows)
        sources, people, detentions = [], [], []
        for n in range(rows):
            facility = rng.choice(facilities)
            admitted = FIRST + dt.timedelta(days=rng.randint(0, DAYS))
            released = admitted + dt.timedelta(days=rng.randint(0, 900)) if rng.random() < 0.5 else None
            held = rng.random() < 0.7
            sources.append((source_ids[n], collection.pk, item.pk, item.locator, "Sheet1", n + 2, {}, {}, []))
            people.append((person_ids[n], collection.pk, "detainee", f"P{n}", [], f"65{n:016d}"))
            detentions.append((detention_ids[n], person_ids[n], facility.pk, "在押" if held else "已释放", held, admitted,
                               released, "", source_ids[n]))
            raw.append((detention_ids[n], county_of[facility.pk], admitted, released, held))
        bulkinsert.insert(SourceRow, ("id", "collection_id", "item_id", "locator", "sheet", "row", "cells", "values",
                                      "problems"), sources)
        bulkinsert.insert(Person, ("id", "collection_id", "kind", "name", "names", "id_number"), people)
        bulkinsert.insert(Detention, ("id", "person_id", "facility_id", "status", "detained", "admitted", "released",
                                      "reason", "source_id"), detentions)
    photos = [Item.objects.create(collection=collection, run=run, locator=f"bench/photos/{n}.jpg", path=f"{n}.jpg",
                                  name=f"{n}.jpg", sha256=f"{n + 1:064x}", media_type="image/jpeg") for n in range(20)]
    linked = rng.sample(person_ids, rows // 50)  # 2% of the people have a photo linked, as in the demo leak
    PhotoLink.objects.bulk_create([PhotoLink(collection=collection, photo=photos[n % 20], person_id=pk,
                                             method="id_number", score=1.0) for n, pk in enumerate(linked)])
    prefectures = [p.chinese[0] for p in _places() if p.level == "prefecture"]
    made = []
    for number in range(officials):
        person, _ = upsert_official(f"BENCH Official{number} (fictional)")
        start = FIRST + dt.timedelta(days=rng.randint(0, DAYS - 400))
        for _post in range(rng.randint(1, 3)):
            level = rng.random()
            unit = (f"{rng.choice(places).name}公安局" if level < 0.6 else
                    f"{rng.choice(prefectures)}公安局" if level < 0.95 else "新疆维吾尔自治区公安厅")
            end = start + dt.timedelta(days=rng.randint(60, 900))
            fmt = (lambda d: d.isoformat()) if rng.random() < 0.5 else (lambda d: d.isoformat()[:7])
            add_post(person, PostSpec("局长", unit, fmt(start), fmt(end)))
            start = end - dt.timedelta(days=rng.randint(-200, 60))  # an overlap, or a gap
        made.append(person)
    return raw, made


def baseline(raw: list, posts: list) -> tuple[int, int]:
    """The oracle: plain loops over every raw row (distinct admitted and held detentions of all posts)."""
    admitted, held = set(), set()
    for counties, first, last in posts:
        for pk, county, came, left, is_held in raw:
            if county not in counties or came > last:
                continue
            if came >= first:
                admitted.add(pk)
            if came >= first or (left is not None and left >= first) or (left is None and is_held):
                held.add(pk)
    return len(admitted), len(held)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--officials", type=int, default=100)
    parser.add_argument("--seed", type=int, default=19)
    args, _ = parser.parse_known_args()
    setup(Path(os.environ.get("ADALET_HOME", ROOT / "var" / "bench")).resolve() / "responsibility-home")
    from adalet.people import responsibility
    from adalet.people.models import Detention

    started = time.perf_counter()
    raw, officials = build(args.rows, args.officials, args.seed)
    print(f"built {args.rows:,} rows and {len(officials)} officials in {time.perf_counter() - started:.0f} s", flush=True)
    timed: dict[str, list[float]] = {"compute": [], "compute + JSON": [], "baseline: read every row, loop": [],
                                     "baseline: loops over rows in memory": []}
    held_rows, photo_counts = [], []
    for person in officials:
        clock = time.perf_counter()
        result = responsibility.compute(person)
        timed["compute"].append(time.perf_counter() - clock)
        clock = time.perf_counter()
        responsibility.as_json(responsibility.compute(person))
        timed["compute + JSON"].append(time.perf_counter() - clock)
        posts = [(p.area.counties, p.tenure.first, p.tenure.last) for p in result.posts]
        clock = time.perf_counter()
        want = baseline(raw, posts)
        timed["baseline: loops over rows in memory"].append(time.perf_counter() - clock)
        clock = time.perf_counter()
        county = {pk: place.county for pk, place in result.located.items()}
        read = [(pk, county.get(facility, ""), came, left, held) for pk, facility, came, left, held in
                Detention.objects.values_list("pk", "facility_id", "admitted", "released", "detained").iterator(5000)]
        if baseline(read, posts) != want:
            raise SystemExit(f"{person.name}: the rows read back differ from the rows written")
        timed["baseline: read every row, loop"].append(time.perf_counter() - clock)
        if (result.admitted, result.held) != want:
            raise SystemExit(f"{person.name}: counted {result.admitted}, {result.held}; the oracle {want}")
        held_rows.append(want[1])
        photo_counts.append(len(result.photos))
    engine = "PostgreSQL" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "SQLite"
    rows = []
    for name, seconds in timed.items():
        ordered = sorted(seconds)
        p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
        rows.append([name, f"{statistics.median(ordered):.3f} s", f"{p95:.3f} s", f"{ordered[-1]:.3f} s",
                     f"{sum(ordered):.1f} s", "yes" if ordered[-1] < 1 else "no"])
        print(f"{name:36} median {statistics.median(ordered):.3f} s  p95 {p95:.3f} s  max {ordered[-1]:.3f} s", flush=True)
    notes = [f"Held detentions per official: median {statistics.median(held_rows):,.0f}, max {max(held_rows):,}; "
             f"every official's counts equal the baseline's (checked).",
             f"Photo links: {args.rows // 50:,} (2% of the people); photos counted per official: median "
             f"{statistics.median(photo_counts):,.0f}. The documents search runs on an empty full-text index here "
             "(the bench writes rows, not documents). The first official's time includes loading the county tables."]
    write(f"responsibility.{engine.lower()}",
          [Table(["per official", "median", "p95", "max", f"total ({len(officials)} officials)", "every one < 1 s"],
                 rows)],
          database=os.environ.get("DATABASE_URL", ""), notes=notes,
          inputs=(f"{args.rows:,} detention rows in {engine} (bulk inserts, seed {args.seed}), {len(officials)} "
                  "fictional officials with 1-3 posts over county, prefecture and region bureaus; "
                  "`python bench/responsibility.py`"))


if __name__ == "__main__":
    main()
