"""Saved searches with alerts (issue 21): a signed-in user keeps a search; items that arrive later and match it are
shown in the workspace, with the user's visibility and masking, and nobody else's saved searches can be touched."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client

from adalet.archive.ingest import ingest
from adalet.archive.models import Item
from adalet.web.models import SavedSearch
from tests.web.conftest import ID_NUMBER, build_leak

pytestmark = pytest.mark.django_db
WORD = "qv9savedword"
ID = "65412719930319002X"


def signed_in(name: str, group: str | None = None) -> Client:
    user = User.objects.create_user(name, password="pw-for-tests-only")
    if group:
        user.groups.add(Group.objects.get(name=group))
    client = Client()
    client.force_login(user)
    return client


def test_new_matches_are_shown_masked_and_only_to_whom_may_see_them(tmp_path: Path) -> None:
    build_leak(tmp_path / "leak")
    researcher, roleless = signed_in("researcher9", "researcher"), signed_in("roleless9")
    page = researcher.get("/search", {"q": WORD}).content.decode()
    assert 'class="save-search"' in page and "csrfmiddlewaretoken" in page
    for client in (researcher, roleless):
        assert client.post("/workspace/searches/", {"action": "save", "q": WORD}).status_code == 302
        assert "No new matches since you last looked." in client.get("/workspace/searches/").content.decode()
    late = tmp_path / "late"
    late.mkdir()
    (late / "transfer.txt").write_text(f"转移名单 {WORD} 身份证 {ID}\n", encoding="utf-8")
    ingest(late, "demo", ocr=False)  # arrives in a published collection: withheld until someone decides
    assert Item.objects.filter(name="transfer.txt", withheld=True).exists()
    seen = researcher.get("/workspace/searches/").content.decode()
    assert "1 new item matches since you last looked." in seen and "transfer.txt" in seen
    assert not re.search(ID_NUMBER, seen) and "654127••••••••••••" in seen  # masked as the search page
    assert "1 new match for your saved searches." in researcher.get("/workspace/").content.decode()
    researcher.cookies["django_language"] = "ug"
    assert "يېڭى ھۆججەت ماس كەلدى" in researcher.get("/workspace/searches/").content.decode()
    researcher.cookies["django_language"] = "en"
    assert "No new matches" in roleless.get("/workspace/searches/").content.decode()  # withheld from them
    mine = SavedSearch.objects.get(user__username="researcher9")
    assert roleless.post("/workspace/searches/", {"action": "remove", "id": mine.pk}).status_code == 404
    assert roleless.post("/workspace/searches/", {"action": "seen", "id": mine.pk}).status_code == 404
    assert researcher.post("/workspace/searches/", {"action": "seen", "id": mine.pk}).status_code == 302
    assert "No new matches" in researcher.get("/workspace/searches/").content.decode()
    assert researcher.post("/workspace/searches/", {"action": "remove", "id": mine.pk}).status_code == 302
    assert not SavedSearch.objects.filter(pk=mine.pk).exists()


def test_visitors_cannot_save(client: Client) -> None:
    assert client.post("/workspace/searches/", {"action": "save", "q": WORD}).status_code == 302  # to sign in
    assert not SavedSearch.objects.exists()
    assert 'class="save-search"' not in client.get("/search", {"q": WORD}).content.decode()
