"""Issue 21's "done when": each persona's path walked in a real browser (Debian's Chromium through Playwright), in
English, Uyghur and Chinese, at desktop (1280 px) and phone (390 px) width, asserting what the user sees. At every
step: the page's lang and dir, nothing runs off the screen (document scrollWidth <= viewport width + 1), no text of
the other direction's script left unmarked where the bidi algorithm would move it (UNMARKED), a title ending with the
site's name and a favicon, on a Uyghur or Chinese page no interface sentence left in English (the catalogs' keys) and
no "a.m."; in the full run also axe (no serious or critical violation).

- journalist: a quoted phrase with the syntax help, OR and minus read as syntax, the CSV and JSON exports (masked), a
  facet, a hit opened at its row (highlighted, terms marked), a note and a tag on it, the person page (signed in as a
  researcher), an official's "Watch" button and the watch in the workspace, a saved search, the statistics' months;
  then, signed in as staff (who alone see page images), a PDF's page image beside its text (below it on a phone);
- reviewer (a moderator): sign in, the TOTP enrolment's QR code, the photo-link queue narrowed by method, two links
  decided at once, a finding's cell to its row, the families' request queue (one request marked done with a note);
- family: the home page, a relative's name typed in Latin finds the record written in characters, "what next"
  (organisations, the four kinds of request), the /ug/ address read right to left from an English browser;
- campaign staffer: a letter (its English title marked ltr on any page, "1 individual has signed"), its signing
  form (current countries in the reader's collation, required marks), a delivered letter's asks ("1 signatory").

`make test` runs each persona once at desktop width, in a rotating language (LIGHT); ADALET_PERSONAS=all runs the
4 x 3 x 2 matrix (ADALET_PERSONAS=0 leaves the module out). ADALET_SCREENSHOTS=<dir> saves
<persona>-<lang>-<width>-<NN>-<step>.png there at each step (`make screenshots` sets both). One leak, one set of
letters and one server for the whole module; the visitor's attack walks the same world."""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import icu
import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from adalet.archive.models import Item
from adalet.campaigns.models import Signature
from adalet.lib.roles import Role
from adalet.names import variants
from adalet.people.models import Annotation, Detention, Person, PersonKind, PersonLink, PhotoLink
from adalet.web.models import RelativeRequest, SavedSearch, Watch
from tests.conftest import RESTORERS
from tests.conftest import _dirty as dirty
from tests.web import test_browser
from tests.web.conftest import ID_NUMBER, build_leak, photographed_person
from tests.web.test_browser import CHROMIUM
from tests.web.workspace_fixtures import PASSWORD, make_user

browser = test_browser.browser  # the module's Chromium, shared with test_browser.py
AXE = Axe()

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
ALL = os.environ.get("ADALET_PERSONAS") == "all"
WALKS = [(p, lang, w) for p in PERSONAS for lang in LANGUAGES for w in WIDTHS] if ALL else LIGHT
SERIOUS = ("serious", "critical")
ASKED = ["ZHAO Kezhi", "HU Lianhe"]
#: The last three elements whose content runs wider than their box (a failure message names what runs off the screen).
WIDEST = """() => [...document.querySelectorAll('body *')].filter(e => e.scrollWidth > e.clientWidth + 1 &&
  getComputedStyle(e).overflowX === 'visible').slice(-3).map(e => e.tagName + '.' + e.className + ' ' + e.scrollWidth)"""
#: Text in the other direction's script left unmarked where the bidi algorithm would move its parts (",Dear Secretary",
#: "<Demo leak <b>synthetic</b"): Latin or Chinese on a right-to-left page (Uyghur on a left-to-right one) with no
#: element of its own saying dir (below <html>) or isolating it (<bdi>), when it starts or ends with punctuation, or
#: holds digits or punctuation in a paragraph of the page's script; and any text node holding both directions' scripts
#: (dir="auto" around it does not mark the runs inside).
#: Acronyms inside a translation (API, PDF, WebP, SHA-256) are not runs.
UNMARKED = r"""() => {
  const rtl = document.documentElement.dir === 'rtl';
  const other = rtl ? /[A-Za-z\u3400-\u9fff]/ : /[\u0600-\u06ff]/;
  const own = rtl ? /[\u0600-\u06ff]/ : /[A-Za-z\u3400-\u9fff]/;
  const acronym = /\b[A-Z][A-Za-z0-9-]*[A-Z0-9]\b/g;
  const edge = /^[^\p{L}\p{N}]|[^\p{L}\p{N}]$/u, inner = /[^\p{L}\s]/u;
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode, text = node.nodeValue.trim(), el = node.parentElement;
    if (!text || !other.test(text.replace(acronym, '')) || el.closest('script, style') || !el.checkVisibility()) continue;
    const mixed = own.test(text);  // one text node of both directions: no element around it can mark its runs
    if (!mixed && el.closest('[dir]:not(html), bdi')) continue;
    let block = el;
    while (block.parentElement && getComputedStyle(block).display.startsWith('inline')) block = block.parentElement;
    if (mixed || edge.test(text) || (own.test(block.innerText) && inner.test(text)))
      found.push(el.tagName + '.' + el.className + ': ' + text.slice(0, 80));
  }
  return found;
}"""
SANCTIONS = Path(__file__).resolve().parents[1] / "fixtures" / "sanctions"


