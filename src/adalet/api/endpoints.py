"""The JSON API (django-ninja), under /api/, with its OpenAPI document at /api/openapi.json.

It answers with the same visibility as the pages: anonymous callers see published collections
only, with ID numbers masked; a caller with a token (`Authorization: Bearer adt_…`, see auth.py) sees what the
token's user sees.

Every number in a query string is bounded (``limit``, ``offset``): a value out of bounds, or not a whole number, is
a 400 naming the argument and its bounds (a body of the wrong shape stays ninja's 422). /api/match is yente's
(adalet.api.match): there, those and a body that is not JSON are FastAPI's 422s, as yente's clients expect.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Field, NinjaAPI, Query, Schema, Status
from ninja.errors import HttpError, ValidationError

from adalet.api.auth import TokenOrSession
from adalet.api.match import answers_as_yente
from adalet.api.yente_api import fastapi_errors, json_invalid
from adalet.archive.mediatypes import media_type_prefixes
from adalet.archive.models import Collection
from adalet.archive.search import Hit, Results
from adalet.lib.pagecache import cacheable
from adalet.people.search_facets import PERSON_FACETS
from adalet.web.privacy import visible_collection_ids
from adalet.web.ratelimit import search_allowed
from adalet.web.search_pages import Search, facets_out, run

api = NinjaAPI(title="Adalet API", version="0.1.0", urls_namespace="api", auth=TokenOrSession())
MAX_OFFSET = 10_000  # deeper pages of a search are for a researcher's token and the command line


@api.exception_handler(ValidationError)
def invalid_arguments(request: HttpRequest, error: ValidationError) -> HttpResponse:
    """400 when only query-string arguments are wrong (a number out of bounds, text for a number), else 422;
    always 422 at /api/match (yente's)."""
    if answers_as_yente(request):
        return api.create_response(request, {"detail": fastapi_errors(error.errors)}, status=422)
    in_query = all(tuple(e.get("loc", ()))[:1] == ("query",) for e in error.errors)
    return api.create_response(request, {"detail": error.errors}, status=400 if in_query else 422)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, error: HttpError) -> HttpResponse:
    """A body that is not JSON: FastAPI's 422 (``json_invalid``) at /api/match, as yente; otherwise ninja's answer."""
    detail = json_invalid(error) if answers_as_yente(request) else None
    if detail is not None:
        return api.create_response(request, {"detail": detail}, status=422)
    return api.create_response(request, {"detail": str(error)}, status=error.status_code)


class CollectionOut(Schema):
    name: str
    title: str
    is_public: bool
    items: int


class SearchOut(Schema):
    query: str
    total: int
    withheld: int = 0  # personal numbers left out of the query: this client may not search for them
    hits: list[Hit]  # the archive's own hit record, one per item (a sheet's with its matching rows)
    facets: dict[str, list[dict[str, Any]]] = {}  # facet -> [{value, count}]: a value is a filter of the same name
    problems: list[str] = []  # what of the query could not be read (archive.search.syntax.Problem)


class SearchParams(Schema):
    q: str
    type: str | None = None
    limit: int = Field(20, ge=1, le=100)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)
    facility: str | None = None  # facets chosen (web.search_pages): the rows of people records that have them
    county: str | None = None
    status: str | None = None
    month: str | None = None
    sex: str | None = None
    age: str | None = None


@api.get("/collections", response=list[CollectionOut])
def collections(request: HttpRequest) -> list[dict[str, object]]:
    cacheable(request)
    visible = Collection.objects.filter(id__in=visible_collection_ids(request)).order_by("name")
    return [
        {"name": c.name, "title": c.title, "is_public": c.is_public, "items": c.items.count()} for c in visible
    ]


@api.get("/search", response={200: SearchOut, 400: dict, 429: dict})
def search(request: HttpRequest, params: Query[SearchParams]) -> Status[dict[str, object]]:
    cacheable(request)
    if not search_allowed(request):
        return Status(429, {"detail": "too many searches from this client or its network: wait a minute"})
    if params.type:
        try:
            media_type_prefixes(params.type)
        except ValueError as error:
            return Status(400, {"detail": str(error)})
    wanted = Search(query=params.q.strip()[:500], kind=params.type or "",
                    chosen={k: v[:300] for k in PERSON_FACETS if (v := getattr(params, k))})
    results = run(request, wanted, limit=params.limit, offset=params.offset).results or Results(query=params.q, total=0)
    return Status(200, {"query": results.query, "total": results.total, "withheld": results.withheld,
                        "hits": [h.as_dict() for h in results.hits], "facets": facets_out(wanted),
                        "problems": list(results.problems)})
