"""The person page (/people/ID/): everything the records say of one detainee or relative, each fact linked to its
cell in the document viewer (/items/ID/#sheet-S-row-R, the row marked), the photos linked to them, their detentions
in time order, their relatives, their name in every script, the other collections where the same person appears,
and their team's tags and notes.

Researchers and above in the person's collection (a group role, or a grant there) open it; anyone else, visitors
and viewers included, gets the same 404 as for an unknown person: a record's existence is not revealed. ID numbers
and addresses are masked as everywhere (adalet.lib.privacy) except for staff, whose view goes on the custody log.
Links to the same person in other collections show when confirmed and the reader may open the other record;
proposals only to those who may decide them (researcher in both collections).
"""

from __future__ import annotations

import re
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from adalet.archive import custody, reading
from adalet.archive.models import Collection, Item
from adalet.lib.privacy import can_see_personal_data, mask_for_viewer
from adalet.lib.roles import Role
from adalet.names import variants
from adalet.people import annotations, personlinks
from adalet.people.models import LinkStatus, Person, PersonKind, PhotoLink, Relative, SourceRow
from adalet.routes import path_with
from adalet.web.person_timeline import timeline
from adalet.web.privacy import photo_collection_ids, sees_withheld, visible_collection_ids
from adalet.web.relatives import facility_meaning, status_meaning
from adalet.web.roles import collection_role

PAGE_KINDS = (PersonKind.DETAINEE, PersonKind.RELATIVE)
_ARABIC = re.compile(r"[\u0600-\u06FF]")
_HAN = re.compile(r"[\u3400-\u9FFF]")
_CYRILLIC = re.compile(r"[\u0400-\u04FF]")


def _at_least_researcher(role: str | None) -> bool:
    return role in (Role.RESEARCHER, Role.MODERATOR, Role.ADMIN)


def person_role(request: HttpRequest, person: Person) -> str | None:
    """The reader's role in the person's collection when it lets them open the page (researcher or above, the record
    not withheld from them), else None."""
    if person.collection_id is None or person.kind not in PAGE_KINDS:
        return None
    if person.collection_id not in visible_collection_ids(request):
        return None
    role = collection_role(request.user, person.collection)
    if not _at_least_researcher(role):
        return None
    source = person.source
    if source is not None and not sees_withheld(request) and Item.objects.filter(pk=source.item_id, withheld=True).exists():
        return None
    return role


def openable_ids(request: HttpRequest, person_ids: list[int]) -> set[int]:
    """Those of these people whose page the reader may open (for links from relative cards and search)."""
    if not request.user.is_authenticated or not person_ids:
        return set()
    found = Person.objects.select_related("collection", "source").filter(pk__in=person_ids)
    return {person.pk for person in found if person_role(request, person) is not None}


def openable_person(request: HttpRequest, person_id: int) -> tuple[Person, str]:
    person = Person.objects.select_related("collection", "source").filter(pk=person_id).first()
    role = person_role(request, person) if person is not None else None
    if person is None or role is None:
        raise Http404("no such person")
    return person, role


# Cells --------------------------------------------------------------------------------------------------------


