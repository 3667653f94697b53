"""The yente API surface under /yente/: point a yente client's base URL at ``https://<host>/yente/``.

nomenklatura's ``YenteEnricher`` (``api: https://<host>/yente/``) and the OpenSanctions clients join their paths to
that base: ``POST match/{dataset}``, ``GET search/{dataset}``, ``GET entities/{id}?nested=true`` (expand),
``GET entities/{id}/adjacent`` and ``…/adjacent/{property}`` (the same, paged), ``GET catalog``,
``GET algorithms``, ``GET healthz``, ``GET readyz``. The answers, checks and status codes are yente's
(adalet.api.yente, adalet.api.yente_data), including FastAPI's: any argument or body of the wrong shape, a body that
is not JSON, a ``limit`` above 500, is a 422 with the errors as ``detail``.

/api/match answers the same (adalet.api.match), with its own bounds on ``limit``, ``threshold`` and ``cutoff``.

Access and limits are the API's (auth.py, web.ratelimit): a token as ``Authorization: Bearer adt_…`` or, as yente
clients send their key, ``Authorization: ApiKey adt_…``; callers without a role count each name screened at /match,
and each search or entity read, against the search limits shared with /search and /api/search (429 beyond them).
"""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI, Query, Router, Status
from ninja.decorators import decorate_view
from ninja.errors import HttpError, ValidationError

from adalet.api import yente, yente_data, yente_scoring
from adalet.api.auth import TokenOrSession
from adalet.api.bodylimit import body_at_most
from adalet.sanctions import screening
from adalet.web.ratelimit import search_allowed

MAX_BODY_BYTES = 256 * 1024
#: names screened in one query: an entity's names and aliases as a list gives them (an OFAC entry may have dozens;
#: one over it refuses the whole request, a 400, as yente's bound of 900 search clauses does: nomenklatura's client
#: reads a query refused inside a 200 as no match)
MAX_NAMES = 200
MAX_NAME_CHARS = 500
#: names screened in one request, all queries together: the work a request could ask before (100 queries of 20)
MAX_REQUEST_NAMES = 2000
TOO_MANY = ("too many searches from this client or its network: each name screened is one, wait a minute "
            "(a token of an account with a role is not limited)")
NOT_JSON = "Cannot parse request body"

api = NinjaAPI(title="Adalet: yente-compatible screening API", version="0.1.0", urls_namespace="yente",
               auth=TokenOrSession(), description=__doc__)
router = Router(tags=["yente"])


@api.exception_handler(yente.YenteError)
def refused(request: HttpRequest, error: yente.YenteError) -> HttpResponse:
    return api.create_response(request, {"detail": error.detail}, status=error.status)


def json_invalid(error: HttpError) -> list[dict[str, Any]] | None:
    """FastAPI's ``json_invalid`` errors for ninja's refusal of a body that is not JSON (None for another error)."""
    if error.status_code != 400 or not str(error).startswith(NOT_JSON):
        return None
    cause = error.__cause__
    return [{"type": "json_invalid", "loc": ["body", getattr(cause, "pos", 0)], "msg": "JSON decode error",
             "input": {}, "ctx": {"error": getattr(cause, "msg", str(cause))}}]


