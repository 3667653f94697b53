"""Builds holdout_v3.tsv from people_v3.tsv (run once; the file is then frozen and scored once per change).

A third labelled set of attested spellings, of public figures who are not in people_v2.tsv, made with the pairing
rules of build_v2.py (its functions, reused as they are): same person (label 1) for two different spellings of one
person; different people (label 0) only when the pair is hard (shared surname or name part, one name inside the
other, parent and child or siblings, the same pinyin in other characters, pinyin differing only by tones). The
families mean what they mean in v2: `partial_chars` is judged against the same frozen copy of the transcription
table (uyghur_han_parts_6f89bc8.txt). There is no development split: every row is hold-out.

``--check`` rebuilds in memory, says whether holdout_v3.tsv is what this script makes, and that no person or
spelling of people_v3.tsv is also in people_v2.tsv.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import build_v2 as v2  # noqa: E402  (a sibling script, not a package)

HERE = v2.HERE
PEOPLE = HERE / "people_v3.tsv"
HOLDOUT = HERE / "holdout_v3.tsv"
SEED = v2.SEED

#: parent and child, siblings or spouses sharing a name part (sources: the rows of these people in people_v3.tsv).
FAMILY_TIES = {
    frozenset(p) for p in [
        ("ma_qi", "ma_bufang"), ("ma_qi", "ma_buqing"), ("ma_bufang", "ma_buqing"), ("ma_qi", "ma_lin"),
        ("ma_fuxiang", "ma_hongkui"), ("ma_fuxiang", "ma_fulu"), ("ma_hongkui", "ma_dunhou"),
        ("soong_chingling", "soong_meiling"), ("soong_chingling", "tv_soong"), ("soong_meiling", "tv_soong"),
        ("sun_yatsen", "sun_fo"), ("ai_qing", "ai_weiwei"), ("liang_qichao", "liang_sicheng"),
        ("li_yuanchao", "li_gancheng"), ("li_hongzhang", "li_hanzhang"), ("zeng_guofan", "zeng_jize"),
        ("zeng_guofan", "zeng_guoquan"), ("zuo_zongtang", "zuo_xiaowei"),
        ("rushan_abbas", "gulshan_abbas"), ("rushan_abbas", "rishat_abbas"), ("gulshan_abbas", "rishat_abbas"),
        ("ekpar_asat", "rayhan_asat"), ("gulbahar_haitiwaji", "gulhumar_haitiwaji"),
        ("serdar_berdimuhamedow", "gurbanguly_berdimuhamedow"), ("maxim_bakiyev", "janysh_bakiyev"),
        ("chinghiz_aitmatov", "torekul_aitmatov"), ("chinghiz_aitmatov", "rosetta_aitmatova"),
        ("chinghiz_aitmatov", "nagima_aitmatova"), ("torekul_aitmatov", "rosetta_aitmatova"),
        ("torekul_aitmatov", "nagima_aitmatova"), ("rosetta_aitmatova", "nagima_aitmatova"),
        ("chinghiz_aitmatov", "roza_aitmatova"), ("torekul_aitmatov", "roza_aitmatova"),
        ("amannisa_khan", "abdurashid_khan"), ("wang_wei_poet", "wang_jin"),
    ]
}
#: namesakes whose names read alike in pinyin but are written with other characters.
SAME_PINYIN = {
    frozenset(p) for p in [
        ("liu_xiang_warlord", "liu_xiang_hurdler"), ("zhang_xun_general", "zhang_xun_tang"), ("ma_lin", "ma_lin_tt"),
        ("wang_wei_poet", "wang_wei_pilot"),
    ]
}


def build() -> list[dict]:
    people = v2.load_people(PEOPLE)
    unknown = {p for tie in FAMILY_TIES | SAME_PINYIN for p in tie} - set(people)
    if unknown:
        raise SystemExit(f"ties name people not in {PEOPLE.name}: {sorted(unknown)}")
    rows = v2.make_pairs(people, v2.table_parts(), random.Random(SEED), FAMILY_TIES, SAME_PINYIN)
    _, holdout = v2.finish([], sorted(rows, key=v2.row_order))
    return holdout


def overlap_with_v2() -> list[str]:
    """People or spellings of people_v3.tsv that people_v2.tsv already has (there should be none)."""
    old, new = v2.load_people(v2.PEOPLE), v2.load_people(PEOPLE)
    old_forms = {v2.fold(form): pid for pid, person in old.items() for _, form, _ in person["forms"]}
    found = [f"person {pid}" for pid in sorted(set(new) & set(old))]
    for pid, person in sorted(new.items()):
        for _, form, _ in person["forms"]:
            if v2.fold(form) in old_forms:
                found.append(f"{pid}: {form!r} is a spelling of {old_forms[v2.fold(form)]} in v2")
    return found


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the file on disk, write nothing")
    args = parser.parse_args(argv)
    rows = build()
    print(v2.counts(rows))
    overlap = overlap_with_v2()
    for line in overlap:
        print(f"also in v2: {line}", file=sys.stderr)
    if args.check:
        same = v2.matches(HOLDOUT, rows)
        print("file matches the build" if same else "file DIFFERS from the build")
        return 0 if same and not overlap else 1
    if overlap:
        return 1
    if HOLDOUT.exists():
        print(f"{HOLDOUT.name} exists and is frozen; not rewritten (use --check)", file=sys.stderr)
        return 1
    v2.write(HOLDOUT, rows)
    print(f"holdout {len(rows)}, sha256 {hashlib.sha256(HOLDOUT.read_bytes()).hexdigest()}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
