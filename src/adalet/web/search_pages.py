"""Search as a journalist uses it: facets with counts, hits that open the viewer at their row or page, exports.

`/search` and `/api/search` share `run()`: the hits of one page (archive.search, masked for the viewer by
privacy.results_for_viewer) and the facets of everything found (people.search_facets), narrowed by the facet values
chosen in the address (``?facility=…&sex=female``). A hit links to the viewer with the query and its row
(``/items/ID/?q=…&sheet=…&row=N#hit``) or page (``#page-N``), where the terms are marked.

`/search/export.csv` and `/search/export.json` give the same results as the page, masked exactly as the page shows
them (snippets, names, locators and labels), at most EXPORT_MAX hits, counted against the search limits as the
pages of results they take.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, QueryDict
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from adalet.archive import search as archive_search
from adalet.archive.mediatypes import FAMILIES
from adalet.archive.models import Collection
from adalet.archive.search import Hit, Results
from adalet.lib.privacy import can_see_personal_data, mask_for_viewer
from adalet.names.counties import resolve
from adalet.people.search_facets import FACETS, PERSON_FACETS, UNKNOWN, Facets, facets
from adalet.routes import path_with
from adalet.web.privacy import results_for_viewer, sees_withheld, visible_collection_ids
from adalet.web.ratelimit import search_allowed

EXPORT_MAX = 1000  # hits in one export: more is for the command line
MAX_QUERY = 500

TITLES = {
    "facility": gettext_lazy("Facility"),
    "county": gettext_lazy("County"),
    "status": gettext_lazy("Status"),
    "month": gettext_lazy("Month of admission"),
    "sex": gettext_lazy("Sex"),
    "age": gettext_lazy("Age on admission"),
    "type": gettext_lazy("Type"),
}
LABELS = {
    "male": gettext_lazy("male"),
    "female": gettext_lazy("female"),
    "under 18": gettext_lazy("under 18"),
    "60 and over": gettext_lazy("60 and over"),
    UNKNOWN: gettext_lazy("not recorded"),
}
PROBLEMS = {
    "unclosed-quote": gettext_lazy("A quotation mark was not closed: it was left out of your search."),
    "dangling-or": gettext_lazy("OR needs a word or a quoted phrase on each side: it was left out where it had none."),
    "only-excluded": gettext_lazy("Your search only leaves words out: add at least one word to look for."),
}
_MARK = re.compile(r"</?mark>")


@dataclass
class Search:
    """One search as asked in an address, and what it found for this viewer."""

    query: str = ""
    kind: str = ""
    collection: str = ""
    chosen: dict[str, str] = field(default_factory=dict)
    results: Results | None = None
    facets: Facets | None = None


def asked(params: QueryDict) -> Search:
    """The search an address asks for (unknown types and facets ignored)."""
    kind = params.get("type", "")
    return Search(
        query=params.get("q", "").strip()[:MAX_QUERY],
        kind=kind if kind in FAMILIES else "",
        collection=params.get("collection", ""),
        chosen={name: str(params.get(name, ""))[:300] for name in PERSON_FACETS if params.get(name)},
    )


def run(request: HttpRequest, search: Search, *, limit: int, offset: int, item_ids: list[int] | None = None) -> Search:
    """Fill `search` with its page of hits (masked for the viewer) and facets; nothing for an empty query. With
    `item_ids` (a saved search's new items), only among those items, and without facets."""
    if not search.query:
        return search
    collection_ids = visible_collection_ids(request)
    if search.collection:
        collection_ids = list(
            Collection.objects.filter(id__in=collection_ids, name=search.collection).values_list("id", flat=True)
        )
    personal, withheld = can_see_personal_data(request), sees_withheld(request)
    if item_ids is None:
        search.facets = facets(
            search.query,
            collection_ids=collection_ids,
            kind=search.kind or None,
            personal_data=personal,
            withheld=withheld,
            chosen=search.chosen,
            mask=lambda value: mask_for_viewer(request, value),
        )
    results = archive_search.search(
        search.query,
        collection_ids=collection_ids,
        kind=search.kind or None,
        limit=limit,
        offset=offset,
        personal_data=personal,
        withheld=withheld,
        item_ids=item_ids if item_ids is not None else search.facets.item_ids if search.facets else None,
    )
    if search.facets is not None and search.facets.item_ids is not None:  # a facet chosen: hits name its rows
        for hit in results.hits:
            kept = set(search.facets.matched.get(hit.item_id, []))
            hit.rows = [row for row in hit.rows if row in kept]
    search.results = results_for_viewer(request, search.query, results)
    for hit in search.results.hits:  # a sheet is named after its file, which may hold an ID number
        hit.sheet = mask_for_viewer(request, hit.sheet)
    return search


def facets_out(search: Search) -> dict[str, list[dict[str, object]]]:
    """The facets for the API: per facet, its values with their counts (values as a filter takes them again)."""
    if search.facets is None:
        return {}
    return {name: [{"value": value, "count": count} for value, count in search.facets.ordered(name)] for name in FACETS}


def viewer_address(hit: Hit, query: str) -> str:
    """The viewer at the hit's row (``#hit``) or page, with the query to mark."""
    params: dict[str, object] = {"q": query}
    if hit.rows:
        params |= {"sheet": hit.sheet, "row": hit.rows[0]}
    anchor = "#hit" if hit.rows else f"#page-{hit.page}" if hit.page else ""
    return f"{path_with('item', hit.item_id)}?{urlencode(params)}{anchor}"


def facet_groups(search: Search, base: QueryDict) -> list[dict[str, Any]]:
    """Each facet with values for the page: label, count, whether chosen, and the address choosing (or dropping) it."""
    if search.facets is None:
        return []
    language = get_language() or "en"
    groups = []
    for name in FACETS:
        values = []
        for value, count in search.facets.ordered(name):
            chosen = search.chosen.get(name) == value or (name == "type" and search.kind == value)
            params = base.copy()
            params.pop("page", None)
            key = "type" if name == "type" else name
            if chosen:
                params.pop(key, None)
            else:
                params[key] = value
            values.append(
                {
                    "label": facet_label(name, value, language),
                    "count": count,
                    "chosen": chosen,
                    "address": "?" + params.urlencode(),
                }
            )
        if values:
            groups.append({"name": name, "title": TITLES[name], "values": values})
    return groups


def facet_label(name: str, value: str, language: str) -> str:
    """A facet value for the reader: translated where it is a word of ours, a county in the reader's script."""
    if value in LABELS:
        return str(LABELS[value])
    if name == "county":
        found = resolve(value)
        return found[0].label(language) if found else value
    if name == "type":
        return str(FAMILY_LABELS.get(value, value))
    return value


FAMILY_LABELS = {
    "image": gettext_lazy("images"),
    "pdf": gettext_lazy("PDF files"),
    "document": gettext_lazy("documents"),
    "spreadsheet": gettext_lazy("spreadsheets"),
    "text": gettext_lazy("text files"),
    "archive": gettext_lazy("archives"),
}


def problems(results: Results | None) -> list[str]:
    """What of the query could not be read, in the reader's language."""
    return [str(PROBLEMS[p]) for p in (results.problems if results else ()) if p in PROBLEMS]


def plain(snippet: str) -> str:
    """A snippet's HTML as text: the marks dropped, the entities read."""
    return html.unescape(_MARK.sub("", snippet))


def export_rows(request: HttpRequest, search: Search) -> tuple[list[dict[str, Any]], int] | None:
    """The hits of the search for an export, masked as the page shows them, and the total found; None when the
    client is over its search limits (each page of results taken counts one search)."""
    hits: list[Hit] = []
    total = 0
    for offset in range(0, EXPORT_MAX, archive_search.MAX_LIMIT):
        if not search_allowed(request):
            return None if offset == 0 else ([_exported(request, h, search.query) for h in hits], total)
        found = run(
            request,
            Search(search.query, search.kind, search.collection, dict(search.chosen)),
            limit=archive_search.MAX_LIMIT,
            offset=offset,
        )
        if found.results is None:
            break
        total = found.results.total
        hits += found.results.hits
        if offset + archive_search.MAX_LIMIT >= total:
            break
    return [_exported(request, h, search.query) for h in hits[:EXPORT_MAX]], total


def _exported(request: HttpRequest, hit: Hit, query: str) -> dict[str, Any]:
    return {
        "collection": hit.collection,
        "name": hit.name,
        "locator": hit.locator,
        "media_type": hit.media_type,
        "label": hit.label,
        "sheet": hit.sheet,
        "rows": hit.rows,
        "page": hit.page,
        "snippet": plain(hit.snippet),
        "explanation": hit.explanation,
        "address": request.build_absolute_uri(viewer_address(hit, query)),
    }


def export(request: HttpRequest, form: str) -> HttpResponse:
    """/search/export.csv and .json: the search's hits as the page shows them to this viewer."""
    search = asked(request.GET)
    if not search.query:
        return HttpResponse(_("Give a search to export."), status=400, content_type="text/plain; charset=utf-8")
    exported = export_rows(request, search)
    if exported is None:
        refused = _("Too many searches from your connection: wait a minute and try again.")
        return HttpResponse(refused, status=429, content_type="text/plain; charset=utf-8", headers={"Retry-After": "60"})
    rows, total = exported
    if form == "json":
        body = json.dumps(
            {"query": search.query, "total": total, "exported": len(rows), "cap": EXPORT_MAX, "hits": rows},
            ensure_ascii=False,
            indent=1,
        )
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
    else:
        out = io.StringIO()
        columns = [
            "collection",
            "name",
            "locator",
            "media_type",
            "label",
            "sheet",
            "rows",
            "page",
            "snippet",
            "explanation",
            "address",
        ]
        writer = csv.DictWriter(out, columns)
        writer.writeheader()
        for row in rows:
            writer.writerow({k: _cell(v) for k, v in row.items()})
        response = HttpResponse("\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="adalet-search.{form}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _cell(value: Any) -> str:
    """A CSV cell: rows joined by spaces, and a text a spreadsheet would run as a formula quoted with '."""
    text = " ".join(map(str, value)) if isinstance(value, list) else "" if value in (None, 0) else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def next_page(params: QueryDict, page: int) -> str:
    """The address's query string for the next page of the same search."""
    following = params.copy()
    following["page"] = str(page + 1)
    return following.urlencode()


@require_safe
def export_csv(request: HttpRequest) -> HttpResponse:
    return export(request, "csv")


@require_safe
def export_json(request: HttpRequest) -> HttpResponse:
    return export(request, "json")
