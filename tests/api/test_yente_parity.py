"""The yente API surface (/yente/) answers yente's own test requests with yente's status codes and shapes, /api/match
follows yente where issue 22 says yente wins, and nomenklatura's yente client matches and expands against a live
`adalet serve`.

The request examples are yente's (its tests/test_match.py, test_search.py and the entity shape its conftest checks),
written here as data with the status and shape each gets there; the names are OFAC's and the EU's (two small FtM
lists imported with `adalet sanctions import ftm`), since Adalet does not hold yente's fixture data.
"""

from __future__ import annotations

import io
import json
import os
import re
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import pytest
import requests
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from followthemoney import model
from followthemoney.dataset.util import dataset_name_check

from adalet.api import tokens

ROOT = Path(__file__).resolve().parents[2]
OFAC_SLICE = ROOT / "tests" / "fixtures" / "sanctions" / "ofac_sdn"

#: yente's API shapes, statuses and clients over the screening index, which is built in memory from the imported
#: rows: the same on either database (the import and the matching on PostgreSQL: tests/sanctions, test_match_api).
pytestmark = pytest.mark.one_database


def entity(eid: str, schema: str, dataset: str, **props: list[str]) -> dict[str, Any]:
    return {"id": eid, "schema": schema, "datasets": [dataset], "properties": props}


def sanction(target: str, dataset: str, program: str, listed: str) -> dict[str, Any]:
    return entity(f"{target}-sanction", "Sanction", dataset, entity=[target], authority=[dataset], program=[program],
                  listingDate=[listed])


#: Two lists as FtM JSON lines: OFAC's GLOMAG designations of 2020-2021 and the EU's of March 2021.
US = [
    entity("ofac-29220", "Person", "us_ofac_sdn", name=["CHEN, Quanguo"], birthDate=["1955"], gender=["male"],
           birthPlace=["Pingyu, Henan, China"], topics=["sanction"], nationality=["cn"]),
    sanction("ofac-29220", "us_ofac_sdn", "GLOMAG", "2020-07-09"),
    entity("ofac-29221", "Person", "us_ofac_sdn", name=["ZHU, Hailun"], birthDate=["1958-01"], topics=["sanction"]),
    sanction("ofac-29221", "us_ofac_sdn", "GLOMAG", "2020-07-09"),
    entity("ofac-31493", "Person", "us_ofac_sdn", name=["CHEN, Mingguo"], birthDate=["1966-01"], topics=["sanction"]),
    sanction("ofac-31493", "us_ofac_sdn", "GLOMAG", "2021-03-22"),
    entity("ofac-28993", "Organization", "us_ofac_sdn", name=["XINJIANG PUBLIC SECURITY BUREAU"],
           alias=["新疆维吾尔自治区公安厅"], topics=["sanction"]),
    sanction("ofac-28993", "us_ofac_sdn", "GLOMAG", "2020-07-09"),
]
EU = [
    entity("eu-fsf-chen-mingguo", "Person", "eu_fsf", name=["CHEN Mingguo"], alias=["陈明国"], birthDate=["1966-01"],
           topics=["sanction"]),
    sanction("eu-fsf-chen-mingguo", "eu_fsf", "EU Global Human Rights Sanctions Regime", "2021-03-22"),
    entity("eu-fsf-zhu-hailun", "Person", "eu_fsf", name=["ZHU Hailun"], alias=["朱海仑"], topics=["sanction"]),
    sanction("eu-fsf-zhu-hailun", "eu_fsf", "EU Global Human Rights Sanctions Regime", "2021-03-22"),
]

#: yente's EXAMPLE (Putin, with a country written out), for a person on one of these lists.
EXAMPLE = {"schema": "Person", "properties": {"name": ["Chen Quanguo"], "birthDate": ["1955"], "country": "China"}}
#: yente's MANY_NAMES (one person in several scripts and spellings).
MANY_NAMES = {"schema": "Person", "properties": {"name": [
    "CHEN Quanguo", "Chen Quan-guo", "陈全国", "陳全國", "Чэнь Цюаньго", "Quanguo Chen"]}}

