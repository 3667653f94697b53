"""Every paging argument of the site and the API is a bounded whole number: the attacker's values (past 64 bits,
negative, a float, text) are a 400 naming the argument on the API and the nearest page on the site, never a 500."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client

from adalet.api.endpoints import MAX_OFFSET
from adalet.archive.ingest import ingest
from adalet.archive.models import Collection
from adalet.web.views import LAST_PAGE

pytestmark = pytest.mark.django_db
ATTACKS = ["9223372036854775808", "99999999999999999999999999999999", "-1", "-9223372036854775809", "1.5", "1e9",
           "ten", "0x10", "٣", "1_000", "9" * 5000]
API_ATTACKS = [value for value in ATTACKS if value != "1_000"]  # pydantic reads it as 1000, within the bounds


def short(value: str) -> str:
    return value if len(value) < 40 else f"{len(value)}-digits"


@pytest.fixture
def notices(tmp_path: Path) -> Collection:
    folder = tmp_path / "docs"
    folder.mkdir()
    for n in range(3):
        (folder / f"notice-{n}.txt").write_text(f"关于召开会议的通知 {n}：全体人员周一上午九时到会。\n", encoding="utf-8")
    ingest(folder, "notices", ocr=False, source="a test")
    Collection.objects.filter(name="notices").update(is_public=True)
    return Collection.objects.get(name="notices")


@pytest.fixture
def client() -> Client:
    return Client(raise_request_exception=False)


@pytest.mark.parametrize("value", [*API_ATTACKS, str(MAX_OFFSET + 1)], ids=short)
def test_api_search_refuses_an_offset_out_of_bounds(client: Client, notices: Collection, value: str) -> None:
    response = client.get("/api/search", {"q": "通知", "offset": value})
    assert response.status_code == 400 and response.json()["detail"][0]["loc"] == ["query", "offset"]


@pytest.mark.parametrize("value", [*API_ATTACKS, "0", "101"], ids=short)
def test_api_search_refuses_a_limit_out_of_bounds(client: Client, notices: Collection, value: str) -> None:
    response = client.get("/api/search", {"q": "通知", "limit": value})
    assert response.status_code == 400 and response.json()["detail"][0]["loc"] == ["query", "limit"]


def test_api_search_answers_within_the_bounds(client: Client, notices: Collection) -> None:
    assert client.get("/api/search", {"q": "通知", "limit": 100, "offset": 0}).json()["total"] == 3
    last = client.get("/api/search", {"q": "通知", "limit": 1, "offset": MAX_OFFSET})
    assert last.status_code == 200 and last.json()["hits"] == []


@pytest.mark.parametrize("value", ATTACKS, ids=short)
def test_the_search_page_shows_the_nearest_page(client: Client, notices: Collection, value: str) -> None:
    response = client.get("/search", {"q": "通知", "page": value})
    assert response.status_code == 200
    page = response.context["page"]
    assert page == (LAST_PAGE if value.isascii() and value.isdigit() else 1)
    assert bool(response.context["hits"]) == (page == 1)
    assert not response.context["has_next"]


def test_the_last_search_page_offers_no_next_one(client: Client, notices: Collection) -> None:
    response = client.get("/search", {"q": "通知", "page": str(LAST_PAGE)})
    assert response.status_code == 200 and not response.context["has_next"]


@pytest.mark.parametrize("value", ATTACKS, ids=short)
def test_the_photo_gallery_shows_the_nearest_page(client: Client, notices: Collection, value: str) -> None:
    assert client.get(f"/collections/{notices.name}/photos/", {"page": value}).status_code == 200
