"""Benchmark of sanctions screening (issue 5): Adalet against nomenklatura logic-v2 and logic-v1, same queries, same run.

The list: OFAC's SDN list in its CSV set (sdn.csv, add.csv, alt.csv), read by Adalet's own OFAC parser
(`adalet.sanctions.importers.ofac.parse`); Adalet's in-memory screening index is built from the parsed records exactly
as `adalet.sanctions.screening.build_index` builds it from the database. Which list: the full snapshot of July 2021
(8,976 entries, 20,886 names with aliases) when pointed at it, with `--ofac DIR` (the folder of the three files) or
`--shared DIR` (a checkout of the project's shared data: DIR/data/ofac_sdn_2021 and its facts file); otherwise the
slice of the same snapshot kept in the repository (tests/fixtures/sanctions/ofac_sdn), so a fresh clone runs it.
The output and the table say which list was used: figures on the slice are not comparable with the full list's.

10,000 queries (fixed seed), each counted once:
- list: perturbed list names (4,000): a list name or alias of a random entry, re-ordered ("Given SURNAME"),
  lower-cased, punctuation dropped, one letter changed in a long word, or a middle word dropped; should find that entry.
- characters: names in Chinese characters (2,000): the Xinjiang officials' real names (the facts file: `--officials`,
  default tests/fixtures/sanctions/officials.csv, or the one under `--shared`) whose SDN entry is on the list, and
  characters generated for every list person whose Latin name is pinyin (surname characters from a common-surname table,
  given-name characters with that default pypinyin reading, checked with pypinyin); should find that entry.
- absent: names not on the list (4,000): given names and surnames of list persons recombined, common names, and
  Chinese-character names whose reading is on no list name; any match is a false match.

Baselines, as yente does (blocking + scoring): blocking is a token index over every list name, latinised and
ascii-folded with normality (so 陈全国 → chen quan guo), candidates ranked by the summed IDF of shared tokens, the best
`--candidates` entities scored with `get_algorithm(name).compare(query, candidate, default_config())`; a score of
0.7 or more (yente's default threshold) is a match. The default, 20 candidates, is the fewest yente scores: its /match
route asks the index for `max(20, limit * MATCH_CANDIDATES)` entities (yente/routers/match.py). Adalet: `Index.screen` with its own blocking, scoring and threshold.
"Found" means the expected entry is returned with `match: true`.

Queries are answered in turn in one process. Throughput and latency are given in wall time and in CPU time
(`time.process_time`): on a shared machine the wall figures also count the time other processes took the core.

    python bench/screening.py [--ofac DIR | --shared DIR] [--officials FILE] [--queries 10000] [--candidates 20]
                              [--seed 5] [--only-adalet]

On a small list (the slice) fewer distinct queries of a kind may exist than asked for: the bench then uses those it
found, and says how many. The table goes to docs/bench/screening.md (bench/report.py).
"""

from __future__ import annotations

import argparse
import csv
import math
import random
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from adalet.sanctions.importers import ofac  # noqa: E402
from adalet.sanctions.importers.records import Record  # noqa: E402
from adalet.sanctions.screening import MATCH_THRESHOLD, Index, Query, entries_from_records  # noqa: E402

sys.path.insert(0, str(ROOT / "bench"))
from report import Table, write  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures" / "sanctions"
SLICE = FIXTURES / "ofac_sdn"
OFFICIALS = FIXTURES / "officials.csv"
#: How the facts file cites an SDN entry: "OFAC SDN 29220" (../shared) or "SDN entry 29220" (tests/fixtures).
SDN_ENTRY = re.compile(r"\bSDN(?: entry)? (\d+)")

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石"
    "廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红建国文辉力金兰海云鹏飞斌宇浩凯健俊帆帅旭宁龙林波峰志新春东"
    "全正山伦瑞君仁义礼智信德忠孝安康福寿喜庆荣昌盛兴旺发达永长宏博远清秋冬雪梅竹松柏晓丹晶莉燕琳雯婷倩颖佳嘉欣悦怡"
    "家留克中南北天地阳光成功利民生育江河湖泉水火土木石光亮辰星月日晨朝夕早晚"
)
WESTERN_GIVEN = ["John", "Maria", "Peter", "Anna", "David", "Laura", "Michael", "Sophie", "Thomas", "Elena", "James",
                 "Olga", "Robert", "Ingrid", "Paul", "Chiara", "Mark", "Yuki", "Kenji", "Aylin", "Emre", "Lucas"]
