"""Issue 21's "done when": each persona's path walked in a real browser (Debian's Chromium through Playwright), in
English, Uyghur and Chinese, at desktop (1280 px) and phone (390 px) width, asserting what the user sees at each step
and that no step's page runs off the screen (document scrollWidth <= viewport width + 1).

- journalist: a quoted phrase, a facet, a hit opened at its row (highlighted, terms marked), the person page (signed
  in as a researcher), the CSV export link, an official's "Watch" button and the watch listed in the workspace; then,
  signed in as staff (who alone see page images), a PDF's page image beside its text;
- reviewer (a moderator): sign in, the photo-link queue narrowed by method, two links decided at once, a finding's
  cell to its row, the families' request queue (one request opened, marked done with a note to the team);
- family: a relative's name typed in Latin finds the record written in characters, "what next", the /ug/ address
  read right to left;
- campaign staffer: a letter, its signing form (country list, required marks), a delivered letter's outcomes.

`make test` runs each persona once at desktop width, in a rotating language (LIGHT); ADALET_PERSONAS=all runs the
4 x 3 x 2 matrix (ADALET_PERSONAS=0 leaves the module out). ADALET_SCREENSHOTS=<dir> saves <persona>-<lang>-<width>-<NN>-<step>.png there at each step
(`make screenshots` sets both). One leak, one set of letters and one server for the whole module."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from adalet.lib.roles import Role
from adalet.names import variants
from adalet.people.models import Detention, Person, PersonKind, PhotoLink
from adalet.web.models import RelativeRequest, Watch
from tests.conftest import RESTORERS
from tests.conftest import _dirty as dirty
from tests.web import test_browser
from tests.web.conftest import ID_NUMBER, build_leak, photographed_person
from tests.web.test_browser import CHROMIUM
from tests.web.workspace_fixtures import PASSWORD, make_user

browser = test_browser.browser  # the module's Chromium, shared with test_browser.py

pytestmark = [
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed (make install adds it)"),
    pytest.mark.one_database,  # what the user sees; the pages' queries are tested on both databases elsewhere
]

PERSONAS = ("journalist", "reviewer", "family", "campaign")
LANGUAGES = ("en", "ug", "zh-hans")
WIDTHS = {"desktop": 1280, "phone": 390}
LIGHT = [
    ("journalist", "en", "desktop"),
    ("reviewer", "ug", "desktop"),
    ("family", "zh-hans", "desktop"),
    ("campaign", "ug", "desktop"),
]
WALKS = (
    [(p, lang, w) for p in PERSONAS for lang in LANGUAGES for w in WIDTHS]
    if os.environ.get("ADALET_PERSONAS") == "all"
    else LIGHT
)
ASKED = ["ZHAO Kezhi", "HU Lianhe"]
#: The last three elements whose content runs wider than their box (a failure message names what runs off the screen).
WIDEST = """() => [...document.querySelectorAll('body *')].filter(e => e.scrollWidth > e.clientWidth + 1 &&
  getComputedStyle(e).overflowX === 'visible').slice(-3).map(e => e.tagName + '.' + e.className + ' ' + e.scrollWidth)"""
SANCTIONS = Path(__file__).resolve().parents[1] / "fixtures" / "sanctions"


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    """The leak (published), a researcher on it, an open letter and a delivered one with asks, a live server; built
    once, committed, and deleted after the module (flush with CASCADE, as the transactional tests do)."""
    from django.core.management import call_command
    from pytest_django.live_server_helper import LiveServer

    from adalet.archive.ingest import ingest
    from adalet.archive.models import Collection, Item
    from adalet.campaigns import delivered, letters, outcomes
    from adalet.sanctions.officials import load_registry
    from adalet.web.family import record_request
    from tests.web.test_page_images import three_page_pdf

    folder = tmp_path_factory.mktemp("personas")
    saved = {k: os.environ.get(k) for k in ("ADALET_BLOBS", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    os.environ["ADALET_BLOBS"] = str(folder / "blobs")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with django_db_blocker.unblock():
        from django.contrib.auth.models import Group
        from django.db import connection
        from django.test.utils import setup_databases, teardown_databases

        # pytest-django makes the test database only for a session with a django_db test: this module alone has none
        own = (
            setup_databases(verbosity=0, interactive=False, aliases={"default"})
            if connection.settings_dict["NAME"] != connection.creation._get_test_db_name()
            else None
        )

        from adalet.lib.roles import HIERARCHY

        for role in HIERARCHY:
            Group.objects.get_or_create(name=str(role))
        collection = build_leak(folder / "leak", "persona-leak")
        make_user("rahile", grants={collection: Role.RESEARCHER})
        make_user("gulnar", group=Role.MODERATOR)  # the reviewer: photo links, findings and families' requests
        make_user("staff", is_staff=True)  # who alone see page images
        documents = folder / "documents"
        documents.mkdir()
        (documents / "transfer.pdf").write_bytes(three_page_pdf())
        ingest(documents, "persona-documents", ocr=False)
        Collection.objects.filter(name="persona-documents").update(is_public=True)
        names = list(
            Detention.objects.filter(person__collection=collection, facility__isnull=False).values_list(
                "facility__name", flat=True
            )
        )
        relative = photographed_person(collection)
        family_request = record_request(
            {"kind": RelativeRequest.Kind.RELATIVE, "name": "Aygul", "contact": "aygul@example.org",
             "relation": "sister", "message": "My brother; his wife has his papers.", "record": relative.pk},
            "anonymous", "ug",
        )
        variants(relative.name)  # the names tables load once (seconds), before a page asks
        now = timezone.now()
        letters.create(
            letters.Draft(
                slug="open-letter",
                title="Open letter on the Xinjiang Police Files",
                recipients="The Chair",
                body="We, the undersigned, call for **accountability**.",
                opens_at=now - timedelta(days=1),
                deadline=date.today() + timedelta(days=5),
                time_zone="Asia/Urumqi",
            ),
            actor="organizer",
        )
        old = letters.create(
            letters.Draft(
                slug="letter-2022",
                title="Sanction the officials asked for in 2022",
                recipients="US Department of State",
                body="We ask for designations.",
                opens_at=datetime(2022, 7, 20, tzinfo=UTC),
                deadline=date(2022, 8, 5),
                time_zone="America/New_York",
            ),
            actor="organizer",
        )
        load_registry(SANCTIONS / "officials.csv")
        outcomes.add_asks(old, ASKED, ["us"], actor="organizer")
        delivered.deliver(
            old, to=["US Department of State"], method="email", actor="organizer", at=datetime(2022, 8, 10, 14, 0, tzinfo=UTC)
        )
        server = LiveServer("localhost")
        try:
            yield {
                "url": server.url,
                "collection": collection,
                "facility": max(set(names), key=names.count),
                "relative": relative,
                "family_request": family_request,
                "pdf": Item.objects.get(collection__name="persona-documents", name="transfer.pdf"),
                "official": Person.objects.get(kind=PersonKind.OFFICIAL, name="ZHU Hailun"),
                "blobs": folder / "blobs",
            }
        finally:
            server.stop()
            # as a transactional test's teardown flushes: sequences go on (the full-text table, made outside
            # migrations, keeps its rows; restarted ids would collide with them in the next test's index)
            call_command("flush", interactive=False, allow_cascade=True, reset_sequences=False, verbosity=0)
            dirty.update(RESTORERS)  # the role groups and imported lists come back before the next database test
            if own is not None:
                teardown_databases(own, verbosity=0)
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


@pytest.fixture
def isolated_blobs(world: dict, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The module's blob store, not a new one per test (overrides tests/conftest.py's): the viewer reads the leak."""
    monkeypatch.setenv("ADALET_BLOBS", str(world["blobs"]))
    return world["blobs"]


