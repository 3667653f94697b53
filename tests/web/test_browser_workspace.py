"""The workspace in a real browser (Debian's Chromium through Playwright): a researcher signs in, opens the photo-link
queue of a restricted collection and confirms a link; the row shows it confirmed (updated in place by htmx when
present), the database and the custody log have the decision, and the browser reports no policy violation."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders

from adalet.archive.models import CustodyRecord
from adalet.lib.roles import Role
from adalet.people.models import PhotoLink
from tests.web import test_browser
from tests.web.conftest import build_leak
from tests.web.test_browser import CHROMIUM
from tests.web.workspace_fixtures import PASSWORD, make_user

browser, page = test_browser.browser, test_browser.page  # the fixtures, shared with test_browser.py

# With available_apps, the flush after each test truncates with CASCADE (see test_browser.py).
pytestmark = [
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed (make install adds it)"),
    pytest.mark.django_db(transaction=True, available_apps=list(settings.INSTALLED_APPS)),
    pytest.mark.one_database,  # what the user sees in the browser; the pages' queries are tested on both databases elsewhere
]


def test_a_researcher_confirms_a_photo_link(page, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from axe_playwright_python.sync_playwright import Axe

    collection = build_leak(tmp_path / "leak", "restricted-leak", public=False)
    make_user("rahile", grants={collection: Role.RESEARCHER})
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))

    page.goto("/workspace/")
    page.fill("input[name=username]", "rahile")
    page.fill("input[name=password]", PASSWORD)
    page.click("form.login button[type=submit]")
    page.wait_for_selector("table.workspace-collections")
    page.screenshot(path=str(tmp_path / "workspace.png"), full_page=True)
    page.click(f"a[href='/workspace/collections/{collection.name}/photo-links/']")
    page.wait_for_selector("ol.queue li.review")
    page.screenshot(path=str(tmp_path / "photo-links.png"), full_page=True)
    violations = Axe().run(page).response["violations"]
    assert not [(v["id"], v["impact"]) for v in violations if v["impact"] in ("serious", "critical")]

    first = page.locator("ol.queue li.review").first
    link_id = int(first.get_attribute("id").removeprefix("photo-link-"))
    htmx = bool(finders.find("web/vendor/htmx.min.js"))
    if htmx:
        page.wait_for_function("() => window.htmx !== undefined")
    first.locator("input[name=note]").fill("the face matches the record's photo")
    first.locator("button[value=confirmed]").click()
    row = page.locator(f"#photo-link-{link_id}")
    if htmx:  # swapped in place: still the same queue page, no reload
        row.locator(".status", has_text="confirmed").wait_for()
        assert page.url.endswith(f"/workspace/collections/{collection.name}/photo-links/")
        assert row.locator("form").count() == 0
    else:  # the plain form: back to the queue, which holds what still waits; the decided link is among the confirmed
        page.wait_for_selector("text=Photo link confirmed.")
        assert row.count() == 0
        page.click("nav.filters a[href='?status=confirmed']")
        row.locator(".status", has_text="confirmed").wait_for()
    assert "rahile" in row.inner_text()
    page.screenshot(path=str(tmp_path / "photo-link-confirmed.png"), full_page=True)

    link = PhotoLink.objects.get(pk=link_id)
    assert (link.status, link.reviewed_by) == ("confirmed", "rahile")
    record = CustodyRecord.objects.filter(action="photo-link-review").get()
    assert record.actor == "rahile" and f'"link":{link_id}' in record.body and "the face matches" in record.body
    assert not [p for p in problems if "Content Security Policy" in p or "Refused" in p], problems
