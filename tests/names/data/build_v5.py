"""Builds dev_v5.tsv (development) and the frozen holdout_v4.tsv from people_v5.tsv (issue 17).

people_v5.tsv lists public figures who are in none of people_v2.tsv, people_dev_v3.tsv, people_dev_v4.tsv and the
frozen people_v3.tsv (``--overlap`` says so, with counts only), weighted to the families still weak (Uyghur names in
characters outside the transcription table and in Chinese pinyin, Kazakh, Kyrgyz, Uzbek and Tajik Cyrillic, Latin
variants of Central Asian names) and to hard negatives (parents and children, siblings, spouses, namesakes in other
characters or tones, shared name parts); each spelling as printed in the cited source.

The split is made **by person, before any pair**: people tied by ``FAMILY_TIES`` or ``SAME_PINYIN`` form one unit (a
family stays on one side, so its patronymic and namesake negatives do too); the untied people of each group, and the
tied units as a stratum of their own, are shuffled with the seed of v2 and about ``HOLDOUT_SHARE`` of each stratum's
people go to the hold-out (see `split`). The pairs of each side are then made
from that side's people alone with build_v2.py's own functions (`make_pairs`, `hard_kind`, `family`, `finish`), the
same seed, caps and frozen table copy (uyghur_han_parts_6f89bc8.txt), so no person and no pair is on both sides and
the families mean what they mean in v2 to v4.

``--check`` rebuilds in memory and says whether both files are what this script makes. ``--overlap`` prints how many
spellings of people_v5.tsv the older people files also have and which of *our* person keys are concerned (never a row
of people_v3.tsv, which belongs to a frozen hold-out). Without options it writes dev_v5.tsv, and holdout_v4.tsv only
when that file does not exist yet (it is frozen once written).
"""

from __future__ import annotations

import argparse
import hashlib
import math
import random
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import build_v2 as v2  # noqa: E402  (a sibling script, not a package)

HERE = v2.HERE
PEOPLE = HERE / "people_v5.tsv"
DEV = HERE / "dev_v5.tsv"
HOLDOUT = HERE / "holdout_v4.tsv"
OLDER_PEOPLE = (v2.PEOPLE, HERE / "people_dev_v3.tsv", HERE / "people_dev_v4.tsv", HERE / "people_v3.tsv")
SEED = v2.SEED
HOLDOUT_SHARE = 0.45

#: parents and children, siblings, spouses, an aunt and her nephews, a grandfather and his grandchildren (sources:
#: the rows of these people in people_v5.tsv; the relation is the one the cited pages state).
FAMILY_TIES = {
    frozenset(p)
    for p in [
        ("rakhat_aliyev", "nurali_aliyev"), ("rakhat_aliyev", "aisultan_nazarbayev"),
        ("nurali_aliyev", "aisultan_nazarbayev"), ("aliya_nazarbayeva", "nurali_aliyev"),
        ("aliya_nazarbayeva", "aisultan_nazarbayev"), ("aliya_nazarbayeva", "aidar_akayev"),
        ("aidar_akayev", "bermet_akayeva"), ("aidar_akayev", "mayram_akayeva"), ("bermet_akayeva", "mayram_akayeva"),
        ("bermet_akayeva", "adil_toigonbaev"),
        ("qurban_mamut", "bahram_sintash"),
        ("nurmuhemmet_tohti", "babur_ilchi"), ("nurmuhemmet_tohti", "berna_ilchi"), ("babur_ilchi", "berna_ilchi"),
        ("umerjan_turdi", "ilham_turdi"), ("umerjan_turdi", "aygul_turap"),
        ("gulgine_taschmamat", "gulziye_taschmamat"), ("adilgazy_muqai", "bikamal_kaken"),
        ("su_xun", "su_shi"), ("su_xun", "su_zhe"), ("su_shi", "su_zhe"),
        ("cao_cao", "cao_pi"), ("cao_cao", "cao_zhi"), ("cao_pi", "cao_zhi"), ("cao_cao", "cao_chong"),
        ("cao_pi", "cao_chong"), ("cao_zhi", "cao_chong"), ("cao_pi", "cao_rui"), ("cao_cao", "cao_rui"),
        ("sima_yi", "sima_zhao"), ("sima_zhao", "sima_yan"), ("sima_yi", "sima_yan"),
        ("zhu_yuanzhang", "zhu_biao"), ("zhu_biao", "zhu_di"), ("cai_yong", "cai_wenji"),
        ("ban_biao", "ban_gu"), ("ban_biao", "ban_chao"), ("ban_biao", "ban_zhao"), ("ban_gu", "ban_chao"),
        ("ban_gu", "ban_zhao"), ("ban_chao", "ban_zhao"),
        ("sima_tan", "sima_qian"), ("wang_xizhi", "wang_xianzhi"), ("qian_xuantong", "qian_sanqiang"),
        ("qian_jibo", "qian_zhongshu"), ("zhou_zuoren", "zhou_jianren"), ("liao_zhongkai", "liao_chengzhi"),
        ("chen_lifu", "chen_guofu"), ("zhu_yuanzhang", "zhu_di"), ("shah_rukh", "ulugh_beg"),
        ("rustam_emomali", "ozoda_rahmon"), ("zunun_taipov", "alchin_taipov"), ("zunun_taipov", "jasur_taipov"),
        ("alchin_taipov", "jasur_taipov"),
    ]
}
#: namesakes whose names read alike in pinyin, written with other characters (and other tones).
SAME_PINYIN = {
    frozenset(p) for p in [("zhang_ji_poet", "zhang_ji_scholar"), ("zhang_yi_strategist", "zhang_yi_general")]
}