class Walk:
    """One persona's walk in one language at one width: `step` checks the page fits and saves its screenshot."""

    def __init__(self, browser: Any, url: str, persona: str, language: str, width: str) -> None:
        self.persona, self.language, self.width = persona, language, WIDTHS[width]
        self.label = f"{persona}-{language}-{width}"
        self.context = browser.new_context(
            base_url=url, locale="en-US", viewport={"width": self.width, "height": 900 if width == "desktop" else 844}
        )
        self.page = self.context.new_page()
        self.page.set_default_timeout(30_000)
        self.count = 0
        self.shots = os.environ.get("ADALET_SCREENSHOTS")

    def at(self, path: str) -> str:
        """The address in the walk's language (/ug/…, /zh-hans/…; English has no prefix)."""
        return path if self.language == "en" else f"/{self.language}{path}"

    def step(self, name: str) -> None:
        self.count += 1
        page = self.page
        assert page.get_attribute("html", "lang") == self.language, (self.label, name)
        assert page.get_attribute("html", "dir") == ("rtl" if self.language == "ug" else "ltr"), (self.label, name)
        if self.shots:  # before the width is checked, so a page that runs off the screen is seen
            Path(self.shots).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(Path(self.shots) / f"{self.label}-{self.count:02d}-{name}.png"), full_page=True)
        wide = page.evaluate("document.documentElement.scrollWidth")
        assert wide <= self.width + 1, (self.label, name, wide, page.evaluate(WIDEST))

    def sign_in(self, next_path: str, username: str = "rahile") -> None:
        self.page.goto(self.at(f"/login/?next={self.at(next_path)}"))
        self.page.fill("input[name=username]", username)
        self.page.fill("input[name=password]", PASSWORD)
        self.page.click("form.login button[type=submit]")


