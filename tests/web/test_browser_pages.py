"""The pages of issue 7 in a real browser (Debian's Chromium through Playwright): search, then a document in the
viewer; the facility map; a collection's statistics; the gap matrix and an official; and no serious or critical
accessibility violation (axe-core) on these pages in English, Uyghur and Chinese. Screenshots go to each test's
tmp_path."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from django.conf import settings

from adalet.archive.models import Collection, Item
from adalet.people.facilities import import_aspi
from adalet.people.officials import PostSpec, add_post, official
from adalet.sanctions.officials import add_evidence, load_registry
from tests.people.test_facilities import write_aspi
from tests.web import test_browser
from tests.web.conftest import build_leak
from tests.web.test_browser import CHROMIUM, assert_no_id_number

browser, page = test_browser.browser, test_browser.page  # the fixtures, shared with test_browser.py

pytestmark = [
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed (make install adds it)"),
    pytest.mark.django_db(transaction=True, available_apps=list(settings.INSTALLED_APPS)),
    # what a browser shows of pages the test client checks on both databases (search snippets and masks:
    # test_search_scripts, test_bigram_crawl; relatives: test_relatives; sign-in: tests/accounts)
    pytest.mark.one_database,
]
REGISTRY = [
    {"name": "CHEN Quanguo", "name_zh": "陈全国", "schema": "Person", "birth": "1955", "us_ofac": "2020-07-09",
     "canada": "2021-03-22", "source": "test registry"},
    {"name": "WANG Junzheng", "name_zh": "王君正", "schema": "Person", "birth": "1963", "us_ofac": "2020-07-31",
     "eu": "2021-03-22", "uk": "2021-03-22", "canada": "2021-03-22", "source": "test registry"},
    {"name": "Xinjiang Public Security Bureau", "name_zh": "新疆公安厅", "schema": "Organization", "us_ofac": "2020-07-31",
     "source": "test registry"},
]


def facilities(tmp_path: Path) -> int:
    """A few rows in the layout of ASPI's dataset (its data is not ours to copy); returns how many were imported."""
    path = write_aspi(tmp_path / "CampDataset_v1.csv")
    return import_aspi(path, actor="tester").created


def registry(tmp_path: Path, collection: Collection) -> int:
    """A small officials registry (the layout of xinjiang_designations.csv), a post and a document as evidence."""
    path = tmp_path / "registry.csv"
    with open(path, "w", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, ["name", "name_zh", "schema", "birth", "us_ofac", "eu", "uk", "canada", "source"])
        writer.writeheader()
        writer.writerows(REGISTRY)
    load_registry(path)
    chen = official("CHEN Quanguo")
    add_post(chen, PostSpec("Party Secretary", "Xinjiang Uyghur Autonomous Region", "2016-08", "2021-12"))
    notice = Item.objects.get(collection=collection, name__endswith=".docx")
    add_evidence(chen, notice.locator, "a notice ordering round-ups under his leadership", actor="tester")
    return chen.pk