def units(people: dict[str, dict]) -> list[list[str]]:
    """The people in groups that must stay on one side: the connected parts of the family and namesake ties."""
    parent = {pid: pid for pid in people}

    def root(pid: str) -> str:
        while parent[pid] != pid:
            parent[pid] = parent[parent[pid]]
            pid = parent[pid]
        return pid

    for tie in FAMILY_TIES | SAME_PINYIN:
        a, b = sorted(tie)
        parent[root(b)] = root(a)
    parts: dict[str, list[str]] = defaultdict(list)
    for pid in sorted(people):
        parts[root(pid)].append(pid)
    return sorted(parts.values())


def split(people: dict[str, dict]) -> tuple[set[str], set[str]]:
    """(development people, hold-out people). Strata: each group's people without ties, and the tied units (families
    and namesakes, of any group) as one stratum of their own, so that they too are split about 45/55. Each stratum's
    units are shuffled with the seed, and a unit goes to the hold-out when that brings the stratum's hold-out nearer
    ``HOLDOUT_SHARE`` of its people."""
    by_group: dict[str, list[list[str]]] = defaultdict(list)
    for unit in units(people):
        by_group["families" if len(unit) > 1 else people[unit[0]]["group"]].append(unit)
    rng = random.Random(SEED)
    dev: set[str] = set()
    holdout: set[str] = set()
    for group in sorted(by_group):
        group_units = by_group[group]
        rng.shuffle(group_units)
        target = math.ceil(HOLDOUT_SHARE * sum(len(u) for u in group_units))
        taken = 0
        for unit in group_units:  # a unit goes to the hold-out when that brings its count nearer the target
            if abs(taken + len(unit) - target) < abs(taken - target):
                holdout.update(unit)
                taken += len(unit)
            else:
                dev.update(unit)
    return dev, holdout


def build() -> tuple[list[dict], list[dict]]:
    people = v2.load_people(PEOPLE)
    unknown = {p for tie in FAMILY_TIES | SAME_PINYIN for p in tie} - set(people)
    if unknown:
        raise SystemExit(f"ties name people not in {PEOPLE.name}: {sorted(unknown)}")
    dev_people, holdout_people = split(people)
    parts = v2.table_parts()
    sides = []
    for chosen in (dev_people, holdout_people):
        side = {pid: people[pid] for pid in sorted(chosen)}
        rows = v2.make_pairs(side, parts, random.Random(SEED), FAMILY_TIES, SAME_PINYIN)
        sides.append(sorted(rows, key=v2.row_order))
    return v2.finish(sides[0], sides[1])


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the files on disk, write nothing")
    parser.add_argument("--overlap", action="store_true", help="count overlaps with the older people files (counts only)")
    args = parser.parse_args(argv)
    if args.overlap:
        bad = False
        for path in OLDER_PEOPLE:
            count, keys = v2.count_overlaps(PEOPLE, path)
            print(f"{path.name}: {count} shared spellings; our people concerned: {len(keys)} {keys}")
            bad |= bool(count or keys)
        return 1 if bad else 0
    dev, holdout = build()
    print(f"dev_v5 ({len(dev)} pairs)\n{v2.counts(dev)}\n\nholdout_v4 ({len(holdout)} pairs)\n{v2.counts(holdout)}")
    if args.check:
        same = v2.matches(DEV, dev) and v2.matches(HOLDOUT, holdout)
        print("files match the build" if same else "files DIFFER from the build")
        return 0 if same else 1
    v2.write(DEV, dev)
    if HOLDOUT.exists():
        print(f"{HOLDOUT.name} exists and is frozen; not rewritten (use --check)", file=sys.stderr)
        return 0 if v2.matches(HOLDOUT, holdout) else 1
    v2.write(HOLDOUT, holdout)
    print(f"holdout_v4 sha256 {hashlib.sha256(HOLDOUT.read_bytes()).hexdigest()}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