WESTERN_SURNAMES = ["Smith", "Muller", "Rossi", "Dubois", "Jensen", "Novak", "Kowalski", "Tanaka", "Yilmaz", "Silva",
                    "Larsen", "Schmidt", "Moreau", "Bianchi", "Eriksson", "Horvat", "Nakamura", "Keller", "Brennan"]


def folded_tokens(name: str) -> frozenset[str]:
    from normality import normalize

    return frozenset((normalize(name, latinize=True) or "").replace("-", " ").split())


def pinyin_of(chars: str) -> list[str]:
    from pypinyin import lazy_pinyin

    return [p.lower().replace("ü", "v") for p in lazy_pinyin(chars)]


def syllable_chars() -> dict[str, list[str]]:
    """Toneless syllable → given-name characters whose default reading it is (common ones first)."""
    from pypinyin import lazy_pinyin

    out: dict[str, list[str]] = {}
    for ch in GIVEN:
        out.setdefault(lazy_pinyin(ch)[0], []).append(ch)
    from pypinyin.pinyin_dict import pinyin_dict

    for code in sorted(pinyin_dict):
        if 0x4E00 <= code <= 0x9FA5:
            ch = chr(code)
            syl = lazy_pinyin(ch)[0]
            if len(out.get(syl, [])) < 6 and ch not in out.get(syl, []) and common(ch):
                out.setdefault(syl, []).append(ch)
    return out


def common(ch: str) -> bool:
    """A character of GB 2312's first level (the 3,755 most used): what a given name is written with."""
    try:
        return 0xB0A1 <= int.from_bytes(ch.encode("gb2312"), "big") <= 0xD7F9
    except UnicodeEncodeError:
        return False


def chinese_persons(records: list[Record]) -> list[tuple[Record, str, list[str]]]:
    """(record, surname syllable, given syllables) of list persons whose name reads as pinyin."""
    from adalet.names.pinyin_syllables import split

    surname_syl = {pinyin_of(ch)[0]: ch for ch in SURNAMES}
    out = []
    for r in records:
        if r.schema != "Person" or "," not in r.caption:
            continue
        surname, _, given = (x.strip().lower() for x in r.caption.partition(","))
        if surname not in surname_syl or not re.fullmatch(r"[a-z]+( [a-z]+)?", given):
            continue
        syls = split(given.replace(" ", ""))
        if syls and 1 <= len(syls) <= 2:
            out.append((r, surname, list(syls)))
    return out


