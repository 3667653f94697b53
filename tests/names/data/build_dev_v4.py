"""Builds dev_v4.tsv from people_dev_v4.tsv: a fourth development set of new people for issue 17 (all development).

people_dev_v4.tsv lists public figures who are in none of people_v2.tsv, people_dev_v3.tsv and the frozen
people_v3.tsv, weighted to the families still weak after dev_v3 (Uyghur names in Chinese pinyin and in characters
outside the transcription table, Kazakh, Kyrgyz and Uzbek Cyrillic, Latin variants) and to hard negatives (siblings,
father and son, shared given names, one pinyin in other characters, tone-only differences); each spelling as
printed in the cited source. The pairs are made
with build_v2.py's own functions (`make_pairs`, `hard_kind`, `family`, `finish`), the same seed and caps, and the same
frozen table copy for `partial_chars`, so the families mean what they mean in v2 and v3.

``--check`` rebuilds in memory and says whether dev_v4.tsv is what this script makes. ``--overlap`` says how many
people and spellings of people_dev_v4.tsv are also in people_v2.tsv, people_dev_v3.tsv or people_v3.tsv: it prints only counts and the
person keys of *this* file, never a row of people_v3.tsv (which belongs to a frozen hold-out).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import build_v2 as v2  # noqa: E402  (a sibling script, not a package)

HERE = v2.HERE
PEOPLE = HERE / "people_dev_v4.tsv"
DEV = HERE / "dev_v4.tsv"
DEV_V3 = HERE / "people_dev_v3.tsv"
FROZEN_V3 = HERE / "people_v3.tsv"

#: parent and child or siblings sharing a name part (sources: the rows of these people in people_dev_v4.tsv).
FAMILY_TIES = {
    frozenset(p)
    for p in [
        ("kamalturk_yalqun", "tumaris_yalqun"),
        ("absamat_masaliyev", "iskhak_masaliyev"),
        ("nurlan_nigmatulin", "erlan_nigmatulin"),
    ]
}
#: namesakes whose names read alike in pinyin (same syllables, other characters or other tones).
SAME_PINYIN = {
    frozenset(p)
    for p in [
        ("liu_bei", "liu_bei_actress"),
        ("sun_yang", "bole_sun_yang"),
        ("li_guang_general", "li_guang_song"),
        ("zhang_fei", "chang_fei_host"),
    ]
}


def build() -> list[dict]:
    return v2.build_dev(PEOPLE, FAMILY_TIES, SAME_PINYIN)


def overlaps(other_path: Path) -> tuple[int, list[str]]:
    """How many spellings of people_dev_v4.tsv another people file also has, and which of ours (counts only)."""
    return v2.count_overlaps(PEOPLE, other_path)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the file on disk, write nothing")
    parser.add_argument("--overlap", action="store_true", help="count overlaps with people_v2/dev_v3/people_v3 (counts only)")
    args = parser.parse_args(argv)
    if args.overlap:
        bad = False
        for path in (v2.PEOPLE, DEV_V3, FROZEN_V3):
            count, keys = overlaps(path)
            print(f"{path.name}: {count} shared spellings; our people concerned: {len(keys)} {keys}")
            bad |= bool(count or keys)
        return 1 if bad else 0
    rows = build()
    if args.check:
        same = v2.matches(DEV, rows)
        print("file matches the build" if same else "file DIFFERS from the build")
        return 0 if same else 1
    v2.write(DEV, rows)
    print(f"dev_v4: {len(rows)} pairs ({sum(r['label'] == '1' for r in rows)} same)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
