"""yente's own algorithms at /match: a request naming ``logic-v1``, ``logic-v2``, ``name-based``… gets that algorithm's
scores, features and explanations in yente's shape, over Adalet's candidates (adalet.api.yente_scoring).

The requests are yente's (its tests/test_match.py: test_match_zakharov_name_based_mode, test_match_many_names_logic_v1,
test_match_exclude_dataset, test_match_include_dataset, test_filter_topic, test_match_logic_v2_with_algorithm_config,
test_fuzzy_names), with the status and shape each gets there; the names are those of the OFAC and EU lists that
test_yente_parity imports. The scores are checked against nomenklatura's own ``compare()`` on the same two entities.
"""

from __future__ import annotations

from typing import Any
from unittest import mock

import pytest
from followthemoney import model
from nomenklatura.matching import LogicV1, LogicV2, get_algorithm
from nomenklatura.matching.types import AlgorithmDocs, FeatureResult

from tests.api.test_yente_parity import (  # noqa: F401 (lists: the fixture, used by pytestmark)
    EU,
    EXAMPLE,
    MANY_NAMES,
    US,
    assert_entity_shape,
    ids,
    lists,
    post,
    results,
)

MATCH = "/yente/match/default"
#: yente's algorithms a request may name here: nomenklatura's, less its dedupe algorithm (er-unstable)
YENTE_ALGORITHMS = ["logic-v1", "logic-v2", "name-based", "name-qualified", "ofac", "regression-v1"]
#: those scored in the tests of every algorithm (logic-v2, whose name tagger takes 7-12 s to build in a process,
#: is scored once, in test_logic_v2_scores_a_misspelt_name, and replayed with its compare mocked as yente does)
CHEAP = [name for name in YENTE_ALGORITHMS if name != "logic-v2"]
CHEN = "ofac-29220"
# both lists imported in each test's transaction (test_yente_parity); what is checked is scoring over the in-memory
# index, never the database engine: the SQLite pass alone runs it
pytestmark = [pytest.mark.usefixtures("lists"), pytest.mark.one_database]


def entity_from(data: dict[str, Any]) -> Any:
    """An FtM entity from an entity as the API answers it (or as the test's list gives it)."""
    proxy = model.make_entity(data["schema"])
    proxy.id = data.get("id") or "query"
    for prop, values in data["properties"].items():
        proxy.add(prop, values)
    return proxy


def listed(entity_id: str) -> dict[str, Any]:
    return next(row for row in US + EU if row["id"] == entity_id)


def assert_scored_by(algorithm: str, result: dict[str, Any]) -> None:
    """yente's ScoredEntityResponse of a nomenklatura algorithm: its explanations (each a FeatureResult), the same
    scores as ``features``, and not Adalet's own ``explanation``."""
    assert_entity_shape(result)
    assert 0.0 <= result["score"] <= 1.0 and isinstance(result["match"], bool)
    for name, explained in result["explanations"].items():
        FeatureResult.model_validate(explained)
        assert set(explained) == {"score", "detail", "query", "candidate"}, (algorithm, name, explained)
    assert result["features"] == {name: e["score"] for name, e in result["explanations"].items()}
    assert set(result["explanations"]) <= set(get_algorithm(algorithm).get_feature_docs())
    assert "explanation" not in result


@pytest.mark.parametrize("algorithm", CHEAP)
def test_each_algorithm_answers_yentes_example(algorithm: str) -> None:
    """test_match_zakharov_name_based_mode, for each algorithm: 200, the listed person first, above 0.70, in
    yente's shape, with the algorithm's features as ``matcher``."""
    status, data = post(MATCH, {"queries": {"vv": EXAMPLE}}, algorithm=algorithm)
    assert status == 200, data
    res = data["responses"]["vv"]
    assert res["query"]["schema"] == "Person" and res["query"]["properties"]["country"] == ["cn"]
    assert res["total"]["value"] == len(res["results"]) > 0
    top = res["results"][0]
    assert top["id"] == CHEN and top["score"] > 0.70 and top["match"] is True, top
    assert_scored_by(algorithm, top)
    assert set(data["matcher"]) == set(get_algorithm(algorithm).get_feature_docs())
    assert all({"description", "coefficient", "url"} <= set(doc) for doc in data["matcher"].values())


@pytest.mark.parametrize(
    ("algorithm", "status"),
    [
        ("neural-net", 400),
        ("er-unstable", 400),  # unknown, and nomenklatura's dedupe algorithm ("not for screening")
        (" Logic-V1 ", 200),
        ("NAME-BASED", 200),  # read lower-cased and trimmed, as yente reads it
    ],
)
def test_algorithm_names(algorithm: str, status: int) -> None:
    code, data = post(MATCH, {"queries": {"vv": EXAMPLE}}, algorithm=algorithm)
    assert code == status, data
    if status == 400:
        assert data["detail"].startswith("Invalid algorithm") and "logic-v2" in data["detail"]
    else:
        assert data["responses"]["vv"]["results"][0]["id"] == CHEN


