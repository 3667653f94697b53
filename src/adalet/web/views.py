"""Public site views: the collections, full-text search and relative search, limited to what the visitor may see.

Search pages are numbered 1 to LAST_PAGE: any other ``?page=`` shows the nearest of them (lib.paging).
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from adalet.archive.mediatypes import FAMILIES
from adalet.archive.models import Collection
from adalet.lib.pagecache import public_page
from adalet.lib.paging import page_number
from adalet.people.namekeys import NameIndexMissing
from adalet.web import person_pages
from adalet.web.forms import RelativeSearchForm
from adalet.web.privacy import visible_collection_ids
from adalet.web.ratelimit import allow, client_hash, search_allowed
from adalet.web.relatives import county_choices, find_relatives, record_search
from adalet.web.search_pages import asked, facet_groups, next_page, problems, run, viewer_address

PAGE = 20
LAST_PAGE = 500  # 10,000 results: deeper pages are for the API with a researcher's token and the command line
RELATIVE_SEARCHES_PER_MINUTE = 10


@public_page
def home(request: HttpRequest) -> HttpResponse:
    collections = (
        Collection.objects.filter(id__in=visible_collection_ids(request))
        # Size counts what was handed in: members of archives are inside their parents' bytes already.
        .annotate(n_items=Count("items"), n_bytes=Sum("items__size", filter=Q(items__parent__isnull=True)))
        .order_by("name")
    )
    return render(request, "web/home.html", {"collections": collections})


@public_page
def search(request: HttpRequest) -> HttpResponse:
    wanted = asked(request.GET)
    query, kind = wanted.query, wanted.kind
    page = page_number(request.GET.get("page"), LAST_PAGE)
    if query and not search_allowed(request):
        refused = _("Too many searches from your connection: wait a minute and try again.")
        return render(request, "web/search.html", {"query": query, "kinds": list(FAMILIES), "refused": refused}, status=429)
    results = run(request, wanted, limit=PAGE, offset=(page - 1) * PAGE).results
    context = {
        "query": query,
        "kind": kind,
        "kinds": list(FAMILIES),
        "collection": wanted.collection,
        "chosen": wanted.chosen,
        "results": results,
        "problems": problems(results),
        "facets": facet_groups(wanted, request.GET),
        "facets_partial": bool(wanted.facets and wanted.facets.partial),
        "export_query": request.GET.urlencode() if query else "",
        # each hit with its viewer's address at its row or page (one reversal joined, not one {% url %} per hit)
        "hits": [
            (hit, viewer_address(hit, query), people)
            for hit, people in zip(results.hits, person_pages.people_of_hits(request, results.hits), strict=True)
        ]
        if results
        else [],  # with the people of its rows whose page the reader may open
        "page": page,
        "next_query": next_page(request.GET, page),
        "has_next": bool(results and results.total > page * PAGE and page < LAST_PAGE),
    }
    return render(request, "web/search.html", context)


def relatives(request: HttpRequest) -> HttpResponse:
    """Find a relative (POST, so names stay out of addresses and logs). The custody log gets that a search happened,
    the number of cards and the query's keyed hash: never the name, year or county asked."""
    form = RelativeSearchForm(request.POST if request.method == "POST" else None)
    language = get_language() or "en"
    context: dict[str, object] = {"form": form, "cards": None, "known_counties": county_choices(language)}
    if request.method == "POST":
        client = client_hash(request)
        if not allow("relative-search", client, limit=RELATIVE_SEARCHES_PER_MINUTE, per=dt.timedelta(minutes=1)):
            context["refused"] = _("Too many searches from your connection: wait a minute and try again.")
            return render(request, "web/relatives.html", context, status=429)
        if form.is_valid():
            query = form.cleaned_data
            try:
                cards = find_relatives(query["name"], query["birth_year"], query["county"], around=query["around"])
            except NameIndexMissing:  # never "no relatives" for want of the index: say the search is unavailable
                context["refused"] = _("The search is unavailable while its index is rebuilt: try again later.")
                return render(request, "web/relatives.html", context, status=503)
            record_search(
                actor=request.user.get_username() if request.user.is_authenticated else "anonymous",
                name=query["name"], birth_year=query["birth_year"], counties=query["county"], around=query["around"],
                cards=len(cards),
            )
            context["cards"] = cards
            context["person_pages"] = person_pages.openable_ids(request, [card.person_id for card in cards])
            context["searched_counties"] = " · ".join(c.label(language) for c in query["county"])
    return render(request, "web/relatives.html", context)
