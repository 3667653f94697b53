"""POST /api/match and /api/match/{dataset}: screening in the request and response shapes of OpenSanctions' yente.

Request: ``{"queries": {"q1": {"schema": "Person", "properties": {"name": ["陈全国"], "birthDate": ["1955"]}}}}``;
query parameters ``limit``, ``threshold``, ``cutoff`` as in yente (``algorithm`` is accepted and ignored).
Response: ``{"responses": {"q1": {"status": 200, "results": [...], "total": {...}, "query": {...}}},
"matcher": {...}, "limit": 5}``; each result has ``id``, ``caption``, ``schema``, ``properties``, ``datasets``,
``score``, ``match``, ``features`` and Adalet's ``explanation``. ``dataset`` ``default`` (or none) screens every
imported list; another name (``us_ofac_sdn``) only that list's entries.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema, Status
from pydantic import Field

from adalet.sanctions import screening
from adalet.web.ratelimit import search_allowed

router = Router(tags=["screening"])
ALL = {"default", "sanctions", "all"}
MAX_QUERIES = 1000

TOO_MANY = "too many requests from this client or its network: wait a minute (a token of an account with a role is not limited)"


class EntityExample(Schema):
    id: str | None = None
    schema_: str = Field("LegalEntity", alias="schema")
    properties: dict[str, str | list[Any]] = Field(default_factory=dict)


class EntityMatchQuery(Schema):
    weights: dict[str, float] = Field(default_factory=dict)
    queries: dict[str, EntityExample]


MATCHER = {
    "name": {"description": "Similarity of the best pair of names across scripts (adalet.names.compare)", "coefficient": 1.0},
    "birth_date": {"description": "A birth date of the query agrees with the entity's (a disagreeing one excludes it)",
                   "coefficient": 0.0},
}


def _match(dataset: str, body: EntityMatchQuery, limit: int, threshold: float, cutoff: float) -> Status[dict[str, Any]]:
    if len(body.queries) > MAX_QUERIES:
        return Status(400, {"detail": f"at most {MAX_QUERIES} queries per request"})
    limit = max(1, min(limit, 500))
    index = screening.current_index()
    if dataset not in ALL and dataset not in index.datasets:
        return Status(404, {"detail": f"dataset {dataset!r} not found"})
    responses: dict[str, Any] = {}
    for key, example in body.queries.items():
        props = {k: ([v] if isinstance(v, str) else list(v)) for k, v in example.properties.items()}
        if not any(str(n).strip() for p in ("name", "alias", "firstName", "lastName") for n in props.get(p, [])):
            responses[key] = {"status": 400, "detail": "query has no name", "results": [],
                              "total": {"value": 0, "relation": "eq"}, "query": {"id": example.id, "schema": example.schema_,
                                                                                  "properties": props}}
            continue
        wide = limit if dataset in ALL else limit * 10
        answer = screening.entity_matches(example.schema_, props, limit=wide, threshold=threshold, cutoff=cutoff, index=index)
        if dataset not in ALL:
            answer["results"] = [r for r in answer["results"] if dataset in r["datasets"]][:limit]
            answer["total"]["value"] = len(answer["results"])
        answer["query"]["id"] = example.id
        responses[key] = answer
    return Status(200, {"responses": responses, "matcher": MATCHER, "limit": limit})


@router.post("", response={200: dict, 400: dict, 404: dict, 429: dict}, summary="Screen entities against every list (yente /match)")
def match_all(request: HttpRequest, body: EntityMatchQuery, limit: int = 5, threshold: float = screening.MATCH_THRESHOLD,
              cutoff: float = screening.CUTOFF, algorithm: str = "adalet") -> Status[dict[str, Any]]:
    if not search_allowed(request, "match"):
        return Status(429, {"detail": TOO_MANY})
    return _match("default", body, limit, threshold, cutoff)


@router.post("/{dataset}", response={200: dict, 400: dict, 404: dict, 429: dict}, summary="Screen entities against one list (yente)")
def match_dataset(request: HttpRequest, dataset: str, body: EntityMatchQuery, limit: int = 5,
                  threshold: float = screening.MATCH_THRESHOLD, cutoff: float = screening.CUTOFF,
                  algorithm: str = "adalet") -> Status[dict[str, Any]]:
    if not search_allowed(request, "match"):
        return Status(429, {"detail": TOO_MANY})
    return _match(dataset, body, limit, threshold, cutoff)
