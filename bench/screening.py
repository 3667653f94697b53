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
  lower-cased, punctuation dropped, one letter changed inside a long word (typo), the first letter of every word of
  three letters or more changed (first-letter: yente's test_fuzzy_names_first_letter), or a middle word dropped;
  should find that entry.
- characters: names in Chinese characters (2,000): the Xinjiang officials' real names (the facts file: `--officials`,
  default tests/fixtures/sanctions/officials.csv, or the one under `--shared`) whose SDN entry is on the list, and
  characters generated for every list person whose Latin name is pinyin (surname characters from a common-surname table,
  given-name characters with that default pypinyin reading, checked with pypinyin); should find that entry.
- absent: names not on the list (4,000): given names and surnames of list persons recombined, common names, and
  Chinese-character names whose reading is on no list name; any match is a false match.

Baselines, as yente does (blocking + scoring): blocking is a token index over every list name, latinised and
ascii-folded with normality (so 陈全国 → chen quan guo), holding only entities whose schema the query's can match, as
yente filters its candidate search (`filter_query`, yente/search/queries.py: FtM's `matchable_schemata` of the
query's schema, the schema itself, and its descendants when it is not matchable; a Person query is answered with
Person and LegalEntity entities, never an Organization or a Vessel); candidates ranked by the summed IDF of shared
tokens, the best `--candidates` entities scored with `get_algorithm(name).compare(query, candidate,
default_config())`. The default, 20 candidates, is the fewest yente scores: its /match route asks the index for
`max(20, limit * MATCH_CANDIDATES)` entities (yente/routers/match.py). Adalet: `Index.screen` with its own blocking,
schema filter (`SCHEMA_MATCHES`, checked against yente's rule on the bench's queries and printed) and scoring.

