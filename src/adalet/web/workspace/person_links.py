"""The queue of cross-collection person links (/workspace/person-links/): the same person in two collections, as
`adalet xref people` proposes it (equal ID numbers, or name and birth date), each with its score and the cells it
rests on; confirm or reject it with a note, as photo links are decided.

A link is listed, and decided, only by those who may open both records' person pages (researcher or above in both
collections, adalet.web.person_pages); for anyone else it does not exist (404). ID numbers are masked as
everywhere except for staff.
"""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from adalet.lib.privacy import mask_for_viewer
from adalet.lib.roles import Role
from adalet.people import personlinks
from adalet.people.models import LinkStatus, PersonLink
from adalet.routes import path_with
from adalet.web.roles import collection_role
from adalet.web.workspace.access import actor, answer_decision, at_least, openable_collections, status_filter, workspace_view
from adalet.web.workspace.queues import cell_text

PER_PAGE = 50
FILTERS = ("proposed", "confirmed", "rejected", "all")


def _decidable_collections(request: HttpRequest) -> list[int]:
    return [c.pk for c in openable_collections(request) if at_least(collection_role(request.user, c), Role.RESEARCHER)]


def _visible(request: HttpRequest) -> Any:
    ids = _decidable_collections(request)
    return PersonLink.objects.filter(Q(first__collection_id__in=ids) & Q(second__collection_id__in=ids))


def link_row(request: HttpRequest, link: PersonLink) -> dict[str, Any]:
    evidence = link.evidence or {}
    records = evidence.get("records") or [{}, {}]
    sides = []
    for person, record in zip((link.first, link.second), records, strict=False):
        sides.append(
            {
                "person": person.pk,
                "href": path_with("person", person.pk),
                "name": person.name,
                "collection": person.collection.title or person.collection.name if person.collection else "",
                "id_number": mask_for_viewer(request, person.id_number),
                "birth_date": person.birth_date,
                "cell": mask_for_viewer(request, cell_text(record)),
            }
        )
    explanation = evidence.get("explanation") or []
    return {
        "id": link.pk,
        "status": link.status,
        "proposed": link.status == LinkStatus.PROPOSED,
        "method": link.method,
        "score": round(link.score, 3),
        "sides": sides,
        "reviewed_by": link.reviewed_by,
        "reviewed_at": link.reviewed_at,
        "explanation": mask_for_viewer(request, explanation if isinstance(explanation, list) else [str(explanation)]),
    }


@workspace_view
def queue(request: HttpRequest) -> HttpResponse:
    wanted = status_filter(request, FILTERS)
    found = _visible(request).select_related("first__collection", "second__collection")
    if wanted != "all":
        found = found.filter(status=wanted)
    page = Paginator(found.order_by("-score", "pk"), PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "rows": [link_row(request, link) for link in page.object_list],
        "page": page,
        "filter": wanted,
        "filters": FILTERS,
        "can_decide": True,
    }
    return render(request, "web/workspace/person_links.html", context)


@workspace_view
@require_POST
def decide(request: HttpRequest, link_id: int) -> HttpResponse:
    found = _visible(request).select_related("first__collection", "second__collection").filter(pk=link_id).first()
    if found is None:
        raise Http404("no such person link")
    decision = request.POST.get("decision", "")
    error = ""
    try:
        found = personlinks.review_link(found.pk, decision, actor(request), request.POST.get("note", "").strip()[:2000])
    except personlinks.ReviewError as problem:
        error = str(problem)
        found.refresh_from_db()
    back = reverse("workspace:person-links")
    wanted = request.POST.get("next", "")
    if wanted.startswith("/") and url_has_allowed_host_and_scheme(wanted, allowed_hosts=None):
        back = wanted  # the person page it was decided on
    done = _("Link confirmed.") if decision == LinkStatus.CONFIRMED else _("Link rejected.")
    return answer_decision(
        request,
        "web/workspace/_person_link.html",
        {"can_decide": True, "row": link_row(request, found)},
        back,
        error=error,
        done=done,
    )
