"""What is new for one watch, between two marks, as one viewer may see it.

A mark is what the owning apps keep, read now (`mark`): for an official, each jurisdiction's designation as the gap
matrix states it (adalet.sanctions.watching.designation_state), the newest post, evidence link and list change of
an entry confirmed as the official (ids only grow); for a facility, its newest detention record and photo link; for
a saved search, the newest item below which no item still waits for extraction (an item not yet read would
otherwise be passed over before the search could find it). Changes are what lies after the first mark and up to
the second, so that a mark read before the changes were listed never passes over one that came meanwhile.

Each change has a `line` that says what changed with titles and counts only (an official's name and posts, a
facility's name with ID numbers masked, a jurisdiction, a date: never a detainee's name or ID number, never an item's
file name), fit for an email, and `details` for the workspace, masked as the viewer's pages are: evidence items'
names where the viewer may open their collection (ID numbers masked unless staff), records' rows with the name only
for researchers and above (as /officials/ID/detentions/). What the viewer may not open is not counted at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Max, Min
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from adalet.archive.models import TERMINAL_STATUSES, Item
from adalet.lib.privacy import mask_for_viewer, mask_id_numbers
from adalet.people import watching as people_watching
from adalet.people.models import Facility, Person
from adalet.routes import path_with
from adalet.sanctions import watching as sanctions_watching
from adalet.sanctions.gaps import CODES
from adalet.web.models import SavedSearch, Watch
from adalet.web.privacy import photo_collection_ids, sees_withheld, visible_collection_ids
from adalet.web.words import jurisdiction

SHOWN = 5  # rows listed per change in the workspace

Mark = dict[str, Any]


@dataclass
class Change:
    line: str  # what changed, with titles and counts only: fit for an email
    link: str  # the site's page of it (a path)
    details: list[dict[str, str]] = field(default_factory=list)  # for the workspace: {"text", "href"}, masked


def viewer_for(user: Any, via: str = "adalet alerts send") -> HttpRequest:
    """A request standing for the user outside a page (the digest): their roles and grants, nothing of a session;
    *via* is what the custody log names where a staff account's search ran (web.privacy.record_personal_data_view)."""
    request = HttpRequest()
    request.user = user if user is not None else AnonymousUser()
    request.path = via
    return request


def official_of(watch: Watch) -> Person:
    if watch.official is None:
        raise ValueError(f"watch {watch.pk} of kind {watch.kind} has no official")
    return watch.official


def facility_of(watch: Watch) -> Facility:
    if watch.facility is None:
        raise ValueError(f"watch {watch.pk} of kind {watch.kind} has no facility")
    return watch.facility


def search_of(watch: Watch) -> SavedSearch:
    if watch.saved_search is None:
        raise ValueError(f"watch {watch.pk} of kind {watch.kind} has no saved search")
    return watch.saved_search


def settled_item() -> int:
    """The newest item id below which no item waits for extraction."""
    unsettled = Item.objects.exclude(status__in=TERMINAL_STATUSES).aggregate(first=Min("pk"))["first"]
    if unsettled is not None:
        return int(unsettled) - 1
    return int(Item.objects.aggregate(newest=Max("pk"))["newest"] or 0)


def mark(watch: Watch) -> Mark:
    """What the owning apps hold now for the watch's target."""
    if watch.kind == Watch.Kind.OFFICIAL:
        official = official_of(watch)
        return {"designations": sanctions_watching.designation_state(official),
                "post": people_watching.latest_post(official),
                "evidence": sanctions_watching.latest_evidence(official),
                "list": sanctions_watching.latest_list_change(official)}
    if watch.kind == Watch.Kind.FACILITY:
        facility = facility_of(watch).pk
        return {"record": people_watching.latest_record(facility), "photo": people_watching.latest_photo(facility)}
    return {"item": settled_item()}


def title(watch: Watch) -> str:
    """The watch's target in words, fit for an email (a facility's name with ID numbers masked; no search text)."""
    if watch.kind == Watch.Kind.OFFICIAL:
        return official_of(watch).name
    if watch.kind == Watch.Kind.FACILITY:
        return mask_id_numbers(facility_of(watch).name)
    return _("Your saved search of %(date)s") % {"date": search_of(watch).created_at.date().isoformat()}


def page(watch: Watch) -> str:
    if watch.kind == Watch.Kind.OFFICIAL:
        return path_with("official", watch.official_id)
    if watch.kind == Watch.Kind.FACILITY:
        return reverse("facilities")
    return reverse("workspace:saved-searches")


