"""Fixtures shared by the workspace tests: users with a role (a group, or a grant in one collection), a restricted
leak, the custody records of one action."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth.models import Group, User

from adalet.archive.models import Collection, CustodyRecord
from adalet.web.models import CollectionAccess
from tests.web.conftest import build_leak

PASSWORD = "correct horse battery staple"


def make_user(username: str, *, group: str | None = None, grants: dict[Collection, str] | None = None,
              **extra: object) -> User:
    user = User.objects.create_user(username, password=PASSWORD, **extra)
    if group:
        user.groups.add(Group.objects.get(name=group))
    for collection, role in (grants or {}).items():
        CollectionAccess.objects.create(user=user, collection=collection, role=role)
    return user


def custody(action: str) -> list[CustodyRecord]:
    return list(CustodyRecord.objects.filter(action=action).order_by("seq"))


@pytest.fixture
def restricted(tmp_path: Path) -> Collection:
    """The demo leak, ingested, mapped, cross-referenced and verified, not published."""
    return build_leak(tmp_path / "leak", "restricted-leak", public=False)