def make_queries(records: list[Record], officials: Path, total: int, seed: int) -> list[tuple[str, str, str, str, str]]:
    """(kind, name, schema, expected id or '', perturbation) for *total* queries (fewer when a small list has not
    that many distinct names of a kind: each kind gives up after 50 tries per query asked for)."""
    rng = random.Random(seed)
    n_list, n_chars = total * 2 // 5, total // 5
    n_absent = total - n_list - n_chars
    seen: set[str] = set()
    queries: list[tuple[str, str, str, str]] = []

    def add(kind: str, name: str, schema: str, expected: str) -> bool:
        if not name.strip() or name in seen:
            return False
        seen.add(name)
        queries.append((kind, name, schema, expected))
        return True

    list_tokens = {folded_tokens(n) for r in records for n in r.names}
    hows: list[str] = []
    # list: perturbed list names
    tries = 0
    while sum(1 for q in queries if q[0] == "list") < n_list and tries < 50 * n_list:
        tries += 1
        r = rng.choice(records)
        name = rng.choice(r.names)
        schema = r.schema if r.schema in ("Person", "Vessel", "Airplane") else "Organization"
        variant, how = perturb(name, r.schema, rng)
        if add("list", variant, schema, r.source_id):
            hows.append(how)
    # characters: the facts file's real names, then generated ones
    listed = {r.source_id for r in records}
    with open(officials, encoding="utf-8", newline="") as stream:
        for row in csv.DictReader(stream):
            m = SDN_ENTRY.search(row["source"])
            if m and row["us_ofac"] and row["name_zh"] and row["schema"] == "Person" and f"ofac-{m.group(1)}" in listed:
                add("characters", row["name_zh"], "Person", f"ofac-{m.group(1)}")
    syl_chars = syllable_chars()
    surname_char = {pinyin_of(ch)[0]: ch for ch in reversed(SURNAMES)}
    persons = chinese_persons(records)
    tries = 0
    while sum(1 for q in queries if q[0] == "characters") < n_chars and persons and tries < 50 * n_chars:
        tries += 1
        r, surname, syls = rng.choice(persons)
        if any(s not in syl_chars for s in syls):
            continue
        chars = surname_char[surname] + "".join(rng.choice(syl_chars[s]) for s in syls)
        if pinyin_of(chars) == [surname, *syls]:
            add("characters", chars, "Person", r.source_id)
    # absent: recombined list persons, common names, Chinese names not on the list
    person_names = [r.caption for r in records if r.schema == "Person" and "," in r.caption]
    tries = 0
    while sum(1 for q in queries if q[0] == "absent") < n_absent and person_names and tries < 50 * n_absent:
        tries += 1
        roll = rng.random()
        if roll < 0.5:
            a, b = rng.choice(person_names), rng.choice(person_names)
            name = f"{a.partition(',')[2].strip()} {b.partition(',')[0].strip().title()}"
        elif roll < 0.75:
            name = f"{rng.choice(WESTERN_GIVEN)} {rng.choice(WESTERN_SURNAMES)}"
            if rng.random() < 0.5:
                name = f"{rng.choice(WESTERN_GIVEN)} {name}"
        else:
            name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
            reading = frozenset([pinyin_of(name[0])[0], "".join(pinyin_of(name[1:]))])
            if reading in list_tokens or frozenset(pinyin_of(name)) in list_tokens:
                continue
        if folded_tokens(name) in list_tokens:
            continue
        add("absent", name, "Person", "")
    queries = [(k, n, s, e, hows[i] if k == "list" else k) for i, (k, n, s, e) in enumerate(queries)]
    rng.shuffle(queries)
    return queries


LEGAL_VARIANTS = [("LIMITED", "LTD"), ("COMPANY", "CO"), ("CORPORATION", "CORP"), ("INCORPORATED", "INC"),
                  ("S.A.", "SA"), ("L.L.C.", "LLC"), (" LTD.", " LIMITED")]


def perturb(name: str, schema: str, rng: random.Random) -> tuple[str, str]:
    """(perturbed name, how): a realistic variant of a list name, as a payment or customer record might write it."""
    hows = ["reorder", "case", "punct", "typo", "drop-middle"] if schema == "Person" else ["case", "punct", "typo", "legal"]
    how = rng.choice(hows)
    words = name.split()
    if how == "reorder" and "," in name:
        surname, _, given = name.partition(",")
        return f"{given.strip()} {surname.strip()}", how
    if how == "case":
        return (name.lower() if rng.random() < 0.5 else name.title()), how
    if how == "punct":
        return re.sub(r"\s+", " ", re.sub(r"[,.\-'\"()]", " ", name)).strip(), how
    if how == "typo":
        long = [i for i, w in enumerate(words) if len(w) >= 6 and w.isalpha()]
        if long:
            i = rng.choice(long)
            w = words[i]
            j = rng.randrange(1, len(w) - 1)
            words[i] = w[:j] + rng.choice([c for c in "aeiounrst" if c != w[j].lower()]) + w[j + 1 :]
            return " ".join(words), how
    if how == "drop-middle" and "," in name:
        surname, _, given = name.partition(",")
        given_words = given.split()
        if len(given_words) >= 2:  # a middle name or patronymic left out
            return f"{surname}, {' '.join(given_words[:-1])}", how
    if how == "legal":
        for long, short in LEGAL_VARIANTS:
            if long in name.upper():
                return re.sub(re.escape(long), short, name, flags=re.I), how
    return (name.title() if name == name.upper() else name.upper()), "case"


