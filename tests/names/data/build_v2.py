"""Builds dev_v2.tsv and holdout_v2.tsv from people_v2.tsv (run once; the hold-out is then frozen).

people_v2.tsv lists, per public figure, every spelling of the name found in a cited source (one row per
spelling: person, group, kind, form, source). Nothing here writes a spelling: pairs are combinations of
attested spellings.

* same person (label 1): two different spellings of one person;
* different people (label 0): spellings of two *different* people chosen only when the pair is hard:
  a shared surname or name part, one name contained in the other, a parent and child (patronymics, family
  names), the same pinyin in other characters, or tone-marked pinyin differing only by tones. A pair whose two
  strings read the same (the same Latin spelling of two namesakes) is left out: no name matcher can separate
  them, it would measure nothing.

Family (column `family`) says which spellings meet; kind (column `kind`) says why a negative is hard.
The split: a seeded shuffle stratified by family and label, ``HOLDOUT_SHARE`` of each stratum to the hold-out.
``--check`` rebuilds in memory and says whether the files on disk are what this script makes.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import itertools
import math
import random
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
PEOPLE = HERE / "people_v2.tsv"
DEV = HERE / "dev_v2.tsv"
HOLDOUT = HERE / "holdout_v2.tsv"
#: characters of Uyghur name parts known to the transcription table at the time the set was built (commit 6f89bc8);
#: a copy, so that the family of a pair never changes when the table does.
TABLE_PARTS = HERE / "uyghur_han_parts_6f89bc8.txt"
SEED = 20260117
HOLDOUT_SHARE = 0.36
COLUMNS = ["a", "b", "label", "family", "kind", "person_a", "person_b", "source"]
FAMILIES = (
    "chars_pinyin", "trad_simp", "wade_giles", "cyrillic", "uyghur_pinyin", "uyghur_chars", "uyghur_arabic",
    "partial_chars", "latin_variant",
)
KINDS = ("same", "common_surname", "shared_part", "contained", "patronymic", "same_pinyin", "tone")
CAPS = {("trad_simp", 1): 45, ("chars_pinyin", 1): 130, ("wade_giles", 1): 120, ("cyrillic", 1): 130}
NEG_PER_PERSON_PAIR = 3
NEG_CAP_PER_STRATUM = 70

#: parent and child, or siblings, sharing a name part (sources: the people's Wikipedia articles).
FAMILY_TIES = {
    frozenset(p) for p in [
        ("xi_zhongxun", "xi_jinping"), ("mao_zedong", "mao_anying"), ("deng_xiaoping", "deng_pufang"),
        ("zhang_zuolin", "zhang_xueliang"), ("bo_yibo", "bo_xilai"), ("chiang_kaishek", "chiang_chingkuo"),
        ("ilham_tohti", "jewher_ilham"), ("shohrat_zakir", "abdulla_zakirov"), ("shohrat_zakir", "kaur_zakir"),
        ("abdulla_zakirov", "kaur_zakir"), ("isa_alptekin", "erkin_alptekin"), ("nazarbayev", "dariga_nazarbayeva"),
        ("karimov", "karimova"), ("amin_bughra", "nur_ahmad_bughra"),
    ]
}
SAME_PINYIN = {frozenset(p) for p in [("chen_yi_marshal", "chen_yi_kmt"), ("wang_zhen", "wang_zhen_eunuch"),
                                       ("yang_yang_actor", "yang_yang_skater")]}

CHARS = {"hans", "hant"}
HAN_LATIN = {"py", "pyt"}
UG_PINYIN = {"ug_py", "ug_pyt"}
LATIN = {"lat", "lat2", "lat3", "lat4", "listing", "ug_old"}
CYR = {"ru", "cyr", "ug_cyr"}


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[^0-9a-z\u0400-\u04ff\u0600-\u06ff\u4e00-\u9fff]+", " ", text).strip()


def tokens(text: str) -> list[str]:
    return fold(text).split()


def table_parts() -> set[str]:
    return {line.strip() for line in TABLE_PARTS.read_text(encoding="utf-8").splitlines() if line.strip()}


def load_people(path: Path = PEOPLE) -> dict[str, dict]:
    people: dict[str, dict] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            person = people.setdefault(row["person"], {"group": row["group"], "forms": []})
            person["forms"].append((row["kind"], row["form"], row["source"]))
    return people


def partial(form: str, kind: str, group: str, parts: set[str]) -> bool:
    if kind not in CHARS or group == "han":
        return False
    return any(part not in parts for part in re.split(r"[·•．・.]", form) if part)


def family(group: str, ka: str, kb: str, a: str, b: str, parts: set[str]) -> str:
    kinds = {ka, kb}
    if kinds <= CHARS:
        return "trad_simp"
    if kinds & CYR:
        return "cyrillic"
    if "wg" in kinds:
        return "wade_giles"
    if partial(a, ka, group, parts) or partial(b, kb, group, parts):
        return "partial_chars"
    if group == "han" or (group == "dungan" and kinds & HAN_LATIN):
        return "chars_pinyin"
    if kinds & UG_PINYIN:
        return "uyghur_pinyin"
    if kinds & CHARS:
        return "uyghur_chars"
    if "ug_ar" in kinds:
        return "uyghur_arabic"
    return "latin_variant"


def source(sa: str, sb: str) -> str:
    return sa if sa == sb else f"{sa} | {sb}"


def reading(kind: str, form: str) -> str:
    """What a form says once case, tones and punctuation are set aside (used to leave out unfair negatives)."""
    return fold(form).replace(" ", "")


def hard_kind(p: str, q: str, people: dict[str, dict], family_ties: set[frozenset] | None = None,
              same_pinyin: set[frozenset] | None = None) -> str | None:
    pair = frozenset((p, q))
    if pair in (SAME_PINYIN if same_pinyin is None else same_pinyin):
        return "same_pinyin"
    if pair in (FAMILY_TIES if family_ties is None else family_ties):
        return "patronymic"
    def latin_tokens(pid: str) -> list[list[str]]:
        return [tokens(f) for k, f, _ in people[pid]["forms"] if k in LATIN | HAN_LATIN and k != "listing"]
    tp, tq = latin_tokens(p), latin_tokens(q)
    for x in tp:
        for y in tq:
            if not x or not y:
                continue
            jx, jy = "".join(x), "".join(y)
            if x != y and (set(x) < set(y) or set(y) < set(x) or (x[0] == y[0] and len(x) == len(y) == 2
                                                                   and (y[1].startswith(x[1]) or x[1].startswith(y[1])))
                          ) and jx != jy:
                return "contained"
    group = people[p]["group"]
    for x in tp:
        for y in tq:
            if group == "han" and people[q]["group"] == "han":
                if x and y and x[0] == y[0] and x != y:
                    return "common_surname"
            elif set(x) & set(y) and x != y:
                return "shared_part"
    return None


def make_pairs(people: dict[str, dict], parts: set[str], rng: random.Random,
               family_ties: set[frozenset] | None = None, same_pinyin: set[frozenset] | None = None) -> list[dict]:
    """Every pair the rules make from `people` (same person, hard different people), before any split."""
    rows: list[dict] = []
    seen: set[frozenset] = set()

    def add(a: tuple, b: tuple, label: int, fam: str, kind: str, pa: str, pb: str) -> None:
        key = frozenset((a[1], b[1]))
        if a[1] == b[1] or key in seen:
            return
        seen.add(key)
        rows.append({"a": a[1], "b": b[1], "label": str(label), "family": fam, "kind": kind,
                     "person_a": pa, "person_b": pb, "source": source(a[2], b[2])})

    positives: dict[str, list] = defaultdict(list)
    for pid, person in sorted(people.items()):
        for a, b in itertools.combinations(person["forms"], 2):
            if fold(a[1]) == fold(b[1]):
                continue
            positives[family(person["group"], a[0], b[0], a[1], b[1], parts)].append((a, b, pid))
    for fam, items in sorted(positives.items()):
        rng.shuffle(items)
        for a, b, pid in items[: CAPS.get((fam, 1), len(items))]:
            add(a, b, 1, fam, "same", pid, pid)

    negatives: dict[tuple[str, str], list] = defaultdict(list)
    for p, q in itertools.combinations(sorted(people), 2):
        kind = hard_kind(p, q, people, family_ties, same_pinyin)
        if kind is None:
            continue
        group = people[p]["group"]
        candidates = []
        for a in people[p]["forms"]:
            for b in people[q]["forms"]:
                if a[0] == "listing" and b[0] == "listing":
                    continue
                both_chars = a[0] in CHARS and b[0] in CHARS
                if kind == "same_pinyin" and not both_chars and not (a[0] == b[0] == "pyt"):
                    continue
                tones = kind == "same_pinyin" and a[0] == b[0] == "pyt"
                if reading(a[0], a[1]) == reading(b[0], b[1]) and not both_chars and not tones:
                    continue  # namesakes spelled alike: not a name-matching question
                if tones:
                    if a[1] == b[1]:
                        continue
                    k = "tone"
                else:
                    k = kind
                candidates.append((a, b, k))
        rng.shuffle(candidates)
        for a, b, k in candidates[:NEG_PER_PERSON_PAIR if kind not in ("same_pinyin", "patronymic") else 6]:
            negatives[(family(group, a[0], b[0], a[1], b[1], parts), k)].append((a, b, p, q, k))
    for (fam, _kind), items in sorted(negatives.items()):
        rng.shuffle(items)
        for a, b, p, q, kk in items[:NEG_CAP_PER_STRATUM]:
            add(a, b, 0, fam, kk, p, q)
    return rows


def build() -> tuple[list[dict], list[dict]]:
    rng = random.Random(SEED)
    rows = make_pairs(load_people(), table_parts(), rng)
    strata: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for row in rows:
        strata[(row["family"], row["label"])].append(row)
    dev: list[dict] = []
    holdout: list[dict] = []
    for key in sorted(strata):
        items = sorted(strata[key], key=lambda r: (r["a"], r["b"]))
        rng.shuffle(items)
        n = math.ceil(len(items) * HOLDOUT_SHARE)
        holdout += items[:n]
        dev += items[n:]
    return sorted(dev, key=row_order), sorted(holdout, key=row_order)


def row_order(row: dict) -> tuple:
    return (row["family"], -int(row["label"]), row["kind"], row["a"], row["b"])


#: 87 Russian (Palladius) forms in people_v2.tsv are recorded as the URL of their ru.wikipedia article, whose title
#: is the form: a mistake of the first build, found on the development set on 2026-12-06. The pairs and the split are
#: still made from the file as it is (so that no development pair moves into the frozen hold-out), and each such form
#: is written as its article's title, the URL going to the row's sources (`finish`).
RU_ARTICLE = "https://ru.wikipedia.org/wiki/"


def shown(row: dict) -> dict:
    """The row as written: a form recorded as its ru.wikipedia URL becomes the article's title."""
    out = dict(row)
    for column in ("a", "b"):
        if out[column].startswith(RU_ARTICLE):
            url = out[column]
            out[column] = url[len(RU_ARTICLE):].replace("_", " ")
            if url not in out["source"].split(" | "):
                out["source"] = f"{out['source']} | {url}"
    return out


