"""Roles: viewer < researcher < moderator < admin, held as Django groups (made by the web app's 0002_roles migration).

Superusers and staff are admins everywhere. A group role applies to every collection the user can open; a role
granted in one collection (the web app's ``CollectionAccess``) is read by ``adalet.web.roles``.
"""

from __future__ import annotations

from typing import Any

from django.db import models


class Role(models.TextChoices):
    VIEWER = "viewer"
    RESEARCHER = "researcher"
    MODERATOR = "moderator"
    ADMIN = "admin"


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
