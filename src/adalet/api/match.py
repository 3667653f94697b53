"""POST /api/match and /api/match/{dataset}: screening in the request and response shapes of OpenSanctions' yente.

The checks, defaults and answers are yente's (adalet.api.yente: ``algorithm`` checked, ``schema`` required and
known, ``threshold`` and ``cutoff`` 0.70, body ``config`` and ``weights``, ``include_dataset``, ``exclude_dataset``,
``exclude_schema``, ``topics``, ``exclude_entity_ids`` and ``changed_since`` filtering the results, the query echoed
as the FtM entity it became, ``explanations`` per result with Adalet's ``explanation`` beside them). ``dataset`` ``default`` (or none)
screens every imported list; another name (``us_ofac_sdn``) only that list's entries; an unknown one is a 404.

Its status codes are yente's, not the rest of /api/'s (whose query-string errors are 400s, adalet.api.endpoints): a
query-string number of the wrong type or out of bounds and a body that is not JSON are FastAPI's 422 (the endpoints'
handlers ask :func:`answers_as_yente`), a query without a name answers 200 without results. Its bounds are its own:
``limit`` 1 to MAX_LIMIT (yente: at most 500), ``threshold`` and ``cutoff`` 0 to 1 (yente: unbounded). The whole
yente surface is under /yente/ (adalet.api.yente_api), where a yente client's base URL should point.

Bounded, since screening costs CPU: a body of at most MAX_BODY_BYTES (413 beyond, before it is read), at most
MAX_QUERIES queries (400 beyond, as yente), at most MAX_NAMES names of MAX_NAME_CHARS characters in a query (the
request answers 400) and MAX_REQUEST_NAMES names in all its queries together (400), ``limit`` 1 to MAX_LIMIT. Callers
without a role count one search per name screened (at least one per query) against the search limits shared with
/search and /api/search (web.ratelimit): a request of more names than are left this minute is a 429, and one of
more than a minute's share is always one (a token of an account with a role is not limited).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Status
from ninja.decorators import decorate_view

from adalet.api import yente
from adalet.api.bodylimit import body_at_most
from adalet.api.yente import EntityMatchQuery
from adalet.api.yente_api import MAX_BODY_BYTES, MAX_NAME_CHARS, MAX_NAMES, MAX_REQUEST_NAMES, TOO_MANY, run_match

router = Router(tags=["screening"])
MAX_QUERIES = yente.MAX_BATCH
MAX_LIMIT = yente.MAX_MATCHES
NAME_PROPERTIES = yente.NAME_PROPERTIES
__all__ = ["MAX_BODY_BYTES", "MAX_LIMIT", "MAX_NAMES", "MAX_NAME_CHARS", "MAX_QUERIES", "MAX_REQUEST_NAMES", "TOO_MANY",
           "router"]

#: The operations here (their URL names): errors in the yente way (422), not /api/'s (400).
OPERATIONS = frozenset({"match_all", "match_dataset"})
RESPONSES = {200: dict, 400: dict, 404: dict, 413: dict, 422: dict, 429: dict, 500: dict}
LIMIT = Query(yente.MATCH_PAGE, ge=1, le=MAX_LIMIT, description=f"results per query, 1 to {MAX_LIMIT}")
THRESHOLD = Query(yente.SCORE_THRESHOLD, ge=0, le=1)
CUTOFF = Query(yente.SCORE_THRESHOLD, ge=0, le=1, description="deprecated in yente: never above threshold")
ALGORITHM = Query(yente.ALGORITHM, description=f"{yente.ALGORITHM} (also best, default), or one of yente's own "
                  "(nomenklatura's: logic-v1, logic-v2, name-based, ofac…; GET /yente/algorithms lists them)")
IDS = Query([], max_length=yente.MAX_EXCLUDED_IDS)
CHANGED_SINCE = Query(None, pattern=yente.TS_PATTERN, description="only entries changed at or after this moment")


def _match(request: HttpRequest, dataset: str, body: EntityMatchQuery, limit: int, threshold: float, cutoff: float,
           algorithm: str, include_dataset: list[str], exclude_dataset: list[str], exclude_schema: list[str],
           topics: list[str], exclude_entity_ids: list[str], changed_since: str | None) -> Status[dict[str, Any]]:
    params = yente.MatchParams(limit, threshold, cutoff, algorithm, include_dataset, exclude_dataset, exclude_schema,
                               topics, exclude_entity_ids, changed_since)
    return run_match(request, dataset, body, params)


def answers_as_yente(request: HttpRequest) -> bool:
    """Whether *request* is one of this router's (its errors are then FastAPI's 422s, as yente gives them)."""
    found = getattr(request, "resolver_match", None)
    return found is not None and found.namespace == "api" and found.url_name in OPERATIONS


@router.post("", response=RESPONSES, summary="Screen entities against every list (yente /match)")
@decorate_view(body_at_most(MAX_BODY_BYTES))
def match_all(request: HttpRequest, body: EntityMatchQuery, limit: int = LIMIT, threshold: float = THRESHOLD,
              cutoff: float = CUTOFF, algorithm: str = ALGORITHM, include_dataset: list[str] = Query([]),
              exclude_dataset: list[str] = Query([]), exclude_schema: list[str] = Query([]),
              topics: list[str] = Query([]), exclude_entity_ids: list[str] = IDS,
              changed_since: str | None = CHANGED_SINCE) -> Status[dict[str, Any]]:
    return _match(request, "default", body, limit, threshold, cutoff, algorithm, include_dataset, exclude_dataset,
                  exclude_schema, topics, exclude_entity_ids, changed_since)


@router.post("/{dataset}", response=RESPONSES, summary="Screen entities against one list (yente)")
@decorate_view(body_at_most(MAX_BODY_BYTES))
def match_dataset(request: HttpRequest, dataset: str, body: EntityMatchQuery, limit: int = LIMIT,
                  threshold: float = THRESHOLD, cutoff: float = CUTOFF, algorithm: str = ALGORITHM,
                  include_dataset: list[str] = Query([]), exclude_dataset: list[str] = Query([]),
                  exclude_schema: list[str] = Query([]), topics: list[str] = Query([]),
                  exclude_entity_ids: list[str] = IDS,
                  changed_since: str | None = CHANGED_SINCE) -> Status[dict[str, Any]]:
    return _match(request, dataset, body, limit, threshold, cutoff, algorithm, include_dataset, exclude_dataset,
                  exclude_schema, topics, exclude_entity_ids, changed_since)
