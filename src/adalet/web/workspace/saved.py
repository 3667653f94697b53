"""Saved searches with alerts (/workspace/searches/): a signed-in user keeps a search, and the workspace tells them
when items that arrived since they last looked (a new ingest, an upload) match it.

New matches are found when the page (or the dashboard's notice) is read, not at ingest: the search is run again
over the items newer than the one the user last saw (`SavedSearch.seen_item`) among those they may open now, with
their visibility and masking (web.search_pages.run), so an alert never shows what the user's search page would not.
"Seen" moves the mark to the newest item. At most MAX_SAVED searches a user, MAX_NEW_ITEMS newest items looked at.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.db.models import Max
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from adalet.archive.mediatypes import FAMILIES
from adalet.archive.models import Item
from adalet.web.models import SavedSearch
from adalet.web.privacy import sees_withheld, visible_collection_ids
from adalet.web.search_pages import Search, run, viewer_address
from adalet.web.workspace.access import workspace_view

MAX_SAVED = 20
MAX_NEW_ITEMS = 5000
SHOWN = 5  # new matches listed per saved search


def newest_item() -> int:
    return int(Item.objects.aggregate(newest=Max("pk"))["newest"] or 0)


def new_matches(request: HttpRequest, saved: SavedSearch, limit: int = SHOWN, *, after: int | None = None,
                upto: int | None = None) -> tuple[int, list[Any]]:
    """How many items newer than the saved search's mark (or *after*, and not newer than *upto* when given: an
    alert's marks, web.alerts) it finds among those the user may open, and the first *limit*."""
    items = Item.objects.filter(pk__gt=saved.seen_item if after is None else after,
                                collection_id__in=visible_collection_ids(request))
    if upto is not None:
        items = items.filter(pk__lte=upto)
    if not sees_withheld(request):
        items = items.exclude(withheld=True)
    ids = list(items.order_by("-pk").values_list("pk", flat=True)[:MAX_NEW_ITEMS])
    if not ids:
        return 0, []
    search = Search(query=saved.query, kind=saved.kind, collection=saved.collection)
    results = run(request, search, limit=limit, offset=0, item_ids=ids).results
    if results is None:
        return 0, []
    return results.total, [(hit, viewer_address(hit, saved.query)) for hit in results.hits]


def alerts(request: HttpRequest) -> int:
    """New matches of all the user's saved searches (the dashboard's notice)."""
    if not request.user.is_authenticated:
        return 0
    return sum(new_matches(request, saved, limit=1)[0] for saved in request.user.saved_searches.all()[:MAX_SAVED])


@workspace_view
@require_http_methods(["GET", "POST"])
def searches(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        return _act(request)
    rows = []
    for saved in request.user.saved_searches.order_by("-created_at"):  # type: ignore[union-attr]
        total, hits = new_matches(request, saved)
        rows.append({"saved": saved, "new": total, "hits": hits})
    return render(request, "web/workspace/saved_searches.html", {"rows": rows, "limit": MAX_SAVED})


def _act(request: HttpRequest) -> HttpResponse:
    action = request.POST.get("action", "")
    mine = request.user.saved_searches  # type: ignore[union-attr]
    if action == "save":
        query = request.POST.get("q", "").strip()[:500]
        kind = request.POST.get("type", "")
        if not query:
            messages.error(request, _("Give a search to save."))
        elif mine.count() >= MAX_SAVED and not mine.filter(query=query).exists():
            messages.error(request, _("You keep the most saved searches there may be: remove one first."))
        else:
            mine.update_or_create(
                query=query,
                kind=kind if kind in FAMILIES else "",
                collection=request.POST.get("collection", "")[:200],
                defaults={"seen_item": newest_item()},
            )
            messages.success(request, _("Search saved: new matches will show in your workspace."))
        return redirect("workspace:saved-searches")
    try:
        saved = mine.get(pk=int(request.POST.get("id", "")))
    except (ValueError, SavedSearch.DoesNotExist):
        raise Http404("no such saved search") from None  # another user's is the same as none
    if action == "seen":
        saved.seen_item = newest_item()
        saved.save(update_fields=["seen_item"])
    elif action == "remove":
        saved.delete()
    return redirect("workspace:saved-searches")
