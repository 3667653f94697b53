"""The officials registry and the gap matrix on the shared facts: who is designated where, on which evidence."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from adalet.archive.models import CustodyRecord
from adalet.people.officials import OfficialError, official, parse_post
from adalet.sanctions import gaps
from adalet.sanctions.gaps import jurisdiction_of
from adalet.sanctions.models import MatchStatus, OfficialMatch
from adalet.sanctions.officials import load_registry, match_officials, review
from tests.sanctions.conftest import FACTS

pytestmark = pytest.mark.django_db


def facts() -> dict[str, dict[str, str]]:
    with open(FACTS, encoding="utf-8", newline="") as stream:
        return {row["name"]: row for row in csv.DictReader(stream)}


def test_gap_matrix_of_the_fifteen_officials_before_any_list(imported_sdn: int) -> None:
    report = load_registry(FACTS)
    assert (report.created, report.problems) == (15, [])
    rows = {row.name: row for row in gaps.gap_matrix()}
    assert len(rows) == 15
    for name, fact in facts().items():  # every date of the file, and nothing else, is in the matrix
        for column, code in (("us_ofac", "us"), ("eu", "eu"), ("uk", "uk"), ("canada", "ca")):
            assert rows[name].cells[code].date == (fact[column] or None), (name, code)
    chen = rows["CHEN Quanguo"]
    assert chen.cells["us"].date == "2020-07-09" and chen.cells["eu"].date is None and "eu" in chen.gaps
    # "the EU had sanctioned only four officials": four persons (and one body)
    eu_persons = [r for r in rows.values() if r.cells["eu"].date and r.kind == "official"]
    assert len(eu_persons) == 4


def test_list_matches_count_only_once_confirmed_and_dated_lists_win(imported_sdn: int) -> None:
    load_registry(FACTS)
    matches = {m.official.name: m for m in match_officials()}
    us = {name for name, fact in facts().items() if fact["us_ofac"]}
    assert set(matches) == us  # every US-designated official and body found on the list, no one else
    assert matches["CHEN Quanguo"].entity.source_id == "ofac-29220"
    assert all(m.status == MatchStatus.PROPOSED for m in matches.values())
    before = {r.name: r.cells["us"].basis for r in gaps.gap_matrix()}
    assert before["CHEN Quanguo"] == "reference"  # proposed matches do not count
    review([matches["CHEN Quanguo"].pk], "confirmed", "reviewer@lab")
    review([matches["HUO Liujun"].pk], "rejected", "reviewer@lab")
    after = {r.name: r.cells["us"] for r in gaps.gap_matrix(program="GLOMAG")}
    assert (after["CHEN Quanguo"].date, after["CHEN Quanguo"].basis) == ("2020-07-09", "list")  # dates file at import
    assert after["HUO Liujun"].basis == "reference"
    record = CustodyRecord.objects.get(seq=OfficialMatch.objects.get(pk=matches["CHEN Quanguo"].pk).custody_seq)
    assert record.action == "official-match-review" and record.actor == "reviewer@lab"
    assert {r.name: r.cells["us"].basis for r in gaps.gap_matrix(program="IRAN")}["CHEN Quanguo"] == "reference"


def test_outputs_and_bad_input(imported_sdn: int, tmp_path: Path) -> None:
    load_registry(FACTS)
    rows = gaps.gap_matrix()
    assert gaps.as_csv(rows).splitlines()[0].startswith("official,names,us_date,eu_date")
    assert '"gaps": [' in gaps.as_json(rows)
    bad = tmp_path / "bad.csv"
    bad.write_text("name,schema,birth,eu\nX,Person,19x5,\nY,Ship,,\nZ,Person,1950,2021-02-30\n", encoding="utf-8")
    problems = load_registry(bad).problems
    assert [p.split(":")[0] for p in problems] == ["bad.csv line 2", "bad.csv line 3", "bad.csv line 4"]
    with pytest.raises(OfficialError, match="no name column"):
        (tmp_path / "h.csv").write_text("who,schema\n", encoding="utf-8")
        load_registry(tmp_path / "h.csv")
    assert official("陈全国").name == "CHEN Quanguo"
    post = parse_post("Party Secretary @ Xinjiang Uyghur Autonomous Region : 2016-08-2021-12")
    assert (post.title, post.organization, post.start, post.end) == (
        "Party Secretary", "Xinjiang Uyghur Autonomous Region", "2016-08", "2021-12"
    )
    assert [jurisdiction_of(a) for a in ("us-ofac", "eu_fsf", "gb_hmt_sanctions", "ca_dfatd_sema_sanctions", "ch_seco")] == [
        "us", "eu", "uk", "ca", None
    ]