@pytest.fixture(params=WALKS, ids=["-".join(w) for w in WALKS])
def walk(request: pytest.FixtureRequest, browser: Any, world: dict) -> Iterator[Walk]:
    persona, language, width = request.param
    walker = Walk(browser, world["url"], persona, language, width)
    yield walker
    walker.context.close()


def no_id_number(page: Any) -> bool:
    return not re.search(ID_NUMBER, page.inner_text("body"))


def journalist(walk: Walk, world: dict) -> None:
    page, facility = walk.page, world["facility"]
    walk.sign_in("/workspace/")
    page.wait_for_selector("header .who")
    page.goto(walk.at("/search?q=") + f'"{facility}"')
    page.wait_for_selector("ol.hits li.hit")
    assert facility in page.inner_text("ol.hits") and no_id_number(page)
    assert page.locator("p.export a[href*=csv]").count() == 1  # the CSV export of these results
    walk.step("search-quoted")
    chosen = page.locator("#facet-sex + ul a").first
    value = chosen.inner_text()
    chosen.click()
    page.wait_for_selector("aside.facets a.chosen")
    assert page.locator("aside.facets a.chosen").first.inner_text() == value and "sex=" in page.url
    export = page.locator("p.export a[href*=csv]").get_attribute("href")
    assert "sex=" in export  # the export is of the narrowed results
    walk.step("facet")
    hit = page.locator("ol.hits li.hit:has(p.rows)").first
    people = hit.locator("p.people a")
    person_href = people.first.get_attribute("href") if people.count() else None
    hit.locator(".where a").click()
    row = page.locator("#hit")
    row.wait_for()
    assert page.url.endswith("#hit") and page.locator("tr:has(#hit) mark").first.inner_text() == facility
    assert page.evaluate("getComputedStyle(document.getElementById('hit')).backgroundColor") != "rgba(0, 0, 0, 0)"
    assert no_id_number(page)
    walk.step("viewer-row")
    assert person_href, "a hit with rows names the people in them for a researcher"
    page.goto(person_href)
    page.wait_for_selector("article.person h1")
    assert page.locator("table.facts a.cell").count() >= 1 and no_id_number(page)
    walk.step("person")
    official = world["official"]
    Watch.objects.filter(user__username="rahile").delete()  # each walk starts unwatched
    page.goto(walk.at(f"/officials/{official.pk}/"))
    page.click("form.watch button[value=watch]")
    page.wait_for_selector("form.watch button[value=unwatch]")
    assert Watch.objects.filter(user__username="rahile", official=official).count() == 1
    walk.step("official-watched")
    page.goto(walk.at("/workspace/watches/"))
    listed = page.locator("li.watch-row h2 a")
    assert listed.count() == 1 and listed.get_attribute("href").endswith(f"/officials/{official.pk}/")
    walk.step("watches")
    walk.context.clear_cookies()  # signed out: staff see page images
    pdf = world["pdf"]
    walk.sign_in("/workspace/", username="staff")
    page.wait_for_selector("header .who")
    page.goto(walk.at(f"/items/{pdf.pk}/#page-2"))
    picture = page.locator("section.page:has(#page-2) figure.page-image img")
    picture.scroll_into_view_if_needed()  # pictures load lazily, as they come into view
    for _ in range(150):  # until it has loaded (the site's CSP forbids wait_for_function's eval)
        if picture.evaluate("img => img.complete && img.naturalWidth > 0"):
            break
        page.wait_for_timeout(100)
    assert picture.evaluate("img => img.naturalWidth") > 0
    text, image = page.locator("section.page:has(#page-2) pre.text").bounding_box(), picture.bounding_box()
    if walk.width == WIDTHS["desktop"]:  # beside its text
        assert abs(image["y"] - text["y"]) < 20 and (image["x"] >= text["x"] + text["width"] or image["x"] + image["width"] <= text["x"])
    else:  # below it
        assert image["y"] >= text["y"] + text["height"]
    walk.step("page-image")


