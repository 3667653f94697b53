"""Who was in charge, on the site: an official's counts for this viewer, and the pages of the detentions behind each
count (/officials/ID/detentions/admitted|held/?post=ID&month=YYYY-MM), paginated.

A viewer is counted only the collections they may open (`visible_collection_ids`: visitors the published ones, so a
count over an unpublished collection is never shown to them) and, unless they decide on them (`sees_withheld`), not
the rows of items withheld until published. A count and its rows come from the same selection, so a link leads to
exactly the rows counted. Rows are shown as the site shows records: facility, status and source masked
(`mask_for_viewer`: ID numbers, other personal numbers and house addresses), no ID number or address column at all,
and the person's name only to researchers and above (masked of personal numbers unless staff); visitors never see a
name.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode

from adalet.lib.pagecache import public_page
from adalet.lib.paging import page_number
from adalet.lib.privacy import mask_for_viewer
from adalet.people.officials import OfficialError, official
from adalet.people.responsibility import PostCount, Responsibility, ResponsibilityError
from adalet.sanctions.ranking import count
from adalet.web import timeline
from adalet.web.privacy import sees_withheld, visible_collection_ids

PER_PAGE = 50
WHICH = ("admitted", "held")
ROW_FIELDS = ("pk", "person__name", "facility__name", "admitted", "released", "status", "source__item_id",
              "source__item__locator", "source__sheet", "source__row", "source__item__sha256")


def viewer_scope(request: HttpRequest) -> tuple[list[int], bool]:
    """The collections counted for this viewer, and whether withheld rows are left out."""
    return visible_collection_ids(request), not sees_withheld(request)


def counted_for(request: HttpRequest, person: Any) -> Responsibility:
    collections, hide_withheld = viewer_scope(request)
    return count(person, collections, hide_withheld=hide_withheld)


def rows_link(official_id: int, which: str, *, post: int | None = None, month: str | None = None) -> str:
    query = {k: v for k, v in (("post", post), ("month", month)) if v is not None}
    address = reverse("official-detentions", args=[official_id, which])
    return f"{address}?{urlencode(query)}" if query else address


def official_context(request: HttpRequest, person: Any) -> dict[str, Any]:
    """The responsibility part of an official's page: per post and in total, the timeline, or why nothing is counted."""
    if not person.positions.exists():
        return {"responsibility": None}
    try:
        result = counted_for(request, person)
    except ResponsibilityError as error:
        return {"responsibility": {"problem": str(error)}}
    posts = [{"count": p, "admitted_link": rows_link(person.pk, "admitted", post=p.post.pk),
              "held_link": rows_link(person.pk, "held", post=p.post.pk)} for p in result.posts]
    months = timeline.months_of(result)
    drawing = timeline.drawing(result, months) if months else None
    if drawing:
        for column in drawing["columns"]:
            column["admitted_link"] = rows_link(person.pk, "admitted", month=column["month"])
            column["held_link"] = rows_link(person.pk, "held", month=column["month"])
    return {"responsibility": {
        "posts": posts, "admitted": result.admitted, "held": result.held, "timeline": drawing,
        "admitted_link": rows_link(person.pk, "admitted"), "held_link": rows_link(person.pk, "held"),
    }}


def _post(result: Responsibility, raw: str | None) -> PostCount | None:
    if raw is None:
        return None
    found = next((p for p in result.posts if str(p.post.pk) == raw.strip()), None)
    if found is None:
        raise Http404("no such post")
    return found


@public_page
def official_detentions(request: HttpRequest, official_id: int, which: str) -> HttpResponse:
    if which not in WHICH:
        raise Http404("no such count")
    try:
        person = official(str(official_id))
        result = counted_for(request, person)
    except (OfficialError, ResponsibilityError):
        raise Http404("no such count") from None
    post = _post(result, request.GET.get("post"))
    raw_month = request.GET.get("month")
    if raw_month is not None and post is not None:
        raise Http404("a month's count is of every post")
    if raw_month is not None:
        month = timeline.parse_month(raw_month)
        if month is None:
            raise Http404("no such month")
        ids = timeline.month_ids(result, which, month)
        total = len(ids)
        last = max(1, -(-total // PER_PAGE))
        page = page_number(request.GET.get("page"), last)
        chosen = ids[(page - 1) * PER_PAGE : page * PER_PAGE]
        values = list(result.base.filter(pk__in=chosen).order_by("pk").values_list(*ROW_FIELDS))
    else:
        selected = result.counted(which, post).order_by("pk")
        total = selected.count()
        last = max(1, -(-total // PER_PAGE))
        page = page_number(request.GET.get("page"), last)
        values = list(selected.values_list(*ROW_FIELDS)[(page - 1) * PER_PAGE : page * PER_PAGE])
    names = sees_withheld(request)  # researchers and above see names (masked of numbers unless staff)
    rows = [{"detention": pk, "name": mask_for_viewer(request, name) if names else "",
             "facility": mask_for_viewer(request, facility or ""), "admitted": admitted, "released": released,
             "status": mask_for_viewer(request, status), "item": item,
             "locator": mask_for_viewer(request, locator or ""), "sheet": mask_for_viewer(request, sheet or ""),
             "row": row, "sha256": sha}
            for pk, name, facility, admitted, released, status, item, locator, sheet, row, sha in values]
    base = rows_link(person.pk, which, post=post.post.pk if post else None, month=raw_month)
    joiner = "&" if "?" in base else "?"
    context = {"official": person, "which": which, "post": post.post if post else None, "month": raw_month,
               "total": total, "rows": rows, "names": names, "page": page, "last": last,
               "previous": f"{base}{joiner}page={page - 1}" if page > 1 else None,
               "next": f"{base}{joiner}page={page + 1}" if page < last else None}
    return render(request, "web/official_detentions.html", context)
