"""Stress test of hard negatives for the Uyghur rules (issue 17): every name element of ``uyghur_han.txt`` of two
characters or more, as a given name in characters (X·吐尔逊) and in its pinyin (Xpinyin Tuerxun), against every other
element's first Latin spelling with the same father's name (Ylatin Tursun). Two elements whose spellings share a folded
key are one name in two spellings and are left out. Prints the pairs at 0.7 or more with the sound route
(:mod:`adalet.names.sounds`) and without it, and those only the sound route makes.

``--list`` prints every pair at 0.7 or more. ``--syllables`` empties the table of its multi-character elements first, so every name is read through its
characters' syllables, as a name no table holds is.

    .venv/bin/python tests/names/data/stress_given_names.py [--syllables] [--list]
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from syllables_only import empty_the_element_table  # noqa: E402  (a sibling script, not a package)

THRESHOLD = 0.7
FATHER = ("吐尔逊", "Tuerxun", "Tursun")


def main(argv: list[str]) -> int:
    from adalet.names import score
    from adalet.names.han import char_pinyin
    from adalet.names.latin import fold
    from adalet.names.uyghur_han import table

    elements = {c: s for c, s in table().items() if len(c) >= 2 and s}
    if "--syllables" in argv:
        empty_the_element_table()
    keys = {c: {fold(s) for s in sp} for c, sp in elements.items()}
    pairs = []
    for x in elements:
        for y, sp in elements.items():
            if x == y or keys[x] & keys[y]:
                continue
            latin = f"{sp[0].capitalize()} {FATHER[2]}"
            pairs.append((f"{x}·{FATHER[0]}", latin))
            pairs.append((f"{''.join(char_pinyin(x)).capitalize()} {FATHER[1]}", latin))
    with_sounds = {p for p in pairs if score.compare(*p).score >= THRESHOLD}
    saved = score.SOUND_MIN
    score.SOUND_MIN = 2.0  # no sound similarity reaches it: the route is off
    for cache in (score._key_sim, score._skeleton_hit, score._variant_hit):
        cache.cache_clear()
    without = {p for p in pairs if score.compare(*p).score >= THRESHOLD}
    score.SOUND_MIN = saved
    print(
        f"{len(pairs)} pairs of different given names; at >= {THRESHOLD}: {len(with_sounds)} with the sound route, "
        f"{len(without)} without"
    )
    for a, b in sorted(with_sounds - without):
        print(f"  only with sounds: {a} | {b}")
    if "--list" in argv:
        for a, b in sorted(with_sounds):
            print(f"  at {THRESHOLD} or more: {a} | {b}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