One threshold protocol for every system: each system's answers are scored once; the queries are cut into a tune half
and a test half (each kind in two, fixed seed); each system's threshold is chosen on the tune half by one rule
(:data:`RULE`: the lowest threshold in 0.50..0.95 with no false match, else best F1; and, as a second operating
point, :data:`RULE_F1`: best F1) and measured on the test half.
Both halves are printed, and beside them each system at its documented default (Adalet's MATCH_THRESHOLD, yente's
0.7). "Found" means the expected entry scores the threshold or more; a false match, that a name not on the list
scores it against any entity. Adalet's timed pass runs at its defaults; the scores between 0.5 and its listing cutoff
come from a second, untimed pass with the cutoff lowered (its other answers must equal the timed pass's).

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
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from adalet.sanctions.importers import ofac  # noqa: E402
from adalet.sanctions.importers.records import Record  # noqa: E402
from adalet.sanctions.screening import (  # noqa: E402
    CUTOFF,
    MATCH_THRESHOLD,
    SCHEMA_MATCHES,
    Index,
    Query,
    entries_from_records,
)

sys.path.insert(0, str(ROOT / "bench"))
from report import Table, write  # noqa: E402

#: (kind, name, schema, expected entry id or "", perturbation): one generated query.
BenchQuery = tuple[str, str, str, str, str]
#: (entry id, score) of every entity a system returned (or, for a baseline, scored) for one query.
Answer = list[tuple[str, float]]

#: The thresholds every system is tuned over, and yente's documented default (its SCORE_THRESHOLD).
GRID = tuple(round(0.50 + 0.01 * i, 2) for i in range(46))
YENTE_THRESHOLD = 0.7
RULE = ("the lowest threshold in 0.50..0.95 (steps of 0.01) at which no query of the tune half that is not on the "
        "list matches anything; if there is none, the threshold of best F1 on the tune half (found list and character "
        "names against matched names not on the list; ties: the higher threshold)")
#: The second operating point, the same for every system: best F1 on the tune half (ties: the higher threshold).
RULE_F1 = "the threshold in 0.50..0.95 of best F1 on the tune half (ties: the higher threshold)"

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
    hows = (["reorder", "case", "punct", "typo", "first-letter", "drop-middle"] if schema == "Person"
            else ["case", "punct", "typo", "first-letter", "legal"])
    how = rng.choice(hows)
    words = name.split()
    if how == "first-letter":
        changed = first_letters(words, rng)
        if changed != words:
            return " ".join(changed), how
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


def first_letters(words: list[str], rng: random.Random) -> list[str]:
    """Each word of three letters or more with its first letter replaced by another letter, case kept: yente's
    test_fuzzy_names_first_letter (Alexander Zakharov → Zlexander Sakharov), an edit a fuzzy search that keeps the
    first letter cannot undo. Shorter words are left as written (yente's AUTO fuzziness allows them no edit)."""
    out = []
    for w in words:
        if len(w) >= 3 and w[0].isascii() and w[0].isalpha():
            letter = rng.choice([c for c in "abcdefghijklmnopqrstuvwxyz" if c != w[0].lower()])
            w = (letter.upper() if w[0].isupper() else letter) + w[1:]
        out.append(w)
    return out


@cache
def yente_schemata(schema: str) -> frozenset[str]:
    """The schemata a *schema* query may be answered with, as yente filters its candidate search
    (`filter_query` in yente/search/queries.py): FtM's `matchable_schemata` of the query's schema, the schema
    itself, and its descendants when it is not matchable (Thing)."""
    from followthemoney import model

    query = model.get(schema) or model.get("LegalEntity")
    names = {s.name for s in query.matchable_schemata} | {query.name}
    if not query.matchable:
        names |= {s.name for s in query.descendants}
    return frozenset(names)


def baseline_schema(schema: str) -> str:
    """The FtM schema a baseline entity is made with (a list schema FtM does not know is a LegalEntity)."""
    from followthemoney import model

    return schema if schema in model.schemata else "LegalEntity"


class TokenBlocking:
    """A yente-like candidate search: latinised, folded name tokens → entities whose schema the query's can match
    (yente's filter, applied before ranking as Elasticsearch applies a filter), ranked by summed IDF."""

    def __init__(self, records: list[Record]) -> None:
        self.postings: dict[str, set[int]] = {}
        self.schema = [baseline_schema(r.schema) for r in records]
        for i, r in enumerate(records):
            for name in r.names:
                for t in folded_tokens(name):
                    self.postings.setdefault(t, set()).add(i)
        n = len(records)
        self.idf = {t: math.log(1 + n / len(p)) for t, p in self.postings.items()}

    def candidates(self, name: str, schema: str, limit: int) -> list[int]:
        allowed = yente_schemata(schema)
        weights: dict[int, float] = {}
        for t in folded_tokens(name):
            for i in self.postings.get(t, ()):
                if self.schema[i] in allowed:
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
        e = self.model.make_entity(baseline_schema(schema))
        e.id = ident
        e.add("name", names[0])
        if names[1:]:
            e.add("alias", names[1:])
        if births and e.schema.get("birthDate"):
            e.add("birthDate", births)
        return e

    def screen(self, name: str, schema: str) -> list[tuple[str, float]]:
        """(entity id, score) of every candidate scored: the threshold is applied afterwards (see `decide`)."""
        self.count += 1
        query = self.entity(f"q{self.count}", schema, [name], [])
        return [(self.records[i].source_id, self.algorithm.compare(query, self.entities[i], self.config).score)
                for i in self.blocking.candidates(name, schema, self.limit)]


def schema_filter_check(queries: list[BenchQuery], list_schemas: set[str]) -> list[str]:
    """Where Adalet's schema filter (`SCHEMA_MATCHES`) differs from yente's on this list, for the query schemas
    of the bench: one line each (none: the same filter)."""
    out = []
    for schema in sorted({q[2] for q in queries}):
        adalet = SCHEMA_MATCHES.get(schema)
        adalet_here = list_schemas if adalet is None else set(adalet) & list_schemas
        yente_here = {s for s in list_schemas if baseline_schema(s) in yente_schemata(schema)}
        if adalet_here != yente_here:
            out.append(f"a {schema} query: Adalet screens {sorted(adalet_here)}, yente {sorted(yente_here)}")
    return out


def run(label: str, screen: Callable[[str, str], Answer], queries: list[BenchQuery]) -> tuple[dict, list[Answer]]:
    """Answer every query in turn: (wall and CPU time, ``time.process_time``: what this process used, whatever else
    the machine runs, per query and in all; the answers)."""
    times, cpu_times, answers = [], [], []
    start, cpu_start = time.perf_counter(), time.process_time()
    for _kind, name, schema, _expected, _how in queries:
        t, c = time.perf_counter(), time.process_time()
        answers.append(screen(name, schema))
        cpu_times.append(time.process_time() - c)
        times.append(time.perf_counter() - t)
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
    }, answers


