"""A leaked file's name with bidirectional controls cannot spoof its extension in titles, links or downloads."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.test import Client

from adalet.archive.ingest import ingest
from adalet.archive.models import Collection, Item
from adalet.lib.display import safe_name

pytestmark = pytest.mark.django_db

SPOOF = "通知\u202etxt.exe"  # shows as 通知exe.txt


def test_bidi_controls_are_dropped_from_names() -> None:
    assert safe_name(SPOOF) == "通知txt.exe"
    assert safe_name("\u2067ئەركىن\u2069.txt") == "ئەركىن.txt" and safe_name("") == ""


def test_pages_and_downloads_show_the_real_extension(client: Client, tmp_path: Path) -> None:
    folder = tmp_path / "leak"
    folder.mkdir()
    (folder / SPOOF).write_text("会议通知", encoding="utf-8")
    ingest(folder, "spoof", ocr=False)
    Collection.objects.filter(name="spoof").update(is_public=True)
    item = Item.objects.get(collection__name="spoof", name=SPOOF)
    page = client.get(f"/items/{item.pk}/").content.decode()
    assert "\u202e" not in page and "通知txt.exe" in page
    assert "\u202e" not in client.get("/search", {"q": "会议"}).content.decode()
    staff = User.objects.create_user("admin", password="x" * 12, is_staff=True)
    client.force_login(staff)
    download = client.get(f"/items/{item.pk}/original")
    assert download.status_code == 200 and "\u202e" not in download["Content-Disposition"]
    assert "txt.exe" in download["Content-Disposition"]
