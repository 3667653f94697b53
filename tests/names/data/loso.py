"""Leave-one-set-out check of how the names matcher generalises to people it has not seen (issue 17), on the
development files only (``dev_v2.tsv``, ``dev_v3.tsv``, ``dev_v4.tsv``; never a hold-out).

The matcher's rules are general, but its element table (``src/adalet/names/data/uyghur_han.txt``: characters of a
Uyghur name element → Latin spellings) grew from failures of labelled people. For each development set S in turn,
the table loses every row that only S gives evidence of (its characters occur in S's names, or one of its Latin
spellings or its characters' pinyin is a whole word of S's names, and neither holds in the two other sets), as if
the table had been written from the two other sets only; S is then scored with that table. A set's figures under
its own fold are the leave-one-out estimate; the fitted figures (the whole table) are printed beside them.

Each fold runs in a fresh process (the matcher caches its tables). Per family: recall of same-person pairs and the
number of different-people pairs at or above 0.7.

    .venv/bin/python tests/names/data/loso.py [--fitted]
"""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

DATA = Path(__file__).resolve().parent
SETS = ("dev_v2", "dev_v3", "dev_v4", "dev_v5")
THRESHOLD = 0.7
_HAN = re.compile(r"[\u3400-\u9fff]+")
_WORD = re.compile(r"[a-z]+")


def rows(name: str) -> list[dict[str, str]]:
    with (DATA / f"{name}.tsv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))


def _ascii_words(text: str) -> set[str]:
    folded = unicodedata.normalize("NFKD", text.casefold())
    return set(_WORD.findall("".join(ch for ch in folded if not unicodedata.combining(ch))))


def evidence(name: str) -> tuple[str, set[str]]:
    """(every run of characters of the set's names joined, every Latin word of them) of development set *name*."""
    han, words = [], set()
    for row in rows(name):
        for text in (row["a"], row["b"]):
            han.extend(_HAN.findall(text))
            words |= _ascii_words(text)
    return "\n".join(han), words


def evidenced(chars: str, spellings: tuple[str, ...], reading: str, ev: tuple[str, set[str]]) -> bool:
    han, words = ev
    return chars in han or reading in words or any(len(s) >= 4 and s in words for s in spellings)


def left_out_rows(held: str) -> set[str]:
    """Characters of the rows of uyghur_han.txt that only set *held* gives evidence of."""
    from adalet.names.han import char_pinyin
    from adalet.names.uyghur_han import table

    ev_held = evidence(held)
    ev_rest = [evidence(s) for s in SETS if s != held]
    out = set()
    for chars, spellings in table().items():
        reading = "".join(char_pinyin(chars))
        if evidenced(chars, spellings, reading, ev_held) and not any(evidenced(chars, spellings, reading, ev) for ev in ev_rest):
            out.add(chars)
    return out


def score_set(name: str, removed: set[str]) -> dict[str, object]:
    """Scores of set *name* with the table's rows *removed* (in this process: call once per fresh process)."""
    import adalet.names._data as data

    original = data.load_table

    def filtered(table_name: str) -> tuple[tuple[str, ...], ...]:
        out = original(table_name)
        if table_name == "uyghur_han.txt":
            out = tuple(r for r in out if r[0] not in removed)
        return out

    for mod_name, mod in list(sys.modules.items()):
        if mod_name.startswith("adalet.names") and getattr(mod, "load_table", None) is original:
            mod.load_table = filtered  # type: ignore[attr-defined]
    from adalet.names import compare
    from adalet.names.uyghur_han import table

    table.cache_clear()
    assert not removed & set(table()), "the table was read before the fold removed its rows"
    pairs = rows(name)
    start = time.process_time()
    scores = [compare(r["a"], r["b"]).score for r in pairs]
    cpu = time.process_time() - start
    return {
        "removed": sorted(removed),
        "cpu": cpu,
        "pairs": [(r["family"], int(r["label"]), s, r["a"], r["b"]) for r, s in zip(pairs, scores)],
    }


def _child(name: str, mode: str) -> None:
    removed = left_out_rows(name) if mode == "loso" else set()
    print(json.dumps(score_set(name, removed), ensure_ascii=False))


def run(name: str, mode: str) -> dict[str, object]:
    out = subprocess.run([sys.executable, __file__, "--child", name, mode], capture_output=True, text=True, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def tally(results: dict[str, dict[str, object]]) -> dict[str, list[int]]:
    """family → [same pairs, same at ≥ 0.7, different pairs, different at ≥ 0.7], and "all"."""
    out: dict[str, list[int]] = {}
    for res in results.values():
        for family, label, score, _a, _b in res["pairs"]:  # type: ignore[attr-defined]
            for key in (family, "all"):
                t = out.setdefault(key, [0, 0, 0, 0])
                t[0 if label else 2] += 1
                t[1 if label else 3] += score >= THRESHOLD
    return out


def main(argv: list[str]) -> int:
    if argv[:1] == ["--child"]:
        _child(argv[1], argv[2])
        return 0
    modes = ("loso", "fitted") if "--fitted" in argv else ("loso",)
    tables = {}
    for mode in modes:
        results = {s: run(s, mode) for s in SETS}
        tables[mode] = tally(results)
        cpu = sum(r["cpu"] for r in results.values())  # type: ignore[misc]
        n = sum(len(r["pairs"]) for r in results.values())  # type: ignore[arg-type]
        print(f"{mode}: {n} pairs, {cpu:.1f} s CPU, {n / cpu:.0f} pairs/s (fresh process, caches cold)")
        if mode == "loso":
            for s, r in results.items():
                print(f"  {s}: {len(r['removed'])} table rows left out: {' '.join(r['removed'])}")  # type: ignore[arg-type]
            if "-v" in argv:
                for s, r in results.items():
                    for family, label, score, a, b in r["pairs"]:  # type: ignore[attr-defined]
                        if (label and score < THRESHOLD) or (not label and score >= THRESHOLD):
                            print(f"    {s} {family} {label} {score:.3f} {a} | {b}")
    print(f"{'family':15}" + "".join(f"{m + ' recall':>16}{m + ' FP':>12}" for m in modes))
    for family in sorted(tables[modes[0]], key=lambda f: (f == "all", f)):
        cells = ""
        for mode in modes:
            same, hit, diff, fp = tables[mode][family]
            rec = f"{hit / same:.3f} ({hit}/{same})" if same else "-"
            fps = f"{fp}/{diff}"
            cells += f" {rec:>16} {fps:>11}"
        print(f"{family:15}{cells}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