def changes(watch: Watch, viewer: HttpRequest, since: Mark, upto: Mark) -> list[Change]:
    """What changed for the watch after *since* and up to *upto*, as *viewer* may see it."""
    if watch.kind == Watch.Kind.OFFICIAL:
        return _official(watch, viewer, since, upto)
    if watch.kind == Watch.Kind.FACILITY:
        return _facility(watch, viewer, since, upto)
    return _search(watch, viewer, since, upto)


def _official(watch: Watch, viewer: HttpRequest, since: Mark, upto: Mark) -> list[Change]:
    official, link = official_of(watch), page(watch)
    found = []
    before, now = since.get("designations", {}), upto.get("designations", {})
    for code in CODES:
        old, new = before.get(code, ""), now.get(code, "")
        if old == new:
            continue
        where = {"jurisdiction": jurisdiction(code), "date": new.split(" ")[0]}
        if new and not old:
            found.append(Change(_("New designation by %(jurisdiction)s on %(date)s.") % where, link))
        elif new:
            found.append(Change(_("Designation by %(jurisdiction)s changed: now dated %(date)s.") % where, link))
        else:
            found.append(Change(_("No longer designated by %(jurisdiction)s.") % where, link))
    for change in sanctions_watching.list_changes_between(official, since.get("list", 0), upto.get("list", 0)):
        found.append(Change(_("The list entry %(entry)s (%(authority)s) was %(change)s.") % {
            "entry": change.source_id, "authority": change.authority, "change": _change_word(change.change)}, link))
    for post in people_watching.posts_between(official, since.get("post", 0), upto.get("post", 0)):
        held = ", ".join(part for part in (post.title, post.organization) if part)
        found.append(Change(_("New post: %(post)s.") % {"post": held}, link))
    visible = set(visible_collection_ids(viewer))
    linked = [e for e in sanctions_watching.evidence_between(official, since.get("evidence", 0), upto.get("evidence", 0))
              if e.collection_id in visible]  # a link into a collection closed to the viewer is not theirs to know of
    if linked:
        names = dict(Item.objects.filter(pk__in=[e.item_id for e in linked]).values_list("pk", "name"))
        details = [{"text": mask_for_viewer(viewer, names.get(e.item_id, "")), "href": path_with("item", e.item_id)}
                   for e in linked[:SHOWN]]
        found.append(Change(ngettext("%(count)d new document linked as evidence.",
                                     "%(count)d new documents linked as evidence.", len(linked)) % {"count": len(linked)},
                            link, details))
    return found


def _change_word(change: str) -> str:
    return {"added": _("added"), "removed": _("removed"), "amended": _("amended")}.get(change, change)


def _facility(watch: Watch, viewer: HttpRequest, since: Mark, upto: Mark) -> list[Change]:
    link, hide, facility = page(watch), not sees_withheld(viewer), facility_of(watch).pk
    found = []
    records = people_watching.records_between(facility, since.get("record", 0), upto.get("record", 0),
                                              visible_collection_ids(viewer), hide_withheld=hide)
    total = records.count()
    if total:
        names = sees_withheld(viewer)  # researchers and above see names (masked of numbers unless staff)
        rows = records.values_list("person__name", "status", "admitted", "source__item_id", "source__row")[:SHOWN]
        details = []
        for name, status, admitted, item_id, row in rows:
            parts = [mask_for_viewer(viewer, name) if names else "", mask_for_viewer(viewer, status),
                     admitted.isoformat() if admitted else "", _("row %(row)s") % {"row": row}]
            details.append({"text": " · ".join(p for p in parts if p), "href": path_with("item", item_id)})
        found.append(Change(ngettext("%(count)d new detention record.", "%(count)d new detention records.", total)
                            % {"count": total}, link, details))
    photos = people_watching.photos_between(facility, since.get("photo", 0), upto.get("photo", 0),
                                            photo_collection_ids(viewer), hide_withheld=hide).count()
    if photos:
        found.append(Change(ngettext("%(count)d new photo linked to its records.",
                                     "%(count)d new photos linked to its records.", photos) % {"count": photos}, link))
    return found


def _search(watch: Watch, viewer: HttpRequest, since: Mark, upto: Mark) -> list[Change]:
    from adalet.web.workspace.saved import new_matches

    total, hits = new_matches(viewer, search_of(watch), after=since.get("item", 0), upto=upto.get("item", 0))
    if not total:
        return []
    details = [{"text": hit.name, "href": address} for hit, address in hits]  # masked by the search as the viewer's
    return [Change(ngettext("%(count)d new item matches.", "%(count)d new items match.", total) % {"count": total},
                   page(watch), details)]
