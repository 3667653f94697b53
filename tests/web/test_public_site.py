"""The public site and API show only published collections, with ID numbers masked for visitors."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.test import Client

from adalet.archive import custody
from adalet.archive.ingest import ingest
from adalet.archive.models import Collection, CustodyRecord
from adalet.lib.privacy import mask_id_numbers
from tests.leakfiles import write_leak_folder

pytestmark = pytest.mark.django_db
ID = "65402719920817332x"


@pytest.fixture
def archive(tmp_path: Path) -> Collection:
    ingest(write_leak_folder(tmp_path, photos=2), "police-files", ocr=False)
    return Collection.objects.get(name="police-files")


def test_restricted_collection_is_invisible_to_visitors(client: Client, archive: Collection) -> None:
    assert "police-files" not in client.get("/").content.decode()
    page = client.get("/search", {"q": "在押"}).content.decode()
    assert "讲话" not in page and "Nothing matches" in page
    assert client.get("/api/search", {"q": "在押"}).json()["total"] == 0
    assert client.get("/api/collections").json() == []


def test_published_collection_is_searchable_with_id_numbers_masked(client: Client, archive: Collection) -> None:
    archive.is_public = True
    archive.save()
    page = client.get("/search", {"q": "热依拉"}).content.decode()
    assert "名单.csv" in page and "<mark>热依拉</mark>" in page
    assert ID not in page.lower() and "654027••••••••••••" in page
    api = client.get("/api/search", {"q": "热依拉"}).json()
    assert api["total"] == 1 and ID not in str(api).lower()


def test_staff_see_restricted_collections_and_full_id_numbers(client: Client, archive: Collection) -> None:
    staff = User.objects.create_user("researcher", password="pw-for-tests-only", is_staff=True)
    client.force_login(staff)
    page = client.get("/search", {"q": "热依拉"}).content.decode()
    assert ID in page.lower()
    view = CustodyRecord.objects.get(action="view-personal-data")
    assert view.actor == "researcher" and view.subject == "search: 热依拉"
    assert custody.record_detail(view)["items"] == ["leak/人员/名单.csv"]


def test_anonymous_searches_see_no_personal_data_and_are_not_logged_as_views(client: Client, archive: Collection) -> None:
    archive.is_public = True
    archive.save()
    client.get("/search", {"q": "热依拉"})
    assert not CustodyRecord.objects.filter(action="view-personal-data").exists()


def test_search_page_escapes_html_in_queries_and_documents(client: Client, archive: Collection) -> None:
    page = client.get("/search", {"q": "<script>alert(1)</script>"}).content.decode()
    assert "<script>alert(1)</script>" not in page


def test_openapi_document_is_served(client: Client) -> None:
    spec = client.get("/api/openapi.json").json()
    assert "/api/search" in spec["paths"]


def test_masking_keeps_region_code_only() -> None:
    assert mask_id_numbers("身份证 65312119850312751X 号") == "身份证 653121•••••••••••• 号"
    assert mask_id_numbers("order 1234567890123456789012") == "order " + "•" * 22  # a long number: a card, a phone
    assert mask_id_numbers("order 123456789, 2018-03-05") == "order 123456789, 2018-03-05"


def test_home_counts_the_size_handed_in_not_archive_members_twice(client: Client, archive: Collection, tmp_path: Path) -> None:
    archive.is_public = True
    archive.save()
    handed_in = sum(f.stat().st_size for f in (tmp_path / "leak").rglob("*") if f.is_file())
    page = client.get("/").content.decode()
    assert f"<td>{archive.items.count()}</td>" in page
    from django.template.defaultfilters import filesizeformat

    assert f"<td>{filesizeformat(handed_in)}</td>" in page


def test_search_shows_short_type_labels(client: Client, archive: Collection) -> None:
    archive.is_public = True
    archive.save()
    page = client.get("/search", {"q": "EOS"}).content.decode()
    assert '<bdi class="type" title="image/jpeg">JPEG</bdi>' in page
