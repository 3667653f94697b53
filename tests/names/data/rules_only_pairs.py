"""How the Uyghur transcription rules read names whose elements no table holds (issue 17): the element table
(``uyghur_han.txt``) is emptied of its elements of two characters or more, so every name is read through its
syllables; then two-part names made of two elements X Y (a fixed random sample) are compared, in pinyin
(``Aierken Tuniyazi``) and in characters (``艾尔肯·吐尼亚孜``), with the elements' first Latin spellings:

* same person: X Y against Lat(X) Lat(Y); recall at 0.7;
* different people: X Y against Lat(X) Lat(Z), another father (Z's spellings share no key with Y's); false
  positives at 0.7.

The table is the only input (no labelled set, no hold-out), so the rules of ``pinyin_uyghur.tsv``,
``pinyin_uyghur_sounds.tsv`` and :mod:`adalet.names.sounds` are measured on names they were not written from.

    .venv/bin/python tests/names/data/rules_only_pairs.py [-v] [--fp] [--fitted] [-nN]
"""

from __future__ import annotations

import random
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from syllables_only import empty_the_element_table  # noqa: E402  (a sibling script, not a package)

THRESHOLD = 0.7
SEED = 17


def main(argv: list[str]) -> int:
    from adalet.names.han import char_pinyin
    from adalet.names.latin import fold
    from adalet.names.uyghur_han import table

    full = {c: s for c, s in table().items() if len(c) >= 2 and s}
    if "--fitted" not in argv:
        empty_the_element_table()
    from adalet.names import compare

    rng = random.Random(SEED)
    elements = sorted(full)
    keys = {c: {fold(s) for s in sp} for c, sp in full.items()}
    n = int(next((a[2:] for a in argv if a.startswith("-n")), "1500"))
    same: Counter[str] = Counter()
    different: Counter[str] = Counter()
    misses, false_positives = [], []
    for _ in range(n):
        x, y, z = rng.sample(elements, 3)
        if keys[y] & keys[z]:
            continue
        px, py = "".join(char_pinyin(x)).capitalize(), "".join(char_pinyin(y)).capitalize()
        lx, ly, lz = (full[e][0].capitalize() for e in (x, y, z))
        for form, a in (("pinyin", f"{px} {py}"), ("chars", f"{x}·{y}")):
            s = compare(a, f"{lx} {ly}").score
            same[form] += 1
            same[form + " hit"] += s >= THRESHOLD
            if s < THRESHOLD:
                misses.append((form, round(s, 3), a, f"{lx} {ly}"))
            s = compare(a, f"{lx} {lz}").score
            different[form] += 1
            different[form + " fp"] += s >= THRESHOLD
            if s >= THRESHOLD:
                false_positives.append((form, round(s, 3), a, f"{lx} {lz}"))
    for form in ("pinyin", "chars"):
        hit, total = same[form + " hit"], same[form]
        print(f"{form:7} recall {hit / total:.3f} ({hit}/{total})  false positives {different[form + ' fp']}/{different[form]}")
    for flag, rows, what in (("-v", misses, "miss"), ("--fp", false_positives, "false positive")):
        if flag in argv:
            for row in sorted(rows):
                print(f"  {what}", *row)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
