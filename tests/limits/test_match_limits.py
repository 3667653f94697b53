"""/api/match is bounded: the body's size (413 before it is read), the queries in a request (400), each query's names
(that query answers 400), and every name screened counts as one search against the search limits /api/search uses (429)."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
from django.test import Client

from adalet.api.match import MAX_BODY_BYTES, MAX_NAME_CHARS, MAX_NAMES, MAX_QUERIES
from adalet.archive.models import CustodyRecord

pytestmark = pytest.mark.django_db


def queries(count: int, name: str = "CHEN Quanguo") -> dict[str, Any]:
    return {"queries": {f"q{n}": {"schema": "Person", "properties": {"name": [f"{name} {n}"]}} for n in range(count)}}


def post(client: Client, body: object | str, path: str = "/api/match") -> Any:
    data = body if isinstance(body, str) else json.dumps(body)
    return client.post(path, data, content_type="application/json")


@pytest.fixture
def limits(settings: Any) -> tuple[int, int]:
    settings.ADALET_SEARCH_LIMITS = (30, 120)
    return settings.ADALET_SEARCH_LIMITS


def test_a_megabyte_body_is_refused_before_it_is_read(client: Client, limits: tuple[int, int]) -> None:
    body = json.dumps(queries(1000, "Abdurehim Chen Quanguo " * 44))
    assert len(body) > 1_000_000
    client.get("/api/collections")  # the first request loads the URL map and the API
    for path in ("/api/match", "/api/match/us_ofac_sdn"):
        started = time.perf_counter()
        response = post(client, body, path)
        assert response.status_code == 413 and str(MAX_BODY_BYTES) in response.json()["detail"]
        assert time.perf_counter() - started < 0.5
    assert post(client, queries(limits[0])).status_code == 200  # refused bodies used none of the client's share


def test_too_many_queries_are_a_400_and_not_counted(client: Client, limits: tuple[int, int]) -> None:
    response = post(client, queries(MAX_QUERIES + 1, "Li"))
    assert response.status_code == 400 and f"at most {MAX_QUERIES} queries" in response.json()["detail"]
    assert post(client, queries(limits[0])).status_code == 200


def test_each_query_counts_as_one_search(client: Client, limits: tuple[int, int]) -> None:
    per_client = limits[0]
    assert post(client, queries(per_client - 5)).status_code == 200
    refused = post(client, queries(6))  # one more than is left this minute
    assert refused.status_code == 429 and "each name screened is one" in refused.json()["detail"]
    assert post(client, queries(5)).status_code == 200  # a refused request used none of it
    assert post(client, queries(1)).status_code == 429
    assert client.get("/api/search", {"q": "通知"}).status_code == 429  # one share for searches and screening
    assert Client(REMOTE_ADDR="203.0.113.5").post(
        "/api/match", json.dumps(queries(1)), content_type="application/json").status_code == 200


def test_each_name_screened_counts_not_each_query(client: Client, limits: tuple[int, int]) -> None:
    """Twenty names in one query cost twenty searches: a query of many names is not a cheap batch."""
    many = {"queries": {"q": {"schema": "Person", "properties": {
        "name": [f"Chen {n}" for n in range(15)], "alias": [f"Li {n}" for n in range(5)]}}}}
    assert post(client, many).status_code == 200
    assert post(client, queries(limits[0] - 20)).status_code == 200
    assert post(client, queries(1)).status_code == 429


def test_searches_use_the_share_of_screening(client: Client, limits: tuple[int, int]) -> None:
    for _ in range(limits[0]):
        assert client.get("/api/search", {"q": "通知"}).status_code == 200
    assert post(client, queries(1)).status_code == 429
    assert post(client, queries(1), "/api/match/us_ofac_sdn").status_code == 429


def test_a_request_larger_than_a_minutes_share_is_always_refused(client: Client, limits: tuple[int, int]) -> None:
    assert post(client, queries(limits[0] + 1)).status_code == 429
    assert post(client, queries(limits[0])).status_code == 200


def test_names_too_many_or_too_long_refuse_the_request(client: Client, limits: tuple[int, int]) -> None:
    """A query over the bounds refuses the whole request (400), as yente's bound on a query's clauses does: a query
    refused inside a 200 is what nomenklatura's client reads as no match."""
    fine = {"schema": "Person", "properties": {"name": ["陈" * MAX_NAME_CHARS], "alias": ["Li"]}}
    over = {
        "long": ({"schema": "Person", "properties": {"name": ["陈" * (MAX_NAME_CHARS + 1)]}},
                 f"at most {MAX_NAME_CHARS} characters"),
        "many": ({"schema": "Person", "properties": {"name": [f"Chen {n}" for n in range(MAX_NAMES)], "alias": ["Li"]}},
                 f"at most {MAX_NAMES} names"),
    }
    for key, (example, detail) in over.items():
        response = post(client, {"queries": {key: example, "fine": fine}})
        assert response.status_code == 400 and detail in response.json()["detail"] and repr(key) in response.json()["detail"]
    response = post(client, {"queries": {"fine": fine}})
    assert response.status_code == 200 and response.json()["responses"]["fine"]["status"] == 200


@pytest.mark.parametrize("limit", ["0", "501", "-1", "9223372036854775808", "1.5", "ten", ""])
def test_a_limit_out_of_bounds_is_a_422(client: Client, limits: tuple[int, int], limit: str) -> None:
    response = post(client, queries(1), f"/api/match?limit={limit}")  # FastAPI's code, as yente answers it
    assert response.status_code == 422 and response.json()["detail"][0]["loc"][-1] == "limit"


def test_screening_leaves_the_custody_log_alone(client: Client, limits: tuple[int, int]) -> None:
    post(client, queries(3))
    assert not CustodyRecord.objects.exists()
