"""The queue of families' requests (/workspace/family-requests/): what families abroad sent from a record's "what
next" page ("this is my relative", what they know, a correction, a removal), newest first, narrowed by kind and
status, each with its language, the record it is about (a link to the person page; nothing of a record the reader
may not open) and its age; each request's own page shows the requester's words and contact and takes the answer (web.family_answers):
a status with a note to the team, and for a removal request about a record, withholding the record's file.

A request holds a requester's name and contact and names a detainee: moderators and staff (a group role) see and
answer them; anyone else, researchers included, gets the same 404 as for a request that does not exist. Opening a
request is a view of personal data, on the custody log. The pages are never kept by the page cache (they need a
session) nor by the browser (Cache-Control: private, no-store).
"""

from __future__ import annotations

from functools import wraps
from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from adalet.archive import custody
from adalet.lib.privacy import mask_for_viewer
from adalet.routes import path_with
from adalet.web import family_answers
from adalet.web.models import RelativeRequest
from adalet.web.person_pages import openable_ids
from adalet.web.workspace.access import View, actor, answer_decision, can_moderate, workspace_view

PER_PAGE = 50
STATUS_FILTERS = (*family_answers.STATUSES, "all")
KIND_FILTERS = ("all", *RelativeRequest.Kind.values)
KIND_NAMES: dict[str, Any] = {  # translated lazily, keyed by the stored value
    RelativeRequest.Kind.RELATIVE: gettext_lazy("This is my relative"),
    RelativeRequest.Kind.INFORMATION: gettext_lazy("Information about a person"),
    RelativeRequest.Kind.CORRECTION: gettext_lazy("A correction"),
    RelativeRequest.Kind.REMOVAL: gettext_lazy("A removal"),
}
STATUS_NAMES: dict[str, Any] = {
    RelativeRequest.Status.OPEN: gettext_lazy("open"),
    RelativeRequest.Status.IN_PROGRESS: gettext_lazy("in progress"),
    RelativeRequest.Status.DONE: gettext_lazy("done"),
    RelativeRequest.Status.DECLINED: gettext_lazy("declined"),
}


def for_moderators(view: View) -> View:
    """A workspace view answering 404 to anyone who may not see families' requests: visitors (no sign-in page
    either) and a session awaiting its second factor (a visitor until it gives one, adalet.web.secondfactor)
    included, so not even the queue's existence is shown to them."""
    in_workspace = workspace_view(view)

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not can_moderate(request):
            raise Http404("no such request")
        return in_workspace(request, *args, **kwargs)

    return wrapped


def open_count(request: HttpRequest) -> int | None:
    """Open requests, for the dashboard; None for those who may not see them."""
    return RelativeRequest.objects.filter(status=RelativeRequest.Status.OPEN).count() if can_moderate(request) else None


def _choice(request: HttpRequest, name: str, choices: tuple[str, ...]) -> str:
    wanted = request.GET.get(name, choices[0])
    return wanted if wanted in choices else choices[0]


def request_row(found: RelativeRequest, openable: set[int]) -> dict[str, Any]:
    person = found.person
    opens = person is not None and person.pk in openable  # else the record's name and collection are not shown
    return {
        "id": found.pk,
        "kind": found.kind,
        "kind_name": KIND_NAMES.get(found.kind, found.kind),
        "status": found.status,
        "status_name": STATUS_NAMES.get(found.status, found.status),
        "language": found.language,
        "received_at": found.received_at,
        "record": person.name if person and opens else "",
        "record_closed": person is not None and not opens,
        "record_href": path_with("person", person.pk) if person and opens else "",
        "collection": (person.collection.title or person.collection.name) if person and opens and person.collection else "",
        "answered_by": found.answered_by,
        "answered_at": found.answered_at,
    }


@never_cache
@for_moderators
def queue(request: HttpRequest) -> HttpResponse:
    status, kind = _choice(request, "status", STATUS_FILTERS), _choice(request, "kind", KIND_FILTERS)
    found = RelativeRequest.objects.select_related("person__collection").order_by("-received_at", "-pk")
    if status != "all":
        found = found.filter(status=status)
    if kind != "all":
        found = found.filter(kind=kind)
    page = Paginator(found, PER_PAGE).get_page(request.GET.get("page"))
    requests = list(page.object_list)
    openable = openable_ids(request, [r.person_id for r in requests if r.person_id])
    context = {
        "rows": [request_row(r, openable) for r in requests],
        "page": page,
        "status": status,
        "kind": kind,
        "statuses": [(name, STATUS_NAMES.get(name, _("all"))) for name in STATUS_FILTERS],
        "kinds": [(name, KIND_NAMES.get(name, _("all"))) for name in KIND_FILTERS],
        "page_query": f"status={status}&kind={kind}",
    }
    return render(request, "web/workspace/family_requests.html", context)


def _found(request_id: int) -> RelativeRequest:
    found = RelativeRequest.objects.select_related("person__collection", "person__source").filter(pk=request_id).first()
    if found is None:
        raise Http404("no such request")
    return found


def detail_context(request: HttpRequest, found: RelativeRequest) -> dict[str, Any]:
    openable = openable_ids(request, [found.person_id] if found.person_id else [])
    item = family_answers.withholdable_item(found)
    return {
        "row": request_row(found, openable),
        "request_obj": found,
        "statuses": [(name, STATUS_NAMES[name]) for name in family_answers.STATUSES],
        "can_withhold": item is not None and not item.withheld,
        "withheld": item is not None and item.withheld,
        "withheld_file": mask_for_viewer(request, item.name) if item is not None else "",
    }


@never_cache
@for_moderators
def detail(request: HttpRequest, request_id: int) -> HttpResponse:
    found = _found(request_id)
    custody.append("view-personal-data", actor=actor(request), subject=f"relative request {found.pk}",
                   detail={"via": request.path, "request": found.pk})
    return render(request, "web/workspace/family_request.html", detail_context(request, found))


@never_cache
@for_moderators
@require_POST
def decide(request: HttpRequest, request_id: int) -> HttpResponse:
    found = _found(request_id)  # 404 for a request that does not exist
    action = request.POST.get("action", "answer")
    error, done = "", ""
    try:
        if action == "withhold":
            item = family_answers.withhold_record(found.pk, actor(request))
            file_name = mask_for_viewer(request, item.name)
            done = _("The file %(file)s is withheld: visitors no longer see this record.") % {"file": file_name}
        else:
            family_answers.answer(found.pk, request.POST.get("status", ""), request.POST.get("note", ""), actor(request))
            done = _("Answer recorded.")
    except family_answers.AnswerError:
        if action == "withhold":
            error = _("Only a removal request about a record read from a file can withhold it, once.")
        else:
            error = _("Choose a status: open, in progress, done or declined.")
    back = reverse("workspace:family-request", args=[found.pk])
    return answer_decision(request, "web/workspace/_family_request_answer.html",
                           detail_context(request, _found(found.pk)), back, error=error, done=done)
