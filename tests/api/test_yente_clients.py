"""The yente requests its clients make beyond the ones test_yente_parity replays: what yente's own tests of /search
(``changed_since``, ``filter_op``, ``filter``, ``sort``, ``facets``), /match (``changed_since``), /algorithms
(``docs``) and /entities/{id}/adjacent ask, each against a list imported here under a dataset name of its own
(``ua_nsdc``), and nomenklatura's yente client matching and expanding against a live `adalet serve` on that list.

The lists' people are real designations of Xinjiang officials; the dates, identifiers and the second nationality are
this test's own, chosen so that every filter and sort has something to leave out or reorder.
"""

from __future__ import annotations

import itertools
import json
import os
import string
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import pytest
import requests
from django.core.management import call_command
from django.test import Client
from followthemoney.dataset.dataset import DatasetModel
from nomenklatura.matching.types import AlgorithmDocs

from adalet.api.yente_api import MAX_NAMES, MAX_REQUEST_NAMES
from tests.api.test_yente_parity import assert_entity_shape, write_list

#: yente's API shapes, statuses and clients over the screening index, which is built in memory from the imported
#: rows: the same on either database (the import and the matching on PostgreSQL: tests/sanctions, test_match_api).
pytestmark = pytest.mark.one_database

DATASET = "ua_nsdc"


def entity(eid: str, schema: str, first_seen: str, last_change: str, **props: list[str]) -> dict[str, Any]:
    return {"id": eid, "schema": schema, "datasets": [DATASET], "first_seen": first_seen, "last_seen": last_change,
            "last_change": last_change, "properties": props}


def sanction(target: str, program: str, listed: str, seen: str) -> dict[str, Any]:
    return entity(f"{target}-sanction-{listed}", "Sanction", seen, seen, entity=[target], authority=["NSDC"],
                  program=[program], listingDate=[listed])


NSDC = [
    entity("nsdc-wang-junzheng", "Person", "2021-03-22T10:00:00", "2024-02-01T08:30:00", name=["WANG Junzheng"],
           alias=["王君正"], birthDate=["1963-05"], gender=["male"], nationality=["cn"], passportNumber=["E00000001"],
           topics=["sanction"]),
    sanction("nsdc-wang-junzheng", "Decree 2021/1", "2021-03-22", "2021-03-22T10:00:00"),
    sanction("nsdc-wang-junzheng", "Decree 2023/7", "2023-06-30", "2023-06-30T09:00:00"),
    entity("nsdc-chen-mingguo", "Person", "2022-01-10T12:00:00", "2022-06-01T00:00:00", name=["CHEN Mingguo"],
           birthDate=["1966-01"], gender=["male"], nationality=["cn", "ru"], topics=["sanction"]),
    sanction("nsdc-chen-mingguo", "Decree 2021/1", "2021-03-22", "2022-01-10T12:00:00"),
    entity("nsdc-erkin-tuniyaz", "Person", "2023-09-01T07:15:00", "2023-09-01T07:15:00", name=["Erkin TUNIYAZ"],
           alias=["ئەركىن تۇنىياز"], gender=["male"], nationality=["cn"], topics=["role.pep"]),
    entity("nsdc-xpcc-psb", "Organization", "2020-07-31T00:00:00", "2020-07-31T00:00:00",
           name=["XINJIANG PRODUCTION AND CONSTRUCTION CORPS PUBLIC SECURITY BUREAU"], country=["cn"],
           registrationNumber=["XPCC-PSB-0001"], topics=["sanction"]),
    sanction("nsdc-xpcc-psb", "Decree 2020/4", "2020-07-31", "2020-07-31T00:00:00"),
]
PEOPLE = ["nsdc-chen-mingguo", "nsdc-erkin-tuniyaz", "nsdc-wang-junzheng"]


@pytest.fixture
def nsdc(db: None, tmp_path: Path, settings: Any) -> None:
    settings.ADALET_SEARCH_LIMITS = (10_000, 10_000)
    call_command("sanctions", "import", "ftm", str(write_list(tmp_path / "nsdc.jsonl", NSDC)), "--authority",
                 "ua-nsdc", "--json", stdout=open(os.devnull, "w"))


def get(path: str, **params: Any) -> tuple[int, Any]:
    response = Client().get(path, params)
    return response.status_code, response.json()


def search(**params: Any) -> dict[str, Any]:
    status, data = get(f"/yente/search/{DATASET}", **params)
    assert status == 200, data
    return data


def found(data: dict[str, Any]) -> list[str]:
    return [r["id"] for r in data["results"]]