def halves(queries: list[BenchQuery], seed: int) -> tuple[list[int], list[int]]:
    """(tune, test): the indexes of each kind of query shuffled with a fixed seed and cut in two, so that both
    halves hold the same mix."""
    rng = random.Random(f"tune-{seed}")
    tune, test = [], []
    for kind in ("list", "characters", "absent"):
        ids = [i for i, q in enumerate(queries) if q[0] == kind]
        rng.shuffle(ids)
        tune += ids[: len(ids) // 2]
        test += ids[len(ids) // 2 :]
    return sorted(tune), sorted(test)


@dataclass
class Outcome:
    """What a threshold gives on some queries: found (of asked) per kind, names not on the list that matched."""

    found: dict[str, int] = field(default_factory=lambda: {"list": 0, "characters": 0})
    asked: dict[str, int] = field(default_factory=lambda: {"list": 0, "characters": 0, "absent": 0})
    false: int = 0
    by_how: dict[str, list[int]] = field(default_factory=dict)

    def rate(self, kind: str) -> float:
        return (self.false if kind == "absent" else self.found[kind]) / max(1, self.asked[kind])

    def f1(self) -> float:
        tp = self.found["list"] + self.found["characters"]
        fn = self.asked["list"] + self.asked["characters"] - tp
        return 2 * tp / max(1, 2 * tp + fn + self.false)


def decide(queries: list[BenchQuery], answers: list[Answer], indexes: list[int], threshold: float) -> Outcome:
    """The answers to the queries at *indexes* judged at *threshold*: "found" when the expected entry scores
    *threshold* or more; a false match when a name not on the list has any entity at *threshold* or more."""
    out = Outcome()
    for i in indexes:
        kind, _name, _schema, expected, how = queries[i]
        matched = {rid for rid, score in answers[i] if score >= threshold}
        out.asked[kind] += 1
        if kind == "absent":
            out.false += bool(matched)
        else:
            out.found[kind] += expected in matched
            tally = out.by_how.setdefault(how, [0, 0])
            tally[0] += expected in matched
            tally[1] += 1
    return out


def choose_threshold(queries: list[BenchQuery], answers: list[Answer], tune: list[int],
                     best_f1: bool = False) -> tuple[float, str]:
    """(threshold, how it was chosen) by :data:`RULE` (*best_f1*: by :data:`RULE_F1`), from the tune half only."""
    outcomes = [(t, decide(queries, answers, tune, t)) for t in GRID]
    clean = [t for t, o in outcomes if o.false == 0]
    if clean and not best_f1:
        return clean[0], "lowest with no false match (tune)"
    best = max(outcomes, key=lambda to: (to[1].f1(), to[0]))
    return best[0], f"best F1 (tune){'' if best_f1 else ': none without false matches'}"


def adalet_answers(index: Index, queries: list[BenchQuery], timed: list[Answer]) -> list[Answer]:
    """Adalet's answers with every candidate down to the grid's lowest threshold listed (its default CUTOFF lists
    from 0.6): the same rules, one more untimed pass. Fails when a listed score differs from the timed run's."""
    answers = []
    for (_kind, name, schema, _expected, _how), before in zip(queries, timed, strict=True):
        answer = [(r.entry.id, r.score) for r in index.screen(Query([name], schema), cutoff=GRID[0])]
        if [a for a in answer if a[1] >= CUTOFF] != before:
            raise RuntimeError(f"Adalet's answer to {name!r} changed with the cutoff: {before} / {answer}")
        answers.append(answer)
    return answers


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

    def adalet(name: str, schema: str) -> Answer:
        return [(r.entry.id, r.score) for r in index.screen(Query([name], schema))]

    systems: list[tuple[str, float, dict, list[Answer]]] = []  # (system, documented default, speed, answers)
    speed, timed = run("adalet", adalet, queries)
    systems.append(("adalet", MATCH_THRESHOLD, speed, adalet_answers(index, queries, timed)))
    missing = []
    if not args.only_adalet:
        try:
            for algo in ("logic-v2", "logic-v1"):
                m = Nomenklatura(algo, records, args.candidates)
                speed, answers = run(f"{m.name} ({args.candidates} candidates)", m.screen, queries)
                systems.append((speed["system"], YENTE_THRESHOLD, speed, answers))
        except ImportError:
            print("nomenklatura not installed (pip install -e '.[bench]'): Adalet's figures alone")
            missing.append("nomenklatura not installed (pip install -e '.[bench]')")

    list_schemas = {r.schema for r in records}
    differences = schema_filter_check(queries, list_schemas)
    filter_note = ("Schema filter: the baselines score only entities whose schema the query's can match, as yente "
                   "filters its candidate search (FtM `matchable_schemata`, the schema itself, its descendants when "
                   "not matchable). Adalet's own screening filters by schema too (`SCHEMA_MATCHES`, "
                   "src/adalet/sanctions/screening.py): "
                   + ("the same entities as yente's filter for every query schema of this bench on this list."
                      if not differences else "it differs: " + "; ".join(differences) + "."))
    print(filter_note)

    tune, test = halves(queries, args.seed)
    v2 = next((sp for name, _, sp, _ in systems if "logic-v2" in name), None)
    print(f"{'system':<40} {'q/s':>7} {'q/s CPU':>7} {'p50 ms':>7} {'p95 ms':>7} {'p95 CPU':>7}  CPU vs v2")
    for name, _, sp, _ in systems:
        ratio = f"{sp['queries/s cpu'] / v2['queries/s cpu']:.1f}x" if v2 else "-"
        print(f"{name:<40} {sp['queries/s']:>7,.0f} {sp['queries/s cpu']:>7,.0f} {sp['p50 ms']:>7.2f} "
              f"{sp['p95 ms']:>7.2f} {sp['p95 cpu ms']:>7.2f}  {ratio}")
    adalet_speed = systems[0][2]
    print(f"targets: >= 2,000 queries/s on one core (CPU): {adalet_speed['queries/s cpu']:,.0f} "
          f"({'met' if adalet_speed['queries/s cpu'] >= 2000 else 'NOT met'}); p95 < 5 ms: {adalet_speed['p95 ms']:.2f} "
          f"ms wall ({'met' if adalet_speed['p95 ms'] < 5 else 'NOT met'}), {adalet_speed['p95 cpu ms']:.2f} ms CPU")

    print(f"threshold rules: {RULE}; and {RULE_F1}")
    print(f"halves: tune {len(tune):,} queries, test {len(test):,} (each kind cut in two, seed {args.seed})")
    quality_rows, notes = [], []
    print(f"{'system':<40} {'threshold':>9} {'chosen':<36} | tune: list  chars  absent FM | test: list  chars  absent FM")
    for name, default, _, answers in systems:
        chosen = choose_threshold(queries, answers, tune)
        for threshold, why in (chosen, choose_threshold(queries, answers, tune, best_f1=True),
                               (default, "documented default")):
            row = [name, f"{threshold:.2f}", why]
            line = f"{name:<40} {threshold:>9.2f} {why:<36}"
            for ids in (tune, test):
                o = decide(queries, answers, ids, threshold)
                row += [f"{o.rate('list'):.1%}", f"{o.rate('characters'):.1%}", f"{o.rate('absent'):.2%}"]
                line += f" | {o.rate('list'):>10.1%} {o.rate('characters'):>6.1%} {o.rate('absent'):>9.2%}"
            print(line)
            quality_rows.append(row)
        o = decide(queries, answers, test, chosen[0])
        notes.append(f"Found by perturbation on the test half at {chosen[0]:.2f}, {name}: "
                     + ", ".join(f"{h} {n}/{t}" for h, (n, t) in sorted(o.by_how.items())) + ".")
        everything = list(range(len(queries)))
        for threshold in (default, GRID[0]):
            o = decide(queries, answers, everything, threshold)
            print(f"{name} at {threshold:.2f}, all queries: found by perturbation "
                  + ", ".join(f"{h} {n}/{t}" for h, (n, t) in sorted(o.by_how.items()))
                  + f"; names not on the list matched {o.false}/{o.asked['absent']}")
    write(
        "screening",
        [
            Table(
                ["system", "queries/s", "queries/s (CPU)", "p50", "p95", "p95 (CPU)", "× logic-v2 (CPU)"],
                [[name, f"{sp['queries/s']:,.0f}", f"{sp['queries/s cpu']:,.0f}", f"{sp['p50 ms']:.2f} ms",
                  f"{sp['p95 ms']:.2f} ms", f"{sp['p95 cpu ms']:.2f} ms",
                  f"{sp['queries/s cpu'] / v2['queries/s cpu']:.1f}×" if v2 else "—"] for name, _, sp, _ in systems],
                title="Speed: every query, one process, in turn",
            ),
            Table(
                ["system", "threshold", "chosen", "tune: list names found", "tune: character names found",
                 "tune: false matches (not on list)", "test: list names found", "test: character names found",
                 "test: false matches (not on list)"],
                quality_rows,
                title="Matches: each threshold chosen on the tune half, measured on the test half",
                notes=[f"Threshold rules, the same for every system: {RULE}; and {RULE_F1}. Beside them, each system at its documented "
                       f"default: Adalet's MATCH_THRESHOLD ({MATCH_THRESHOLD}), yente's {YENTE_THRESHOLD}. Adalet's "
                       f"scores below its listing cutoff ({CUTOFF}) come from a second, untimed pass with the cutoff "
                       f"at {GRID[0]} (its other answers checked equal to the timed pass).", filter_note,
                       *notes, *(f"Baseline missing: {reason}." for reason in missing)],
            ),
        ],
        database=None,
        inputs=(f"{len(records):,} entries, {names:,} names with aliases, from {label}; officials facts file "
                f"`{shown(officials)}`. {len(queries):,} queries (seed {args.seed}): {kinds['list']:,} perturbed list "
                f"names, {kinds['characters']:,} names in Chinese characters, {kinds['absent']:,} names not on the "
                f"list, answered in turn in one process; cut into a tune half ({len(tune):,}) and a test half "
                f"({len(test):,}), each kind in two. Baselines: "
                + ("none (--only-adalet)." if args.only_adalet else f"nomenklatura's matchers scoring the best "
                   f"{args.candidates} candidates of a token index filtered by schema as yente filters.")),
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
