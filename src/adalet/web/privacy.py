"""What anonymous visitors may see: collections published deliberately, with personal data masked.

Personal data is never public by default. Even in a published collection, resident ID numbers in
snippets are masked (adalet.lib.privacy) for visitors who are not signed in as staff.
"""

from __future__ import annotations

from django.db import connection
from django.db.models import Q
from django.http import HttpRequest

from adalet import changes
from adalet.archive import custody
from adalet.archive.models import Collection
from adalet.archive.search import Results
from adalet.lib.display import safe_name
from adalet.lib.privacy import can_see_personal_data, mask_id_numbers
from adalet.lib.roles import RANK, Role, global_role
from adalet.web.roles import granted_collection_ids


def visible_collection_ids(request: HttpRequest) -> list[int]:
    """Published collections, those granted to the user (roles.py), and every collection for staff."""
    if not request.user.is_authenticated:
        return published_collection_ids(getattr(request, "public_generation", None))
    collections = Collection.objects.all()
    if not can_see_personal_data(request):
        collections = collections.filter(Q(is_public=True) | Q(id__in=granted_collection_ids(request.user)))
    return list(collections.values_list("id", flat=True))


_published: dict[str, tuple[str, list[int]]] = {}


def published_collection_ids(token: str | None = None) -> list[int]:
    """The published collections, what every anonymous request asks first: read again only when the public
    pages' generation token (adalet.changes; *token* when the page cache has just read it) has changed since this
    process read them, i.e. after a committed write, publishing included. Inside an open transaction (which may
    hold uncommitted writes) always read."""
    if connection.in_atomic_block:
        token = None
    elif token is None:
        token = changes.generation()
    held = _published.get("ids")
    if token is not None and held is not None and held[0] == token:
        return list(held[1])
    # the token is read before the rows: a write committed meanwhile renews it after, so these rows are never
    # kept under a token newer than what they show
    ids = list(Collection.objects.filter(is_public=True).values_list("id", flat=True))
    if token is not None:
        _published["ids"] = (token, ids)
    return list(ids)


def photo_collection_ids(request: HttpRequest) -> list[int]:
    """Collections whose photos of people the viewer may see: published with --photos, granted, or all for staff."""
    collections = Collection.objects.all()
    if not can_see_personal_data(request):
        collections = collections.filter(
            Q(is_public=True, photos_public=True) | Q(id__in=granted_collection_ids(request.user))
        )
    return list(collections.values_list("id", flat=True))


def record_personal_data_view(request: HttpRequest, query: str, locators: list[str]) -> None:
    """Staff saw unmasked results: that view of personal data goes on the custody log."""
    if locators and can_see_personal_data(request):
        custody.append(
            "view-personal-data",
            actor=request.user.get_username(),
            subject=f"search: {query}"[:500],
            detail={"via": request.path, "items": locators},
        )


def results_for_viewer(request: HttpRequest, query: str, results: Results) -> Results:
    """Search results as this viewer may see them: staff views are logged, anyone else's are masked."""
    record_personal_data_view(request, query, [hit.locator for hit in results.hits])
    for hit in results.hits:  # a leaked file's name may hold bidi controls that spoof its extension
        hit.name, hit.locator = safe_name(hit.name), safe_name(hit.locator)
    if not can_see_personal_data(request):
        for hit in results.hits:  # snippets come masked from search itself (masked before they are cut)
            hit.locator = mask_id_numbers(hit.locator)
            hit.label = mask_id_numbers(hit.label)  # a CSV's sheet is named after its file, and a label after its sheet
            hit.name = mask_id_numbers(hit.name)
    return results


def sees_withheld(request: HttpRequest) -> bool:
    """Whether the viewer sees items withheld until published (`Item.withheld`): staff and researchers (a group role
    of researcher or above), who decide on them; visitors, accounts without a role and viewers do not."""
    user = request.user
    if not user.is_authenticated:
        return False
    role = global_role(user)
    return role is not None and RANK[role] >= RANK[Role.RESEARCHER]
