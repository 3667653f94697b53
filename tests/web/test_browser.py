"""The site in a real browser (Debian's Chromium through Playwright): search, relative search across scripts,
the Uyghur page right to left, sign-in, no ID number ever shown to visitors, no serious accessibility problems."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import User

from adalet.names import variants
from tests.web.conftest import ID_NUMBER, build_leak, photographed_person

CHROMIUM = "/usr/bin/chromium"
# With available_apps, the flush after each test truncates with CASCADE: on PostgreSQL a plain flush cannot truncate
# the archive's passages, which the full-text table (made outside migrations) references.
pytestmark = [
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed (make install adds it)"),
    pytest.mark.django_db(transaction=True, available_apps=list(settings.INSTALLED_APPS)),
    # what a browser shows of pages the test client checks on both databases (search snippets and masks:
    # test_search_scripts, test_bigram_crawl; relatives: test_relatives; sign-in: tests/accounts)
    pytest.mark.one_database,
]
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the tests' own ORM calls are still synchronous.
    saved = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()
    if saved is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture
def page(browser, live_server) -> Iterator[object]:  # type: ignore[no-untyped-def]
    context = browser.new_context(base_url=live_server.url, locale="en-US")
    tab = context.new_page()
    tab.set_default_timeout(10_000)
    yield tab
    context.close()


def assert_no_id_number(page) -> None:  # type: ignore[no-untyped-def]
    assert not re.search(ID_NUMBER, page.inner_text("body"))


def test_search_shows_snippets_and_never_an_id_number(page, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    collection = build_leak(tmp_path / "leak")
    page.goto("/")
    page.fill("header input[name=q]", "在押")
    page.click("header button[type=submit]")
    page.wait_for_selector(".snippet mark")
    assert "在押" in page.inner_text(".hits")
    assert_no_id_number(page)
    page.screenshot(path=str(tmp_path / "search.png"), full_page=True)
    for url in (f"/collections/{collection.name}/", f"/collections/{collection.name}/photos/"):
        page.goto(url)
        assert_no_id_number(page)
    page.click("details summary >> nth=0")
    assert "image.DateTime" in page.inner_text("ul.gallery")
    page.screenshot(path=str(tmp_path / "gallery.png"), full_page=True)


def test_relative_search_in_latin_finds_the_record_in_characters(page, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    person = photographed_person(build_leak(tmp_path / "leak"))
    page.goto("/relatives/")
    page.fill("input[name=name]", variants(person.name)[0])
    page.fill("input[name=birth_year]", str(person.birth_date.year))
    page.click("form.relatives button[type=submit]")
    card = page.wait_for_selector(".card")
    assert card.inner_text().splitlines()[0] == person.name
    # the card is in the page before its photo has loaded: wait for the image to finish, then check it decoded
    page.wait_for_function("() => { const img = document.querySelector('.card img'); return img && img.complete; }")
    assert page.locator(".card img").first.evaluate("img => img.naturalWidth") > 0
    assert_no_id_number(page)
    page.screenshot(path=str(tmp_path / "relatives.png"), full_page=True)


def test_the_uyghur_page_reads_right_to_left(page, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page.goto("/relatives/")
    page.click("form.languages button[value=ug]")
    page.wait_for_selector("html[dir=rtl]")
    assert page.get_attribute("html", "lang") == "ug"
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    brand, search = page.locator("header .brand").bounding_box(), page.locator("header input[name=q]").bounding_box()
    assert brand["x"] > search["x"]  # the header is mirrored: the brand sits at the right
    assert "تۇغقان ئىزدەش" in page.inner_text("h1")
    page.screenshot(path=str(tmp_path / "uyghur.png"), full_page=True)


def test_sign_in(page, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    User.objects.create_user("researcher", password="correct horse battery staple")
    page.goto("/")
    page.click("header a.account")
    page.fill("input[name=username]", "researcher")
    page.fill("input[name=password]", "correct horse battery staple")
    page.click("form.login button[type=submit]")
    page.wait_for_selector("header .who")
    assert page.inner_text("header .who") == "researcher"
    page.screenshot(path=str(tmp_path / "signed-in.png"))


def test_home_page_has_no_serious_accessibility_violations(page, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from axe_playwright_python.sync_playwright import Axe

    build_leak(tmp_path / "leak")
    axe = Axe()
    for language in ("en", "ug", "zh-hans"):
        page.goto("/")
        page.click(f"form.languages button[value={language}]")
        page.wait_for_selector(f"html[lang={language}]")
        violations = axe.run(page).response["violations"]
        serious = [(v["id"], v["impact"]) for v in violations if v["impact"] in ("serious", "critical")]
        assert not serious, (language, serious)
