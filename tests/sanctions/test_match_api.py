"""POST /api/match answers in yente's shapes, so yente clients work unchanged."""

from __future__ import annotations

import json

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def post(path: str, body: object) -> tuple[int, dict]:  # type: ignore[type-arg]
    response = Client().post(path, json.dumps(body), content_type="application/json")
    return response.status_code, response.json()


def test_match_in_yente_shape(imported_sdn: int) -> None:
    status, data = post("/api/match/default?limit=3", {"queries": {
        "q1": {"schema": "Person", "properties": {"name": ["陈全国"], "birthDate": ["1955"]}},
        "q2": {"schema": "Person", "properties": {"name": "陈明国"}},
        "q3": {"schema": "Person", "properties": {"firstName": ["Quanguo"], "lastName": ["Chen"]}},
    }})
    assert status == 200 and data["limit"] == 3 and "name" in data["matcher"]
    q1 = data["responses"]["q1"]
    assert q1["status"] == 200 and q1["total"] == {"value": len(q1["results"]), "relation": "eq"}
    assert q1["query"]["schema"] == "Person" and q1["query"]["properties"]["name"] == ["陈全国"]
    top = q1["results"][0]
    assert {"id", "caption", "schema", "properties", "datasets", "score", "match", "features", "explanation"} <= set(top)
    assert (top["id"], top["caption"], top["match"], top["datasets"]) == ("ofac-29220", "CHEN, Quanguo", True, ["us_ofac_sdn"])
    assert top["properties"]["birthDate"] == ["1955"] and top["features"]["birth_date"] == 1.0
    assert data["responses"]["q2"]["results"][0]["id"] == "ofac-31493"
    assert data["responses"]["q3"]["results"][0]["id"] == "ofac-29220"


def test_match_without_dataset_and_one_dataset(imported_sdn: int) -> None:
    body = {"queries": {"q": {"schema": "Person", "properties": {"name": ["CHEN Quanguo"]}}}}
    assert post("/api/match", body)[1]["responses"]["q"]["results"][0]["id"] == "ofac-29220"
    assert post("/api/match/us_ofac_sdn", body)[1]["responses"]["q"]["results"][0]["id"] == "ofac-29220"
    assert post("/api/match/eu_fsf", body)[0] == 404


def test_bad_queries(imported_sdn: int) -> None:
    """As yente answers them: a query without a name, 200 without results; a body that is not JSON, or of the wrong
    shape, and a number of the wrong type, 422."""
    status, data = post("/api/match", {"queries": {"q": {"schema": "Person", "properties": {"name": [""]}}}})
    assert status == 200 and data["responses"]["q"]["status"] == 200 and data["responses"]["q"]["results"] == []
    response = Client().post("/api/match", "{not json", content_type="application/json")
    assert response.status_code == 422 and response.json()["detail"][0]["type"] == "json_invalid"
    assert post("/api/match", {"no": "queries"})[0] == 422
    assert post("/api/match?threshold=high", {"queries": {"q": {"schema": "Person", "properties": {"name": "Li"}}}})[0] == 422
    assert Client().get("/api/search", {"q": "通知", "limit": "ten"}).status_code == 400  # the rest of /api/: 400


def test_documented_in_openapi() -> None:
    paths = Client().get("/api/openapi.json").json()["paths"]
    assert {"/api/match", "/api/match/{dataset}"} <= set(paths)
