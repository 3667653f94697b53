"""Public site views: the collections and full-text search, limited to what the visitor may see."""

from __future__ import annotations

from django.db.models import Count, Q, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from adalet.archive import search as archive_search
from adalet.archive.mediatypes import FAMILIES
from adalet.archive.models import Collection
from adalet.web.privacy import results_for_viewer, visible_collection_ids

PAGE = 20


def home(request: HttpRequest) -> HttpResponse:
    collections = (
        Collection.objects.filter(id__in=visible_collection_ids(request))
        # Size counts what was handed in: members of archives are inside their parents' bytes already.
        .annotate(n_items=Count("items"), n_bytes=Sum("items__size", filter=Q(items__parent__isnull=True)))
        .order_by("name")
    )
    return render(request, "web/home.html", {"collections": collections})


def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:500]
    kind = request.GET.get("type", "")
    kind = kind if kind in FAMILIES else ""
    try:
        page = max(1, int(request.GET.get("page", "1")))
    except ValueError:
        page = 1
    collection_ids = visible_collection_ids(request)
    if request.GET.get("collection"):
        collection_ids = list(
            Collection.objects.filter(id__in=collection_ids, name=request.GET["collection"]).values_list("id", flat=True)
        )
    results = None
    if query:
        results = archive_search.search(
            query, collection_ids=collection_ids, kind=kind or None, limit=PAGE, offset=(page - 1) * PAGE
        )
        results = results_for_viewer(request, query, results)
    context = {
        "query": query,
        "kind": kind,
        "kinds": list(FAMILIES),
        "collection": request.GET.get("collection", ""),
        "results": results,
        "page": page,
        "has_next": bool(results and results.total > page * PAGE),
    }
    return render(request, "web/search.html", context)
