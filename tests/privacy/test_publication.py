"""Publication is a decision (issue 14, point 8): what arrives in a published collection stays withheld from
visitors, role-less accounts and viewers until someone publishes it, with the privacy scan shown first."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.test import Client

from adalet.archive.ingest import ingest
from adalet.archive.models import Collection, Item

pytestmark = pytest.mark.django_db

FIRST = "第一批通知：会议纪要。"
LATER = "新到文件：核对身份证号653121197405229571的人员。"


def collection_with_a_later_file(tmp_path: Path, *, new_items: bool = False) -> Item:
    first = tmp_path / "first"
    first.mkdir()
    (first / "通知.txt").write_text(FIRST, encoding="utf-8")
    ingest(first, "published", ocr=False)
    call_command("collection", "publish", "published", *(["--new-items"] if new_items else []), stdout=io.StringIO())
    later = tmp_path / "later"
    later.mkdir()
    (later / "名单.txt").write_text(LATER, encoding="utf-8")
    ingest(later, "published", ocr=False)
    return Item.objects.get(name="名单.txt")


def researcher() -> User:
    user = User.objects.create_user("reader", password="x" * 12)
    user.groups.add(Group.objects.get_or_create(name="researcher")[0])
    return user


def test_a_later_file_is_withheld_until_published(client: Client, tmp_path: Path) -> None:
    item = collection_with_a_later_file(tmp_path)
    assert item.withheld and not Item.objects.get(name="通知.txt").withheld
    assert client.get("/search", {"q": "新到文件"}).content.decode().count('href="/items/') == 0
    assert client.get("/api/search", {"q": "新到文件"}).json()["total"] == 0
    assert client.get(f"/items/{item.pk}/").status_code == 404
    assert client.get(f"/items/{item.pk}/original").status_code == 404
    assert client.get("/api/search", {"q": "第一批"}).json()["total"] == 1  # what was published stays public
    roleless = User.objects.create_user("nobody", password="x" * 12)
    client.force_login(roleless)
    assert client.get(f"/items/{item.pk}/").status_code == 404
    client.force_login(researcher())  # those who decide see it
    assert client.get(f"/items/{item.pk}/").status_code == 200
    assert client.get("/api/search", {"q": "新到文件"}).json()["total"] == 1


def test_pending_shows_the_scan_and_publish_releases(client: Client, tmp_path: Path) -> None:
    item = collection_with_a_later_file(tmp_path)
    out = io.StringIO()
    call_command("collection", "pending", "published", stdout=out)
    assert "名单.txt" in out.getvalue() and "1 personal number(s)" in out.getvalue() and "1 item(s) withheld" in out.getvalue()
    out = io.StringIO()
    call_command("collection", "publish", "published", stdout=out)
    assert "1 withheld item(s) published" in out.getvalue()
    item.refresh_from_db()
    assert not item.withheld and client.get(f"/items/{item.pk}/").status_code == 200
    assert "653121••••••••••••" in client.get(f"/items/{item.pk}/").content.decode()


def test_a_collection_may_publish_new_items_as_they_come(tmp_path: Path) -> None:
    assert not collection_with_a_later_file(tmp_path, new_items=True).withheld
    assert Collection.objects.get(name="published").publish_new_items


def test_items_of_an_unpublished_collection_are_not_withheld(tmp_path: Path) -> None:
    folder = tmp_path / "x"
    folder.mkdir()
    (folder / "a.txt").write_text("内部", encoding="utf-8")
    ingest(folder, "closed", ocr=False)
    assert not Item.objects.get(name="a.txt").withheld  # publishing the collection will be the decision