@functools.cache
def english_sentences(language: str) -> list[str]:
    """The site's interface sentences in English whose translation into the language differs: the catalog's keys of
    three words and more without placeholders (Django's, web's, campaigns'), as a page left untranslated shows them."""
    from django.utils.translation import trans_real

    catalog = trans_real.translation(language)._catalog
    return [key for key, text in catalog.items() if isinstance(key, str) and key.count(" ") >= 2 and "%" not in key
            and "\x04" not in key and text != key]


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    """The leak (published), a researcher on it, an open letter and a delivered one with asks, a live server; built
    once, committed, and deleted after the module (flush with CASCADE, as the transactional tests do)."""
    from django.core.management import call_command
    from pytest_django.live_server_helper import LiveServer

    from adalet.archive.ingest import ingest
    from adalet.archive.models import Collection, Item
    from adalet.campaigns import delivered, letters, outcomes
    from adalet.people.personlinks import xref_people
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
        # the same people in a second collection (their records only), linked by ID number for a reviewer to decide
        second = Collection.objects.create(name="persona-second", title="Second leak")
        for person in Person.objects.filter(collection=collection).exclude(id_number=""):
            Person.objects.create(collection=second, name=person.name, id_number=person.id_number,
                                  birth_date=person.birth_date)
        xref_people(actor="tester")
        make_user("rahile", grants={collection: Role.RESEARCHER, second: Role.RESEARCHER})
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
        opened = letters.create(
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
        for letter in (opened, old):  # one signer each: the pages say "1 individual has signed", "1 signatory"
            Signature.objects.create(
                letter=letter, kind=Signature.Kind.INDIVIDUAL, state=Signature.State.CONFIRMED, name="Rahima Mahmut",
                country="GB", email="rahima@example.org", email_key="rahima@example.org", email_domain="example.org",
                name_key="rahima mahmut", email_confirmed_at=now, version=letter.version, nonce="persona", created_at=now,
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
        assert not page.evaluate(UNMARKED), (self.label, name, page.evaluate(UNMARKED))
        assert page.title().endswith("Adalet") and page.locator("link[rel=icon]").count() == 1, (self.label, name)
        if self.language != "en":  # no interface sentence left in English, no "a.m." in a Uyghur date
            shown = page.inner_text("body")
            assert not [text for text in english_sentences(self.language) if text in shown], (self.label, name)
            assert not re.search(r"\b[ap]\.m\.", shown, re.IGNORECASE), (self.label, name)
        if ALL:  # axe (deque's rules) on every step of the full run; the light one leaves it to test_browser*.py
            violations = AXE.run(page).response["violations"]
            serious = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations if v["impact"] in SERIOUS]
            assert not serious, (self.label, name, serious)

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
    for kind in ("csv", "json"):  # the exports of these results, masked as the page is
        answer = page.request.get(page.locator(f"p.export a[href*={kind}]").get_attribute("href"))
        assert answer.ok and facility in answer.text() and not re.search(ID_NUMBER, answer.text()), kind
    page.click("details.syntax-help summary")  # how to search: words, quotes, OR, minus, any script
    assert page.locator("details.syntax-help[open] li").count() == 5
    walk.step("search-quoted")
    hits = page.locator("ol.hits li.hit").count()
    page.goto(walk.at("/search?q=") + f'"{facility}" OR zzznothing -zzznothing')  # syntax, not words
    page.wait_for_selector("ol.hits li.hit")
    assert page.locator("ol.hits li.hit").count() == hits
    page.goto(walk.at("/search?q=") + f'"{facility}"')
    page.wait_for_selector("ol.hits li.hit")
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
    note, tag = f"Checked against the camp list ({walk.label})", f"camp-{walk.language}-{walk.width}"
    page.fill("form.annotate textarea[name=text]", note)
    page.click("form.annotate:has(textarea) button[type=submit]")
    page.wait_for_selector("ul.notes li.note")
    page.fill("form.annotate input[name=text]", tag)
    page.click("form.annotate:has(input[name=text]) button[type=submit]")
    page.wait_for_selector("ul.tags li.tag")
    assert note in page.inner_text("ul.notes") and tag in page.inner_text("ul.tags")  # shared with the team only
    walk.step("notes")
    assert person_href, "a hit with rows names the people in them for a researcher"
    page.goto(person_href)
    page.wait_for_selector("article.person h1")
    assert page.locator("table.facts a.cell").count() >= 1 and no_id_number(page)
    walk.step("person")
    proposed = page.locator("li.review.proposed")  # the same person in the second collection, to decide
    assert proposed.count() == 1 and "Second leak" in proposed.inner_text()
    proposed.locator("button[value=confirmed]").click()
    page.wait_for_selector("ul.elsewhere li")
    assert "Second leak" in page.inner_text("ul.elsewhere") and "rahile" in page.inner_text("ul.elsewhere")
    walk.step("person-elsewhere")
    PersonLink.objects.update(status="proposed", reviewed_by="", reviewed_at=None)  # the next walk decides again
    official = world["official"]
    Watch.objects.filter(user__username="rahile").delete()  # each walk starts unwatched
    page.goto(walk.at(f"/officials/{official.pk}/"))
    page.click("form.watch button[value=watch]")
    page.wait_for_selector("form.watch button[value=unwatch]")
    assert Watch.objects.filter(user__username="rahile", official=official).count() == 1
    walk.step("official-watched")
    page.goto(walk.at("/workspace/"))
    assert page.locator("#watching-officials a").get_attribute("href").endswith("/workspace/watches/")  # counted
    page.click("#watching-officials a")
    page.wait_for_selector("li.watch-row")
    listed = page.locator("li.watch-row h2 a")
    assert listed.count() == 1 and listed.get_attribute("href").endswith(f"/officials/{official.pk}/")
    walk.step("watches")
    SavedSearch.objects.filter(user__username="rahile").delete()
    page.goto(walk.at("/search?q=") + f'"{facility}"')
    page.click("form.save-search button[type=submit]")
    page.wait_for_url("**/workspace/searches/")  # the saved searches, where new matches will be listed
    assert page.locator("li.saved-search").count() == 1 and facility in page.inner_text("li.saved-search h2")
    assert SavedSearch.objects.filter(user__username="rahile", query=f'"{facility}"').count() == 1
    walk.step("saved-search")
    page.goto(walk.at(f"/collections/{world['collection'].name}/statistics/"))
    page.wait_for_selector("section.months svg.months")
    assert page.locator("svg.months rect.column, svg.months rect.suppressed").count() >= 1  # detentions per month
    walk.step("statistics")
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
    page.goto(walk.at("/workspace/security/"))
    page.click("form:has(input[name=action][value=start]) button[type=submit]")
    page.wait_for_selector("figure.otp-qr svg")
    assert len(page.inner_text("code.secret").replace(" ", "")) >= 16  # the key typed by hand, beside the code
    walk.step("totp-qr")
    TOTPDevice.objects.filter(user__username="gulnar").delete()  # never confirmed: sign-in is unchanged
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
    page.goto(walk.at("/"))
    page.wait_for_selector("table.collections")
    walk.step("home")
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
    assert "/relatives/next/" in page.url and page.locator("ul.organisations li").count() >= 1
    kinds = page.locator("fieldset.kinds input[type=radio]")
    assert {kinds.nth(i).get_attribute("value") for i in range(kinds.count())} == set(RelativeRequest.Kind.values)
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
    assert (page.get_attribute("h1", "lang"), page.get_attribute("h1", "dir")) == ("en", "ltr")  # on a Uyghur page too
    counts = page.inner_text("#counts")
    assert ("1\nindividual has signed" in counts) if walk.language == "en" else ("individual" not in counts), counts
    walk.step("letter")
    form = page.locator("#sign-individual")
    countries = form.locator("select[name=country] option")
    labels = [countries.nth(i).inner_text() for i in range(countries.count())]
    assert len(labels) > 150 and not {"Cyberspace", "Zaire", "East Germany"} & set(labels)
    named = [label for label, value in zip(labels, countries.evaluate_all("all => all.map(o => o.value)")) if value]
    collator = icu.Collator.createInstance(icu.Locale({"en": "en", "ug": "ug", "zh-hans": "zh"}[walk.language]))
    assert named == sorted(named, key=collator.getSortKey)  # as the reader's language sorts (ICU, CLDR)
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
    delivered = page.inner_text("#delivered li")
    assert ("with 1 signatory." in delivered) if walk.language == "en" else ("signator" not in delivered), delivered
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
        shown = visitor.page.inner_text("body")  # the walks' check for English left on other pages sees English here
        assert len([text for text in english_sentences("ug") if text in shown]) >= 3
        item = Item.objects.filter(collection=world["collection"], name__endswith=".xlsx").order_by("pk").first()
        Annotation.objects.create(collection=world["collection"], item=item, kind="note", text="team only: sister", author="rahile")
        for annotation in Annotation.objects.filter(published=False, item__isnull=False):  # the walks' too
            visitor.page.goto(f"/items/{annotation.item_id}/")
            assert annotation.text not in visitor.page.inner_text("body")
    finally:
        visitor.context.close()
