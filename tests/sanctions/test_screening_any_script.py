"""Screening names as listed in any script, bodies named in characters, and names typed without spaces or with two
letters swapped (issue 22), on the OFAC slice and on small lists: found, and without flooding."""

from __future__ import annotations

from functools import cache

import pytest

from adalet.names import blocking_keys, compare
from adalet.sanctions.importers import ofac
from adalet.sanctions.name_rules import compare_org, exact_form, han_keys, joined_keys, joined_query_keys, words
from adalet.sanctions.screening import MATCH_THRESHOLD, Entry, Index, Query, entries_from_records
from tests.sanctions.conftest import OFAC


def entry(eid: str, schema: str, *names: str) -> Entry:
    return Entry(eid, schema, names[0], list(names), [sorted(blocking_keys(n)) for n in names], [])


@cache
def slice_index() -> Index:
    """The OFAC slice, with a body listed with its name in characters and a person with an alias in Arabic script."""
    entries = entries_from_records(ofac.parse(OFAC).records, "us_ofac_sdn")
    entries += [
        entry("psb", "Organization", "XINJIANG PUBLIC SECURITY BUREAU", "新疆维吾尔自治区公安厅"),
        entry("bj-psb", "Organization", "BEIJING MUNICIPAL PUBLIC SECURITY BUREAU", "北京市公安局"),
        entry("zakir", "Person", "Shohrat ZAKIR", "شۆھرەت زاكىر"),
    ]
    return Index(entries)


def best(name: str, schema: str = "Person", cutoff: float = 0.5) -> list[tuple[str, float, bool]]:
    return [(r.entry.id, r.score, r.match) for r in slice_index().screen(Query([name], schema), cutoff=cutoff)]


def test_an_alias_as_listed_scores_1_in_any_script() -> None:
    assert compare("شۆھرەت زاكىر", "Shohrat ZAKIR").score < 1.0  # read and compared with the Latin name: 0.95
    found = slice_index().screen(Query(["شۆھرەت زاكىر"], "Person"))
    assert [(r.entry.id, r.score, r.name) for r in found] == [("zakir", 1.0, "شۆھرەت زاكىر")]
    assert found[0].explanation == ["'شۆھرەت زاكىر' is written as the listed name 'شۆھرەت زاكىر'"]
    assert best("  شۆھرەت   زاكىر ")[:1] == [("zakir", 1.0, True)]  # spacing is not part of a name as written
    assert exact_form("ＣＨＥＮ,  Quanguo") == exact_form("chen, quanguo")  # nor compatibility forms or case
    assert best("شۆھرەت زاكىر", "Organization") == []  # the schema filter holds for names as listed too


def test_a_body_named_in_characters_is_found_and_its_neighbours_are_not() -> None:
    assert best("新疆维吾尔自治区公安厅", "Organization")[:1] == [("psb", 1.0, True)]
    assert best("新疆维吾尔自治区公安厅", "LegalEntity")[:1] == [("psb", 1.0, True)]
    assert {"h:新疆", "h:公安", "h:安厅"} <= han_keys("新疆维吾尔自治区公安厅")
    index = slice_index()
    psb_alias = index.name_text.index("新疆维吾尔自治区公安厅")
    assert psb_alias in index.candidates("新疆自治区公安厅", {"Organization"})  # blocked by its characters
    near = compare_org("新疆自治区公安厅", "新疆维吾尔自治区公安厅").score
    assert 0.7 <= near < MATCH_THRESHOLD  # the same body, abbreviated: listed, not a match
    for other in ("新疆维吾尔自治区教育厅", "新疆维吾尔自治区公安厅监管总队", "上海市公安局", "北京市教育局"):
        assert all(score < 0.7 for _, score, _ in best(other, "Organization")), other  # another body or a unit of it
    assert compare_org("某某科技有限公司", "某某科技").score == 1.0  # a Chinese legal form is left out


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("ChenQuanguo", "ofac-29220"),
        ("CHENQUANGUO", "ofac-29220"),
        ("QuanguoChen", "ofac-29220"),
        ("Chen Qaunguo", "ofac-29220"),
        ("Chen Quanguoo", "ofac-29220"),
        ("Чэнь Цюаньго", "ofac-29220"),
        ("ZhuHailun", "ofac-29219"),
        ("GennadyTimchenko", "ofac-16666"),
        ("Gennady Timhcenko", "ofac-16666"),
    ],
)
def test_unspaced_misspelt_and_cyrillic_names_find_the_entry(name: str, expected: str) -> None:
    found = best(name)
    assert found[0][0] == expected and found[0][2], found


@pytest.mark.parametrize(
    "name",
    [
        "ChenGuoquan",
        "ChenMing",
        "LiQuanguo",
        "ZhuHailong",
        "WangWeiguo",
        "IvanovPetr",
        "Chenquan",
        "Quanguo",
        "Ли Цюаньго",
        "Chen Guoquan",
        "Chen Quangou",
    ],
)
def test_names_not_on_the_list_stay_below_the_threshold(name: str) -> None:
    """The keys of names run together find no namesake above yente's 0.70 (two valid pinyin words one swap apart,
    Quanguo / Quangou, are two names, as one letter apart is)."""
    assert all(score < 0.7 for _, score, _ in best(name)), best(name)


def test_joined_keys_of_a_listed_name() -> None:
    listed = joined_keys(words("CHEN, Quanguo"))  # the words run together, as written and with the first last
    assert len(listed) == 2 and {*joined_query_keys(words("ChenQuanguo")), *joined_query_keys(words("QuanguoChen"))} == listed
    assert joined_keys(words("KIM")) == set() and joined_keys(words("A B C D E")) == set()
    assert joined_query_keys(words("Chen Quanguo")) == set() and joined_query_keys(words("Chen")) == set()
