"""POST /api/match and /api/match/{dataset}: screening in the request and response shapes of OpenSanctions' yente.

Request: ``{"queries": {"q1": {"schema": "Person", "properties": {"name": ["陈全国"], "birthDate": ["1955"]}}}}``;
query parameters ``limit``, ``threshold``, ``cutoff`` as in yente (``algorithm`` is accepted and ignored).
Response: ``{"responses": {"q1": {"status": 200, "results": [...], "total": {...}, "query": {...}}},
"matcher": {...}, "limit": 5}``; each result has ``id``, ``caption``, ``schema``, ``properties``, ``datasets``,
``score``, ``match``, ``features`` and Adalet's ``explanation``. ``dataset`` ``default`` (or none) screens every
imported list; another name (``us_ofac_sdn``) only that list's entries.

Bounded, since screening costs CPU: a body of at most MAX_BODY_BYTES (413 beyond, before it is read), at most
MAX_QUERIES queries (400 beyond, as yente), at most MAX_NAMES names of MAX_NAME_CHARS characters in a query (that
query answers 400), ``limit`` 1 to MAX_LIMIT. Callers without a role count one search per name screened (at least
one per query) against the search limits shared with /search and /api/search (web.ratelimit): a request of more
names than are left this minute is a 429, and one of more than a minute's share is always one (a token of an
account with a role is not limited).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from ninja.decorators import decorate_view
from pydantic import Field

from adalet.api.bodylimit import body_at_most
from adalet.sanctions import screening
from adalet.web.ratelimit import search_allowed

router = Router(tags=["screening"])
ALL = {"default", "sanctions", "all"}
MAX_BODY_BYTES = 256 * 1024
MAX_QUERIES = 100
MAX_NAMES = 20
MAX_NAME_CHARS = 500
MAX_LIMIT = 500
NAME_PROPERTIES = ("name", "alias", "firstName", "secondName", "middleName", "fatherName", "lastName")

TOO_MANY = ("too many searches from this client or its network: each name screened is one, wait a minute "
            "(a token of an account with a role is not limited)")


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


def _refused(example: EntityExample, props: dict[str, list[Any]], detail: str) -> dict[str, Any]:
    return {"status": 400, "detail": detail, "results": [], "total": {"value": 0, "relation": "eq"},
            "query": {"id": example.id, "schema": example.schema_, "properties": props}}


def name_problem(props: dict[str, list[Any]]) -> str | None:
    """Why a query's names cannot be screened (none, too many, one too long); None when they can."""
    names = [str(n) for p in NAME_PROPERTIES for n in props.get(p, [])]
    if not any(n.strip() for n in names):
        return "query has no name"
    if len(names) > MAX_NAMES:
        return f"at most {MAX_NAMES} names in a query"
    if any(len(n) > MAX_NAME_CHARS for n in names):
        return f"a name of at most {MAX_NAME_CHARS} characters"
    return None


def screening_units(body: EntityMatchQuery) -> int:
    """What a request costs against the search limits: each name it screens, and at least one per query."""
    return sum(max(1, sum(len([v] if isinstance(v, str) else list(v)) for p, v in example.properties.items()
                          if p in NAME_PROPERTIES)) for example in body.queries.values()) or 1


def _match(request: HttpRequest, dataset: str, body: EntityMatchQuery, limit: int, threshold: float,
           cutoff: float) -> Status[dict[str, Any]]:
    if len(body.queries) > MAX_QUERIES:
        return Status(400, {"detail": f"at most {MAX_QUERIES} queries per request"})
    if not search_allowed(request, units=screening_units(body)):
        return Status(429, {"detail": TOO_MANY})
    index = screening.current_index()
    if dataset not in ALL and dataset not in index.datasets:
        return Status(404, {"detail": f"dataset {dataset!r} not found"})
    responses: dict[str, Any] = {}
    for key, example in body.queries.items():
        props = {k: ([v] if isinstance(v, str) else list(v)) for k, v in example.properties.items()}
        problem = name_problem(props)
        if problem is not None:
            responses[key] = _refused(example, props, problem)
            continue
        wide = limit if dataset in ALL else limit * 10
        answer = screening.entity_matches(example.schema_, props, limit=wide, threshold=threshold, cutoff=cutoff, index=index)
        if dataset not in ALL:
            answer["results"] = [r for r in answer["results"] if dataset in r["datasets"]][:limit]
            answer["total"]["value"] = len(answer["results"])
        answer["query"]["id"] = example.id
        responses[key] = answer
    return Status(200, {"responses": responses, "matcher": MATCHER, "limit": limit})


RESPONSES = {200: dict, 400: dict, 404: dict, 413: dict, 429: dict}
LIMIT = Query(5, ge=1, le=MAX_LIMIT, description=f"results per query, 1 to {MAX_LIMIT}")
THRESHOLD = Query(screening.MATCH_THRESHOLD, ge=0, le=1)
CUTOFF = Query(screening.CUTOFF, ge=0, le=1)


@router.post("", response=RESPONSES, summary="Screen entities against every list (yente /match)")
@decorate_view(body_at_most(MAX_BODY_BYTES))
def match_all(request: HttpRequest, body: EntityMatchQuery, limit: int = LIMIT, threshold: float = THRESHOLD,
              cutoff: float = CUTOFF, algorithm: str = "adalet") -> Status[dict[str, Any]]:
    return _match(request, "default", body, limit, threshold, cutoff)


@router.post("/{dataset}", response=RESPONSES, summary="Screen entities against one list (yente)")
@decorate_view(body_at_most(MAX_BODY_BYTES))
def match_dataset(request: HttpRequest, dataset: str, body: EntityMatchQuery, limit: int = LIMIT,
                  threshold: float = THRESHOLD, cutoff: float = CUTOFF, algorithm: str = "adalet") -> Status[dict[str, Any]]:
    return _match(request, dataset, body, limit, threshold, cutoff)
