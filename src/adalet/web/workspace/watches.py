"""Watches in the workspace: the "Watch" button of an official's page and of a facility on /facilities/ (POST, signed
in, CSRF), and /workspace/watches/: each watch with what changed since the user last marked it seen (web.alerts.changes,
masked as the user's pages are), to mark as seen, to have emailed (`adalet alerts send`) or to stop. Saved searches are
watched by email from the same page; their "seen" is the saved search's own mark (web.workspace.saved).

A watch starts at what is there when it is made: only what comes after it is news, in the workspace and by email.
Another user's watch is the same as none (404).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from adalet.lib.privacy import mask_for_viewer
from adalet.people.models import Facility
from adalet.people.officials import OfficialError, official
from adalet.web.alerts import changes as alert_changes
from adalet.web.models import SavedSearch, Watch
from adalet.web.privacy import visible_collection_ids
from adalet.web.workspace.access import workspace_view

MAX_WATCHES = 100


def account(request: HttpRequest) -> Any:
    """The signed-in user (the views are for them only: workspace_view)."""
    return request.user


def watching(request: HttpRequest, kind: str, target_id: int) -> dict[str, Any] | None:
    """The Watch button's context on a page: None for visitors (no form, nothing that sets a cookie)."""
    if not request.user.is_authenticated:
        return None
    found = Watch.objects.filter(user=account(request), kind=kind, **{f"{kind}_id": target_id}).exists()
    return {"kind": kind, "id": target_id, "watching": found, "next": request.get_full_path()}


def watched_facilities(request: HttpRequest) -> set[int] | None:
    """The facilities the user watches, for /facilities/'s buttons; None for visitors (no buttons)."""
    if not request.user.is_authenticated:
        return None
    return set(Watch.objects.filter(user=account(request), kind=Watch.Kind.FACILITY).values_list("facility_id", flat=True))


def _target(request: HttpRequest, kind: str, raw: str) -> dict[str, Any]:
    try:
        target_id = int(raw)
    except ValueError:
        raise Http404("no such target") from None
    if kind == Watch.Kind.OFFICIAL:
        try:
            return {"official": official(str(target_id))}
        except OfficialError:
            raise Http404("no such official") from None
    if kind == Watch.Kind.FACILITY:
        # a facility the user may know of: located on the map, or named in a collection they may open
        found = Facility.objects.filter(pk=target_id).filter(
            latitude__isnull=False) | Facility.objects.filter(
            pk=target_id, detentions__person__collection_id__in=visible_collection_ids(request))
        facility = found.distinct().first()
        if facility is None:
            raise Http404("no such facility")
        return {"facility": facility}
    raise Http404("no such kind of watch")


def _back(request: HttpRequest) -> str:
    wanted = request.POST.get("next", "")
    if wanted.startswith("/") and url_has_allowed_host_and_scheme(wanted, allowed_hosts=None):
        return wanted
    return reverse("workspace:watches")


def start(user: Any, language: str, *, email: bool = False, **target: Any) -> Watch:
    """A watch on *target* (official=, facility= or saved_search=), its marks at what is there now."""
    kind = next(iter(target)).replace("saved_search", "search")
    watch, created = Watch.objects.get_or_create(user=user, kind=kind, **target,
                                                 defaults={"language": language, "email": email})
    if created:
        watch.seen = watch.emailed = alert_changes.mark(watch)
        watch.save(update_fields=["seen", "emailed"])
    elif email and not watch.email:  # emailed from now on
        watch.email, watch.emailed = True, {**alert_changes.mark(watch), "digests": int(watch.emailed.get("digests", 0))}
        watch.save(update_fields=["email", "emailed"])
    return watch


@workspace_view
@require_POST
def watch(request: HttpRequest) -> HttpResponse:
    """Start or stop watching an official or a facility (the pages' button)."""
    kind = request.POST.get("kind", "")
    target = _target(request, kind, request.POST.get("id", ""))
    mine = Watch.objects.filter(user=account(request), kind=kind, **target)
    if request.POST.get("action") == "unwatch":
        mine.delete()
        messages.success(request, _("You no longer watch it."))
    elif not mine.exists() and Watch.objects.filter(user=account(request)).count() >= MAX_WATCHES:
        messages.error(request, _("You watch the most there may be: stop watching something first."))
    else:
        start(account(request), get_language() or "en", **target)
        messages.success(request, _("Watched: what changes will show in your workspace."))
    return redirect(_back(request))


def _since_seen(watch: Watch) -> dict[str, Any]:
    return {"item": alert_changes.search_of(watch).seen_item} if watch.kind == Watch.Kind.SEARCH else watch.seen


def _title(request: HttpRequest, watch: Watch) -> str:
    if watch.kind == Watch.Kind.SEARCH:
        return str(mask_for_viewer(request, alert_changes.search_of(watch).query))
    if watch.kind == Watch.Kind.FACILITY:
        return str(mask_for_viewer(request, alert_changes.facility_of(watch).name))
    return alert_changes.official_of(watch).name


@workspace_view
@require_http_methods(["GET", "POST"])
def watches(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        return _act(request)
    rows: list[dict[str, Any]] = []
    mine = Watch.objects.filter(user=account(request)).select_related("official", "facility", "saved_search")
    for watch in mine.order_by("-created_at", "-pk"):
        upto = alert_changes.mark(watch)
        found = alert_changes.changes(watch, request, _since_seen(watch), upto)
        rows.append({"watch": watch, "title": _title(request, watch), "link": alert_changes.page(watch), "changes": found})
    watched = {row["watch"].saved_search_id for row in rows}
    searches = [{"saved": s, "query": mask_for_viewer(request, s.query)}
                for s in SavedSearch.objects.filter(user=account(request)).order_by("-created_at") if s.pk not in watched]
    return render(request, "web/workspace/watches.html", {"rows": rows, "searches": searches})


def _act(request: HttpRequest) -> HttpResponse:
    action = request.POST.get("action", "")
    if action == "email-search":
        try:
            saved = SavedSearch.objects.get(user=account(request), pk=int(request.POST.get("id", "")))
        except (ValueError, SavedSearch.DoesNotExist):
            raise Http404("no such saved search") from None  # another user's is the same as none
        start(account(request), get_language() or "en", email=True, saved_search=saved)
        return redirect("workspace:watches")
    try:
        watch = Watch.objects.select_related("saved_search").get(user=account(request), pk=int(request.POST.get("id", "")))
    except (ValueError, Watch.DoesNotExist):
        raise Http404("no such watch") from None  # another user's is the same as none
    if action == "seen":
        upto = alert_changes.mark(watch)
        if watch.kind == Watch.Kind.SEARCH:
            saved = alert_changes.search_of(watch)
            saved.seen_item = upto["item"]
            saved.save(update_fields=["seen_item"])
        else:
            watch.seen = upto
            watch.save(update_fields=["seen"])
    elif action in ("email-on", "email-off"):
        if action == "email-on" and not watch.email:  # emailed from now on: what came before is not a digest's
            digests = int(watch.emailed.get("digests", 0))
            watch.emailed = {**alert_changes.mark(watch), "digests": digests}
            watch.language = get_language() or watch.language
        watch.email = action == "email-on"
        watch.save(update_fields=["email", "emailed", "language"])
    elif action == "stop":
        watch.delete()
    return redirect("workspace:watches")
