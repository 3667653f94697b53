"""The main search finds people's rows across scripts (issue 17, item 7): the names and counties a passage records
are indexed in their derived forms beside the text, on SQLite and PostgreSQL alike; the snippet shows the original
(masked) text with the name marked, and the hit says how it matched."""

from __future__ import annotations

from pathlib import Path

import pytest

from adalet.archive import search
from adalet.archive.ingest import ingest
from adalet.archive.models import Collection, Passage
from adalet.archive.search import derived
from adalet.archive.search.analysis import parse_query

ID = "654127198110028563"
ROWS = [
    "序号\t姓名\t身份证号\t性别\t住址\t关押场所\t状态",
    f"1\t帕提古丽·艾合买提江\t{ID}\t女\t新疆维吾尔自治区伊犁哈萨克自治州特克斯县喀拉托海镇13村1组71号\t特克斯县拘留所\t在押",
    "2\t努尔·依力哈木\t653121198712233230\t男\t新疆维吾尔自治区喀什地区疏附县木什乡阿亚格村6组74号\t疏附县拘留所\t释放",
]
MEMO = "职业技能教育培训中心主任买吐送·亚森同志要亲自过问，每周向县委汇报一次工作进展。"
OTHER = "序号\t姓名\t性别\n1\t艾尔肯·吐尼亚孜\t男\n"


@pytest.fixture
def leak(tmp_path: Path) -> Collection:
    root = tmp_path / "leak"
    root.mkdir()
    (root / "在押人员.csv").write_text("\n".join(ROWS) + "\n", encoding="utf-8")
    (root / "通知.txt").write_text(MEMO, encoding="utf-8")
    (root / "其他.csv").write_text(OTHER, encoding="utf-8")
    ingest(root, "derived-test", ocr=False)
    return Collection.objects.get(name="derived-test")


# --- Without a database -------------------------------------------------------------------------------------


def test_a_row_mentions_its_names_and_counties_never_its_numbers() -> None:
    found = derived.mentions(ROWS[1])
    assert [m.text for m in found] == ["帕提古丽·艾合买提江", "特克斯县", "特克斯县"]
    name = found[0]
    assert {"patigul", "ehmetjan", "帕提古丽艾合买提江"} <= name.tokens
    assert found[1].tokens == found[2].tokens == frozenset({"xjcounty654027"})
    assert not any(ch.isdigit() for token in derived.index_tokens(ROWS[1]) for ch in token if token[:8] != "xjcounty")
    assert derived.index_tokens("序号\t姓名\t身份证号\t性别") == []


def test_a_dotted_name_in_running_text_is_trimmed_to_its_transcription() -> None:
    assert [m.text for m in derived.mentions(MEMO)] == ["买吐送·亚森"]


def test_query_words_in_every_script_meet_the_index_tokens() -> None:
    tokens = frozenset(derived.index_tokens(ROWS[1] + "\n" + ROWS[2]))
    for word in ["Patigul", "Ehmetjan", "پاتىگۈل", "Патигуль", "Patiguli", "Aihemaitijiang", "努尔依力哈木", "Tekes",
                 "تېكەس", "Текес"]:
        assert derived.satisfies(tokens, derived.query_alternatives(word)), word
    for word in ["Erkin", "Tuniyaz", "Kashgar", "艾尔肯", "653121198712233230"]:
        assert not derived.satisfies(tokens, derived.query_alternatives(word)), word


def test_a_place_and_its_kind_are_one_term() -> None:
    assert [t.typed for t in parse_query("Tekes County Patigul").terms] == ["Tekes County", "Patigul"]
    assert parse_query("Tekes County", names=False).terms[0].alts == ()


# --- Both engines -------------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("query", [
    "Patigul Ehmetjan", "پاتىگۈل", "Патигуль Эхметжан", "Patiguli Aihemaitijiang", "Tekes",
    "Tekes County", "تېكەس", "帕提古丽艾合买提江",
])
def test_a_query_in_any_script_finds_the_row_in_characters(leak: Collection, query: str) -> None:
    results = search.search(query)
    assert [h.name for h in results.hits] == ["在押人员.csv"], query
    hit = results.hits[0]
    assert "<mark>" in hit.snippet and ID not in hit.snippet and "••••" in hit.snippet  # masked as ever
    assert hit.explanation.startswith("matched '")


@pytest.mark.django_db
def test_the_hit_says_how_it_matched_and_marks_the_name_as_written(leak: Collection) -> None:
    hit = search.search("Patigul Ehmetjan").hits[0]
    assert hit.explanation == "matched 'Patigul Ehmetjan' as 帕提古丽·艾合买提江"
    assert "<mark>帕提古丽·艾合买提江</mark>" in hit.snippet
    hit = search.search("努尔依力哈木").hits[0]
    assert hit.explanation == "matched '努尔依力哈木' as 努尔·依力哈木" and "<mark>努尔·依力哈木</mark>" in hit.snippet
    assert search.search("Tekes").hits[0].explanation.startswith("matched 'Tekes' as 特克斯县")
    memo = search.search("Metusong Yasin").hits
    assert [h.name for h in memo] == ["通知.txt"] and "<mark>买吐送·亚森</mark>" in memo[0].snippet


@pytest.mark.django_db
def test_literal_matches_explain_nothing_and_other_names_stay_apart(leak: Collection) -> None:
    hit = search.search("帕提古丽·艾合买提江").hits[0]
    assert hit.explanation == "" and "<mark>帕提古丽·艾合买提江</mark>" in hit.snippet
    assert [h.name for h in search.search("Erkin Tuniyaz").hits] == ["其他.csv"]
    assert search.search("Patigul Tuniyaz").total == 0
    assert search.search("Erkin Ehmetjan").total == 0
    assert search.search('"Patigul Ehmetjan"').total == 0  # a quoted phrase is the text as typed


@pytest.mark.django_db
def test_an_id_number_is_never_found_through_derived_forms(leak: Collection) -> None:
    results = search.search(ID)
    assert results.total == 0 and results.withheld == 1
    assert search.search(ID, personal_data=True).total == 1


@pytest.mark.django_db
def test_a_rebuilt_index_holds_the_derived_forms(leak: Collection) -> None:
    assert search.rebuild(Passage.objects) == Passage.objects.count()
    assert search.search("Patigul Ehmetjan").total == 1