@pytest.mark.parametrize("algorithm", ["logic-v1", "best"])
def test_many_names_fuzzy_or_not(algorithm: str) -> None:
    """test_match_many_names_logic_v1 and test_match_many_names: results either way, as many with ``fuzzy=false``."""
    found = results(MATCH, MANY_NAMES, algorithm=algorithm)
    assert ids(found)[:1] == [CHEN]
    assert len(results(MATCH, MANY_NAMES, algorithm=algorithm, fuzzy="false")) == len(found)


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, [CHEN]),
        ({"exclude_dataset": "us_ofac_sdn"}, []),  # test_match_exclude_dataset
        ({"include_dataset": ["eu_fsf", "mx_governors"]}, []),  # test_match_include_dataset
        ({"include_dataset": ["us_ofac_sdn", "ae_local_terrorists"]}, [CHEN]),
        ({"include_dataset": ["us_ofac_sdn", "mx_governors"], "exclude_dataset": "us_ofac_sdn"}, []),
        ({"topics": "crime.cyber"}, []),  # test_filter_topic
        ({"exclude_entity_ids": CHEN}, []),
    ],
)
def test_filters_with_name_based(params: dict[str, Any], expected: list[str]) -> None:
    assert ids(results(MATCH, EXAMPLE, algorithm="name-based", **params))[:1] == expected


@pytest.mark.parametrize("name", ["Chen Quanguoo", "Chen Qaunguo", "Quanguo Chen"])
@pytest.mark.parametrize("birth", ["1955", "1962"])
def test_logic_v1_scores_are_nomenklaturas_own(name: str, birth: str) -> None:
    """The score and explanations of each result are LogicV1.compare() of the query as echoed and the entity as
    listed (the test's own input, not the answer), whatever the score (a test that fails if the scores are faked)."""
    example = {"schema": "Person", "properties": {"name": [name], "birthDate": [birth], "nationality": ["cn"]}}
    status, data = post(MATCH, {"queries": {"q": example}}, algorithm="logic-v1", threshold=0.5, cutoff=0.0, limit=20)
    assert status == 200, data
    res = data["responses"]["q"]
    found = {r["id"]: r for r in res["results"]}
    assert CHEN in found, list(found)
    query = entity_from(res["query"])
    for entity_id, result in found.items():
        own = LogicV1.compare(query, entity_from(listed(entity_id)), LogicV1.default_config())
        assert result["score"] == own.score, (entity_id, result["score"], own.score)
        assert result["explanations"] == {k: v.model_dump() for k, v in own.explanations.items()}
        assert result["match"] == (own.score >= 0.5)
    assert [r["score"] for r in res["results"]] == sorted((r["score"] for r in res["results"]), reverse=True)
    assert all(r["score"] > 0.0 for r in res["results"])  # yente: a score at the cutoff or below is left out


def test_logic_v1_weights_reach_the_algorithm() -> None:
    """``weights`` set a nomenklatura algorithm's feature weights by name, as yente passes them."""
    example = {"schema": "Person", "properties": {"name": ["Chen Quanguoo"], "birthDate": ["1962"]}}
    plain = results(MATCH, example, algorithm="logic-v1", cutoff=0.0, threshold=0.0)
    status, data = post(
        MATCH, {"queries": {"q": example}, "weights": {"dob_year_disjoint": 0.0}}, algorithm="logic-v1", cutoff=0.0, threshold=0.0
    )
    reweighted = data["responses"]["q"]["results"]
    by_id = {r["id"]: r["score"] for r in plain}
    assert status == 200 and reweighted[0]["id"] == CHEN and reweighted[0]["score"] > by_id[CHEN]
    config = LogicV1.default_config()
    config.weights["dob_year_disjoint"] = 0.0
    own = LogicV1.compare(entity_from(data["responses"]["q"]["query"]), entity_from(listed(CHEN)), config)
    assert reweighted[0]["score"] == own.score