def reviewer(walk: Walk, world: dict) -> None:
    page, collection = walk.page, world["collection"]
    walk.sign_in("/workspace/", username="gulnar")
    page.wait_for_selector("table.workspace-collections")
    walk.step("workspace")
    method = PhotoLink.objects.filter(collection=collection, status="proposed").values_list("method", flat=True).first()
    page.goto(walk.at(f"/workspace/collections/{collection.name}/photo-links/"))
    page.select_option("form.narrow select[name=method]", method)
    page.click("form.narrow button[type=submit]")
    page.wait_for_url(f"**method={method}**")
    rows = page.locator("input[data-choose]")
    assert rows.count() >= 2
    walk.step("photo-links-narrowed")
    chosen = [int(rows.nth(i).get_attribute("value")) for i in range(2)]
    for i in range(2):
        rows.nth(i).check()
    page.fill("form.bulk input[name=note]", "checked against the file photos")
    page.click("form.bulk button[value=rejected]")
    page.wait_for_selector("p.message")
    assert "2" in page.inner_text("p.message")
    walk.step("two-decided")
    assert set(PhotoLink.objects.filter(pk__in=chosen).values_list("status", flat=True)) == {"rejected"}
    PhotoLink.objects.filter(pk__in=chosen).update(status="proposed")  # the next walk finds them again

    from adalet.verify import review as finding_review

    finding = finding_review.pending_findings(collection).exclude(row=None).first()
    page.goto(walk.at(f"/workspace/collections/{collection.name}/findings/?check={finding.check_name}"))
    walk.step("findings")
    page.locator(f"#finding-{finding.key} dd.cell a").click()
    target = page.locator("tr:target")
    target.wait_for()
    assert target.locator("th").inner_text() == str(finding.row)
    walk.step("finding-row")

    asked = world["family_request"]
    page.goto(walk.at("/workspace/family-requests/"))
    page.wait_for_selector(f"#family-request-{asked.pk}")
    assert no_id_number(page) and "aygul@example.org" not in page.inner_text("main")  # the contact on its own page
    walk.step("family-requests")
    page.click(f"#family-request-{asked.pk} a.open-request")
    page.wait_for_selector("form.answer-request")
    assert "aygul@example.org" in page.inner_text("dd.contact")
    page.select_option("form.answer-request select[name=status]", "done")
    page.fill("form.answer-request textarea[name=note]", "Called back; the record is hers.")
    page.click("form.answer-request button[type=submit]")
    page.wait_for_selector("section.family-answer p.team-note")
    asked.refresh_from_db()
    assert (asked.status, asked.team_note, asked.answered_by) == ("done", "Called back; the record is hers.", "gulnar")
    walk.step("family-request-done")
    RelativeRequest.objects.filter(pk=asked.pk).update(status="open", team_note="")  # the next walk finds it again


