"""Benchmark of record linkage across scripts (issue 4): `adalet.names.link` against Splink on the same records.

Generates N left and N right records (deterministic seed) of fictional people (`adalet.demo.names`): half of the
left records have a planted true pair on the right, the same person written in another script, spelling or order
(characters / traditional characters / pinyin or Wade-Giles, "SURNAME, Given", reversed order / Uyghur Latin
spellings / Uyghur Arabic script), with the same birth date (1% of right records give only the birth year). A
pinyin-style Latin spelling of a Uyghur name (Aishan for 艾山) is paired with the characters, not with Arabic
script (ھەسەن): nothing links those two without the characters. The other records are distinct people; among
the right ones, hard negatives share a left person's surname (or father's name) and birth year, or the whole
name and birth year with another date.

Then, in the same run, on the same records:

* Adalet: `adalet.names.link(left, right, threshold=0.7)` on the raw names, one process, per-name caches cleared
  first (so analysing every name is in the time).
* Splink (DuckDB backend), link_only. Splink cannot transliterate: each record gets **every** Latin form
  `adalet.names.variants` derives (and the name itself when it is Latin), computed before the clock starts and
  not counted, each lower-cased, ASCII-folded, its words sorted, in one array column per record. Of the two ways
  to give Splink several forms (one row per form, the best pair per original record kept afterwards; or one row
  per record with an array), the array is used: Splink 5 compares arrays with
  `PairwiseStringDistanceFunctionAtThresholds` (the most similar pair of forms, any identical form first) and
  blocks on an array with `block_on(..., arrays_to_explode=...)`, so every record pair is one comparison and
  its m and u are learnt once per pair, not once per pair of forms. Blocking: same birth date; or a shared first
  sorted word (of any form) and birth year. Comparisons: Jaro-Winkler of the most similar forms (exact / 0.95 /
  0.88 / 0.8), `DateOfBirthComparison` on the date. Training: probability of a match from a shared form + date,
  u by random sampling (1e7 pairs), m by EM blocked on the date (trains the name) and on the same first form
  (trains the date; Splink's EM cannot block on an exploded array). Prediction at match probability >= 0.5,
  then the same one-to-one rule as Adalet's `link`: pairs best first (match weight, then ids), each left and
  each right record used once.

Prints wall time, CPU time (all threads of the process: DuckDB uses every core, Adalet one), comparisons,
precision and recall against the planted pairs for each, and the time ratios.

    python bench/linkage.py [--n 100000] [--seed 4]

The table goes to docs/bench/linkage.md (bench/report.py).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import random
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from adalet.demo.names import person_name
from adalet.names import LinkRecord, LinkStats, link, variants
from adalet.names.han import to_simplified

sys.path.insert(0, str(Path(__file__).resolve().parent))
from report import Table, write  # noqa: E402

ETHNICITIES = ("汉族",) * 4 + ("维吾尔族",) * 4 + ("哈萨克族", "回族")
FIRST_DAY = datetime.date(1940, 1, 1).toordinal()
LAST_DAY = datetime.date(2005, 12, 31).toordinal()
THRESHOLD = 0.7
SPLINK_PROBABILITY = 0.5


@dataclass(frozen=True)
class Person:
    name: str  # characters, as generated
    ethnicity: str
    sex: str
    born: datetime.date


class Forms:
    """Ways to write one generated name: characters (simplified, traditional) and the variants Adalet derives."""

    def __init__(self) -> None:
        self.cache: dict[str, tuple[list[str], list[str]]] = {}
        self.s2t = None

    def of(self, name: str) -> tuple[list[str], list[str]]:
        """(script forms: characters or Arabic, Latin forms) of *name*."""
        got = self.cache.get(name)
        if got is None:
            if self.s2t is None:
                import opencc

                self.s2t = opencc.OpenCC("s2t")
            script = [name]
            trad = self.s2t.convert(name)
            if trad != name and to_simplified(trad) == name:
                script.append(trad)
            latin = []
            for v in variants(name):
                if re.search(r"[\u0600-\u06ff]", v):
                    script.append(v)
                elif v.isascii() or re.fullmatch(r"[A-Za-zÀ-ɏ ,'-]+", v):
                    latin.append(v)
            got = self.cache[name] = (script, latin)
        return got


def new_person(rng: random.Random) -> Person:
    eth, sex = rng.choice(ETHNICITIES), rng.choice("男女")
    return Person(person_name(rng, eth, sex), eth, sex, datetime.date.fromordinal(rng.randint(FIRST_DAY, LAST_DAY)))


def hard_negative(rng: random.Random, p: Person) -> Person:
    """Another person sharing *p*'s surname (Han, Hui) or father's name (Uyghur, Kazakh) and birth year;
    one in five shares the whole name and year (a namesake) with another birth date."""
    born = datetime.date(p.born.year, rng.randint(1, 12), rng.randint(1, 28))
    while born == p.born:
        born = datetime.date(p.born.year, rng.randint(1, 12), rng.randint(1, 28))
    if rng.random() < 0.2:
        return Person(p.name, p.ethnicity, p.sex, born)
    while True:
        other = person_name(rng, p.ethnicity, p.sex)
        if "·" in p.name:
            name = other.split("·")[0] + "·" + p.name.split("·")[1]
        else:
            name = p.name[0] + other[1:]
        if name != p.name:
            return Person(name, p.ethnicity, p.sex, born)


def write_pair(rng: random.Random, forms: Forms, name: str) -> tuple[str, str]:
    """Two different writings of *name*, at least one of them in characters or Arabic script."""
    script, latin = forms.of(name)
    left = script[0] if rng.random() < 0.8 or not latin else rng.choice(latin)
    if left in latin:  # Latin against characters; against Arabic script only the Uyghur reading (see the docstring)
        others = [f for f in script if left == latin[0] or not re.search(r"[\u0600-\u06ff]", f)]
    else:
        others = [f for f in script + latin if f != left]
        if latin and rng.random() < 0.8:
            others = [f for f in others if f in latin] or others
    return left, rng.choice(others) if others else left


def write_one(rng: random.Random, forms: Forms, name: str) -> str:
    return write_pair(rng, forms, name)[rng.random() < 0.6]


def generate(n: int, seed: int) -> tuple[list[LinkRecord], list[LinkRecord], set[tuple[str, str]]]:
    rng = random.Random(seed)
    forms = Forms()
    planted = n // 2
    left_people = [new_person(rng) for _ in range(n)]
    left: list[LinkRecord] = []
    right_rows: list[tuple[str, datetime.date, bool, str | None]] = []  # (name, born, year only, planted left key)
    for i, p in enumerate(left_people):
        key = f"L{i}"
        if i < planted:
            a, b = write_pair(rng, forms, p.name)
            left.append(LinkRecord(key, a, p.born))
            right_rows.append((b, p.born, rng.random() < 0.01, key))
        else:
            left.append(LinkRecord(key, write_one(rng, forms, p.name), p.born))
    while len(right_rows) < n:
        if rng.random() < 0.3:
            q = hard_negative(rng, rng.choice(left_people))
        else:
            q = new_person(rng)
        right_rows.append((write_one(rng, forms, q.name), q.born, rng.random() < 0.01, None))
    rng.shuffle(right_rows)
    right: list[LinkRecord] = []
    truth: set[tuple[str, str]] = set()
    for j, (name, born, year_only, left_key) in enumerate(right_rows):
        key = f"R{j}"
        right.append(LinkRecord(key, name, None, born.year) if year_only else LinkRecord(key, name, born))
        if left_key:
            truth.add((left_key, key))
    return left, right, truth


def quality(found: set[tuple[str, str]], truth: set[tuple[str, str]]) -> dict[str, float | int]:
    tp = len(found & truth)
    return {
        "links": len(found),
        "true_links": tp,
        "precision": round(tp / len(found), 4) if found else 0.0,
        "recall": round(tp / len(truth), 4) if truth else 0.0,
    }


def run_adalet(left: list[LinkRecord], right: list[LinkRecord], truth: set[tuple[str, str]]) -> dict[str, object]:
    from names import cache_clearers  # bench/names.py: every per-name cache of adalet.names

    for clear in cache_clearers(("adalet.names",)):  # generating the records analysed many names: start cold
        clear()
    stats = LinkStats()
    started, cpu = time.perf_counter(), time.process_time()
    links = link(left, right, threshold=THRESHOLD, stats=stats)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    out: dict[str, object] = {"seconds": round(seconds, 2), "cpu_seconds": round(cpu, 2), "comparisons": stats.candidate_pairs}
    out["name_pairs"] = stats.name_pairs
    out.update(quality({(x.left, x.right) for x in links}, truth))
    return out


_LATIN_WORD = re.compile(r"[a-z]+")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f ,.'-]+")


def splink_names(name: str) -> list[str]:
    """The Latin forms Splink gets: the name itself when Latin, and every Latin variant Adalet derives; each
    lower-cased, ASCII-folded, hyphens dropped, words sorted (so that word order does not matter); distinct,
    in the order derived."""
    import unicodedata

    forms = [name] if _LATIN.fullmatch(name.strip() or "-") else []
    forms += [v for v in variants(name) if _LATIN.fullmatch(v)]
    out: dict[str, None] = {}
    for text in forms:
        folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower().replace("-", "")
        words = " ".join(sorted(_LATIN_WORD.findall(folded)))
        if words:
            out[words] = None
    return list(out)


def splink_table(records: list[LinkRecord]) -> dict[str, list[object]]:
    """Columns for Splink (a dict of lists, which Splink turns into an Arrow table): every Latin form of the name
    in one array, and the first sorted word of each form (for blocking)."""
    columns: dict[str, list[object]] = {"unique_id": [], "names_latin": [], "first_words": [], "dob": [],
                                        "birth_year": []}
    for r in records:
        forms = splink_names(r.name)
        columns["unique_id"].append(r.key)
        columns["names_latin"].append(forms or None)
        columns["first_words"].append(list(dict.fromkeys(f.split(" ")[0] for f in forms)) or None)
        columns["dob"].append(r.birth_date)
        columns["birth_year"].append(r.year)
    return columns


def one_to_one(pairs: list[tuple[str, str, float]]) -> set[tuple[str, str]]:
    """Adalet's assignment rule applied to (left, right, weight) pairs: best first (then by ids), each record
    used once."""
    used_left: set[str] = set()
    used_right: set[str] = set()
    chosen = set()
    for a, b, _ in sorted(pairs, key=lambda p: (-p[2], p[0], p[1])):
        if a not in used_left and b not in used_right:
            used_left.add(a)
            used_right.add(b)
            chosen.add((a, b))
    return chosen


def run_splink(left: list[LinkRecord], right: list[LinkRecord], truth: set[tuple[str, str]]) -> dict[str, object]:
    import logging

    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    logging.getLogger("splink").setLevel(logging.ERROR)
    frames = (splink_table(left), splink_table(right))  # the Latin forms come from Adalet: not counted

    def blocking_rules() -> list[object]:
        return [block_on("dob"), block_on("first_words", "birth_year", arrays_to_explode=["first_words"])]

    started, cpu = time.perf_counter(), time.process_time()
    db_api = DuckDBAPI()
    tables = [
        db_api.register(frames[0], dataset_display_name="records_left"),
        db_api.register(frames[1], dataset_display_name="records_right"),
    ]
    settings = SettingsCreator(
        link_type="link_only",
        blocking_rules_to_generate_predictions=blocking_rules(),
        comparisons=[
            cl.PairwiseStringDistanceFunctionAtThresholds("names_latin", "jaro_winkler", [0.95, 0.88, 0.8]),
            cl.DateOfBirthComparison("dob", input_is_string=False),
        ],
        retain_intermediate_calculation_columns=False,
    )
    linker = Linker(tables, settings, log_level=None)
    # EM cannot block on an exploded array (Splink 5 raises): the date is trained on pairs whose first forms agree
    first_form = block_on("names_latin[1]")
    linker.training.estimate_probability_two_random_records_match(
        [block_on("names_latin", "dob", arrays_to_explode=["names_latin"])], recall=0.8)
    linker.training.estimate_u_using_random_sampling(max_pairs=1e7, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("dob"))
    linker.training.estimate_parameters_using_expectation_maximisation(first_form)
    predictions = linker.inference.predict(threshold_match_probability=SPLINK_PROBABILITY)
    rows = linker.misc.query_sql(
        f"select unique_id_l, unique_id_r, match_weight from {predictions.physical_name}",
    ).as_duckdbpyrelation().fetchall()
    found = one_to_one([(str(a), str(b), float(w)) for a, b, w in rows])
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu

    if found and not found & truth:  # Splink may put the right table on the left of its pairs
        found = {(b, a) for a, b in found}
    from splink.blocking_analysis import count_comparisons_from_blocking_rules

    counts = count_comparisons_from_blocking_rules(
        tables,
        blocking_rules=blocking_rules(),
        link_type="link_only",
        record_sample_proportion=1.0,
    )
    comparisons = int(counts[-1]["cumulative_comparison_count"]) if counts else 0
    forms = [len(x) for frame in frames for x in frame["names_latin"] if x]  # type: ignore[arg-type]
    out: dict[str, object] = {"seconds": round(seconds, 2), "cpu_seconds": round(cpu, 2), "comparisons": comparisons,
                              "latin_forms_per_record": round(sum(forms) / max(1, len(forms)), 2)}
    out.update(quality(found, truth))
    return out


def package_version(name: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(name)
    except PackageNotFoundError:
        return "(not installed)"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000, help="records on each side")
    parser.add_argument("--seed", type=int, default=4)
    parser.add_argument("--no-splink", action="store_true")
    args, _ = parser.parse_known_args(argv)  # `bench/run.py` passes every bench the same arguments

    started = time.perf_counter()
    left, right, truth = generate(args.n, args.seed)
    seconds = time.perf_counter() - started
    print(f"generated {len(left):,} x {len(right):,} records, {len(truth):,} planted pairs in {seconds:.1f} s")
    results: dict[str, dict[str, object]] = {"adalet": run_adalet(left, right, truth)}
    missing: list[str] = []
    if not args.no_splink:
        try:
            results["splink"] = run_splink(left, right, truth)
        except Exception as exc:  # noqa: BLE001 - the baseline failing is reported, not fatal
            missing.append(f"splink: {type(exc).__name__}: {exc}")

    header = f"{'linker':<10} {'seconds':>8} {'cpu s':>8} {'comparisons':>12} {'links':>8} {'precision':>9} {'recall':>7}"
    print(header)
    print("-" * len(header))
    for name, r in results.items():
        print(
            f"{name:<10} {r['seconds']:>8.2f} {r['cpu_seconds']:>8.2f} {r['comparisons']:>12,} {r['links']:>8,}"
            f" {r['precision']:>9.4f} {r['recall']:>7.4f}"
        )
    if "splink" in results:
        ratio = float(results["adalet"]["seconds"]) / float(results["splink"]["seconds"])  # type: ignore[arg-type]
        cpu_ratio = float(results["adalet"]["cpu_seconds"]) / float(results["splink"]["cpu_seconds"])  # type: ignore[arg-type]
        print(f"adalet / splink time: {ratio:.2f} wall, {cpu_ratio:.2f} CPU (adalet runs on one core, DuckDB on all {os.cpu_count()})")
        print(f"splink gets every Latin form adalet.names.variants derives ({results['splink']['latin_forms_per_record']} "
              "per record on average; Splink cannot transliterate), one array per record, the most similar pair compared")
    for reason in missing:
        print(f"baseline missing — {reason}")
    print(json.dumps({"bench": "linkage", "n": args.n, "seed": args.seed, "results": results, "missing": missing}, indent=2))
    labels = {"adalet": "adalet.names.link",
              "splink": f"Splink {package_version('splink')} / DuckDB {package_version('duckdb')}"}
    notes = []
    if "splink" in results:
        notes.append(f"Adalet / Splink time: {ratio:.2f} wall, {cpu_ratio:.2f} CPU (Adalet runs on one core, DuckDB on "
                     f"all {os.cpu_count()}). Splink is given every Latin form `adalet.names.variants` derives for each "
                     f"name ({results['splink']['latin_forms_per_record']} per record on average; it cannot "
                     "transliterate), computed before its clock starts, as one array per record compared by its most "
                     "similar pair (Jaro-Winkler); its links are assigned one to one, best first, as Adalet's.")
    notes += [f"Baseline missing: {reason}." for reason in missing]
    write(
        "linkage",
        [Table(
            ["linker", "wall", "CPU", "comparisons", "links", "precision", "recall"],
            [[labels[name], f"{r['seconds']:.1f} s", f"{r['cpu_seconds']:.1f} s", f"{r['comparisons']:,}",
              f"{r['links']:,}", f"{r['precision']:.4f}", f"{r['recall']:.4f}"] for name, r in results.items()],
            notes=notes,
        )],
        database=None,
        inputs=(f"{len(left):,} left and {len(right):,} right records generated with seed {args.seed}, "
                f"{len(truth):,} planted pairs (the same person in another script, spelling or order); threshold "
                f"{THRESHOLD}, Splink at match probability ≥ {SPLINK_PROBABILITY}."),
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
