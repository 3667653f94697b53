"""The query syntax (syntax.py, analysis.parse_query): quoted phrases, OR, -minus and NOT, and what is malformed."""

from __future__ import annotations

import pytest

from adalet.archive.search.analysis import BODY, CHARS, parse_query


def tokens(terms: tuple) -> list[tuple[str, ...]]:
    return [t.tokens for t in terms]


def test_or_groups_minus_and_phrases() -> None:
    query = parse_query('police "detention centre" OR 陈全国 -released NOT 在押', names=False)
    assert tokens(query.terms) == [("police",)]
    assert [tokens(group) for group in query.any_of] == [[("detention", "centre"), ("陈全国",)]]
    assert tokens(query.excluded) == [("released",), ("在押",)]
    assert query.problems == ()
    assert query.fts5_match() == (
        '((body : "police" AND (body : ("detention" + "centre") OR chars : "陈全国")) NOT body : "released") NOT body : "在押"'
    )
    assert query.pg_tsquery() == "'police' & (('detention' <-> 'centre') | '~陈全国') & !'released' & !'在押'"
    assert tokens(query.marked().terms) == [("police",), ("detention", "centre"), ("陈全国",)]  # never the excluded


@pytest.mark.parametrize(
    ("q", "problem"),
    [
        ('police "centre', "unclosed-quote"),
        ("OR police", "dangling-or"),
        ("police OR", "dangling-or"),
        ("police OR OR x", "dangling-or"),
        ("police OR -x", "dangling-or"),
        ("-police", "only-excluded"),
        ('NOT "a b"', "only-excluded"),
    ],
)
def test_malformed_input_is_named_never_raised(q: str, problem: str) -> None:
    assert problem in parse_query(q, names=False).problems


def test_only_exclusions_match_nothing_and_words_stay_words() -> None:
    assert parse_query("-police").is_empty and parse_query("-police").fts5_match() == '""'
    assert tokens(parse_query("2018-03-05 or and", names=False).terms) == [("2018", "03", "05"), ("or",), ("and",)]
    assert parse_query("疆 OR 藏", names=False).any_of[0][0].stream == CHARS
    assert parse_query("a-b", names=False).terms[0].stream == BODY


@pytest.mark.parametrize(
    ("row", "q", "expected"),
    [
        ("17\t王洋\t在押", "王洋 OR 李明", True),
        ("17\t王洋\t已释放", "王洋 -已释放", False),
        ("17\t王洋\t特克斯县", "Tekes", True),
        ("detention centre", '"centre detention"', False),
    ],
)
def test_a_row_matches_as_the_engines_decide(row: str, q: str, expected: bool, settings: object) -> None:
    assert parse_query(q).matches(row) is expected
