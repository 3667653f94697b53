"""Every language and the phone, in a real browser (Debian's Chromium through Playwright; issue 21): the Uyghur
address opens Uyghur for an English browser, the switcher goes to it, Latin on a Uyghur page is not set in the
Uyghur font, and at 390 px the home table and the statistics do not run off the screen in English or Uyghur.
One leak and one browser for the module's one test; screenshots go to its tmp_path."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

from tests.web import test_browser
from tests.web.conftest import build_leak
from tests.web.test_browser import CHROMIUM

browser = test_browser.browser  # the module's browser, shared with test_browser.py's way of starting it

pytestmark = [
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed (make install adds it)"),
    pytest.mark.django_db(transaction=True, available_apps=list(settings.INSTALLED_APPS)),
    pytest.mark.one_database,  # what the user sees in the browser; the pages' queries are tested on both databases elsewhere
]
PHONE = {"width": 390, "height": 844}


def fonts(page, selector: str) -> set[str]:  # type: ignore[no-untyped-def]
    """The fonts the browser drew the element's text with (DevTools: CSS.getPlatformFontsForNode)."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    return {font["familyName"] for font in cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]}


def test_languages_by_address_fonts_per_script_and_the_phone(browser, live_server, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    collection = build_leak(tmp_path / "leak")
    context = browser.new_context(base_url=live_server.url, locale="en-US", viewport=PHONE)
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        page.goto("/relatives/")
        page.click("form.languages button[value=ug]")
        page.wait_for_url("**/ug/relatives/")
        assert page.get_attribute("html", "dir") == "rtl"
        fresh = browser.new_context(base_url=live_server.url, locale="en-US")  # no cookie: the address alone
        other = fresh.new_page()
        other.goto("/ug/")
        assert other.get_attribute("html", "lang") == "ug" and other.get_attribute("html", "dir") == "rtl"
        title = "table.collections td a bdi[lang=en]"  # "Demo leak <b>synthetic</b>": Latin on a Uyghur page
        assert other.locator(title).get_attribute("dir") == "ltr"
        assert not any("UKIJ" in font for font in fonts(other, title)), fonts(other, title)
        assert any("UKIJ" in font for font in fonts(other, "h1"))  # the Uyghur heading in the Uyghur font
        fresh.close()

        statistics = f"/collections/{collection.name}/statistics/"
        for address in ("/", statistics, "/ug/", f"/ug{statistics}"):
            page.goto(address)
            width = page.evaluate("document.documentElement.scrollWidth")
            page.screenshot(path=str(tmp_path / f"phone{address.replace('/', '-')}.png"), full_page=True)
            assert width <= PHONE["width"], (address, width)
    finally:
        context.close()