def finish(dev: list[dict], holdout: list[dict]) -> tuple[list[dict], list[dict]]:
    """The rows as written. A form beside its own URL becomes one string twice (no name-matching question) and is
    left out; a pair that the titles make equal to another is kept once, on the hold-out's side if it is there."""
    kept: dict[str, list[dict]] = {"holdout": [], "dev": []}
    seen: set[frozenset] = set()
    for side, rows in (("holdout", holdout), ("dev", dev)):
        for row in map(shown, rows):
            pair = frozenset((row["a"], row["b"]))
            if row["a"] != row["b"] and pair not in seen:
                seen.add(pair)
                kept[side].append(row)
    return kept["dev"], kept["holdout"]


def counts(rows: list[dict]) -> str:
    """Pairs per family (same, different) and the different pairs by kind, as the build scripts print them."""
    table = Counter((r["family"], r["label"]) for r in rows)
    kinds = Counter(r["kind"] for r in rows if r["label"] == "0")
    lines = [f"{'family':<15} {'same':>5} {'different':>9}"]
    for fam in FAMILIES:
        lines.append(f"{fam:<15} {table[(fam, '1')]:>5} {table[(fam, '0')]:>9}")
    same = sum(n for (_, label), n in table.items() if label == "1")
    lines.append(f"{'all':<15} {same:>5} {len(rows) - same:>9}")
    lines.append("different, by kind: " + ", ".join(f"{k} {kinds[k]}" for k in KINDS if kinds[k]))
    return "\n".join(lines)


