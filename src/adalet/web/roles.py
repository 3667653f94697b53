"""Roles in one collection: the group role (``adalet.lib.roles``) or a grant there, whichever is higher.

A `CollectionAccess` row opens one restricted collection with a role there. Published collections are open to all
as viewers.
"""

from __future__ import annotations

from typing import Any

from adalet.lib.roles import RANK, Role, global_role
from adalet.web.models import CollectionAccess


def collection_role(user: Any, collection: Any) -> str | None:
    """The user's role in one collection: the higher of the group role (if the collection is open to them)
    and the collection's own grant; viewer for anyone in a published collection; None when it is closed to them."""
    held = global_role(user)
    if held == Role.ADMIN:
        return Role.ADMIN
    granted = None
    if user is not None and user.is_authenticated:
        granted = CollectionAccess.objects.filter(user=user, collection=collection).values_list("role", flat=True).first()
    if granted is None and not collection.is_public:
        return None
    candidates = [r for r in (granted, held, Role.VIEWER) if r]
    return max(candidates, key=RANK.__getitem__)


def holds_a_role(user: Any, collection_id: int | None = None) -> bool:
    """Whether the account holds a role: a group, or a grant (in that collection, or in any when None). An account
    without one is treated as a visitor (originals, search limits)."""
    if global_role(user) is not None:
        return True
    grants = granted_collection_ids(user)
    return bool(grants) if collection_id is None else collection_id in grants


def granted_collection_ids(user: Any) -> list[int]:
    """Collections opened to the user one by one."""
    if not user or not user.is_authenticated:
        return []
    return list(CollectionAccess.objects.filter(user=user).values_list("collection_id", flat=True))
