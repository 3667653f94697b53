"""Review queues narrowed and decided in bulk: photo links by method and score, findings by check and severity
(an error scores a row 0, a warning 0.5), and one decision with one note on the links or findings a researcher
ticks, or on all those shown on the page.

A bulk decision is the single decision taken on each in turn (people.review.review_links,
verify.review.sign_off_pending): each gets its own custody record. Those already decided are skipped and counted,
never decided twice. The same role rule as a single decision: 404 for a collection closed to the user, 403 below
researcher; nothing outside the collection is touched whatever ids the form sends.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from adalet.lib.roles import Role
from adalet.people import review as link_review
from adalet.people.models import LinkStatus
from adalet.verify import review as finding_review
from adalet.verify.models import Decision
from adalet.verify.runner import SignOffError
from adalet.web.workspace.access import actor, at_least, open_collection, workspace_next, workspace_view

MAX_BULK = 200  # links or findings one bulk decision may take (four pages of the queue)
SEVERITIES = ("error", "warning")


def _score(text: str | None) -> float | None:
    try:
        value = float(text or "")
    except ValueError:
        return None
    return value if 0 <= value <= 1 else None


@dataclass
class Narrowing:
    """A queue's filters beside its status, from the query string; ``query`` carries them (and the status) to the
    page links and the bulk form's way back."""

    status: str
    method: str = ""
    min_score: float | None = None
    max_score: float | None = None
    check: str = ""
    severity: str = ""

    @property
    def min_text(self) -> str:  # for the form's field: never localized ("0,5" is no number to the browser)
        return "" if self.min_score is None else f"{self.min_score:g}"

    @property
    def max_text(self) -> str:
        return "" if self.max_score is None else f"{self.max_score:g}"

    @property
    def query(self) -> str:
        pairs: dict[str, Any] = {
            "status": self.status,
            "method": self.method,
            "check": self.check,
            "severity": self.severity,
            "min_score": self.min_score,
            "max_score": self.max_score,
        }
        return urlencode({k: v for k, v in pairs.items() if v not in ("", None)})


def link_narrowing(request: HttpRequest, status: str, methods: list[str]) -> Narrowing:
    method = request.GET.get("method", "")
    return Narrowing(
        status,
        method=method if method in methods else "",
        min_score=_score(request.GET.get("min_score")),
        max_score=_score(request.GET.get("max_score")),
    )


def finding_narrowing(request: HttpRequest, status: str, checks: list[str]) -> Narrowing:
    check, severity = request.GET.get("check", ""), request.GET.get("severity", "")
    return Narrowing(status, check=check if check in checks else "", severity=severity if severity in SEVERITIES else "")


def _chosen(request: HttpRequest) -> list[str]:
    """What the form ticked: every row's value when "all shown" is ticked, else the ticked rows."""
    values = request.POST.getlist("shown") if request.POST.get("all_shown") else request.POST.getlist("chosen")
    return [v for v in dict.fromkeys(values) if v][: MAX_BULK + 1]


def _researcher_collection(request: HttpRequest, name: str) -> Any:
    collection, role = open_collection(request, name)  # 404 first, as for a single decision
    if not at_least(role, Role.RESEARCHER):
        raise PermissionDenied
    return collection


def _outcome(request: HttpRequest, decided: int, skipped: int) -> None:
    if decided:
        messages.success(
            request,
            ngettext(
                "%(count)d decision recorded, on the custody log.",
                "%(count)d decisions recorded, each on the custody log.",
                decided,
            )
            % {"count": decided},
        )
    if skipped:
        messages.warning(
            request,
            ngettext(
                "%(count)d was skipped: already decided, or not in this queue.",
                "%(count)d were skipped: already decided, or not in this queue.",
                skipped,
            )
            % {"count": skipped},
        )


@workspace_view
@require_POST
def bulk_photo_links(request: HttpRequest, name: str) -> HttpResponse:
    collection = _researcher_collection(request, name)
    back = workspace_next(request, reverse("workspace:photo-links", args=[collection.name]))
    decision, chosen = request.POST.get("decision", ""), _chosen(request)
    ids = [int(v) for v in chosen if v.isdigit()]
    if decision not in (LinkStatus.CONFIRMED, LinkStatus.REJECTED):
        messages.error(request, _("Choose: confirm or reject."))
    elif not ids:
        messages.error(request, _("Tick the photo links to decide, or “all shown”."))
    elif len(chosen) > MAX_BULK:
        messages.error(request, _("Too many at once: at most %(count)d.") % {"count": MAX_BULK})
    else:
        decided, refused = link_review.review_links(
            collection, ids, decision, actor(request), request.POST.get("note", "").strip()[:2000]
        )
        _outcome(request, len(decided), len(refused) + len(chosen) - len(ids))
    return redirect(back)


@workspace_view
@require_POST
def bulk_findings(request: HttpRequest, name: str) -> HttpResponse:
    collection = _researcher_collection(request, name)
    back = workspace_next(request, reverse("workspace:findings", args=[collection.name]))
    decision, keys, note = request.POST.get("decision", ""), _chosen(request), request.POST.get("note", "").strip()[:2000]
    if decision not in (Decision.CONFIRMED, Decision.DISMISSED):
        messages.error(request, _("Choose: a real problem, or a false alarm."))
    elif not keys:
        messages.error(request, _("Tick the findings to decide, or “all shown”."))
    elif len(keys) > MAX_BULK:
        messages.error(request, _("Too many at once: at most %(count)d.") % {"count": MAX_BULK})
    elif decision == Decision.DISMISSED and not note:
        messages.error(request, _("A false alarm needs a note saying why."))
    else:
        try:
            made, skipped = finding_review.sign_off_pending(collection, keys, decision, actor(request), note)
        except SignOffError as problem:
            messages.error(request, str(problem))
        else:
            _outcome(request, len(made), len(skipped))
    return redirect(back)
