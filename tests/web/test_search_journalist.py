"""Search as a journalist uses it (issue 21): facets with counts, row-level hits, the query syntax with its help,
hits that open the viewer at their row with the terms marked, and exports masked as the page is."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.test import Client

from adalet.archive.models import Collection
from adalet.people.models import Detention
from adalet.web import search_pages
from tests.web.conftest import ID_NUMBER, build_leak

pytestmark = pytest.mark.django_db
FULL_ID = re.compile(ID_NUMBER)


@pytest.fixture
def leak(tmp_path: Path) -> Collection:
    return build_leak(tmp_path / "leak")


def busiest_facility(collection: Collection) -> str:
    """The facility most detention rows of the collection name (its rows are spread over the sheet)."""
    names = list(
        Detention.objects.filter(person__collection=collection, facility__isnull=False).values_list("facility__name", flat=True)
    )
    return max(set(names), key=names.count)


def test_facets_count_rows_and_narrow_the_hits(client: Client, leak: Collection) -> None:
    facility = busiest_facility(leak)
    held = Detention.objects.filter(person__collection=leak, facility__name=facility)
    api = client.get("/api/search", {"q": facility}).json()
    facets = {name: {v["value"]: v["count"] for v in values} for name, values in api["facets"].items()}
    assert facets["facility"][facility] == held.count()  # one count per matching row of a record
    rows_counted = sum(facets["facility"].values())  # each matching row of a record once in every facet
    assert all(sum(facets[name].values()) == rows_counted for name in ("county", "status", "month", "sex", "age"))
    assert facets["type"]["spreadsheet"] >= 1
    sheet_hits = [h for h in api["hits"] if h["rows"]]
    assert sheet_hits and all(h["sheet"] for h in sheet_hits)
    rows = {r for h in sheet_hits for r in h["rows"]}
    assert set(held.values_list("source__row", flat=True)) <= rows  # rows named, not "rows 1-22"
    women = held.filter(person__sex="F")
    narrowed = client.get("/api/search", {"q": facility, "sex": "female", "facility": facility}).json()
    assert narrowed["facets"]["sex"] == [{"value": "female", "count": women.count()}]
    narrowed_rows = {r for h in narrowed["hits"] for r in h["rows"]}
    assert narrowed_rows and narrowed_rows <= set(women.values_list("source__row", flat=True))
    page = client.get("/search", {"q": facility}).content.decode()
    assert 'class="facets"' in page and "Matching rows:" in page and "&amp;sex=female" in page
    assert "How to search" in page
    client.cookies["django_language"] = "ug"
    uyghur = client.get("/search", {"q": facility}).content.decode()
    assert "قانداق ئىزدەش" in uyghur and "ماس كەلگەن قۇرلار" in uyghur and "نەتىجىلەرنى تارايتىش" in uyghur


def test_query_syntax_on_the_page(client: Client, leak: Collection) -> None:
    facility = busiest_facility(leak)
    total = client.get("/api/search", {"q": facility}).json()["total"]
    assert client.get("/api/search", {"q": f'"{facility}" OR zzznothing'}).json()["total"] == total
    assert client.get("/api/search", {"q": f"{facility} -{facility}"}).json()["total"] == 0
    assert client.get("/api/search", {"q": f"{facility} AND zzznothing"}).json()["total"] == 0
    only_minus = client.get("/search", {"q": f"-{facility}"}).content.decode()
    assert "Your search only leaves words out" in only_minus
    unclosed = client.get("/api/search", {"q": f'"{facility}'}).json()
    assert unclosed["problems"] == ["unclosed-quote"] and unclosed["total"] == total
    assert "A quotation mark was not closed" in client.get("/search", {"q": f'"{facility}'}).content.decode()
    assert client.get("/api/search", {"q": 'NEAR("a" OR ) :* "'}).status_code == 200  # never an engine error


def test_hit_opens_the_viewer_at_its_row_with_terms_marked(client: Client, leak: Collection) -> None:
    facility = busiest_facility(leak)
    page = client.get("/search", {"q": facility}).content.decode()
    address = re.search(r'<a href="(/items/\d+/\?[^"]*#hit)"', page).group(1).replace("&amp;", "&")
    row = int(re.search(r"row=(\d+)", address).group(1))
    viewer = client.get(address.split("#")[0]).content.decode()
    hit_row = re.search(r'<tr[^>]*><th scope="row" id="hit" class="hit">(\d+)</th>(.*?)</tr>', viewer)
    assert hit_row and int(hit_row.group(1)) == row
    assert f"<mark>{facility}</mark>" in hit_row.group(2)
    assert not FULL_ID.search(viewer)  # the marked row is masked as the rest
    hostile = client.get(address.split("#")[0].split("?")[0], {"q": "<script>alert(1)</script>", "row": row})
    assert "<script>alert(1)</script>" not in hostile.content.decode()


def test_export_is_masked_as_the_page_and_capped(client: Client, leak: Collection, monkeypatch: pytest.MonkeyPatch) -> None:
    """The attack: a visitor exports what a search finds in a sheet of ID numbers; the export holds none of them."""
    facility = busiest_facility(leak)
    shown = client.get("/api/search", {"q": facility}).json()
    as_csv = client.get("/search/export.csv", {"q": facility})
    assert as_csv.status_code == 200 and as_csv["Content-Disposition"].endswith('.csv"')
    rows = list(csv.DictReader(io.StringIO(as_csv.content.decode("utf-8-sig"))))
    assert len(rows) == len(shown["hits"]) and rows[0]["snippet"]
    as_json = client.get("/search/export.json", {"q": facility}).json()
    assert [h["locator"] for h in as_json["hits"]] == [h["locator"] for h in shown["hits"]]
    for body in (as_csv.content.decode("utf-8-sig"), str(as_json)):
        assert not FULL_ID.search(body) and "••••" in body
    staff = Client()
    staff.force_login(User.objects.create_user("editor", password="pw-for-tests-only", is_staff=True))
    assert FULL_ID.search(staff.get("/search/export.csv", {"q": facility}).content.decode("utf-8-sig"))
    monkeypatch.setattr(search_pages, "EXPORT_MAX", 1)
    assert len(client.get("/search/export.json", {"q": "xinjiang OR 新疆 OR 县"}).json()["hits"]) <= 1
    leak.is_public = False
    leak.save()
    assert client.get("/search/export.json", {"q": facility}).json()["hits"] == []  # unpublished: nothing
