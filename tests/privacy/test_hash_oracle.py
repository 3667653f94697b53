"""The hash oracle (a second attack): a small text file's SHA-256 beside its masked text would let a visitor hash
the ~1,000 candidates of a masked ID number offline. A text file holding personal data keeps its hash from them."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.test import Client

from adalet.archive.ingest import ingest
from adalet.archive.models import Collection, Item

pytestmark = pytest.mark.django_db


def test_a_text_file_with_an_id_number_keeps_its_hash_from_visitors(client: Client, tmp_path: Path) -> None:
    folder = tmp_path / "leak"
    folder.mkdir()
    (folder / "小.txt").write_text("身份证号：653121197405229571\n", encoding="utf-8")
    (folder / "通知.txt").write_text("会议通知\n", encoding="utf-8")
    ingest(folder, "small", ocr=False)
    Collection.objects.filter(name="small").update(is_public=True)
    small, notice = Item.objects.get(name="小.txt"), Item.objects.get(name="通知.txt")
    page = client.get(f"/items/{small.pk}/").content.decode()
    assert small.sha256 not in page and "653121••••••••••••" in page
    assert hashlib.sha256((folder / "小.txt").read_bytes()).hexdigest() == small.sha256  # what the page would give away
    assert notice.sha256 in client.get(f"/items/{notice.pk}/").content.decode()  # no personal data: the hash shows
    client.force_login(User.objects.create_user("admin", password="x" * 12, is_staff=True))
    assert small.sha256 in client.get(f"/items/{small.pk}/").content.decode()