class CellLinks:
    """Links to the document viewer's row of a source row: the sheet's place among the item's sheets is read once
    per item."""

    def __init__(self, request: HttpRequest) -> None:
        self.request = request
        self.withheld = not sees_withheld(request)
        self.sheets: dict[int, list[str]] = {}
        self.hidden: dict[int, bool] = {}

    def _sheets(self, item_id: int) -> list[str]:
        if item_id not in self.sheets:
            table = reading.table(item_id) or {}
            self.sheets[item_id] = [str(sheet.get("name") or "") for sheet in table.get("sheets") or []]
        return self.sheets[item_id]

    def _hidden(self, item_id: int) -> bool:
        if item_id not in self.hidden:
            self.hidden[item_id] = self.withheld and Item.objects.filter(pk=item_id, withheld=True).exists()
        return self.hidden[item_id]

    def cell(self, source: SourceRow | None, field_name: str | None = None) -> dict[str, str] | None:
        """{"href", "text", "short"} of the cell holding ``field_name`` (the row when None); None when there is none."""
        if source is None or self._hidden(source.item_id):
            return None
        sheets = self._sheets(source.item_id)
        index = sheets.index(source.sheet) + 1 if source.sheet in sheets else 1
        column = (source.cells.get(field_name) or {}).get("column") if field_name else None
        parts = []
        if source.sheet:
            parts.append(_("sheet %(sheet)s") % {"sheet": source.sheet})
        parts.append(_("row %(row)s") % {"row": source.row})
        if column:
            parts.append(_("column %(column)s") % {"column": column})
        return {
            "href": f"{path_with('item', source.item_id)}#sheet-{index}-row-{source.row}",
            "item": source.item_id,
            "text": mask_for_viewer(self.request, ", ".join([source.locator, *parts])),
            "short": mask_for_viewer(self.request, ", ".join(parts)),  # the file is in the title, and named once above
        }


# The name in every script ---------------------------------------------------------------------------------------


def script_of(name: str) -> tuple[str, str]:
    """(lang, dir) to mark a name with: Uyghur in Arabic script, Chinese characters, Cyrillic, else Latin."""
    if _ARABIC.search(name):
        return "ug", "rtl"
    if _HAN.search(name):
        return "zh", "ltr"
    if _CYRILLIC.search(name):
        return "und-Cyrl", "ltr"
    return "und-Latn", "ltr"


def name_forms(person: Person) -> list[dict[str, str]]:
    """Every form of the name: as recorded (each record's spelling), then those adalet.names derives."""
    forms: list[dict[str, str]] = []
    seen: set[str] = set()
    recorded = [person.name, *(f.get("name", "") for f in person.names or [] if isinstance(f, dict))]
    for name in recorded:
        if name and name not in seen:
            seen.add(name)
            lang, direction = script_of(name)
            forms.append({"name": name, "lang": lang, "dir": direction, "derived": ""})
    for name in variants(person.name) if person.name else []:
        if name and name not in seen:
            seen.add(name)
            lang, direction = script_of(name)
            forms.append({"name": name, "lang": lang, "dir": direction, "derived": "derived"})
    return forms


# The page -------------------------------------------------------------------------------------------------------


def _facts(request: HttpRequest, person: Person, cells: CellLinks) -> list[dict[str, Any]]:
    rows = [
        (_("ID number"), person.id_number, "id_number"),
        (_("Date of birth"), person.birth_date.isoformat() if person.birth_date else person.birth, "birth_date"),
        (_("Sex"), {"M": _("male"), "F": _("female")}.get(person.sex, person.sex), "sex"),
        (_("Ethnicity"), person.ethnicity, "ethnicity"),
        (_("Address"), person.address, "address"),
    ]
    return [
        {"label": label, "value": mask_for_viewer(request, value), "cell": cells.cell(person.source, field_name)}
        for label, value, field_name in rows
        if value
    ]


def _detentions(request: HttpRequest, person: Person, cells: CellLinks) -> list[dict[str, Any]]:
    found = person.detentions.select_related("facility", "source").order_by("admitted", "released", "pk")
    if cells.withheld:
        found = found.exclude(source__item__withheld=True)
    rows = []
    for detention in found:
        facility = mask_for_viewer(request, detention.facility.name) if detention.facility else ""
        status = mask_for_viewer(request, detention.status)
        rows.append(
            {
                "facility": facility,
                "facility_meaning": facility_meaning(facility),
                "status": status,
                "status_meaning": status_meaning(status),
                "held": detention.detained,
                "admitted": detention.admitted,
                "released": detention.released,
                "reason": mask_for_viewer(request, detention.reason),
                "cell": cells.cell(detention.source, "admitted" if detention.admitted else "facility"),
            }
        )
    return rows


