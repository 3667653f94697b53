"""Roles: four groups made by a migration, a hierarchy, and per-collection access to restricted collections."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client

from adalet.archive.models import Collection
from adalet.lib.roles import Role, global_role, has_role
from adalet.web.models import CollectionAccess
from adalet.web.roles import collection_role

pytestmark = pytest.mark.django_db


def test_the_four_roles_exist_as_groups() -> None:
    assert set(Group.objects.values_list("name", flat=True)) >= {"viewer", "researcher", "moderator", "admin"}


def test_a_higher_role_includes_the_lower_ones() -> None:
    user = User.objects.create_user("mod")
    user.groups.add(Group.objects.get(name="moderator"))
    assert has_role(user, Role.VIEWER) and has_role(user, Role.RESEARCHER) and has_role(user, Role.MODERATOR)
    assert not has_role(user, Role.ADMIN)
    assert global_role(User.objects.create_user("nobody")) is None
    assert global_role(User.objects.create_user("boss", is_staff=True)) == Role.ADMIN


def test_a_grant_opens_one_restricted_collection(client: Client, published: Collection) -> None:
    published.is_public = False
    published.save()
    other = Collection.objects.create(name="other-restricted")
    user = User.objects.create_user("granted")
    assert collection_role(user, published) is None
    CollectionAccess.objects.create(user=user, collection=published, role=Role.RESEARCHER)
    assert collection_role(user, published) == Role.RESEARCHER and collection_role(user, other) is None
    client.force_login(user)
    home = client.get("/").content.decode()
    assert published.name in home and "other-restricted" not in home
    assert client.get(f"/collections/{published.name}/").status_code == 200
    assert client.get("/collections/other-restricted/").status_code == 404


def test_everyone_is_a_viewer_of_a_published_collection(published: Collection) -> None:
    from django.contrib.auth.models import AnonymousUser

    assert collection_role(AnonymousUser(), published) == Role.VIEWER
