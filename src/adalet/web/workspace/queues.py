"""A collection's review queues: verification findings (a real problem, or a false alarm with a note) and photo
links (confirm or reject, with the evidence: the file name, the cell the link rests on, the score and why), each
cell a link to its row in the document viewer. Both narrow and decide in bulk (workspace.bulk).

Anyone who can open the collection sees its queues; researchers and above there decide. Resident ID numbers are
shown to those who decide (each such view goes on the custody log, as staff views of search results do) and masked
for everyone else.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from adalet.archive import custody, reading
from adalet.archive.models import Item
from adalet.lib.privacy import mask_for_viewer
from adalet.lib.roles import Role
from adalet.people import review as link_review
from adalet.people.models import LinkStatus, PhotoLink
from adalet.routes import path_with
from adalet.verify import review as finding_review
from adalet.verify.models import Decision, FindingRecord, SignOff
from adalet.verify.runner import SignOffError, sign_off
from adalet.web.privacy import photo_collection_ids
from adalet.web.workspace import bulk, finding_words
from adalet.web.workspace.access import (
    actor,
    answer_decision,
    at_least,
    open_collection,
    status_filter,
    workspace_view,
)

PER_PAGE = 25  # a page a reviewer can take in, and decide at once with "all shown"
LINK_FILTERS = ("proposed", "confirmed", "rejected", "all")
FINDING_FILTERS = ("pending", "decided")


def _shown(request: HttpRequest, value: Any, show_ids: bool) -> Any:
    return value if show_ids else mask_for_viewer(request, value)


def _record_view(request: HttpRequest, collection: Any, queue: str, locators: list[str]) -> None:
    """A reviewer saw unmasked ID numbers: that view of personal data goes on the custody log."""
    if locators:
        custody.append("view-personal-data", actor=actor(request), subject=f"workspace: {collection.name} {queue}"[:500],
                       detail={"via": request.path, "items": sorted(set(locators))})


def _decidable(request: HttpRequest, name: str, find: Callable[[Any], Any], missing: str) -> tuple[Any, Any]:
    """The collection and the item a researcher decides on: 404 when either is not there for this user (before
    any question of role), 403 below researcher."""
    collection, role = open_collection(request, name)
    found = find(collection)
    if found is None:
        raise Http404(missing)
    if not at_least(role, Role.RESEARCHER):
        raise PermissionDenied
    return collection, found


class RowLinks:
    """The viewer's address of a cell's row (/items/ID/#sheet-S-row-R): each item and its sheets read once a page."""

    def __init__(self, collection: Any) -> None:
        self.collection = collection
        self.items: dict[str, int | None] = {}
        self.sheets: dict[int, list[str]] = {}

    def href(self, record: dict[str, Any] | None) -> str:
        locator = (record or {}).get("item") or ""
        if not locator:
            return ""
        if locator not in self.items:
            self.items[locator] = Item.objects.filter(collection=self.collection, locator=locator).values_list(
                "pk", flat=True).first()
        item_id = self.items[locator]
        if item_id is None:
            return ""
        address = path_with("item", item_id)
        row = (record or {}).get("row")
        if not row:
            return address
        if item_id not in self.sheets:
            table = reading.table(item_id) or {}
            self.sheets[item_id] = [str(sheet.get("name") or "") for sheet in table.get("sheets") or []]
        sheet = str((record or {}).get("sheet") or "")
        index = self.sheets[item_id].index(sheet) + 1 if sheet in self.sheets[item_id] else 1
        return f"{address}#sheet-{index}-row-{row}"


def cell_text(record: dict[str, Any] | None) -> str:
    """Where a record's fact stands, in words: file, sheet, row and column."""
    if not record:
        return ""
    parts = [record.get("item") or ""]
    if record.get("sheet"):
        parts.append(_("sheet %(sheet)s") % {"sheet": record["sheet"]})
    if record.get("row"):
        parts.append(_("row %(row)s") % {"row": record["row"]})
    if record.get("column"):
        parts.append(_("column %(column)s") % {"column": record["column"]})
    return ", ".join(p for p in parts if p)


# Photo links ---------------------------------------------------------------------------------------------------


def link_row(request: HttpRequest, link: PhotoLink, show_ids: bool, show_photo: bool, rows: RowLinks) -> dict[str, Any]:
    evidence = link.evidence or {}
    explanation = evidence.get("explanation") or []
    return {
        "id": link.pk,
        "status": link.status,
        "proposed": link.status == LinkStatus.PROPOSED,
        "reviewed_by": link.reviewed_by,
        "reviewed_at": link.reviewed_at,
        "photo_id": link.photo_id if show_photo else None,
        "file_name": _shown(request, evidence.get("file_name") or link.photo.name, show_ids),
        "locator": _shown(request, link.photo.locator, show_ids),
        "person": link.person.name,
        "id_number": _shown(request, link.person.id_number, show_ids),
        "birth_date": link.person.birth_date,
        "method": link.method,
        "score": round(link.score, 3),
        "cell": _shown(request, cell_text(evidence.get("record")), show_ids),
        "cell_href": rows.href(evidence.get("record")),
        "explanation": explanation if isinstance(explanation, list) else [str(explanation)],
    }


@workspace_view
def photo_links(request: HttpRequest, name: str) -> HttpResponse:
    collection, role = open_collection(request, name)
    wanted = status_filter(request, LINK_FILTERS)
    methods = link_review.methods(collection)
    narrowing = bulk.link_narrowing(request, wanted, methods)
    found = link_review.narrowed(link_review.links(collection, None if wanted == "all" else wanted), narrowing.method,
                                 narrowing.min_score, narrowing.max_score)
    page = Paginator(found, PER_PAGE).get_page(request.GET.get("page"))
    show_ids = at_least(role, Role.RESEARCHER)
    show_photo = collection.pk in photo_collection_ids(request)
    row_links = RowLinks(collection)
    rows = [link_row(request, link, show_ids, show_photo, row_links) for link in page.object_list]
    if show_ids:
        _record_view(request, collection, "photo links", [link.photo.locator for link in page.object_list])
    context = {"collection": collection, "role": role, "can_decide": show_ids, "rows": rows, "page": page,
               "filter": wanted, "filters": LINK_FILTERS, "narrowing": narrowing, "methods": methods,
               "page_query": narrowing.query, "shown": [row["id"] for row in rows if row["proposed"]]}
    return render(request, "web/workspace/photo_links.html", context)


@workspace_view
@require_POST
def decide_photo_link(request: HttpRequest, name: str, link_id: int) -> HttpResponse:
    collection, found = _decidable(request, name, lambda c: link_review.link(c, link_id), "no such photo link")
    decision = request.POST.get("decision", "")
    error = ""
    try:
        found = link_review.review_link(found.pk, decision, actor(request), request.POST.get("note", "").strip()[:2000])
    except link_review.ReviewError as problem:
        error = str(problem)
        found.refresh_from_db()
    show_photo = collection.pk in photo_collection_ids(request)
    context = {"collection": collection, "can_decide": True, "row": link_row(request, found, True, show_photo, RowLinks(collection))}
    done = _("Photo link confirmed.") if decision == LinkStatus.CONFIRMED else _("Photo link rejected.")
    return answer_decision(request, "web/workspace/_photo_link.html", context,
                           reverse("workspace:photo-links", args=[collection.name]), error=error, done=done)


# Verification findings -----------------------------------------------------------------------------------------


def finding_row(request: HttpRequest, finding: FindingRecord, signoff: SignOff | None, show_ids: bool,
                rows: RowLinks) -> dict[str, Any]:
    settled = signoff is not None and signoff.decision in finding_review.SETTLED
    place = {"item": finding.item, "sheet": finding.sheet, "row": finding.row}
    english = _shown(request, finding.message, show_ids)
    message = finding_words.message(finding.evidence, finding.message, lambda value: _shown(request, value, show_ids))
    return {
        "key": finding.key,
        "severity": finding.severity,
        "check": finding.check_name,
        "message": message,
        "translated": message != english,  # in the reader's language, mixing scripts: each run marked
        "cell": _shown(request, cell_text(place), show_ids),
        "cell_href": rows.href(place),
        "id_number": _shown(request, finding.id_number, show_ids),
        "evidence": finding_words.evidence_rows(finding.evidence, lambda value: _shown(request, value, show_ids)),
        "pending": not settled,
        "signoff": signoff,
        "signoff_note": _shown(request, signoff.note, show_ids) if signoff and signoff.note else "",
    }


@workspace_view
def findings(request: HttpRequest, name: str) -> HttpResponse:
    collection, role = open_collection(request, name)
    wanted = status_filter(request, FINDING_FILTERS)
    checks = finding_review.check_names(collection)
    narrowing = bulk.finding_narrowing(request, wanted, checks)
    found = finding_review.pending_findings(collection) if wanted == "pending" else finding_review.decided_findings(collection)
    found = finding_review.narrowed(found, narrowing.check, narrowing.severity)
    page = Paginator(found, PER_PAGE).get_page(request.GET.get("page"))
    show_ids = at_least(role, Role.RESEARCHER)
    signoffs = finding_review.latest_signoffs(collection)
    row_links = RowLinks(collection)
    rows = [finding_row(request, f, signoffs.get(f.key), show_ids, row_links) for f in page.object_list]
    if show_ids:
        _record_view(request, collection, "findings", [f.item for f in page.object_list if f.id_number])
    context = {"collection": collection, "role": role, "can_decide": show_ids, "rows": rows, "page": page,
               "filter": wanted, "filters": FINDING_FILTERS, "verified": finding_review.latest_run(collection) is not None,
               "narrowing": narrowing, "checks": checks, "severities": bulk.SEVERITIES, "page_query": narrowing.query,
               "shown": [row["key"] for row in rows if row["pending"]]}
    return render(request, "web/workspace/findings.html", context)


@workspace_view
@require_POST
def decide_finding(request: HttpRequest, name: str, key: str) -> HttpResponse:
    collection, found = _decidable(request, name, lambda c: finding_review.finding(c, key), "no such finding")
    decision = request.POST.get("decision", "")
    error = ""
    before = finding_review.latest_signoffs(collection).get(key)
    if before is not None and before.decision in finding_review.SETTLED:
        error = _("This finding was already signed off by %(reviewer)s.") % {"reviewer": before.reviewer}
    elif decision not in (Decision.CONFIRMED, Decision.DISMISSED):
        error = _("Choose: a real problem, or a false alarm.")
    else:
        try:
            sign_off(collection.name, [key], decision, actor(request), request.POST.get("note", "").strip()[:2000])
        except SignOffError as problem:
            error = _("A false alarm needs a note saying why.") if "needs a note" in str(problem) else str(problem)
    signoff = finding_review.latest_signoffs(collection).get(key)
    context = {"collection": collection, "can_decide": True, "row": finding_row(request, found, signoff, True, RowLinks(collection))}
    done = _("Finding signed off as a real problem.") if decision == Decision.CONFIRMED else _(
        "Finding signed off as a false alarm.")
    return answer_decision(request, "web/workspace/_finding.html", context,
                           reverse("workspace:findings", args=[collection.name]), error=error, done=done)