def _relatives(request: HttpRequest, person: Person, cells: CellLinks) -> list[dict[str, Any]]:
    """The relatives this person's rows name, each linked to their own record when the collection has one (by ID
    number); then the records that name this person as a relative."""
    rows = []
    listed = person.relatives.select_related("source").order_by("pk")
    numbers = [r.id_number for r in listed if r.id_number]
    records = (
        dict(
            Person.objects.filter(collection_id=person.collection_id, id_number__in=numbers)
            .exclude(pk=person.pk)
            .values_list("id_number", "pk")
        )
        if numbers
        else {}
    )
    for relative in listed:
        rows.append(
            {
                "name": relative.name,
                "relation": relative.relation,
                "id_number": mask_for_viewer(request, relative.id_number),
                "person": records.get(relative.id_number),
                "cell": cells.cell(relative.source, "name"),
                "named_by": False,
            }
        )
    if person.id_number:
        naming = (
            Relative.objects.filter(person__collection_id=person.collection_id, id_number=person.id_number)
            .exclude(person=person)
            .select_related("person", "source")
            .order_by("pk")
        )
        for relative in naming:
            rows.append(
                {
                    "name": relative.person.name,
                    "relation": relative.relation,
                    "id_number": "",
                    "person": relative.person_id,
                    "cell": cells.cell(relative.source, "name"),
                    "named_by": True,
                }
            )
    return [row | {"href": path_with("person", row["person"]) if row["person"] else ""} for row in rows]


def _photos(request: HttpRequest, person: Person) -> dict[str, list[dict[str, Any]]]:
    shown = person.collection_id in photo_collection_ids(request)
    links = PhotoLink.objects.filter(person=person).exclude(status=LinkStatus.REJECTED).select_related("photo")
    if not sees_withheld(request):
        links = links.exclude(photo__withheld=True)
    found: dict[str, list[dict[str, Any]]] = {"confirmed": [], "proposed": []}
    for link in links.order_by("-score", "pk"):
        found[str(link.status)].append(
            {
                "id": link.pk,
                "item": link.photo_id,
                "thumbnail": shown,
                "method": link.method,
                "score": round(link.score, 3),
                "name": mask_for_viewer(request, link.photo.name),
                "reviewed_by": link.reviewed_by,
                "reviewed_at": link.reviewed_at,
            }
        )
    return found


def _elsewhere(request: HttpRequest, person: Person) -> dict[str, list[dict[str, Any]]]:
    """Confirmed links the reader may follow, and proposals for those who may decide them."""
    found: dict[str, list[dict[str, Any]]] = {"confirmed": [], "proposed": []}
    for link in personlinks.links_of(person).exclude(status=LinkStatus.REJECTED):
        counterpart = personlinks.other(link, person)
        if person_role(request, counterpart) is None:
            continue  # a record the reader may not open is not named, nor its collection
        found[str(link.status)].append(
            {
                "id": link.pk,
                "person": counterpart.pk,
                "href": path_with("person", counterpart.pk),
                "name": counterpart.name,
                "collection": counterpart.collection,
                "method": link.method,
                "score": round(link.score, 3),
                "explanation": mask_for_viewer(request, (link.evidence or {}).get("explanation") or []),
                "reviewed_by": link.reviewed_by,
                "reviewed_at": link.reviewed_at,
            }
        )
    return found


def annotation_rows(request: HttpRequest, found: Any) -> list[dict[str, Any]]:
    return [
        {
            "id": a.pk,
            "kind": a.kind,
            "text": mask_for_viewer(request, a.text),
            "author": a.author,
            "created_at": a.created_at,
            "published": a.published,
        }
        for a in found
    ]