class TokenBlocking:
    """A yente-like candidate search: latinised, folded name tokens → entities, ranked by summed IDF."""

    def __init__(self, records: list[Record]) -> None:
        self.postings: dict[str, set[int]] = {}
        for i, r in enumerate(records):
            for name in r.names:
                for t in folded_tokens(name):
                    self.postings.setdefault(t, set()).add(i)
        n = len(records)
        self.idf = {t: math.log(1 + n / len(p)) for t, p in self.postings.items()}

    def candidates(self, name: str, limit: int) -> list[int]:
        weights: dict[int, float] = {}
        for t in folded_tokens(name):
            for i in self.postings.get(t, ()):
                weights[i] = weights.get(i, 0.0) + self.idf[t]
        return sorted(weights, key=lambda i: (-weights[i], i))[:limit]


class Nomenklatura:
    def __init__(self, algorithm_name: str, records: list[Record], candidates: int) -> None:
        from followthemoney import model
        from nomenklatura.matching import get_algorithm

        self.name = f"nomenklatura {algorithm_name}"
        self.algorithm = get_algorithm(algorithm_name)
        if self.algorithm is None:
            raise LookupError(algorithm_name)
        self.config = self.algorithm.default_config()
        self.model = model
        self.records = records
        self.blocking = TokenBlocking(records)
        self.limit = candidates
        self.entities = [self.entity(r.source_id, r.schema, r.names, r.birth_dates) for r in records]
        self.count = 0

    def entity(self, ident: str, schema: str, names: list[str], births: list[str]):  # type: ignore[no-untyped-def]
        e = self.model.make_entity(schema if schema in self.model.schemata else "LegalEntity")
        e.id = ident
        e.add("name", names[0])
        if names[1:]:
            e.add("alias", names[1:])
        if births and e.schema.get("birthDate"):
            e.add("birthDate", births)
        return e

    def screen(self, name: str, schema: str) -> list[tuple[str, bool]]:
        self.count += 1
        query = self.entity(f"q{self.count}", schema, [name], [])
        out = []
        for i in self.blocking.candidates(name, self.limit):
            score = self.algorithm.compare(query, self.entities[i], self.config).score
            out.append((self.records[i].source_id, score >= 0.7))
        return out