def match(example: dict[str, Any], **params: Any) -> tuple[int, Any]:
    query = "&".join(f"{k}={v}" for k, v in params.items())
    response = Client().post(f"/yente/match/{DATASET}?{query}", json.dumps({"queries": {"q": example}}),
                             content_type="application/json")
    return response.status_code, response.json()


WANG = {"schema": "Person", "properties": {"name": ["Wang Junzheng"]}}


# --- /match: an entity with many names (an OFAC entry may have dozens of aliases) ---------------------------------


def aliases(count: int) -> list[str]:
    return ["Wang Junzheng"] + [f"Wang Jun-zheng {n}" for n in range(count - 1)]


def test_a_query_of_many_names_is_screened(nsdc: None) -> None:
    """yente screens every name of a query; a query of 21 names used to answer 400 inside a 200, which nomenklatura's
    client (it reads ``results`` only) took for no match."""
    for count in (21, 60, MAX_NAMES):
        status, data = match({"schema": "Person", "properties": {"name": aliases(count)}})
        assert status == 200 and data["responses"]["q"]["status"] == 200, (count, data["responses"]["q"])
        assert [r["id"] for r in data["responses"]["q"]["results"]] == ["nsdc-wang-junzheng"]


def test_a_request_of_more_names_than_its_bound_is_refused_whole(nsdc: None) -> None:
    """More than MAX_REQUEST_NAMES names in all queries together: the whole request is a 400 (an error a client
    sees), never a query answered empty; so is one query over MAX_NAMES (yente's test_match_name_clause_limit: 900
    names in one query, a 400 there too)."""
    per_query = MAX_REQUEST_NAMES // 20
    fits = {f"q{n}": {"schema": "Person", "properties": {"name": aliases(per_query)}} for n in range(20)}
    body = json.dumps({"queries": fits})
    assert Client().post(f"/yente/match/{DATASET}", body, content_type="application/json").status_code == 200
    fits["q0"]["properties"]["name"].append("Wang Junzheng one more")
    response = Client().post(f"/yente/match/{DATASET}", json.dumps({"queries": fits}), content_type="application/json")
    assert response.status_code == 400 and "at most 2000 names" in response.json()["detail"]
    status, data = match({"schema": "Person", "properties": {"name": aliases(MAX_NAMES + 1)}})
    assert status == 400 and f"at most {MAX_NAMES} names" in data["detail"], data
    tokens = ["token" + "".join(t) for t in itertools.islice(itertools.product(string.ascii_lowercase, repeat=3), 900)]
    status, data = match({"schema": "Person", "properties": {"name": tokens}})
    assert status == 400, data


# --- /match and /search: changed_since (yente's test_search_filter_changed_since) -------------------------------------


@pytest.mark.parametrize(("since", "expected"), [
    ("2024-01-01", ["nsdc-wang-junzheng"]),
    ("2024-02-01T08", ["nsdc-wang-junzheng"]),
    ("2024-02-01T08:30", ["nsdc-wang-junzheng"]),  # changed at that very minute
    ("2024-02-01T08:30:01", []),
    ("2099-01-01T00:00", []),  # yente's own example
])
def test_match_changed_since(nsdc: None, since: str, expected: list[str]) -> None:
    status, data = match(WANG, changed_since=since)
    assert status == 200, data
    assert [r["id"] for r in data["responses"]["q"]["results"]] == expected


def test_api_match_changed_since(nsdc: None) -> None:
    """/api/match takes yente's parameters too."""
    for since, expected in (("2024-01-01", ["nsdc-wang-junzheng"]), ("2099-01-01T00:00", [])):
        response = Client().post(f"/api/match/{DATASET}?changed_since={since}", json.dumps({"queries": {"q": WANG}}),
                                 content_type="application/json")
        assert [r["id"] for r in response.json()["responses"]["q"]["results"]] == expected


@pytest.mark.parametrize("since", ["yesterday", "2024-1-1", "2024-01-01 08:30", "2024-01-01T08:30Z"])
def test_changed_since_out_of_pattern_is_422(nsdc: None, since: str) -> None:
    assert match(WANG, changed_since=since)[0] == 422
    assert get(f"/yente/search/{DATASET}", changed_since=since)[0] == 422


def test_search_changed_since(nsdc: None) -> None:
    assert set(found(search(changed_since="2023-01-01"))) == {"nsdc-wang-junzheng", "nsdc-erkin-tuniyaz"}
    assert search(q="Wang Junzheng", changed_since="2099-01-01T00:00")["total"]["value"] == 0
    assert found(search(q="Wang Junzheng", changed_since="2024-02-01")) == ["nsdc-wang-junzheng"]


