"""Downloads of originals: a custody record for each GET that sends the bytes, none for a HEAD, and a client without
a role refused (429) beyond ADALET_DOWNLOAD_LIMITS a minute, so it cannot flood the custody log."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import Group, User
from django.test import Client

from adalet.archive.ingest import ingest
from adalet.archive.models import Collection, CustodyRecord, Item
from adalet.lib.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture
def notice(tmp_path: Path) -> Item:
    """A published text without personal data: visitors may download its original."""
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "notice.txt").write_text("关于召开会议的通知：全体人员周一上午九时到会。\n", encoding="utf-8")
    ingest(folder, "notices", ocr=False, source="a test")
    Collection.objects.filter(name="notices").update(is_public=True)
    return Item.objects.get(name="notice.txt")


def downloads() -> int:
    return CustodyRecord.objects.filter(action="download-original").count()


def test_a_head_request_leaves_no_custody_record(notice: Item) -> None:
    client = Client()
    for _ in range(5):
        head = client.head(f"/items/{notice.pk}/original")
        assert head.status_code == 200 and head["Content-Disposition"].startswith("attachment")
    assert downloads() == 0
    response = client.get(f"/items/{notice.pk}/original")
    assert hashlib.sha256(b"".join(response.streaming_content)).hexdigest() == notice.sha256
    assert downloads() == 1


def test_other_methods_are_refused_and_leave_no_record(notice: Item) -> None:
    assert Client().post(f"/items/{notice.pk}/original").status_code == 405
    assert downloads() == 0


def test_a_client_is_refused_beyond_its_downloads_a_minute(notice: Item, settings: Any) -> None:
    settings.ADALET_DOWNLOAD_LIMITS = (3, 5)
    client = Client(REMOTE_ADDR="198.51.100.7")
    statuses = [client.get(f"/items/{notice.pk}/original").status_code for _ in range(3)]
    statuses += [client.head(f"/items/{notice.pk}/original").status_code for _ in range(20)]
    statuses += [client.get(f"/items/{notice.pk}/original").status_code for _ in range(20)]
    assert statuses == [200] * 3 + [429] * 40
    assert downloads() == 3
    refused = client.get(f"/items/{notice.pk}/original")
    assert refused["Retry-After"] == "60" and "wait a minute" in refused.content.decode()
    neighbour = Client(REMOTE_ADDR="198.51.100.8")  # same /24: its own share, then the network's is used up
    assert [neighbour.get(f"/items/{notice.pk}/original").status_code for _ in range(3)] == [200, 200, 429]
    assert Client(REMOTE_ADDR="203.0.113.9").get(f"/items/{notice.pk}/original").status_code == 200
    assert downloads() == 6


def test_accounts_with_a_role_are_not_limited(notice: Item, settings: Any) -> None:
    settings.ADALET_DOWNLOAD_LIMITS = (1, 1)
    researcher = User.objects.create_user("researcher")
    researcher.groups.add(Group.objects.get(name=Role.RESEARCHER))
    client = Client()
    client.force_login(researcher)
    assert [client.get(f"/items/{notice.pk}/original").status_code for _ in range(4)] == [200] * 4
    assert CustodyRecord.objects.filter(action="download-original", actor="researcher").count() == 4