def run(label: str, screen: Callable[[str, str], list[tuple[str, bool]]], queries: list[tuple[str, str, str, str]]) -> dict:
    """Answer every query in turn; wall and CPU time (``time.process_time``: what this process used, whatever else
    the machine runs) per query and in all."""
    times, cpu_times = [], []
    found, totals, false = {"list": 0, "characters": 0}, {"list": 0, "characters": 0, "absent": 0}, 0
    start, cpu_start = time.perf_counter(), time.process_time()
    by_how: dict[str, list[int]] = {}
    for kind, name, schema, expected, how in queries:
        t, c = time.perf_counter(), time.process_time()
        results = screen(name, schema)
        cpu_times.append(time.process_time() - c)
        times.append(time.perf_counter() - t)
        totals[kind] += 1
        matched = {rid for rid, match in results if match}
        if kind == "absent":
            false += bool(matched)
        else:
            found[kind] += expected in matched
            tally = by_how.setdefault(how, [0, 0])
            tally[0] += expected in matched
            tally[1] += 1
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    times.sort()
    cpu_times.sort()
    return {
        "system": label,
        "queries/s": len(queries) / wall,
        "queries/s cpu": len(queries) / max(cpu, 1e-9),
        "p50 ms": statistics.median(times) * 1000,
        "p95 ms": times[int(len(times) * 0.95)] * 1000,
        "p50 cpu ms": statistics.median(cpu_times) * 1000,
        "p95 cpu ms": cpu_times[int(len(cpu_times) * 0.95)] * 1000,
        "wall s": wall,
        "cpu s": cpu,
        "list found": found["list"] / max(1, totals["list"]),
        "characters found": found["characters"] / max(1, totals["characters"]),
        "absent false matches": false / max(1, totals["absent"]),
        "counts": totals,
        "by perturbation": {how: f"{n}/{total}" for how, (n, total) in sorted(by_how.items())},
    }