# --- /search: filter_op, filter, sort, facets -----------------------------------------------------------------------


def test_search_filter_op(nsdc: None) -> None:
    """test_search_filter_countries_operator: several values of one field are any of them, or all with AND."""
    either = search(countries=["cn", "ru"])
    assert set(found(either)) == set(PEOPLE) | {"nsdc-xpcc-psb"}
    assert found(search(countries=["cn", "ru"], filter_op="AND")) == ["nsdc-chen-mingguo"]
    assert found(search(countries=["ke", "ru"], filter_op="AND")) == []
    assert found(search(topics=["sanction", "role.pep"], filter_op="AND")) == []
    assert len(found(search(topics=["sanction", "role.pep"]))) == 4
    assert get(f"/yente/search/{DATASET}", filter_op="XOR")[0] == 422


def test_search_filter_by_property(nsdc: None) -> None:
    """test_search_filter: ``filter=properties.birthDate:…`` keeps entities with that value; no ``:`` is a 400."""
    assert found(search(filter="properties.birthDate:1963-05")) == ["nsdc-wang-junzheng"]
    assert found(search(q="Chen Mingguo", filter="properties.birthDate:1972-01-26")) == []
    assert found(search(filter=["gender:male", "countries:ru"])) == []  # `gender` is not an indexed field
    assert found(search(filter=["genders:male", "countries:ru"])) == ["nsdc-chen-mingguo"]
    assert found(search(filter="schema:Organization")) == ["nsdc-xpcc-psb"]
    assert get(f"/yente/search/{DATASET}", filter="properties.birthDate") == (
        400, {"detail": "Invalid filter: 'properties.birthDate'"})


@pytest.mark.parametrize(("sort", "key"), [
    ("first_seen:desc", "first_seen"), ("last_change:asc", "last_change"), ("last_change", "last_change"),
])
def test_search_sorted(nsdc: None, sort: str, key: str) -> None:
    """test_search_sorted: ``sort=first_seen:desc`` orders the results by that field."""
    results = search(sort=sort)["results"]
    values = [r[key] for r in results]
    assert len(values) == 4 and values == sorted(values, reverse=sort.endswith(":desc"))
    assert values[0] != values[-1]


def test_search_sorted_by_id_and_ties_keep_the_score_order(nsdc: None) -> None:
    assert found(search(sort="canonical_id:desc")) == sorted(PEOPLE + ["nsdc-xpcc-psb"], reverse=True)
    by_score = found(search(q="Chen Mingguo"))
    assert by_score[:1] == ["nsdc-chen-mingguo"] and found(search(q="Chen Mingguo", sort="_score")) == by_score


def test_search_facets(nsdc: None) -> None:
    """test_search_facet_parameter and test_search_facet_schema: the facets asked for, labelled as yente labels them
    (a type's plural and FtM's caption of each value, as yente: `male` for male)."""
    facets = search(facets=["schema", "topics"])["facets"]
    assert set(facets) == {"schema", "topics"}
    assert facets["schema"]["label"] == "Entity types"
    assert {v["name"]: (v["label"], v["count"]) for v in facets["schema"]["values"]} == {
        "Person": ("People", 3), "Organization": ("Organizations", 1)}
    facets = search(facets=["genders", "identifiers", "countries"])["facets"]
    assert facets["genders"] == {"label": "Genders", "values": [{"name": "male", "label": "male", "count": 3}]}
    assert {v["name"] for v in facets["identifiers"]["values"]} == {"E00000001", "XPCC-PSB-0001"}
    assert facets["countries"]["label"] == "Countries"
    assert {(v["name"], v["label"], v["count"]) for v in facets["countries"]["values"]} == {
        ("cn", "China", 4), ("ru", "Russia", 1)}
    assert set(search()["facets"]) == {"countries", "topics", "datasets"}
    assert get(f"/yente/search/{DATASET}", facets="banana")[0] == 422


@pytest.mark.parametrize(("q", "status"), [
    ("invalid/query", 400), ('"Wang Junzheng', 400), ("Wang (Junzheng", 400), ("Wang Junzheng)", 400),
    ("Wang Junzheng\\", 400), ('"Wang Junzheng"', 200), ("Wang Junzheng", 200), ("/wang.*/", 200),
    ("Wang \\/ Junzheng", 200), ("(Wang Junzheng)", 200),
])
def test_search_query_syntax(nsdc: None, q: str, status: int) -> None:
    """test_search_invalid_query: what yente's query syntax cannot parse is a 400, unless ``simple=true``."""
    code, data = get(f"/yente/search/{DATASET}", q=q)
    assert code == status, data
    assert get(f"/yente/search/{DATASET}", q=q, simple="true")[0] == 200
    if status == 400:
        assert data["detail"].startswith("Invalid query syntax")