def fastapi_errors(errors: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Validation errors located as FastAPI locates them (``["body", "queries", …]``, not ninja's
    ``["body", "body", …]`` for a body parameter named ``body``)."""
    return [e | {"loc": ["body", *e["loc"][2:]]} if tuple(e.get("loc", ()))[:2] == ("body", "body") else e
            for e in errors]


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, error: HttpError) -> HttpResponse:
    """A body that is not JSON is FastAPI's 422 (``json_invalid``), as yente answers it; other errors as they are."""
    detail = json_invalid(error)
    if detail is not None:
        return api.create_response(request, {"detail": detail}, status=422)
    return api.create_response(request, {"detail": str(error)}, status=error.status_code)


@api.exception_handler(ValidationError)
def invalid(request: HttpRequest, error: ValidationError) -> HttpResponse:
    """FastAPI's 422, with its errors located as FastAPI locates them."""
    return api.create_response(request, {"detail": fastapi_errors(error.errors)}, status=422)


MATCH_RESPONSES = {200: dict, 400: dict, 404: dict, 413: dict, 422: dict, 429: dict, 500: dict}


def run_match(request: HttpRequest, dataset: str, body: yente.EntityMatchQuery,
              params: yente.MatchParams) -> Status[dict[str, Any]]:
    """A /match request checked, counted against the search limits, and answered (or refused) as yente does; a
    nomenklatura algorithm that fails is a 500 with one line (fail closed: never an empty answer)."""
    try:
        yente.check_request(body, params)
    except yente.YenteError as error:
        return Status(error.status, {"detail": error.detail})
    units = yente.screening_units(body, MAX_NAMES)
    if units > MAX_REQUEST_NAMES:
        return Status(400, {"detail": f"Too many names in one request: at most {MAX_REQUEST_NAMES} names in all "
                                      f"queries together ({units} given)"})
    if not search_allowed(request, units=units):
        return Status(429, {"detail": TOO_MANY})
    try:
        answer = yente.match(body, dataset, params, screening.current_index(), MAX_NAMES, MAX_NAME_CHARS)
    except yente.YenteError as error:
        return Status(error.status, {"detail": error.detail})
    except yente_scoring.ScoringFailed as error:
        return Status(500, {"detail": str(error)})
    return Status(200, answer)


@router.post("/match/{dataset}", response=MATCH_RESPONSES, summary="Query by example matcher (yente)")
@decorate_view(body_at_most(MAX_BODY_BYTES))
def match(request: HttpRequest, dataset: str, body: yente.EntityMatchQuery,
          limit: int = Query(yente.MATCH_PAGE, le=yente.MAX_MATCHES),
          threshold: float = yente.SCORE_THRESHOLD, cutoff: float = yente.SCORE_THRESHOLD,
          algorithm: str = yente.ALGORITHM, include_dataset: list[str] = Query([]),
          exclude_dataset: list[str] = Query([]), exclude_schema: list[str] = Query([]),
          topics: list[str] = Query([]),
          exclude_entity_ids: list[str] = Query([], max_length=yente.MAX_EXCLUDED_IDS),
          changed_since: str | None = Query(None, pattern=yente.TS_PATTERN)) -> Status[dict[str, Any]]:
    params = yente.MatchParams(limit, threshold, cutoff, algorithm, include_dataset, exclude_dataset, exclude_schema,
                               topics, exclude_entity_ids, changed_since)
    return run_match(request, dataset, body, params)


Facet = Literal["countries", "topics", "datasets", "schema", "identifiers", "genders", "names"]


@router.get("/search/{dataset}", response={200: dict, 400: dict, 404: dict, 422: dict, 429: dict},
            summary="Simple entity search (yente)")
def search(request: HttpRequest, dataset: str, q: str = "", schema_: str = Query("Thing", alias="schema"),
           include_dataset: list[str] = Query([]), exclude_dataset: list[str] = Query([]),
           exclude_schema: list[str] = Query([]), changed_since: str | None = Query(None, pattern=yente.TS_PATTERN),
           countries: list[str] = Query([]), topics: list[str] = Query([]), datasets: list[str] = Query([]),
           filters_: list[str] = Query([], alias="filter"), limit: int = Query(10, le=yente_data.MAX_PAGE),
           offset: int = Query(0, le=yente_data.MAX_OFFSET), sort: list[str] = Query([]),
           target: bool | None = None, fuzzy: bool = False, simple: bool = False,
           facets: list[Facet] = Query(list(yente_data.DEFAULT_FACETS)),
           filter_op: Literal["OR", "AND"] = "OR") -> Status[dict[str, Any]]:
    if not search_allowed(request):
        return Status(429, {"detail": TOO_MANY})
    params = yente.MatchParams(include_dataset=include_dataset, exclude_dataset=exclude_dataset,
                               exclude_schema=exclude_schema, changed_since=changed_since)
    try:
        terms = [*(("countries", c) for c in countries), *(("topics", t) for t in topics),
                 *(("datasets", d) for d in datasets), *yente_data.parse_filters(filters_)]
        filters = yente_data.SearchFilters(terms, filter_op, target)
        return Status(200, yente_data.search(screening.current_index(), dataset, q[:500], schema_, params, filters,
                                             limit, offset, list(facets), sort, simple))
    except yente.YenteError as error:
        return Status(error.status, {"detail": error.detail})


@router.get("/entities/{entity_id}", response={200: dict, 404: dict, 429: dict}, summary="An entity (yente)")
def entity(request: HttpRequest, entity_id: str, nested: bool = True) -> Status[dict[str, Any]]:
    if not search_allowed(request):
        return Status(429, {"detail": TOO_MANY})
    try:
        return Status(200, yente_data.entity(screening.current_index(), entity_id, nested))
    except yente.YenteError as error:
        return Status(error.status, {"detail": error.detail})


@router.get("/entities/{entity_id}/adjacent", response={200: dict, 404: dict, 422: dict, 429: dict},
            summary="Adjacent entities (yente)")
def adjacent(request: HttpRequest, entity_id: str, limit: int = Query(10, le=yente_data.MAX_PAGE),
             offset: int = Query(0, le=yente_data.MAX_OFFSET), sort: list[str] = Query([])) -> Status[dict[str, Any]]:
    if not search_allowed(request):
        return Status(429, {"detail": TOO_MANY})
    try:
        return Status(200, yente_data.adjacent(screening.current_index(), entity_id, limit, offset))
    except yente.YenteError as error:
        return Status(error.status, {"detail": error.detail})


@router.get("/entities/{entity_id}/adjacent/{property_name}", response={200: dict, 404: dict, 422: dict, 429: dict},
            summary="Adjacent entities by property (yente)")
def adjacent_by_property(request: HttpRequest, entity_id: str, property_name: str,
                         limit: int = Query(10, le=yente_data.MAX_PAGE),
                         offset: int = Query(0, le=yente_data.MAX_OFFSET),
                         sort: list[str] = Query([])) -> Status[dict[str, Any]]:
    if not search_allowed(request):
        return Status(429, {"detail": TOO_MANY})
    try:
        return Status(200, yente_data.adjacent_by_property(screening.current_index(), entity_id, property_name, limit,
                                                           offset))
    except yente.YenteError as error:
        return Status(error.status, {"detail": error.detail})


@router.get("/catalog", response=dict, summary="Data catalog (yente)")
@router.get("/manifest", response=dict, include_in_schema=False)  # yente's older name for it, still served
def catalog(request: HttpRequest) -> dict[str, Any]:
    return yente_data.catalog(screening.current_index())


@router.get("/algorithms", response=dict, summary="Scoring algorithms (yente)")
def algorithms(request: HttpRequest) -> dict[str, Any]:
    return yente.algorithms_document()


@router.get("/healthz", response=dict, summary="Health check (yente)")
def healthz(request: HttpRequest) -> dict[str, str]:
    return {"status": "ok"}


@router.get("/readyz", response={200: dict, 503: dict}, summary="Index readiness (yente)")
def readyz(request: HttpRequest) -> Status[dict[str, str]]:
    if not yente_data.ready(screening.current_index()):
        return Status(503, {"detail": "Index not ready."})
    return Status(200, {"status": "ok"})


api.add_router("", router)
