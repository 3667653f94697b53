"""The person page in a real browser (Debian's Chromium through Playwright), as a researcher walks it: sign in, open a
detainee's page, follow a fact to its row in the viewer (the row is the target), write a note for the team; in
English, Uyghur (right to left) and Chinese, at desktop width and at 390 px without running off the screen, with no
serious accessibility violation (axe-core) and never an ID number shown. Screenshots go to the test's tmp_path."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

from adalet.lib.roles import Role
from adalet.names import variants
from adalet.people.models import Annotation, Detention, Person
from tests.web import test_browser
from tests.web.conftest import build_leak
from tests.web.test_browser import CHROMIUM, assert_no_id_number
from tests.web.workspace_fixtures import PASSWORD, make_user

browser, page = test_browser.browser, test_browser.page  # the fixtures, shared with test_browser.py

pytestmark = [
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed (make install adds it)"),
    pytest.mark.django_db(transaction=True, available_apps=list(settings.INSTALLED_APPS)),
    pytest.mark.one_database,  # what the user sees in the browser; the pages' queries are tested on both databases elsewhere
]


def test_a_researcher_walks_a_person_page(page, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from axe_playwright_python.sync_playwright import Axe

    collection = build_leak(tmp_path / "leak", "restricted-leak", public=False)
    make_user("rahile", grants={collection: Role.RESEARCHER})
    held = Detention.objects.filter(person__collection=collection).values_list("person_id", flat=True)
    person = Person.objects.filter(pk__in=held).exclude(id_number="").order_by("pk").first()
    url = f"/people/{person.pk}/"
    variants(person.name)  # the live server runs in this process: load the names tables (seconds) before a page asks
    page.set_default_timeout(30_000)  # a loaded machine (tests on two workers) answers slowly

    assert page.goto(url).status == 404  # signed out, the page is not there
    page.goto(f"/login/?next={url}")
    page.fill("input[name=username]", "rahile")
    page.fill("input[name=password]", PASSWORD)
    page.click("form.login button[type=submit]")
    page.wait_for_selector("article.person h1")
    assert person.name in page.inner_text("h1")
    assert_no_id_number(page)
    page.screenshot(path=str(tmp_path / "person.png"), full_page=True)

    cell = page.locator("table.facts a.cell").first
    href = cell.get_attribute("href")
    cell.click()
    page.wait_for_selector("table.sheet")
    anchor = href.split("#", 1)[1]
    assert page.url.endswith(f"#{anchor}") and page.locator(f"tr#{anchor}:target").count() == 1
    page.screenshot(path=str(tmp_path / "person-cell-in-viewer.png"))

    page.goto(url)
    page.fill("form.annotate textarea[name=text]", "Her brother abroad says she was moved in 2019.")
    page.click("form.annotate:has(textarea) button[type=submit]")
    page.wait_for_selector("ul.notes li.note")
    assert "moved in 2019" in page.inner_text("ul.notes")
    assert Annotation.objects.filter(person=person, author="rahile").count() == 1

    axe = Axe()
    for language in ("en", "ug", "zh-hans"):
        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto(url)
        page.click(f"form.languages button[value={language}]")
        page.wait_for_selector(f"html[lang={language}]")
        assert page.get_attribute("html", "dir") == ("rtl" if language == "ug" else "ltr")
        violations = axe.run(page).response["violations"]
        serious = [(v["id"], v["impact"]) for v in violations if v["impact"] in ("serious", "critical")]
        assert not serious, (language, serious)
        page.set_viewport_size({"width": 390, "height": 844})
        page.goto(url)
        wide = page.evaluate("document.documentElement.scrollWidth")
        assert wide <= 390, (language, wide)
        page.screenshot(path=str(tmp_path / f"person-{language}-phone.png"), full_page=True)
        assert_no_id_number(page)