def write(path: Path, rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, COLUMNS, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE, escapechar="\\")
        writer.writeheader()
        writer.writerows(rows)


def matches(path: Path, rows: list[dict]) -> bool:
    """Whether *path* holds exactly what :func:`write` makes of *rows* (written to a scratch file beside it)."""
    tmp = path.with_name(f".check_{path.name}")
    write(tmp, rows)
    try:
        return path.exists() and tmp.read_bytes() == path.read_bytes()
    finally:
        tmp.unlink()


def build_dev(people_path: Path, family_ties: set[frozenset], same_pinyin: set[frozenset]) -> list[dict]:
    """A development set made from a people file as v2's are made (the same pairs, seed, caps and table copy), with
    its own family ties and same-pinyin groups (build_dev_v3.py, build_dev_v4.py)."""
    people = load_people(people_path)
    unknown = {p for tie in family_ties | same_pinyin for p in tie} - set(people)
    if unknown:
        raise SystemExit(f"ties name people not in {people_path.name}: {sorted(unknown)}")
    rows = make_pairs(people, table_parts(), random.Random(SEED), family_ties, same_pinyin)
    dev, _ = finish(sorted(rows, key=row_order), [])
    return dev


def count_overlaps(mine_path: Path, other_path: Path) -> tuple[int, list[str]]:
    """How many spellings of the people file *mine_path* another people file also has (same folded string or same set
    of words), and which of *mine*'s person keys are concerned (by key or by spelling): counts, never the names."""
    mine, other = load_people(mine_path), load_people(other_path)
    forms = {fold(f) for p in other.values() for _, f, _ in p["forms"]}
    words = {frozenset(fold(f).split()) for p in other.values() for _, f, _ in p["forms"]}
    count, keys = 0, set()
    for pid, person in mine.items():
        if pid in other:
            keys.add(pid)
        for _, form, _ in person["forms"]:
            if fold(form) in forms or frozenset(fold(form).split()) in words:
                count += 1
                keys.add(pid)
    return count, sorted(keys)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the files on disk, write nothing")
    args = parser.parse_args(argv)
    dev, holdout = finish(*build())
    if args.check:
        same = all(matches(path, rows) for path, rows in ((DEV, dev), (HOLDOUT, holdout)))
        print("files match the build" if same else "files DIFFER from the build")
        return 0 if same else 1
    if HOLDOUT.exists():
        print(f"{HOLDOUT.name} exists and is frozen; not rewritten (use --check)", file=sys.stderr)
        return 1
    write(DEV, dev)
    write(HOLDOUT, holdout)
    print(f"dev {len(dev)}, holdout {len(holdout)}, holdout sha256 {hashlib.sha256(HOLDOUT.read_bytes()).hexdigest()}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