def person_page(request: HttpRequest, person_id: int) -> HttpResponse:
    person, role = openable_person(request, person_id)
    if can_see_personal_data(request):
        custody.append(
            "view-personal-data", actor=request.user.get_username(), subject=f"person {person.pk}", detail={"via": request.path}
        )
    cells = CellLinks(request)
    detentions = _detentions(request, person, cells)
    notes = annotation_rows(request, annotations.of(person=person))
    context = {
        "person": person,
        "role": role,
        "collection": person.collection,
        "forms": name_forms(person),
        "facts": _facts(request, person, cells),
        "first_cell": cells.cell(person.source),
        "detentions": detentions,
        "timeline": timeline(detentions),
        "relatives": _relatives(request, person, cells),
        "photos": _photos(request, person),
        "elsewhere": _elsewhere(request, person),
        "tags": [a for a in notes if a["kind"] == "tag"],
        "notes": [a for a in notes if a["kind"] == "note"],
        "team": True,
        "can_annotate": True,  # researcher or above, as the page itself needs
        "can_publish": bool(person.collection and person.collection.is_public),
    }
    return render(request, "web/person.html", context)


# Search hits ----------------------------------------------------------------------------------------------------

HIT_PEOPLE = 5  # people named under one hit at most


def people_of_hits(request: HttpRequest, hits: list[Any]) -> list[list[dict[str, Any]]]:
    """For each search hit on rows of a sheet (``hit.sheet``, ``hit.rows``: the rows that match), the people those
    rows record whose page the reader may open, in row order: [{"href", "name"}], at most HIT_PEOPLE per hit. Empty
    lists for anyone who opens no person page (visitors, viewers): nothing is read for them."""
    found: list[list[dict[str, Any]]] = [[] for _ in hits]
    if not request.user.is_authenticated or not hits:
        return found
    wanted: dict[tuple[int, int], list[int]] = {}  # (item, row) -> the hits that name it
    for index, hit in enumerate(hits):
        for row in list(getattr(hit, "rows", None) or [])[:50]:
            wanted.setdefault((hit.item_id, int(row)), []).append(index)
    if not wanted:
        return found
    items = {item for item, _ in wanted}
    rows = list(
        SourceRow.objects.filter(item_id__in=items, row__in={row for _, row in wanted}).values_list(
            "pk", "item_id", "sheet", "row", "collection_id"
        )
    )
    sheets = {index: getattr(hit, "sheet", "") or "" for index, hit in enumerate(hits)}
    opened: dict[int, bool] = {}
    sources: dict[int, list[int]] = {}
    for pk, item, sheet, row, collection_id in rows:
        indexes = [i for i in wanted.get((item, row), []) if sheet in ("", sheets[i])]
        if not indexes:
            continue
        if collection_id not in opened:
            opened[collection_id] = _collection_opens(request, collection_id)
        if opened[collection_id]:
            sources[pk] = indexes
    if not sources:
        return found
    people = [
        (pk, name, source)
        for pk, name, source in Person.objects.filter(source_id__in=list(sources), kind__in=PAGE_KINDS).values_list(
            "pk", "name", "source_id"
        )
    ]
    people += [
        (pk, name, source)
        for pk, name, source in Person.objects.filter(detentions__source_id__in=list(sources), kind__in=PAGE_KINDS).values_list(
            "pk", "name", "detentions__source_id"
        )
    ]
    row_of = {pk: row for pk, _, _, row, _ in rows}
    for pk, name, source in sorted(set(people), key=lambda p: (row_of.get(p[2], 0), p[0])):
        for index in sources[source]:
            if len(found[index]) < HIT_PEOPLE and all(p["id"] != pk for p in found[index]):
                found[index].append({"id": pk, "href": path_with("person", pk), "name": name})
    return found


def _collection_opens(request: HttpRequest, collection_id: int) -> bool:
    """Whether the reader opens person pages of this collection (researcher or above there)."""
    collection = Collection.objects.filter(pk=collection_id, id__in=visible_collection_ids(request)).first()
    return collection is not None and _at_least_researcher(collection_role(request.user, collection))