#: Entity keys yente's conftest requires of every entity answered (ScoredEntityResponse adds its own).
REQUIRED_ENTITY_KEYS = {"id", "caption", "schema", "properties", "datasets", "referents", "target", "first_seen",
                        "last_seen", "last_change"}
ISO_SECONDS_NO_TZ = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$")


def write_list(path: Path, rows: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.fixture
def lists(db: None, tmp_path: Path, settings: Any) -> None:
    """Both lists imported (in the test's transaction), and search limits out of the way of batches of 100."""
    settings.ADALET_SEARCH_LIMITS = (10_000, 10_000)
    call_command("sanctions", "import", "ftm", str(write_list(tmp_path / "us.jsonl", US)), "--authority", "us-ofac",
                 "--json", stdout=open(os.devnull, "w"))
    call_command("sanctions", "import", "ftm", str(write_list(tmp_path / "eu.jsonl", EU)), "--authority", "eu-fsf",
                 "--json", stdout=open(os.devnull, "w"))


def assert_entity_shape(data: dict[str, Any]) -> None:
    """yente's conftest check of an entity as clients see it, nested entities included."""
    missing = REQUIRED_ENTITY_KEYS - data.keys()
    assert not missing, (missing, sorted(data))
    assert isinstance(data["id"], str) and data["id"] and isinstance(data["caption"], str) and data["caption"]
    assert data["schema"] in model.schemata
    schema = model.schemata[data["schema"]]
    for prop, values in data["properties"].items():
        assert prop in schema.properties, (data["schema"], prop)
        assert isinstance(values, list), (prop, values)
        for value in values:
            if isinstance(value, dict):
                assert_entity_shape(value)
            else:
                assert isinstance(value, str), (prop, value)
    for name in data["datasets"]:
        dataset_name_check(name)
    assert all(isinstance(r, str) for r in data["referents"]) and isinstance(data["target"], bool)
    for key in ("first_seen", "last_seen", "last_change"):
        if data[key] is not None:
            assert ISO_SECONDS_NO_TZ.match(data[key]), data[key]
            assert datetime.fromisoformat(data[key]).tzinfo is None


def post(path: str, body: object, client: Client | None = None, **params: Any) -> tuple[int, Any]:
    query = "&".join(f"{k}={v}" for k, values in params.items() for v in (values if isinstance(values, list) else [values]))
    data = body if isinstance(body, str) else json.dumps(body)
    response = (client or Client()).post(f"{path}?{query}" if query else path, data, content_type="application/json")
    return response.status_code, response.json()


def results(path: str, example: dict[str, Any], **params: Any) -> list[dict[str, Any]]:
    status, data = post(path, {"queries": {"q": example}}, **params)
    assert status == 200, data
    return data["responses"]["q"]["results"]


def ids(found: list[dict[str, Any]]) -> list[str]:
    return [r["id"] for r in found]


# --- yente's tests/test_match.py, request by request ------------------------------------------------------------------

MATCH = "/yente/match/default"


def test_match_example_three_times(lists: None) -> None:
    """test_match_putin: the same example under three keys; the query echoed cleaned (country → code)."""
    status, data = post(MATCH, {"queries": {"vv": EXAMPLE, "xx": EXAMPLE, "zz": EXAMPLE}})
    assert status == 200 and set(data["responses"]) == {"vv", "xx", "zz"} and data["limit"] == 5
    res = data["responses"]["vv"]
    assert res["status"] == 200 and res["query"]["schema"] == "Person"
    assert res["query"]["properties"]["country"][0] == "cn"
    assert res["total"]["value"] > 0 and res["total"]["relation"] == "eq"
    top = res["results"][0]
    assert top["id"] == "ofac-29220" and top["match"] is True and top["score"] == 1.0
    assert_entity_shape(top)
    assert {"name", "birth_date"} <= set(data["matcher"]) and {"description", "coefficient", "url"} <= set(
        data["matcher"]["name"])


@pytest.mark.parametrize(("algorithm", "status"), [
    ("neural-net", 400),  # yente: unknown → 400
    ("best", 200), ("default", 200), ("adalet", 200), (" Best ", 200),  # the server's algorithm, by alias or name
    ("name-based", 200), ("logic-v1", 200),  # yente's own algorithms score Adalet's candidates (test_yente_algorithms)
])
def test_algorithm_is_checked(lists: None, algorithm: str, status: int) -> None:
    code, data = post(MATCH, {"queries": {"vv": EXAMPLE}}, algorithm=algorithm)
    assert code == status, data
    if status == 200:
        assert data["responses"]["vv"]["results"][0]["id"] == "ofac-29220"
    else:
        assert "Invalid algorithm" in data["detail"]


def test_match_no_schema_and_invalid_schema(lists: None) -> None:
    """test_match_no_schema: a missing schema is FastAPI's 422 (located as FastAPI does), an unknown one a 400."""
    code, data = post(MATCH, {"queries": {"fail": {"properties": {"name": "Banana"}}}})
    assert code == 422 and data["detail"][0]["loc"] == ["body", "queries", "fail", "schema"]
    code, data = post(MATCH, {"queries": {"fail": {"schema": "xxx", "properties": {"name": "Banana"}}}})
    assert code == 400 and "Cannot parse example entity" in data["detail"]
    siblings = {"fail": {"schema": "xxx", "properties": {"name": "Banana"}}, "ok1": EXAMPLE,
                "ok2": {"schema": "Person", "properties": {"name": ["John Doe"]}}}  # its siblings change nothing
    code, data = post(MATCH, {"queries": siblings})
    assert code == 400 and "Cannot parse example entity" in data["detail"]


def test_a_numeric_value_is_read_as_text(lists: None) -> None:
    """test_match_numeric_property_value: ``"birthDate": [1955]`` answers 200 and is echoed as the string."""
    example = {"schema": "Person", "properties": {"name": ["Chen Quanguo"], "birthDate": [1955]}}
    status, data = post(MATCH, {"queries": {"q": example}})
    assert status == 200 and data["responses"]["q"]["query"]["properties"]["birthDate"] == ["1955"]
    assert ids(data["responses"]["q"]["results"]) == ["ofac-29220"]


def test_match_many_names_fuzzy_or_not(lists: None) -> None:
    """test_match_many_names: one person in several scripts is found; ``fuzzy=false`` changes nothing."""
    found = results(MATCH, MANY_NAMES, algorithm="best")
    assert ids(found)[:1] == ["ofac-29220"]
    assert ids(results(MATCH, MANY_NAMES, algorithm="best", fuzzy="false")) == ids(found)


@pytest.mark.parametrize(("params", "expected"), [
    ({}, ["ofac-29220"]),
    ({"exclude_dataset": "us_ofac_sdn"}, []),  # test_match_exclude_dataset
    ({"include_dataset": ["eu_fsf", "mx_governors"]}, []),  # test_match_include_dataset: lists without him
    ({"include_dataset": ["us_ofac_sdn", "eu_fsf"]}, ["ofac-29220"]),
    ({"include_dataset": ["us_ofac_sdn", "eu_fsf"], "exclude_dataset": "us_ofac_sdn"}, []),
    ({"topics": "crime.cyber"}, []),  # test_filter_topic
    ({"topics": ["crime.cyber", "sanction"]}, ["ofac-29220"]),  # topics: any of them
    ({"exclude_entity_ids": "ofac-29220"}, []),  # test_exclude_entity_ids
    ({"exclude_schema": "Person"}, []),
])
def test_result_filters(lists: None, params: dict[str, Any], expected: list[str]) -> None:
    assert ids(results(MATCH, EXAMPLE, **params)) == expected


def test_filters_across_two_lists(lists: None) -> None:
    """A name on both lists: the path's dataset and include/exclude pick which list's entry answers."""
    example = {"schema": "Person", "properties": {"name": ["Chen Mingguo"]}}
    assert set(ids(results(MATCH, example))) == {"ofac-31493", "eu-fsf-chen-mingguo"}
    assert ids(results("/yente/match/eu_fsf", example)) == ["eu-fsf-chen-mingguo"]
    assert ids(results("/yente/match/us_ofac_sdn", example)) == ["ofac-31493"]
    assert ids(results(MATCH, example, exclude_dataset="us_ofac_sdn")) == ["eu-fsf-chen-mingguo"]
    assert ids(results(MATCH, example, include_dataset="us_ofac_sdn")) == ["ofac-31493"]
    assert post("/yente/match/eu_sanctions_map", {"queries": {"q": example}}) == (404, {"detail": "No such dataset."})


def test_algorithm_config_is_validated(lists: None) -> None:
    """test_match_logic_v2_with_algorithm_config: a key the algorithm lacks is a 400 (Adalet's algorithm has none)."""
    code, data = post(MATCH, {"queries": {"vv": EXAMPLE}, "config": {"invalid_option": 0.4}})
    assert code == 400 and "Invalid configuration parameter: invalid_option" in data["detail"]
    assert post(MATCH, {"queries": {"vv": EXAMPLE}, "config": {}})[0] == 200
    assert post(MATCH, {"queries": {"vv": EXAMPLE}, "config": {"x": [1]}})[0] == 422  # not a scalar: the body's shape


def test_id_pass_through(lists: None) -> None:
    status, data = post(MATCH, {"queries": {"no1": dict(MANY_NAMES, id="chen")}})
    assert status == 200 and data["responses"]["no1"]["query"]["id"] == "chen"
    assert data["responses"]["no1"]["query"]["schema"] == "Person"


def test_the_query_is_echoed_as_the_entity_it_became(lists: None) -> None:
    """yente echoes Entity.from_example: unknown properties dropped, values cleaned, name parts combined."""
    example = {"schema": "Person", "properties": {"firstName": "Quanguo", "lastName": ["Chen"], "country": "China",
                                                  "birthDate": ["1955", "not a date"], "favouriteColour": ["red"]}}
    status, data = post(MATCH, {"queries": {"q": example}})
    query = data["responses"]["q"]["query"]
    assert status == 200 and query["properties"]["country"] == ["cn"] and query["properties"]["birthDate"] == ["1955"]
    assert "favouriteColour" not in query["properties"] and "Quanguo Chen" in query["properties"]["alias"]
    assert data["responses"]["q"]["results"][0]["id"] == "ofac-29220"


def test_threshold_and_cutoff_defaults(lists: None) -> None:
    """Both default to 0.70: the namesakes of "Chen Quanguo" (other given names) are left out; below, cutoff never exceeds
    threshold, and ``match`` is the score against the threshold."""
    example = {"schema": "Person", "properties": {"name": ["Chen Quanguo"]}}
    default = results(MATCH, example, limit=10)
    assert [(r["id"], r["score"], r["match"]) for r in default] == [("ofac-29220", 1.0, True)]
    wide = results(MATCH, example, limit=10, threshold=0.4)
    assert len(wide) > 1 and all(r["match"] == (r["score"] >= 0.4) for r in wide)
    assert all(0.4 <= r["score"] < 0.7 for r in wide[1:])  # the namesakes the default cutoff left out
    strict = results(MATCH, example, limit=10, threshold=0.9, cutoff=0.4)
    assert ids(strict) == ids(wide) and [r["match"] for r in strict] == [True] + [False] * (len(strict) - 1)


def test_weights_set_feature_coefficients(lists: None) -> None:
    example = {"schema": "Person", "properties": {"name": ["Chen Quanguo"]}}
    status, data = post(MATCH, {"queries": {"q": example}, "weights": {"name": 0.5}}, threshold=0.45, cutoff=0.3)
    top = data["responses"]["q"]["results"][0]
    assert status == 200 and (top["id"], top["score"], top["match"]) == ("ofac-29220", 0.5, True)
    status, data = post(MATCH, {"queries": {"q": example}, "weights": {"name": 0.5}})
    assert data["responses"]["q"]["results"] == []  # 0.5 is under the default cutoff
    assert ids(results(MATCH, example)) == ids(
        post(MATCH, {"queries": {"q": example}, "weights": {"name_literal": 0.8}})[1]["responses"]["q"]["results"])
    assert post(MATCH, {"queries": {"q": example}, "weights": {"name": "heavy"}})[0] == 422


def test_explanations_beside_adalets_explanation(lists: None) -> None:
    top = results(MATCH, EXAMPLE)[0]
    assert top["features"] == {"name": 1.0, "birth_date": 1.0}
    assert set(top["explanations"]) == {"name", "birth_date"}
    assert top["explanations"]["name"]["score"] == 1.0 and "CHEN, Quanguo" in top["explanations"]["name"]["detail"]
    assert top["explanations"]["birth_date"]["detail"] == "birth date agrees: 1955 / 1955"
    assert top["explanation"][-1] == "birth date agrees: 1955 / 1955"  # Adalet's own, an extra field


@pytest.mark.parametrize(("body", "params", "status"), [
    ({"queries": {f"q{n}": EXAMPLE for n in range(101)}}, {}, 400),  # more than MAX_BATCH
    ({"queries": {f"q{n}": EXAMPLE for n in range(100)}}, {}, 200),
    ({"queries": {}}, {}, 400),  # "No queries provided."
    ({"queries": {"a": None}}, {}, 400),
    ({"queries": {"vv": EXAMPLE}}, {"limit": 501}, 422),  # FastAPI's bound on limit
    ({"queries": {"vv": EXAMPLE}}, {"limit": 500}, 200),
    ({"queries": {"vv": EXAMPLE}}, {"limit": "ten"}, 422),
    ({"queries": {"vv": EXAMPLE}}, {"exclude_entity_ids": [f"x{n}" for n in range(51)]}, 422),
    ({"no": "queries"}, {}, 422),
    ("{not json", {}, 422),
    ("[]", {}, 422),
])
def test_request_limits_and_shapes(lists: None, body: Any, params: dict[str, Any], status: int) -> None:
    code, data = post(MATCH, body, **params)
    assert code == status, data
    if body == "{not json":
        assert data["detail"][0]["type"] == "json_invalid"


def test_a_query_without_a_name_answers_200_without_results(lists: None) -> None:
    status, data = post(MATCH, {"queries": {"q": {"schema": "Person", "properties": {"birthDate": ["1955"]}},
                                            "r": {"schema": "Person", "properties": {"name": [""]}}}})
    assert status == 200
    for key in ("q", "r"):
        assert data["responses"][key]["status"] == 200 and data["responses"][key]["results"] == []


# --- names typed otherwise, in another script, or as listed in any script (issue 22) ----------------------------------


def person(name: str) -> dict[str, Any]:
    return {"schema": "Person", "properties": {"name": [name]}}


@pytest.mark.parametrize("name", ["Chen Quanguoo", "Chen Qaunguo", "ChenQuanguo", "CHENQUANGUO", "QuanguoChen",
                                  "Чэнь Цюаньго", "陈全国"])
def test_misspelt_unspaced_and_cyrillic_names_find_him(lists: None, name: str) -> None:
    found = results(MATCH, person(name))
    assert [(r["id"], r["match"]) for r in found] == [("ofac-29220", True)], found


@pytest.mark.parametrize(("schema", "name"), [
    ("Person", "Chen Guoquan"), ("Person", "ChenGuoquan"), ("Person", "Ли Цюаньго"), ("Person", "Zhu Hailong"),
    ("Person", "ZhuHailong"), ("Person", "ChenMing"), ("Person", "Quanguo"), ("Organization", "北京市公安局"),
    ("Organization", "新疆维吾尔自治区教育厅"), ("LegalEntity", "上海市公安局"),
])
def test_unrelated_names_find_nothing_above_the_threshold(lists: None, schema: str, name: str) -> None:
    """The keys that find unspaced names and bodies in characters do not flood: namesakes stay under 0.70."""
    assert results(MATCH, {"schema": schema, "properties": {"name": [name]}}) == []
    wide = results(MATCH, {"schema": schema, "properties": {"name": [name]}}, threshold=0.5, limit=10)
    assert not any(r["match"] for r in results(MATCH, {"schema": schema, "properties": {"name": [name]}}))
    assert all(r["score"] < 0.7 for r in wide)


def test_an_organization_alias_in_characters_blocks_and_matches(lists: None) -> None:
    """新疆维吾尔自治区公安厅, the listed alias of the Xinjiang PSB: /yente/match, /api/match and `adalet screen`."""
    bureau = {"schema": "Organization", "properties": {"name": ["新疆维吾尔自治区公安厅"]}}
    for path in (MATCH, "/api/match", "/yente/match/us_ofac_sdn"):
        top = results(path, bureau)[0]
        assert (top["id"], top["score"], top["match"]) == ("ofac-28993", 1.0, True)
        assert "written as the listed name '新疆维吾尔自治区公安厅'" in top["explanation"][0]
    assert ids(results(MATCH, dict(bureau, schema="LegalEntity"))) == ["ofac-28993"]
    assert results(MATCH, dict(bureau, schema="Person")) == []  # a Person query never answers with a body
    out = io.StringIO()
    call_command("screen", "新疆维吾尔自治区公安厅", "--json", stdout=out)
    (top,) = json.loads(out.getvalue())["results"]
    assert (top["id"], top["score"], top["match"]) == ("ofac-28993", 1.0, True)


def test_an_exact_alias_in_any_script_scores_1(lists: None, tmp_path: Path) -> None:
    """An alias given back as listed is the listed name: 1.0, not its reading compared with the Latin name (0.95)."""
    listed = [entity("gb-zakir", "Person", "gb_hmt", name=["Shohrat ZAKIR"], alias=["شۆھرەت زاكىر"])]
    call_command("sanctions", "import", "ftm", str(write_list(tmp_path / "gb.jsonl", listed)), "--json",
                 stdout=io.StringIO())
    (top,) = results(MATCH, person("شۆھرەت زاكىر"))
    assert (top["id"], top["score"], top["match"]) == ("gb-zakir", 1.0, True)
    assert top["explanations"]["name"]["detail"] == "'شۆھرەت زاكىر' is written as the listed name 'شۆھرەت زاكىر'"
    assert results(MATCH, person("Shohrat Zakir"))[0]["score"] == 1.0
    assert results(MATCH, person("شەۋكەت زاكىر"), threshold=0.5)[0]["score"] < 1.0  # another given name: read, not exact


# --- search, entities, catalog, algorithms, health --------------------------------------------------------------------


def get(path: str, client: Client | None = None, **params: Any) -> tuple[int, Any]:
    response = (client or Client()).get(path, params)
    return response.status_code, response.json()


def test_search(lists: None) -> None:
    status, data = get("/yente/search/default", q="Chen Mingguo")
    assert status == 200 and {"results", "facets", "total", "limit", "offset"} <= set(data)
    assert set(ids(data["results"])) == {"ofac-31493", "eu-fsf-chen-mingguo"} and data["total"]["value"] == 2
    for found in data["results"]:
        assert_entity_shape(found)
    assert {v["name"]: v["count"] for v in data["facets"]["datasets"]["values"]} == {"us_ofac_sdn": 1, "eu_fsf": 1}
    assert set(data["facets"]) == {"countries", "topics", "datasets"}
    assert ids(get("/yente/search/eu_fsf", q="Chen Mingguo")[1]["results"]) == ["eu-fsf-chen-mingguo"]
    assert get("/yente/search/default", q="Chen Mingguo", schema="Organization")[1]["results"] == []
    assert get("/yente/search/default", q="Chen Mingguo", topics="crime.cyber")[1]["results"] == []
    assert get("/yente/search/default", q="x", schema="xxx") == (400, {"detail": "Invalid schema"})
    assert get("/yente/search/nowhere", q="x") == (404, {"detail": "No such dataset."})
    assert get("/yente/search/default", q="x", limit=501)[0] == 422
    everything = get("/yente/search/default", limit=2, offset=1)[1]
    assert everything["total"]["value"] == 6 and len(everything["results"]) == 2 and everything["offset"] == 1


def test_entity_with_nested_sanctions(lists: None) -> None:
    status, data = get("/yente/entities/ofac-29220")
    assert status == 200 and data["caption"] == "CHEN, Quanguo"
    assert_entity_shape(data)
    (nested,) = data["properties"]["sanctions"]
    assert nested["schema"] == "Sanction" and nested["properties"]["program"] == ["GLOMAG"]
    assert nested["properties"]["listingDate"] == ["2020-07-09"] and "entity" not in nested["properties"]
    status, flat = get("/yente/entities/ofac-29220", nested="false")
    assert status == 200 and "sanctions" not in flat["properties"]
    assert get("/yente/entities/ofac-00000") == (404, {"detail": "No such entity!"})


def test_catalog_algorithms_health(lists: None) -> None:
    status, catalog = get("/yente/catalog")
    by_name = {d["name"]: d for d in catalog["datasets"]}
    assert status == 200 and {"us_ofac_sdn", "eu_fsf", "default"} <= set(by_name)
    assert sorted(by_name["default"]["children"]) == ["eu_fsf", "us_ofac_sdn"] and catalog["outdated"] == []
    status, algorithms = get("/yente/algorithms")
    assert status == 200 and algorithms["default"] == algorithms["best"] == "adalet"
    adalet, *yentes = algorithms["algorithms"]
    assert "logic-v2" in {a["name"] for a in yentes} and adalet["name"] == "adalet" and set(adalet["accepts"]) == {"adalet", "best", "default"}
    assert set(adalet["features"]) == {"name", "birth_date"}
    assert get("/yente/healthz") == (200, {"status": "ok"})
    assert get("/yente/readyz") == (200, {"status": "ok"})


def test_not_ready_without_a_list(db: None) -> None:
    """No list imported: screening would say "no match" to everything, so the index is not ready (yente: 503)."""
    assert get("/yente/healthz") == (200, {"status": "ok"})
    assert get("/yente/readyz") == (503, {"detail": "Index not ready."})


def test_api_key_header_as_yente_clients_send_it(lists: None) -> None:
    user = get_user_model().objects.create_user("screener", password="not-used-here-1")
    _, raw = tokens.create(user, "yente client", actor="test")
    body = {"queries": {"q": EXAMPLE}}
    for header in (f"ApiKey {raw}", f"Bearer {raw}"):
        assert post(MATCH, body, Client(HTTP_AUTHORIZATION=header))[0] == 200
    assert post(MATCH, body, Client(HTTP_AUTHORIZATION="ApiKey adt_wrong"))[0] == 401
    assert get("/yente/entities/ofac-29220", Client(HTTP_AUTHORIZATION="ApiKey adt_wrong"))[0] == 401


# --- /api/match: yente's checks, shapes and status codes ----------------------------------------------------------


def test_api_match_follows_yente(lists: None) -> None:
    assert post("/api/match", {"queries": {"vv": EXAMPLE}}, algorithm="neural-net")[0] == 400
    assert post("/api/match", {"queries": {"fail": {"properties": {"name": "Banana"}}}})[0] == 422
    assert post("/api/match", {"queries": {"fail": {"schema": "xxx", "properties": {"name": "Banana"}}}})[0] == 400
    assert post("/api/match", {"queries": {}})[0] == 400
    assert post("/api/match", {"queries": {"vv": EXAMPLE}, "config": {"invalid_option": 1}})[0] == 400
    status, data = post("/api/match/default", {"queries": {"vv": EXAMPLE}}, exclude_dataset="eu_fsf")
    res = data["responses"]["vv"]
    assert status == 200 and res["query"]["properties"]["country"] == ["cn"] and ids(res["results"]) == ["ofac-29220"]
    assert set(res["results"][0]["explanations"]) == {"name", "birth_date"} and res["results"][0]["explanation"]
    assert ids(results("/api/match", EXAMPLE, exclude_dataset="us_ofac_sdn")) == []
    example = {"schema": "Person", "properties": {"name": ["Chen Quanguo"]}}
    assert [r["score"] for r in results("/api/match", example, limit=10)] == [1.0]  # cutoff 0.70, not 0.6
    assert post("/api/match", {"queries": {"vv": EXAMPLE}}, limit=501)[0] == 422  # FastAPI's code, as yente
    assert post("/api/match", {"queries": {"vv": EXAMPLE}}, limit="ten")[0] == 422
    code, data = post("/api/match", "{not json")
    assert code == 422 and data["detail"][0]["type"] == "json_invalid"
    nameless = {"schema": "Person", "properties": {"birthDate": ["1955"]}}
    code, data = post("/api/match", {"queries": {"q": nameless}})
    assert code == 200 and data["responses"]["q"]["status"] == 200 and data["responses"]["q"]["results"] == []


# --- nomenklatura's yente client against a live `adalet serve` --------------------------------------------------------


def import_served_lists(adalet: Any, tmp_path: Path) -> None:
    """The lists the ``served`` fixture (tests/api/conftest.py) serves here: the OFAC slice and the EU list above."""
    adalet.run("sanctions", "import", "ofac", str(OFAC_SLICE), "--json")
    adalet.run("sanctions", "import", "ftm", str(write_list(tmp_path / "eu.jsonl", EU)), "--authority", "eu-fsf", "--json")


def test_the_clients_requests_against_adalet_serve(served: tuple[str, str]) -> None:
    """The requests nomenklatura's YenteEnricher makes, as it makes them (paths joined to the base URL, its query
    string, its ApiKey header), and the nested traversal it applies to the entity it expands."""
    base, token = served
    session = requests.Session()
    session.headers["Authorization"] = f"ApiKey {token}"
    url = urljoin(base, "match/default") + "?fuzzy=false&algorithm=best"
    query: dict[str, Any] = {"queries": {"entity": {"schema": "Person", "properties": {
        "name": ["陈全国"], "birthDate": ["1955"]}}}}
    response = session.post(url, json=query, timeout=30)
    response.raise_for_status()
    (top, *_) = response.json()["responses"]["entity"]["results"]
    assert (top["id"], top["match"]) == ("ofac-29220", True)
    expanded = session.get(urljoin(base, f"entities/{top['id']}") + "?nested=true", timeout=30)
    expanded.raise_for_status()
    data = expanded.json()
    assert_entity_shape(data)
    (nested,) = data["properties"]["sanctions"]
    assert nested["schema"] == "Sanction" and nested["properties"]["program"] == ["GLOMAG"]
    assert requests.post(url, json=query, headers={"Authorization": "ApiKey adt_revoked"}, timeout=30).status_code == 401


def test_nomenklatura_yente_client_matches_and_expands(served: tuple[str, str], tmp_path: Path) -> None:
    """nomenklatura's own YenteEnricher, unchanged, pointed at /yente/ with the token as its API key."""
    pytest.importorskip("nomenklatura.enrich.yente", reason="nomenklatura (the `bench` extra) is not installed")
    from followthemoney import Dataset, StatementEntity
    from nomenklatura.cache import Cache
    from nomenklatura.db import make_session
    from nomenklatura.enrich.yente import YenteEnricher

    base, token = served
    dataset = Dataset.make({"name": "adalet_client", "title": "A client of Adalet"})
    cache = Cache(make_session(f"sqlite:///{tmp_path / 'cache.db'}"), dataset, create=True)
    enricher = YenteEnricher(dataset, cache, {"api": base, "api_key": token, "cache_days": 0})
    query = StatementEntity.from_data(dataset, {"id": "q1", "schema": "Person", "properties": {
        "name": ["陈全国"], "birthDate": ["1955"]}})
    matches = list(enricher.match_wrapped(query))
    assert [m.id for m in matches] == ["ofac-29220"]
    assert matches[0].get("sourceUrl") == [urljoin(base, "entities/ofac-29220")]
    expanded = list(enricher.expand_wrapped(query, matches[0]))
    assert [e.schema.name for e in expanded] == ["Person", "Sanction"]
    person, designation = expanded
    assert person.id == "ofac-29220" and person.get("birthDate") == ["1955"]
    assert designation.get("entity") == ["ofac-29220"] and designation.get("program") == ["GLOMAG"]
    one_list = YenteEnricher(dataset, cache, {"api": base, "api_key": token, "cache_days": 0, "dataset": "eu_fsf"})
    namesake = StatementEntity.from_data(dataset, {"id": "q2", "schema": "Person", "properties": {
        "name": ["Chen Mingguo"]}})
    assert [m.id for m in one_list.match_wrapped(namesake)] == ["eu-fsf-chen-mingguo"]
    assert {m.id for m in enricher.match_wrapped(namesake)} == {"eu-fsf-chen-mingguo", "ofac-31493"}