def family(walk: Walk, world: dict) -> None:
    page, person = walk.page, world["relative"]
    page.goto(walk.at("/relatives/"))
    latin = variants(person.name)[0]
    assert re.fullmatch(r"[A-Za-z '\-]+", latin)
    page.fill("input[name=name]", latin)
    page.fill("input[name=birth_year]", str(person.birth_date.year))
    page.click("form.relatives button[type=submit]")
    card = page.wait_for_selector(".card")
    assert person.name in card.inner_text() and no_id_number(page)  # as recorded (a Uyghur page reads it first)
    walk.step("relative-card")
    page.click("p.what-next a")
    page.wait_for_selector("form.relative-request")
    assert "/relatives/next/" in page.url
    walk.step("what-next")
    page.goto("/ug/relatives/next/")  # the Uyghur address, from an English browser
    page.wait_for_selector("html[dir=rtl]")
    assert page.get_attribute("html", "lang") == "ug"
    assert page.evaluate("getComputedStyle(document.body).direction") == "rtl"
    assert page.evaluate("document.documentElement.scrollWidth") <= walk.width + 1
    if walk.shots:
        page.screenshot(path=str(Path(walk.shots) / f"{walk.label}-{walk.count + 1:02d}-ug-address.png"), full_page=True)


def campaign(walk: Walk, world: dict) -> None:
    page = walk.page
    page.goto(walk.at("/letters/open-letter/"))
    page.wait_for_selector("#sign-individual")
    assert "Open letter on the Xinjiang Police Files" in page.inner_text("main")
    walk.step("letter")
    form = page.locator("#sign-individual")
    countries = form.locator("select[name=country] option")
    labels = [countries.nth(i).inner_text() for i in range(countries.count())]
    assert len(labels) > 150 and not {"Cyberspace", "Zaire", "East Germany"} & set(labels)
    assert form.locator("select[name=country] option[value=GB]").count() == 1
    assert form.locator("p.required-note").count() == 1  # "* required" under the form
    name_label, title_label = form.locator("label[for$=name]").first, form.locator("label[for$=title]").first
    mark = "el => getComputedStyle(el, '::after').content"
    assert "*" in name_label.evaluate(mark) and "*" not in title_label.evaluate(mark)  # the required field marked
    form.locator("[name=name]").fill("Rahima Mahmut")
    form.locator("[name=country]").select_option("GB")
    form.scroll_into_view_if_needed()
    walk.step("signing-form")
    page.goto(walk.at("/letters/letter-2022/"))
    page.wait_for_selector("#asks")
    asks = page.inner_text("table.asks")
    assert all(name in asks for name in ASKED) and page.locator("table.asks tbody tr").count() == len(ASKED)
    assert page.locator("#delivered li").count() == 1
    walk.step("outcomes")


def test_persona_walk(walk: Walk, world: dict) -> None:
    {"journalist": journalist, "reviewer": reviewer, "family": family, "campaign": campaign}[walk.persona](walk, world)


def test_the_persona_pages_stay_closed_to_visitors(browser: Any, world: dict) -> None:
    """The attack: a visitor asks for the researcher's pages of the walks and gets a 404 or the sign-in page, and
    the public pages the walks pass show no ID number."""
    visitor = Walk(browser, world["url"], "visitor", "en", "desktop")
    try:
        person = Person.objects.filter(collection=world["collection"]).exclude(id_number="").first()
        assert visitor.page.goto(f"/people/{person.pk}/").status == 404
        visitor.page.goto(f"/workspace/collections/{world['collection'].name}/photo-links/")
        assert "/login/" in visitor.page.url
        visitor.page.goto("/search?q=" + world["facility"])
        visitor.page.wait_for_selector("ol.hits")
        assert no_id_number(visitor.page) and visitor.page.locator("p.people a").count() == 0
    finally:
        visitor.context.close()
