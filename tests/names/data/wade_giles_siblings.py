"""Hard negatives for Wade-Giles (issue 17), made from the development sets' Han names in characters (``dev_v2.tsv``
.. ``dev_v5.tsv`` and ``pairs.tsv``; never a hold-out): for each name of three characters, four "siblings" with one
given-name character changed (a fixed random draw among the sets' given-name characters; a sibling that reads as the
same pinyin is skipped), as Chinese siblings and cousins share a surname and often a generation character. Each name
and sibling is written as Wade-Giles without its marks (``Yu Chingsheng``), with them (``Yü Ching-sheng``), in
pinyin and in characters, and the pairs of those forms are scored: false positives at 0.7 per pair of forms. Then
the same person across the same forms: recall at 0.7.

    .venv/bin/python tests/names/data/wade_giles_siblings.py [-v]
"""

from __future__ import annotations

import csv
import random
import re
import sys
from collections import Counter
from pathlib import Path

DATA = Path(__file__).resolve().parent
FILES = ("dev_v2", "dev_v3", "dev_v4", "dev_v5", "pairs")
THRESHOLD = 0.7
SEED = 5
SIBLINGS = 4


def han_names() -> list[str]:
    from adalet.names.han import to_simplified

    out = set()
    for name in FILES:
        with (DATA / f"{name}.tsv").open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
                out.update(to_simplified(t) for t in (row["a"], row["b"]) if re.fullmatch(r"[\u4e00-\u9fff]{3}", t))
    return sorted(out)


def written(name: str, kind: str) -> str:
    """*name* (characters) as ``chars``, ``pinyin``, ``marked`` (Wade-Giles) or ``unmarked`` (Wade-Giles, no marks)."""
    from adalet.names.forms import analyse

    if kind == "chars":
        return name
    forms = analyse(name).forms
    form = next((f for f in forms if f.kind == ("pinyin" if kind == "pinyin" else "wade-giles")), forms[0])
    parts = [p.text for p in form.parts]
    if kind == "unmarked":
        parts = [p.replace("'", "").replace("-", "").replace("ü", "u") for p in parts]
    return " ".join(p.capitalize() for p in parts)


COMBOS = (
    ("unmarked", "pinyin"),
    ("unmarked", "chars"),
    ("unmarked", "unmarked"),
    ("unmarked", "marked"),
    ("marked", "pinyin"),
    ("marked", "chars"),
    ("pinyin", "pinyin"),
)


def main(argv: list[str]) -> int:
    from adalet.names import compare
    from adalet.names.han import char_pinyin

    names = han_names()
    chars = sorted({c for n in names for c in n[1:]})
    rng = random.Random(SEED)
    different: Counter[str] = Counter()
    same: Counter[str] = Counter()
    shown = []
    for n in names:
        for _ in range(SIBLINGS):
            i = rng.choice((1, 2))
            m = n[:i] + rng.choice(chars) + n[i + 1 :]
            if m == n or char_pinyin(m) == char_pinyin(n):
                continue
            for ka, kb in COMBOS:
                a, b = written(n, ka), written(m, kb)
                fp = compare(a, b).score >= THRESHOLD
                different[f"{ka}~{kb}"] += 1
                different[f"{ka}~{kb} fp"] += fp
                if fp:
                    shown.append(("false positive", n, m, a, b))
        for ka, kb in COMBOS:
            if ka == kb:
                continue
            a, b = written(n, ka), written(n, kb)
            hit = compare(a, b).score >= THRESHOLD
            same[f"{ka}~{kb}"] += 1
            same[f"{ka}~{kb} hit"] += hit
            if not hit:
                shown.append(("miss", n, n, a, b))
    print(f"{len(names)} names in characters, {SIBLINGS} siblings each")
    for ka, kb in COMBOS:
        key = f"{ka}~{kb}"
        rec = f"recall {same[key + ' hit']}/{same[key]}" if same[key] else ""
        print(f"  {key:20} false positives {different[key + ' fp']}/{different[key]}  {rec}")
    if "-v" in argv:
        for row in shown:
            print("   ", *row)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