# --- /algorithms and /entities/{id}/adjacent --------------------------------------------------------------------------


def test_catalog_datasets_are_ftm_datasets(nsdc: None) -> None:
    status, data = get("/yente/catalog")
    assert status == 200 and DATASET in data["current"]
    assert get("/yente/manifest") == (200, data)  # yente's test_manifest: the catalog under its older name
    for dataset in data["datasets"]:
        DatasetModel.model_validate(dataset)  # (its validators fill in the dict they are given)


def test_algorithms_carry_docs(nsdc: None) -> None:
    """yente's Algorithm: ``docs`` is nomenklatura's AlgorithmDocs (``features`` beside it, deprecated there)."""
    status, data = get("/yente/algorithms")
    algorithm = data["algorithms"][0]  # Adalet's; yente's own follow (test_yente_algorithms)
    docs = AlgorithmDocs.model_validate(algorithm["docs"])
    assert status == 200 and docs.name == algorithm["name"] == data["best"]
    assert set(docs.features) == set(algorithm["features"]) == {"name", "birth_date"}


def test_adjacent_entities(nsdc: None) -> None:
    status, data = get("/yente/entities/nsdc-wang-junzheng/adjacent")
    assert status == 200 and set(data) == {"entity", "adjacent"}
    assert_entity_shape(data["entity"])
    assert data["entity"]["id"] == "nsdc-wang-junzheng" and "sanctions" not in data["entity"]["properties"]
    page = data["adjacent"]["sanctions"]
    assert (page["total"], page["limit"], page["offset"]) == ({"value": 2, "relation": "eq"}, 10, 0)
    assert sorted(s["properties"]["program"][0] for s in page["results"]) == ["Decree 2021/1", "Decree 2023/7"]
    for nested in page["results"]:
        assert_entity_shape(nested)
    status, second = get("/yente/entities/nsdc-wang-junzheng/adjacent/sanctions", limit=1, offset=1)
    assert status == 200 and second["total"]["value"] == 2 and len(second["results"]) == 1
    assert second["results"][0]["id"] in {s["id"] for s in page["results"]}
    assert get("/yente/entities/nsdc-erkin-tuniyaz/adjacent")[1]["adjacent"] == {}
    assert get("/yente/entities/nsdc-wang-junzheng/adjacent/banana") == (404, {"detail": "No such property!"})
    assert get("/yente/entities/nsdc-wang-junzheng/adjacent/name") == (404, {"detail": "No such property!"})
    assert get("/yente/entities/nsdc-nobody/adjacent") == (404, {"detail": "No such entity!"})
    assert get("/yente/entities/nsdc-wang-junzheng/adjacent", limit=501)[0] == 422


# --- nomenklatura's yente client against a live `adalet serve` on this list ---------------------------------------


def import_served_lists(adalet: Any, tmp_path: Path) -> None:
    """The list the ``served`` fixture (tests/api/conftest.py) serves here: the one above, no other."""
    adalet.run("sanctions", "import", "ftm", str(write_list(tmp_path / "nsdc.jsonl", NSDC)), "--authority", "ua-nsdc",
               "--json")


