"""Page images in a real browser (Debian's Chromium through Playwright): staff open a PDF hit at its page and see each
page's picture beside its text at 1280 px and below it at 390 px, without horizontal overflow; the hit's page is in
view; a page that cannot be rendered shows its note, not a broken picture; axe finds no serious violation. Screenshots go to the test's tmp_path."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import User

from adalet.archive import pagerender
from adalet.archive.ingest import ingest
from adalet.archive.models import Collection, Item
from tests.web import test_browser
from tests.web.test_browser import CHROMIUM
from tests.web.test_page_images import PAGES, three_page_pdf

browser, page = test_browser.browser, test_browser.page  # the fixtures, shared with test_browser.py

pytestmark = [
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed (make install adds it)"),
    pytest.mark.django_db(transaction=True, available_apps=list(settings.INSTALLED_APPS)),
    pytest.mark.one_database,  # the layout and the browser's handling of a failed picture: the same on either database
]
PASSWORD = "correct horse battery staple"


def box(page: Any, selector: str) -> dict[str, float]:  # type: ignore[no-untyped-def]
    found = page.locator(selector).bounding_box()
    assert found is not None, selector
    return found


def serious(page: Any) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    from axe_playwright_python.sync_playwright import Axe

    return [(v["id"], v["impact"]) for v in Axe().run(page).response["violations"] if v["impact"] in ("serious", "critical")]


def wait_loaded(page: Any, selector: str) -> None:  # type: ignore[no-untyped-def]
    """Until the picture has loaded and decoded (polled from here: the site's CSP forbids the eval of
    wait_for_function)."""
    for _ in range(150):
        if page.locator(selector).evaluate("img => img.complete && img.naturalWidth > 0"):
            return
        page.wait_for_timeout(100)
    pytest.fail(f"{selector} never loaded")


def test_staff_see_pages_beside_their_text_and_below_it_on_a_phone(page, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "transfer.pdf").write_bytes(three_page_pdf())
    ingest(folder, "docs", ocr=False)
    Collection.objects.filter(name="docs").update(is_public=True)
    pdf = Item.objects.get(name="transfer.pdf")
    User.objects.create_user("staff", password=PASSWORD, is_staff=True)
    real = pagerender.render_pdf_page

    def second_page_fails(path: Path, number: int) -> bytes:
        if number == 2:
            raise pagerender.RenderError("pdftoppm failed on page 2 (exit 1): Syntax Error: a damaged page")
        return real(path, number)

    monkeypatch.setattr(pagerender, "render_pdf_page", second_page_fails)
    page.goto("/login/")
    page.fill("input[name=username]", "staff")
    page.fill("input[name=password]", PASSWORD)
    page.click("form.login button[type=submit]")
    page.wait_for_selector("header .who")

    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"/items/{pdf.pk}/?q=Transfer#page-3")
    third = "section.page:has(#page-3)"
    wait_loaded(page, f"{third} img")
    text, picture = box(page, f"{third} pre.text"), box(page, f"{third} figure.page-image img")
    assert picture["x"] >= text["x"] + text["width"] and abs(picture["y"] - text["y"]) < 40  # beside it
    heading = box(page, "#page-3")
    assert 0 <= heading["y"] < 900  # the hit's page is in view
    page.locator("section.page:has(#page-2)").scroll_into_view_if_needed()
    page.wait_for_selector("section.page:has(#page-2) figure.page-image.failed .page-image-error:visible")
    assert page.locator("section.page:has(#page-2) img").count() == 0  # the note, not a broken picture
    assert page.locator("figure.page-image img[loading=lazy][alt^='Image of page']").count() == PAGES - 1
    page.screenshot(path=str(tmp_path / "pages-1280.png"), full_page=True)
    assert not serious(page)  # axe: the pictures, their alt text and the note

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"/items/{pdf.pk}/#page-1")
    first = "section.page:has(#page-1)"
    wait_loaded(page, f"{first} img")
    text, picture = box(page, f"{first} pre.text"), box(page, f"{first} figure.page-image img")
    assert picture["y"] >= text["y"] + text["height"] and picture["width"] <= 390  # below it
    assert page.evaluate("document.documentElement.scrollWidth") <= 391
    page.screenshot(path=str(tmp_path / "pages-390.png"), full_page=True)
