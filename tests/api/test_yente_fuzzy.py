"""Misspelt names at /yente/match (issue 22): yente's test_fuzzy_names_first_letter, replayed. A name whose every
word has another first letter (Zlexander Sakharov) shares no blocking key with the listed name; Adalet's fuzzy
candidate route (adalet.sanctions.fuzzy_candidates) retrieves it as yente's fuzzy search does, and the algorithm the
request names scores it. The route only retrieves: Adalet's own algorithm scores a different person a letter away
per word (Shen Luanguo for CHEN, Quanguo) as compare does, far below a match.

The lists: OFAC's and the EU's of tests/api/test_yente_parity, and one more with yente's fixture person (the id
yente's test expects), imported with `adalet sanctions import ftm`.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from django.core.management import call_command

from adalet.names import compare
from tests.api.test_yente_parity import EU, US, post, write_list

MATCH = "/yente/match/default"
ZAKHAROV = "NK-aU5ybkbRFJucf8YMwsJvDw"
CHEN = "ofac-29220"
#: yente's test_fuzzy_names_first_letter: "Edits at the first letter of both parts".
FIRST_LETTER = {"queries": {"a": {"schema": "Person", "properties": {"name": "Zlexander Sakharov"}}}}
ZALA = [
    {
        "id": ZAKHAROV,
        "schema": "Person",
        "datasets": ["zala"],
        "properties": {"name": ["Alexander Vyacheslavovich ZAKHAROV"], "birthDate": ["1965"], "topics": ["sanction"]},
    }
]

pytestmark = pytest.mark.one_database  # what is checked is retrieval over the in-memory index, not the engine


@pytest.fixture
def fuzzy_lists(db: None, tmp_path: Path, settings: Any) -> None:
    settings.ADALET_SEARCH_LIMITS = (10_000, 10_000)
    for name, rows, authority in (("us", US, "us-ofac"), ("eu", EU, "eu-fsf"), ("zala", ZALA, "zala")):
        call_command(
            "sanctions",
            "import",
            "ftm",
            str(write_list(tmp_path / f"{name}.jsonl", rows)),
            "--authority",
            authority,
            "--json",
            stdout=open(os.devnull, "w"),
        )


def answer(body: dict[str, Any], path: str = MATCH, **params: Any) -> list[dict[str, Any]]:
    status, data = post(path, body, **params)
    assert status == 200, data
    return data["responses"]["a"]["results"]


def test_fuzzy_names_first_letter(fuzzy_lists: None) -> None:
    """yente's request as it is (logic-v2, threshold 0.2): the listed person is retrieved and comes first. As yente's
    test says, it tests retrieval, not scoring: logic-v2's compare() is mocked as yente's own tests mock it (its name
    tagger takes 7-14 s to build; logic-v1 and name-based score for real below), recording what it is given."""
    compared: list[str] = []

    def scored(*args: Any, **kwargs: Any) -> Any:
        compared.append(kwargs["result"].id)
        return mock.MagicMock(score=0.5, explanations={})

    with mock.patch("nomenklatura.matching.logic_v2.model.LogicV2.compare", side_effect=scored):
        found = answer(FIRST_LETTER, algorithm="logic-v2", threshold=0.2)
    assert compared and compared[0] == ZAKHAROV, compared
    assert found and found[0]["id"] == ZAKHAROV, found


@pytest.mark.parametrize("algorithm", ["logic-v1", "name-based"])
def test_first_letters_misspelt_are_retrieved_for_each_algorithm(fuzzy_lists: None, algorithm: str) -> None:
    found = answer(FIRST_LETTER, algorithm=algorithm, threshold=0.2)
    assert found and found[0]["id"] == ZAKHAROV, found
    shen = answer(
        {"queries": {"a": {"schema": "Person", "properties": {"name": ["Shen Luanguo"]}}}}, algorithm=algorithm, threshold=0.2
    )
    assert CHEN in [r["id"] for r in shen], shen


def test_api_match_retrieves_them_too(fuzzy_lists: None) -> None:
    found = answer(FIRST_LETTER, "/api/match", algorithm="logic-v1", threshold=0.2)
    assert found and found[0]["id"] == ZAKHAROV, found
    assert found == answer(FIRST_LETTER, algorithm="logic-v1", threshold=0.2)


def test_a_person_a_letter_away_per_word_is_scored_not_matched(fuzzy_lists: None) -> None:
    """Adalet's algorithm: retrieved by the route (listed with the cutoff at 0), scored as compare scores the pair,
    not a match; at the defaults nothing is listed."""
    query = {"queries": {"a": {"schema": "Person", "properties": {"name": ["Shen Luanguo"]}}}}
    listed = {r["id"]: r for r in answer(query, cutoff=0)}
    assert CHEN in listed and listed[CHEN]["match"] is False
    assert listed[CHEN]["score"] == round(compare("Shen Luanguo", "CHEN, Quanguo").score, 4) < 0.5
    assert answer(query) == []
    found = {r["id"]: r for r in answer(FIRST_LETTER, cutoff=0)}  # yente's person, by Adalet's algorithm: listed
    assert ZAKHAROV in found and found[ZAKHAROV]["match"] is False  # low (two first letters replaced), not a match
    assert found[ZAKHAROV]["score"] == round(compare("Zlexander Sakharov", "Alexander Vyacheslavovich ZAKHAROV").score, 4)
