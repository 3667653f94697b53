"""Tags and notes on items and people, as the site shows and takes them (the records: adalet.people.annotations).

Who reads them: on an item, those who hold a role in its collection (a group role, or a grant there); on a person,
those who open the person page (researchers and above). Anyone else sees published ones only (an item's, on the
item page). Who writes, publishes and removes them: researchers and above in the collection; publishing needs a
published collection. Every form answers 404 for a subject the user may not annotate, as for an unknown one.
Text is masked as every other text is (ID numbers and addresses) except for staff. A collection's tags and notes are
listed together at /workspace/collections/NAME/notes/ for its team.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from adalet.archive.models import Collection, Item
from adalet.lib.display import safe_name
from adalet.lib.privacy import mask_for_viewer
from adalet.people import annotations
from adalet.people.models import Annotation, AnnotationKind, Person
from adalet.routes import path_with
from adalet.web.person_pages import person_role
from adalet.web.privacy import sees_withheld, visible_collection_ids
from adalet.web.roles import collection_role, holds_a_role
from adalet.web.workspace.access import actor, at_least, open_collection, workspace_view

PER_PAGE = 200  # the newest notes, or the newest subjects of a tag

ERRORS = {
    "empty": lambda: _("Write something first."),
    "too long": lambda: _("That is too long."),
    "this tag is there already": lambda: _("This tag is there already."),
}


def for_item(request: HttpRequest, collection: Collection, item_id: int) -> dict[str, Any]:
    """What the item page shows of an item's tags and notes, and whether it offers the forms."""
    role = collection_role(request.user, collection)
    team = role is not None and holds_a_role(request.user, collection.pk)
    found = annotations.of(item=item_id, published_only=not team)
    rows = [
        {
            "id": a.pk,
            "kind": a.kind,
            "text": mask_for_viewer(request, a.text),
            "author": a.author if team else "",
            "created_at": a.created_at,
            "published": a.published,
        }
        for a in found
    ]
    return {
        "tags": [r for r in rows if r["kind"] == AnnotationKind.TAG],
        "notes": [r for r in rows if r["kind"] == AnnotationKind.NOTE],
        "team": team,
        "can_annotate": at_least(role, "researcher") and request.user.is_authenticated,
        "can_publish": at_least(role, "researcher") and collection.is_public,
    }


def _item(request: HttpRequest, item_id: int) -> tuple[Item, Collection]:
    item = Item.objects.select_related("collection").filter(pk=item_id).first()
    if item is None or item.collection_id not in visible_collection_ids(request):
        raise Http404("no such item")
    if item.withheld and not sees_withheld(request):
        raise Http404("no such item")
    if not at_least(collection_role(request.user, item.collection), "researcher"):
        raise Http404("no such item")
    return item, item.collection


def _person(request: HttpRequest, person_id: int) -> tuple[Person, Collection]:
    person = Person.objects.select_related("collection", "source").filter(pk=person_id).first()
    if person is None or person_role(request, person) is None or person.collection is None:
        raise Http404("no such person")
    return person, person.collection


def _back(request: HttpRequest, fallback: str) -> str:
    wanted = request.POST.get("next", "")
    if wanted.startswith("/") and url_has_allowed_host_and_scheme(wanted, allowed_hosts=None):
        return wanted
    return fallback


def _subject_of(annotation: Annotation, request: HttpRequest) -> tuple[Collection, str]:
    if annotation.person_id:
        _, collection = _person(request, annotation.person_id)
        return collection, path_with("person", annotation.person_id)
    assert annotation.item_id is not None
    _, collection = _item(request, annotation.item_id)
    return collection, path_with("item", annotation.item_id)


@workspace_view
@require_POST
def add(request: HttpRequest) -> HttpResponse:
    """A tag or a note on ``item`` or ``person`` (one of them), then back to the page it was written on."""
    item_id, person_id = request.POST.get("item", ""), request.POST.get("person", "")
    if item_id.isdigit() and not person_id:
        item, collection = _item(request, int(item_id))
        subject: dict[str, Any] = {"item": item}
        back = _back(request, path_with("item", item.pk))
    elif person_id.isdigit() and not item_id:
        person, collection = _person(request, int(person_id))
        subject = {"person": person}
        back = _back(request, path_with("person", person.pk))
    else:
        raise Http404("no such subject")
    kind = request.POST.get("kind", "")
    try:
        annotations.add(collection=collection, kind=kind, text=request.POST.get("text", ""), author=actor(request), **subject)
    except annotations.AnnotationError as problem:
        messages.error(request, ERRORS.get(str(problem), lambda: _("That cannot be saved."))())
    else:
        messages.success(request, _("Tag added.") if kind == AnnotationKind.TAG else _("Note added."))
    return redirect(back)


@workspace_view
@require_POST
def publish(request: HttpRequest, annotation_id: int) -> HttpResponse:
    """Publish (``publish=1``) or withdraw (``publish=0``) an annotation; only in a published collection."""
    annotation = Annotation.objects.filter(pk=annotation_id).first()
    if annotation is None:
        raise Http404("no such annotation")
    collection, page = _subject_of(annotation, request)
    wanted = request.POST.get("publish") == "1"
    if wanted and not collection.is_public:
        messages.error(request, _("Only what is in a published collection can be published."))
    else:
        annotations.set_published(annotation.pk, wanted, actor(request))
        messages.success(request, _("Published.") if wanted else _("No longer public."))
    return redirect(_back(request, page))


@workspace_view
@require_POST
def remove(request: HttpRequest, annotation_id: int) -> HttpResponse:
    annotation = Annotation.objects.filter(pk=annotation_id).first()
    if annotation is None:
        raise Http404("no such annotation")
    _, page = _subject_of(annotation, request)
    annotations.remove(annotation.pk, actor(request))
    messages.success(request, _("Removed."))
    return redirect(_back(request, page))


@workspace_view
def collection_notes(request: HttpRequest, name: str) -> HttpResponse:
    """A collection's tags (with how many items and people carry each) and notes, newest first, each linked to its
    subject: for those who hold a role there; notes on people only for those who may open person pages."""
    collection, role = open_collection(request, name)
    if not holds_a_role(request.user, collection.pk):
        raise Http404("no such collection")
    found = Annotation.objects.filter(collection=collection).select_related("item", "person")
    if not at_least(role, "researcher"):
        found = found.filter(person__isnull=True)
    if not sees_withheld(request):
        found = found.exclude(item__withheld=True).exclude(person__source__item__withheld=True)
    wanted = request.GET.get("tag", "").strip()
    tags = Counter(found.filter(kind=AnnotationKind.TAG).values_list("text", flat=True))
    shown = found.filter(kind=AnnotationKind.TAG, text=wanted) if wanted else found.filter(kind=AnnotationKind.NOTE)
    rows = []
    for annotation in shown.order_by("-created_at", "-pk")[:PER_PAGE]:
        if annotation.person_id:
            subject, href = annotation.person.name, path_with("person", annotation.person_id)
        else:
            subject, href = safe_name(annotation.item.name), path_with("item", annotation.item_id)
        rows.append(
            {
                "text": mask_for_viewer(request, annotation.text),
                "author": annotation.author,
                "created_at": annotation.created_at,
                "published": annotation.published,
                "subject": mask_for_viewer(request, subject),
                "href": href,
            }
        )
    context = {
        "collection": collection,
        "tags": sorted(tags.items(), key=lambda kv: (-kv[1], kv[0])),
        "tag": wanted,
        "rows": rows,
    }
    return render(request, "web/workspace/notes.html", context)