def test_enricher_matches_and_expands_nested_sanctions(served: tuple[str, str], tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """YenteEnricher, unchanged, with ``dataset: ua_nsdc``: the query in Uyghur script finds Tuniyaz, the one in
    characters Wang, and expanding Wang yields him and both his designations, each pointing back at him."""
    from followthemoney import Dataset, StatementEntity
    from nomenklatura.cache import Cache
    from nomenklatura.db import make_session
    from nomenklatura.enrich.common import EnrichmentException
    from nomenklatura.enrich.yente import YenteEnricher

    base, token = served
    dataset = Dataset.make({"name": "bank_customers", "title": "A bank's customers"})
    cache = Cache(make_session(f"sqlite:///{tmp_path / 'cache.db'}"), dataset, create=True)
    enricher = YenteEnricher(dataset, cache, {"api": base, "api_key": token, "cache_days": 0, "dataset": DATASET})
    customer = StatementEntity.from_data(dataset, {"id": "c1", "schema": "Person", "properties": {
        "name": ["王君正"], "nationality": ["cn"]}})
    (wang,) = list(enricher.match_wrapped(customer))
    assert wang.id == "nsdc-wang-junzheng" and wang.get("passportNumber") == ["E00000001"]
    expanded = list(enricher.expand_wrapped(customer, wang))
    assert [e.schema.name for e in expanded] == ["Person", "Sanction", "Sanction"]
    assert sorted(e.first("program") or "" for e in expanded[1:]) == ["Decree 2021/1", "Decree 2023/7"]
    assert all(e.get("entity") == ["nsdc-wang-junzheng"] for e in expanded[1:])
    assert all(e.get("listingDate") for e in expanded[1:])
    many = StatementEntity.from_data(dataset, {"id": "c3", "schema": "Person", "properties": {"name": aliases(25)}})
    assert [m.id for m in enricher.match_wrapped(many)] == ["nsdc-wang-junzheng"]  # was [] (the query's 400 unread)
    uyghur = StatementEntity.from_data(dataset, {"id": "c2", "schema": "Person", "properties": {
        "name": ["ئەركىن تۇنىياز"]}})
    (tuniyaz,) = list(enricher.match_wrapped(uyghur))
    assert tuniyaz.id == "nsdc-erkin-tuniyaz"
    assert [e.schema.name for e in enricher.expand_wrapped(uyghur, tuniyaz)] == ["Person"]  # no designation to nest
    # one of yente's own algorithms, named as the enricher names it: logic-v1 scores Adalet's candidates
    logic = YenteEnricher(dataset, cache, {"api": base, "api_key": token, "cache_days": 0, "dataset": DATASET,
                                           "algorithm": "logic-v1"})
    latin = StatementEntity.from_data(dataset, {"id": "c4", "schema": "Person", "properties": {
        "name": ["Wang Junzheng"], "birthDate": ["1963-05"]}})
    assert [m.id for m in logic.match_wrapped(latin)] == ["nsdc-wang-junzheng"]
    elsewhere = YenteEnricher(dataset, cache, {"api": base, "api_key": token, "cache_days": 0, "dataset": "eu_fsf"})
    monkeypatch.setattr("nomenklatura.enrich.yente.time.sleep", lambda seconds: None)  # its retries' pauses
    too_many = StatementEntity.from_data(dataset, {"id": "c5", "schema": "Person", "properties": {
        "name": aliases(MAX_NAMES + 1)}})
    with pytest.raises(EnrichmentException, match="400"):  # more names than a query screens: an error, not "no match"
        list(enricher.match_wrapped(too_many))
    with pytest.raises(EnrichmentException, match="404"):  # a list this server lacks: an error, never "no match"
        list(elsewhere.match_wrapped(customer))


def test_plain_http_clients(served: tuple[str, str]) -> None:
    """What a bank's own code sends: no Content-Type (yente's test_match_without_content_type_header), no key at all
    (yente has none), and the status codes yente gives for a bad dataset, schema and algorithm."""
    base, _ = served
    body = json.dumps({"queries": {"q": WANG}})
    response = requests.post(urljoin(base, f"match/{DATASET}"), data=body, timeout=30)
    assert response.status_code == 200, response.text
    assert [r["id"] for r in response.json()["responses"]["q"]["results"]] == ["nsdc-wang-junzheng"]
    assert requests.post(urljoin(base, "match/banana"), data=body, timeout=30).status_code == 404
    assert requests.post(urljoin(base, f"match/{DATASET}"), params={"algorithm": "neural-net"}, data=body,
                         timeout=30).status_code == 400
    named = requests.post(urljoin(base, f"match/{DATASET}"), params={"algorithm": "name-based"}, data=body, timeout=30)
    assert named.status_code == 200, named.text  # yente's test_match_zakharov_name_based_mode, on the live server
    (top,) = named.json()["responses"]["q"]["results"]
    assert top["id"] == "nsdc-wang-junzheng" and top["score"] > 0.7 and "jaro_name_parts" in top["explanations"]
    bad_schema = json.dumps({"queries": {"q": {"schema": "Banana", "properties": {"name": ["x"]}}}})
    assert requests.post(urljoin(base, f"match/{DATASET}"), data=bad_schema, timeout=30).status_code == 400
    assert requests.get(urljoin(base, "search/banana"), timeout=30).status_code == 404
    assert requests.get(urljoin(base, "entities/banana"), timeout=30).status_code == 404
    assert requests.get(urljoin(base, "healthz"), timeout=30).json() == {"status": "ok"}