def test_search_then_open_a_document_in_the_viewer(page, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    build_leak(tmp_path / "leak")
    page.goto("/")
    page.fill("header input[name=q]", "在押")
    page.click("header button[type=submit]")
    page.wait_for_selector(".hits a")
    page.click(".hits .where a >> nth=0")
    page.wait_for_selector("h1.item-name")
    assert page.locator("dl.provenance code.hash").first.inner_text().strip()
    assert page.locator("table.sheet td, pre.text").count() > 0
    assert_no_id_number(page)
    page.screenshot(path=str(tmp_path / "viewer.png"), full_page=True)
    page.click("nav.crumbs a >> nth=-1")  # up to the archive it was found in
    page.wait_for_selector("ul.members a")
    page.click("ul.members a:has-text('.docx')")
    page.wait_for_selector("pre.text")
    # python-docx's template keeps a page thumbnail and custom XML the viewer does not show: no download for visitors
    assert page.locator("a.download").count() == 0 and page.locator(".no-download").count() == 1
    page.screenshot(path=str(tmp_path / "viewer-document.png"), full_page=True)


def test_the_facility_map_plots_every_facility(page, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    count = facilities(tmp_path)
    build_leak(tmp_path / "leak")
    page.goto("/")
    page.click("header nav a[href='/facilities/']")
    page.wait_for_selector("svg.map")
    assert page.locator("svg.map g.facility").count() == count
    frame = page.locator("svg.map").bounding_box()
    point = page.locator("svg.map g.facility >> nth=0").bounding_box()
    assert frame["width"] > 300 and frame["x"] <= point["x"] <= frame["x"] + frame["width"]
    assert "ASPI" in page.inner_text("figcaption")
    page.click("details.facility-table summary")
    assert page.locator("details.facility-table tbody tr").count() == count
    assert page.locator("h2 + table.collections tbody tr").count() > 0  # facilities named in the records
    page.screenshot(path=str(tmp_path / "facilities.png"), full_page=True)


def test_the_statistics_page_draws_bars_and_mirrors_them_in_uyghur(page, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    collection = build_leak(tmp_path / "leak")
    page.goto(f"/collections/{collection.name}/")
    page.click(f"a[href='/collections/{collection.name}/statistics/']")
    page.wait_for_selector("svg.bar")
    widths = [box["width"] for box in (r.bounding_box() for r in page.locator("rect.bar-fill").all())]
    assert widths and max(widths) > 0
    page.click("section.chart details summary >> nth=0")
    assert page.locator("section.chart table.figures-table >> nth=0").is_visible()
    assert_no_id_number(page)
    page.screenshot(path=str(tmp_path / "statistics.png"), full_page=True)
    page.click("form.languages button[value=ug]")
    page.wait_for_selector("html[dir=rtl]")
    assert page.evaluate("getComputedStyle(document.querySelector('svg.bar')).transform") != "none"
    page.screenshot(path=str(tmp_path / "statistics-ug.png"), full_page=True)


def test_the_gap_matrix_and_an_official_with_evidence(page, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    chen = registry(tmp_path, build_leak(tmp_path / "leak"))
    page.goto("/sanctions/")
    page.wait_for_selector("table.gaps")
    assert page.locator("table.gaps tbody tr").count() == len(REGISTRY)
    assert page.locator("ul.bars meter").count() == 4
    page.screenshot(path=str(tmp_path / "gaps.png"), full_page=True)
    page.click(f"a[href='/officials/{chen}/']")
    page.wait_for_selector("table.evidence")
    assert "August 2016" in page.inner_text("main")
    page.click("table.evidence a")
    page.wait_for_selector("h1.item-name")
    page.screenshot(path=str(tmp_path / "official-evidence.png"), full_page=True)


def test_the_new_pages_have_no_serious_accessibility_violations(page, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from axe_playwright_python.sync_playwright import Axe

    collection = build_leak(tmp_path / "leak")
    facilities(tmp_path)
    chen = registry(tmp_path, collection)
    sheet = Item.objects.filter(collection=collection, name__endswith=".xlsx").order_by("pk").first()
    photo = Item.objects.filter(collection=collection, media_type="image/jpeg").order_by("pk").first()
    urls = [f"/items/{sheet.pk}/", f"/items/{photo.pk}/", "/facilities/", f"/collections/{collection.name}/statistics/",
            "/sanctions/", f"/officials/{chen}/", "/search?q=%E5%9C%A8%E6%8A%BC"]
    axe = Axe()
    for language in ("en", "ug", "zh-hans"):
        page.goto("/")
        page.click(f"form.languages button[value={language}]")
        page.wait_for_selector(f"html[lang={language}]")
        for url in urls:
            page.goto(url)
            page.wait_for_selector(f"html[lang={language}]")
            violations = axe.run(page).response["violations"]
            serious = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in violations
                       if v["impact"] in ("serious", "critical")]
            assert not serious, (language, url, serious)
