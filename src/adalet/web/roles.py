"""Roles: viewer < researcher < moderator < admin, held as Django groups or granted per collection.

Superusers and staff are admins everywhere. A group role applies to every collection the user can open; a
`CollectionAccess` row opens one restricted collection with a role there. Published collections are open to all
as viewers.
"""

from __future__ import annotations

from typing import Any

from adalet.web.models import CollectionAccess, Role

HIERARCHY = [Role.VIEWER, Role.RESEARCHER, Role.MODERATOR, Role.ADMIN]
RANK = {str(role): rank for rank, role in enumerate(HIERARCHY)}


def global_role(user: Any) -> str | None:
    """The user's highest role from their groups (admin for staff and superusers), or None."""
    if not user or not user.is_authenticated:
        return None
    if user.is_superuser or user.is_staff:
        return Role.ADMIN
    names = set(user.groups.filter(name__in=RANK).values_list("name", flat=True))
    return max(names, key=RANK.__getitem__) if names else None


def has_role(user: Any, role: str) -> bool:
    """Whether the user holds ``role`` or a higher one through their groups."""
    held = global_role(user)
    return held is not None and RANK[held] >= RANK[role]


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


def granted_collection_ids(user: Any) -> list[int]:
    """Collections opened to the user one by one."""
    if not user or not user.is_authenticated:
        return []
    return list(CollectionAccess.objects.filter(user=user).values_list("collection_id", flat=True))