def shown(path: Path) -> str:
    path = path.resolve()
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def choose_list(args: argparse.Namespace) -> tuple[Path, Path, bool, str]:
    """(OFAC folder, officials facts file, whether the list is the slice, how to name the list): the one the user
    points at, else the slice kept in the repository."""
    if args.ofac:
        ofac_dir, given = Path(args.ofac), "--ofac"
    elif args.shared:
        ofac_dir, given = Path(args.shared) / "data" / "ofac_sdn_2021", "--shared"
    else:
        ofac_dir, given = SLICE, ""
    if args.officials:
        officials = Path(args.officials)
    elif args.shared and (Path(args.shared) / "data" / "xinjiang_designations.csv").is_file():
        officials = Path(args.shared) / "data" / "xinjiang_designations.csv"
    else:
        officials = OFFICIALS
    is_slice = ofac_dir.resolve() == SLICE.resolve()
    if is_slice:
        label = f"the slice of the OFAC SDN list kept in `{shown(SLICE)}`"
        label += f" (given with {given})" if given else " (the default: no --ofac or --shared given)"
    else:
        label = f"the OFAC SDN list in `{shown(ofac_dir)}` (given with {given})"
    return ofac_dir, officials, is_slice, label


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--ofac", help="a folder holding OFAC's sdn.csv, add.csv and alt.csv (e.g. the full list)")
    parser.add_argument("--shared", help="the project's shared data checkout: its data/ofac_sdn_2021 and facts file")
    parser.add_argument("--officials", help=f"the officials facts file (default: {shown(OFFICIALS)}, or --shared's)")
    parser.add_argument("--queries", type=int, default=10000)
    parser.add_argument("--candidates", type=int, default=20, help="entities each baseline scores per query "
                        "(yente scores at least 20)")
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--only-adalet", action="store_true")
    args, _ = parser.parse_known_args()  # `bench/run.py` passes every bench the same arguments
    ofac_dir, officials, is_slice, label = choose_list(args)
    for needed in (ofac_dir / "sdn.csv", officials):
        if not needed.is_file():
            print(f"screening bench cannot run: {needed} does not exist (--ofac DIR or --shared DIR point at a list; "
                  f"without them the bench uses {shown(SLICE)} and {shown(OFFICIALS)})")
            return 2
    parsed = ofac.parse(ofac_dir)
    records = parsed.records
    queries = make_queries(records, officials, args.queries, args.seed)
    kinds = {k: sum(1 for q in queries if q[0] == k) for k in ("list", "characters", "absent")}
    names = sum(len(r.names) for r in records)
    if is_slice:
        label += "; figures on this slice are not comparable with figures on the full list"
    print(f"list: {label}")
    print(f"list: {len(records):,} entries, {names:,} names; officials: {shown(officials)}; queries: {kinds}"
          + (f" (asked for {args.queries:,})" if len(queries) != args.queries else ""))

    entries = entries_from_records(records, "us_ofac_sdn")
    start, cpu_start = time.perf_counter(), time.process_time()
    index = Index(entries)
    print(f"adalet index built in {time.perf_counter() - start:.1f} s ({time.process_time() - cpu_start:.1f} s CPU), "
          "name tables loaded")

    def adalet(name: str, schema: str) -> list[tuple[str, bool]]:
        return [(r.entry.id, r.match) for r in index.screen(Query([name], schema))]

    rows = [run(f"adalet (threshold {MATCH_THRESHOLD})", adalet, queries)]
    if not args.only_adalet:
        try:
            for algo in ("logic-v2", "logic-v1"):
                m = Nomenklatura(algo, records, args.candidates)
                rows.append(run(f"{m.name} (0.7, {args.candidates} candidates)", m.screen, queries))
        except ImportError:
            print("nomenklatura not installed (pip install -e '.[bench]'): Adalet's figures alone")
    v2 = next((r for r in rows if "logic-v2" in r["system"]), None)
    print(f"{'system':<44} {'q/s':>7} {'q/s CPU':>7} {'p50 ms':>7} {'p95 ms':>7} {'p95 CPU':>7} {'list':>6} {'chars':>6} "
          f"{'absent FM':>9}  q/s vs v2")
    for r in rows:
        ratio = f"{r['queries/s'] / v2['queries/s']:.1f}x" if v2 else "-"
        print(f"{r['system']:<44} {r['queries/s']:>7,.0f} {r['queries/s cpu']:>7,.0f} {r['p50 ms']:>7.2f} {r['p95 ms']:>7.2f} "
              f"{r['p95 cpu ms']:>7.2f} {r['list found']:>6.1%} {r['characters found']:>6.1%} {r['absent false matches']:>9.2%}  {ratio}")
    for r in rows:
        print(f"  {r['system']}: {r['wall s']:.2f} s wall, {r['cpu s']:.2f} s CPU; p50 {r['p50 ms']:.2f} ms wall, "
              f"{r['p50 cpu ms']:.2f} ms CPU")
    for r in rows:
        print(f"  {r['system']}: found by perturbation {r['by perturbation']}")
    missing = [] if args.only_adalet or v2 else ["nomenklatura not installed (pip install -e '.[bench]')"]
    write(
        "screening",
        [Table(
            ["system", "queries/s", "queries/s (CPU)", "p50", "p95", "p95 (CPU)", "list names found",
             "character names found", "false matches (not on list)", "× logic-v2 (CPU)"],
            [[r["system"], f"{r['queries/s']:,.0f}", f"{r['queries/s cpu']:,.0f}", f"{r['p50 ms']:.2f} ms",
              f"{r['p95 ms']:.2f} ms", f"{r['p95 cpu ms']:.2f} ms", f"{r['list found']:.1%}",
              f"{r['characters found']:.1%}", f"{r['absent false matches']:.2%}",
              f"{r['queries/s cpu'] / v2['queries/s cpu']:.1f}×" if v2 else "—"] for r in rows],
            notes=[f"Found by perturbation, {r['system']}: "
                   + ", ".join(f"{how} {got}" for how, got in r["by perturbation"].items()) + "." for r in rows]
            + [f"Baseline missing: {reason}." for reason in missing],
        )],
        database=None,
        inputs=(f"{len(records):,} entries, {names:,} names with aliases, from {label}; officials facts file "
                f"`{shown(officials)}`. {len(queries):,} queries (seed {args.seed}): {kinds['list']:,} perturbed list "
                f"names, {kinds['characters']:,} names in Chinese characters, {kinds['absent']:,} names not on the "
                f"list, answered in turn in one process. Baselines: "
                + ("none (--only-adalet)." if args.only_adalet else f"nomenklatura's matchers scoring the best "
                   f"{args.candidates} candidates of a token index, match at 0.7.")),
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