def test_logic_v2_config_is_passed_and_checked() -> None:
    """test_match_logic_v2_with_algorithm_config: the config reaches compare() (mocked there as in yente's test), a key
    logic-v2 lacks is a 400; and here, a value it could not read is a 400 (yente would fail while scoring)."""
    body = {"queries": {"vv": EXAMPLE}, "config": {"nm_number_mismatch": 0.4}}
    with mock.patch("nomenklatura.matching.logic_v2.model.LogicV2.compare") as compare:
        compare.return_value = mock.MagicMock(score=0.8, explanations={})
        status, data = post(MATCH, body, algorithm="logic-v2")
        assert compare.called
        _, kwargs = compare.call_args
        assert kwargs["config"].config.get("nm_number_mismatch") == 0.4
    assert status == 200, data
    top = data["responses"]["vv"]["results"][0]
    assert (top["score"], top["match"], top["explanations"]) == (0.8, True, {})
    status, data = post(MATCH, {"queries": {"vv": EXAMPLE}, "config": {"invalid_option": 0.4}}, algorithm="logic-v2")
    assert status == 400 and data["detail"] == "Invalid configuration parameter: invalid_option for algorithm logic-v2"
    status, data = post(MATCH, {"queries": {"vv": EXAMPLE}, "config": {"nm_number_mismatch": "heavy"}}, algorithm="logic-v2")
    assert status == 400 and data["detail"].startswith("Invalid configuration value: nm_number_mismatch")
    assert post(MATCH, {"queries": {"vv": EXAMPLE}, "config": {"nm_number_mismatch": 0.4}}, algorithm="logic-v1")[0] == 400
    assert post(MATCH, {"queries": {"vv": EXAMPLE}, "config": {"nm_number_mismatch": 0.4}})[0] == 400  # Adalet's: none


@pytest.mark.slow  # logic-v2 builds rigour's name tagger on its first comparison in a process: 7-12 s, once
def test_logic_v2_scores_a_misspelt_name() -> None:
    """test_fuzzy_names with logic-v2 (threshold 0.2): the listed person is found and scored as LogicV2.compare()
    scores the pair, its config's defaults filled in."""
    example = {"schema": "Person", "properties": {"name": ["Chen Qaunguo"]}}
    status, data = post(MATCH, {"queries": {"a": example}}, algorithm="logic-v2", threshold=0.2)
    assert status == 200, data
    top = data["responses"]["a"]["results"][0]
    assert top["id"] == CHEN
    assert_scored_by("logic-v2", top)
    own = LogicV2.compare(entity_from(data["responses"]["a"]["query"]), entity_from(listed(CHEN)), LogicV2.default_config())
    assert top["score"] == own.score and top["explanations"] == {k: v.model_dump() for k, v in own.explanations.items()}


def test_adalets_algorithm_stays_the_default() -> None:
    """No ``algorithm``, ``best``, ``default``, ``adalet``: Adalet's own answer, its ``explanation`` beside yente's."""
    answers = [
        post(MATCH, {"queries": {"q": EXAMPLE}}, **params)[1]
        for params in ({}, {"algorithm": "best"}, {"algorithm": "default"}, {"algorithm": "adalet"})
    ]
    for data in answers:
        top = data["responses"]["q"]["results"][0]
        assert top["features"] == {"name": 1.0, "birth_date": 1.0} and top["explanation"]
        assert set(data["matcher"]) == {"name", "birth_date"}
    assert all(a == answers[0] for a in answers)


@pytest.mark.parametrize("failure", ["raises", "nan"])
def test_an_algorithm_that_fails_is_a_500_not_no_match(failure: str) -> None:
    """Fail closed: a scoring error answers 500 with one line, never a 200 without the candidate."""
    effect: dict[str, Any] = (
        {"side_effect": RuntimeError("model file missing\nsecond line")}
        if failure == "raises"
        else {"return_value": mock.MagicMock(score=float("nan"), explanations={})}
    )
    with mock.patch("nomenklatura.matching.logic_v1.model.LogicV1.compare", **effect):
        for path in (MATCH, "/api/match"):
            status, data = post(path, {"queries": {"q": EXAMPLE}}, algorithm="logic-v1")
            assert status == 500, data
            assert data["detail"].startswith("Scoring failed: logic-v1 on ") and "\n" not in data["detail"]


def test_api_match_takes_yentes_algorithms() -> None:
    assert post("/api/match", {"queries": {"q": EXAMPLE}}, algorithm="logic-v1") == post(
        MATCH, {"queries": {"q": EXAMPLE}}, algorithm="logic-v1"
    )


def test_algorithms_lists_every_one_with_its_docs() -> None:
    status, data = post_get("/yente/algorithms")
    assert status == 200 and data["default"] == data["best"] == "adalet"
    assert [a["name"] for a in data["algorithms"]] == ["adalet", *YENTE_ALGORITHMS]
    for algorithm in data["algorithms"]:
        docs = AlgorithmDocs.model_validate(algorithm["docs"])
        assert docs.name == algorithm["name"] and set(docs.features) == set(algorithm["features"])
        assert algorithm["description"] and "\n" not in algorithm["description"]
    logic_v2 = next(a for a in data["algorithms"] if a["name"] == "logic-v2")
    assert logic_v2["docs"]["config"]["nm_number_mismatch"]["default"] == 0.3 and logic_v2["accepts"] == ["logic-v2"]


def post_get(path: str) -> tuple[int, Any]:
    from django.test import Client

    response = Client().get(path)
    return response.status_code, response.json()
