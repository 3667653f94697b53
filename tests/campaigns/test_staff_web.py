"""Campaign staff on the web (issue 20, item 5): a letter made and edited in English, Uyghur and Chinese, each
language with its own versions; the manage page's asks, delivery (with its proof), response upload and follow-up
publishing; the signature goal, share links and social preview on the letter's page; the embeddable counter; and
every staff page closed to everyone else."""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import Group, User
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from adalet.archive.blobstore import BlobStore
from adalet.archive.models import CustodyRecord
from adalet.campaigns import delivered, followups
from adalet.campaigns.models import Ask, Delivery, Letter, LetterTranslation, Response, Signature
from adalet.sanctions.officials import load_registry
from tests.campaigns.conftest import NEW_YORK, Clock, confirm_last, person, sign

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "sanctions"

UG_TITLE = "شىنجاڭ ساقچى ھۆججەتلىرى توغرىسىدا ئوچۇق خەت"
UG_BODY = "بىز، تۆۋەندە ئىمزا قويغۇچىلار، **رەئىس**تىن ھەرىكەت قىلىشنى تەلەپ قىلىمىز.\n"
ZH_TITLE = "关于新疆警察文件的公开信"
ZH_BODY = "我们，下列签名者，呼吁**主席**采取行动。\n"


def new_letter(**overrides: Any) -> dict[str, Any]:
    data = {
        "slug": "police-files-2026", "language": "en", "recipients": "US Department of the Treasury\nUS Department of State",
        "title_en": "Open letter on the Xinjiang Police Files", "body_en": "We call on **the Secretary** to act.\n",
        "title_ug": UG_TITLE, "body_ug": UG_BODY, "title_zh_hans": ZH_TITLE, "body_zh_hans": ZH_BODY,
        "opens_at": "2022-07-20T09:00", "deadline": "2022-08-05", "time_zone": "America/New_York", "goal": "10",
        "officials": "", "jurisdictions": [],
    }
    return {**data, **overrides}


@pytest.fixture
def staff(db: None) -> Client:
    client = Client()
    client.force_login(User.objects.create_user("organizer", password="pw-for-tests-only", is_staff=True))
    return client


@pytest.fixture
def registry(db: None, django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        load_registry(FIXTURES / "officials.csv")


def created(staff: Client, clock: Clock, **overrides: Any) -> Letter:
    answer = staff.post("/letters/new/", new_letter(**overrides))
    assert answer.status_code == 302, answer.content.decode()[:3000]
    assert answer["Location"] == "/letters/police-files-2026/manage/"
    return Letter.objects.get(slug="police-files-2026")


def test_a_staffer_creates_a_letter_in_three_languages_and_a_reader_sees_their_own(
        staff: Client, clock: Clock, registry: None) -> None:
    letter = created(staff, clock, officials="HU Lianhe\nWANG Yang", jurisdictions=["us", "eu"])
    assert (letter.language, letter.goal, letter.time_zone, letter.deadline) == ("en", 10, "America/New_York",
                                                                                 date(2022, 8, 5))
    assert letter.opens_at == datetime(2022, 7, 20, 9, 0, tzinfo=NEW_YORK)
    assert {(t.language, t.version, t.title) for t in LetterTranslation.objects.filter(letter=letter)} == {
        ("ug", 1, UG_TITLE), ("zh-hans", 1, ZH_TITLE)}
    assert sorted((a.official.name, a.jurisdiction) for a in letter.asks.select_related("official")) == [
        ("HU Lianhe", "eu"), ("HU Lianhe", "us"), ("WANG Yang", "eu"), ("WANG Yang", "us")]
    actions = list(CustodyRecord.objects.filter(subject=letter.slug).values_list("action", "actor"))
    assert ("campaign-create", "organizer") in actions and ("campaign-ask", "organizer") in actions
    assert actions.count(("campaign-translate", "organizer")) == 2

    uyghur = Client(HTTP_ACCEPT_LANGUAGE="ug").get("/letters/police-files-2026/").content.decode()
    assert f'<h1 lang="ug" dir="rtl">{UG_TITLE}</h1>' in uyghur and "<strong>رەئىس</strong>" in uyghur
    assert "the Secretary" not in uyghur
    assert 'href="?text=en"' in uyghur and 'href="?text=zh-hans"' in uyghur  # the others, linked
    chinese = Client(HTTP_ACCEPT_LANGUAGE="zh-hans").get("/letters/police-files-2026/").content.decode()
    assert f'<h1 lang="zh-hans" dir="ltr">{ZH_TITLE}</h1>' in chinese
    assert 'hreflang="en" href="http://testserver/letters/police-files-2026/?text=en"' in uyghur
    assert f'lang="ug">{UG_TITLE}</a>' in Client(HTTP_ACCEPT_LANGUAGE="ug").get("/letters/").content.decode()
    english = Client().get("/letters/police-files-2026/?text=ug").content.decode()  # a link picks the Uyghur text
    assert UG_TITLE in english and "Sign this letter" in english


def test_a_language_without_its_text_falls_back_to_the_original(staff: Client, clock: Clock) -> None:
    created(staff, clock, title_ug="", body_ug="")
    page = Client(HTTP_ACCEPT_LANGUAGE="ug").get("/letters/police-files-2026/").content.decode()
    assert '<h1 lang="en" dir="ltr">Open letter on the Xinjiang Police Files</h1>' in page
    assert 'href="?text=zh-hans"' in page and 'href="?text=ug"' not in page


def test_each_bad_input_gets_one_clear_error(staff: Client, clock: Clock, registry: None) -> None:
    bad = new_letter(slug="new", title_en="", body_ug="", time_zone="Mars/Olympus", deadline="2022-07-01",
                     officials="Nobody Atall", goal="0")
    answer = staff.post("/letters/new/", bad)
    assert answer.status_code == 400
    html = answer.content.decode()
    for message in ["This address is taken by the site", "needs a title", "Give both the title and the text",
                    "Unknown time zone", "No single official of the registry is called “Nobody Atall”",
                    "greater than or equal to 1"]:
        assert html.count(message) == 1, message
    assert not Letter.objects.exists()
    created(staff, clock)
    again = staff.post("/letters/new/", new_letter(deadline="2022-07-01")).content.decode()
    assert "A letter with this address exists already." in again and "The last day is before the opening." in again


def test_editing_one_language_asks_that_languages_signers_to_confirm_again(staff: Client, clock: Clock) -> None:
    letter = created(staff, clock)
    uyghur, english = Client(HTTP_ACCEPT_LANGUAGE="ug"), Client()
    sign(uyghur, slug=letter.slug, **person(email="mehmet@example.org", name="Mehmet Tursun"))
    confirm_last(uyghur)
    sign(english, slug=letter.slug, **person(email="ann@example.org", name="Ann Smith", ip="192.0.2.9"))
    confirm_last(english)
    mail.outbox.clear()
    edited = {k: v for k, v in new_letter().items() if k not in ("slug", "officials", "jurisdictions")}
    edited.update(body_ug=UG_BODY + "\nيېڭى ئابزاس.\n", material="on", note="a paragraph added")
    answer = staff.post(f"/letters/{letter.slug}/edit/", edited)
    assert answer.status_code == 302, answer.content.decode()[:2000]
    assert [t.version for t in LetterTranslation.objects.filter(letter=letter, language="ug")] == [1, 2]
    letter.refresh_from_db()
    assert letter.version == 1  # the English text did not change
    asked = Signature.objects.filter(letter=letter, reconfirm_requested_at__isnull=False)
    assert [s.email for s in asked] == ["mehmet@example.org"] and [m.to for m in mail.outbox] == [
        ["mehmet@example.org"]]
    assert "a paragraph added" in mail.outbox[0].body
    assert "يېڭى ئابزاس" in Client(HTTP_ACCEPT_LANGUAGE="ug").get(f"/letters/{letter.slug}/").content.decode()

    edited.update(body_en="We call on **the Secretary** to act now.\n", note="now")
    staff.post(f"/letters/{letter.slug}/edit/", edited)
    letter.refresh_from_db()
    assert letter.version == 2 and letter.versions.count() == 2  # letters.revise: the English text's version
    assert Signature.objects.get(email="ann@example.org").reconfirm_requested_at is not None
    edits = CustodyRecord.objects.filter(subject=letter.slug, action__in=["campaign-revise", "campaign-translate"])
    assert edits.count() == 4


def test_the_dates_change_only_before_the_letter_opens(staff: Client, clock: Clock) -> None:
    letter = created(staff, clock, opens_at="2022-09-01T09:00", deadline="2022-09-30")
    edited = {k: v for k, v in new_letter().items() if k not in ("slug", "officials", "jurisdictions")}
    edited.update(opens_at="2022-09-02T09:00", deadline="2022-10-15")
    assert staff.post(f"/letters/{letter.slug}/edit/", edited).status_code == 302
    letter.refresh_from_db()
    assert letter.deadline == letter.original_deadline == date(2022, 10, 15)
    clock.set(datetime(2022, 9, 10, 12, 0, tzinfo=letter.opens_at.tzinfo))
    form = staff.get(f"/letters/{letter.slug}/edit/").content.decode()
    assert 'name="deadline"' not in form and "extended on the manage page" in form
    staff.post(f"/letters/{letter.slug}/edit/", {**edited, "deadline": "2023-01-01"})
    letter.refresh_from_db()
    assert letter.deadline == date(2022, 10, 15)


STAFF_PAGES = ["/letters/new/", "/letters/letter-2022/edit/", "/letters/letter-2022/manage/"]


@pytest.mark.parametrize("who", ["visitor", "signed-in", "moderator"])
def test_no_one_but_staff_reaches_a_staff_page(letter: Letter, who: str) -> None:
    client = Client()
    if who != "visitor":
        user = User.objects.create_user(f"user-{who}", password="pw-for-tests-only")
        if who == "moderator":
            user.groups.add(Group.objects.get_or_create(name="moderator")[0])
        client.force_login(user)
    for path in STAFF_PAGES:
        for answer in (client.get(path), client.post(path, {"action": "close", **new_letter()})):
            assert answer.status_code in (302, 403), (path, answer.status_code)
            assert answer.status_code == 403 or "/login" in answer["Location"] or "/admin/login" in answer["Location"]
    letter.refresh_from_db()
    assert letter.closed_at is None and Letter.objects.count() == 1
    assert not CustodyRecord.objects.exclude(action="campaign-create").exists()


def test_a_delivery_through_the_web_verifies(staff: Client, letter: Letter, clock: Clock) -> None:
    sign(Client(), **person())
    confirm_last(Client())
    answer = staff.post("/letters/letter-2022/manage/", {
        "action": "deliver", "to": "US Department of the Treasury\nUS Department of State", "method": "email",
        "reference": "OFAC-2026-1"})
    assert answer.status_code == 302
    record = Delivery.objects.get(letter=letter)
    assert record.recipients.splitlines() == ["US Department of the Treasury", "US Department of State"]
    assert record.recorded_by == "organizer" and record.reference == "OFAC-2026-1"
    assert delivered.check(record).ok
    assert BlobStore().read_bytes(record.pdf_sha256, area="originals").startswith(b"%PDF")
    page = staff.get("/letters/letter-2022/manage/").content.decode()
    assert f'id="check-{record.pk}"><span class="ok">' in page
    bad = staff.post("/letters/letter-2022/manage/", {"action": "deliver", "to": " ", "method": "pigeon"})
    assert bad.status_code == 400 and Delivery.objects.count() == 1
    assert "Select a valid choice" in bad.content.decode() and "This field is required." in bad.content.decode()


def test_a_response_file_uploads_size_capped(staff: Client, letter: Letter, monkeypatch: pytest.MonkeyPatch) -> None:
    reply = SimpleUploadedFile("reply from treasury.pdf", b"%PDF-1.4 a reply\n", content_type="application/pdf")
    answer = staff.post("/letters/letter-2022/manage/", {
        "action": "respond", "sender": "US Treasury", "received_on": "2022-08-20", "text": "Noted.", "file": reply})
    assert answer.status_code == 302, answer.content.decode()[:2000]
    response = Response.objects.get(letter=letter)
    assert (response.recipient, response.file_name, response.file_size) == ("US Treasury", "reply from treasury.pdf", 17)
    assert BlobStore().read_bytes(response.file_sha256, area="originals") == b"%PDF-1.4 a reply\n"
    assert CustodyRecord.objects.filter(action="campaign-response", actor="organizer").count() == 1
    download = Client().get(f"/letters/letter-2022/responses/{response.pk}/file")
    assert download.content == b"%PDF-1.4 a reply\n"

    monkeypatch.setattr(delivered, "MAX_RESPONSE_BYTES", 10)
    big = SimpleUploadedFile("big.pdf", b"x" * 11)
    refused = staff.post("/letters/letter-2022/manage/", {
        "action": "respond", "sender": "US Treasury", "received_on": "2022-08-21", "file": big})
    assert refused.status_code == 400 and "The file is too large" in refused.content.decode()
    empty = staff.post("/letters/letter-2022/manage/", {
        "action": "respond", "sender": "US Treasury", "received_on": "2022-08-21"})
    assert empty.status_code == 400 and empty.content.decode().count("Give the response") == 1
    huge = SimpleUploadedFile("huge.pdf", b"x" * 100_000)  # past the cap and the form's own allowance
    too_large = staff.post("/letters/letter-2022/manage/", {
        "action": "respond", "sender": "US Treasury", "received_on": "2022-08-21", "file": huge})
    assert too_large.status_code == 413 and "The file is too large" in too_large.content.decode()
    assert Response.objects.count() == 1


def test_the_manage_page_checks_csrf(letter: Letter) -> None:
    user = User.objects.create_user("organizer", password="pw-for-tests-only", is_staff=True)
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(user)
    assert strict.post("/letters/letter-2022/manage/", {"action": "close"}).status_code == 403
    letter.refresh_from_db()
    assert letter.closed_at is None
    page = strict.get("/letters/letter-2022/manage/").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    assert strict.post("/letters/letter-2022/manage/", {"action": "close", "csrfmiddlewaretoken": token}).status_code == 302
    letter.refresh_from_db()
    assert letter.closed_at is not None


def test_asks_outcomes_and_a_follow_up_published_from_the_manage_page(
        staff: Client, letter: Letter, registry: None, django_capture_on_commit_callbacks: Any) -> None:
    assert staff.post("/letters/letter-2022/manage/", {
        "action": "ask", "officials": "HU Lianhe\nWANG Yang", "jurisdictions": ["us"]}).status_code == 302
    assert letter.asks.count() == 2
    refused = staff.post("/letters/letter-2022/manage/", {"action": "ask", "officials": "HU Lianhe"})
    assert refused.status_code == 400 and "Choose who is asked" in refused.content.decode()
    delivered.deliver(letter, to=["US Treasury"], method="email", actor="organizer")
    with django_capture_on_commit_callbacks(execute=True):
        load_registry(FIXTURES / "designations_update_2023-12-08.csv")
    assert letter.asks.get(official__name="HU Lianhe").status == Ask.Status.FULFILLED
    page = staff.get("/letters/letter-2022/manage/").content.decode()
    assert 'class="ask-fulfilled"' in page and 'class="ask-open"' in page
    follow = followups.current(letter)
    assert follow is not None and f"/letters/{follow.slug}/manage/" in page
    assert staff.post(f"/letters/{follow.slug}/manage/", {"action": "publish"}).status_code == 302
    follow.refresh_from_db()
    assert not follow.draft
    assert CustodyRecord.objects.filter(action="campaign-publish", actor="organizer", subject=follow.slug).exists()


def test_goal_share_links_and_social_preview(letter: Letter, clock: Clock) -> None:
    Letter.objects.filter(pk=letter.pk).update(goal=4)
    for n in range(3):
        signer = Client()
        sign(signer, **person(email=f"s{n}@example.org", name=f"Signer Number {'abc'[n]}", ip=f"192.0.2.{n + 1}"))
        confirm_last(signer)
    html = Client().get("/letters/letter-2022/").content.decode()
    assert '<progress max="4" value="3">75%</progress>' in html and "3 signatures of the 4 we hope for" in html
    address = "http%3A%2F%2Ftestserver%2Fletters%2Fletter-2022%2F"
    for href in (f"https://x.com/intent/post?url={address}", f"https://www.facebook.com/sharer/sharer.php?u={address}",
                 f"https://t.me/share/url?url={address}", "https://wa.me/?text=Open+letter", "mailto:?subject=Open%20letter"):
        assert f'href="{href}' in html, href
    assert '<meta property="og:title" content="Open letter on the Xinjiang Police Files">' in html
    assert '<meta property="og:url" content="http://testserver/letters/letter-2022/">' in html
    description = re.search(r'<meta property="og:description" content="([^"]*)">', html).group(1)  # type: ignore
    assert description.startswith("We, the undersigned, call on the Chair to act.") and "<" not in description
    assert '<meta name="twitter:card" content="summary">' in html
    assert "<script" not in html and "<iframe" not in html  # no third-party script, no embed


def test_the_counter_frames_sets_no_cookie_and_links_to_the_letter(letter: Letter, clock: Clock) -> None:
    Letter.objects.filter(pk=letter.pk).update(goal=2)
    signer = Client()
    sign(signer, **person())
    confirm_last(signer)
    answer = Client().get("/letters/letter-2022/counter/")
    assert answer.status_code == 200
    assert "X-Frame-Options" not in answer and "frame-ancestors *" in answer["Content-Security-Policy"]
    assert "script-src 'self'" in answer["Content-Security-Policy"]
    assert not answer.cookies and "Set-Cookie" not in answer
    assert "max-age=60" in answer["Cache-Control"] and "public" in answer["Cache-Control"]
    html = answer.content.decode()
    assert '<strong id="count">1</strong>' in html and "signature<" in html and 'value="1"' in html
    assert 'href="/letters/letter-2022/"' in html and "<script" not in html and "csrf" not in html
    page = Client().get("/letters/letter-2022/")
    assert page["X-Frame-Options"] == "DENY" and "frame-ancestors 'none'" in page["Content-Security-Policy"]
    uyghur = Client(HTTP_ACCEPT_LANGUAGE="ug").get("/letters/letter-2022/counter/").content.decode()
    assert "ئىمزا" in uyghur


def test_a_draft_has_no_counter_and_its_page_is_staff_only(staff: Client, letter: Letter) -> None:
    Letter.objects.filter(pk=letter.pk).update(draft=True)
    assert Client().get("/letters/letter-2022/counter/").status_code == 404
    assert Client().get("/letters/letter-2022/").status_code == 404
    assert staff.get("/letters/letter-2022/").status_code == 200


# --- in a real browser ---------------------------------------------------------------------------------------------

CHROMIUM = Path("/usr/bin/chromium")
BROWSER_APPS = ["django.contrib.contenttypes", "django.contrib.auth", "django.contrib.sessions",
                "django.contrib.messages", "django.contrib.staticfiles", "adalet.archive", "adalet.web",
                "adalet.campaigns", "adalet.people", "adalet.sanctions"]


@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's Chromium at /usr/bin/chromium (apt install chromium)")
@pytest.mark.django_db(transaction=True, available_apps=BROWSER_APPS)
@pytest.mark.slow
def test_in_a_browser_staff_write_three_languages_and_another_site_frames_the_counter(
        live_server: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A staffer fills the new-letter form in Chromium; a Uyghur reader sees the Uyghur text right to left; a page
    of another origin shows the counter in an iframe (the browser enforces the framing headers)."""
    import http.server
    import threading

    from django.conf import settings
    from playwright.sync_api import sync_playwright

    from tests.campaigns.test_browser import ARGS

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    staffer = Client()
    staffer.force_login(User.objects.create_user("organizer", password="pw-for-tests-only", is_staff=True))
    session = staffer.cookies[settings.SESSION_COOKIE_NAME].value
    (tmp_path / "embed.html").write_text(
        f'<!doctype html><title>another site</title><p>Our campaign:</p>'
        f'<iframe id="counter" src="{live_server.url}/letters/police-files-2026/counter/" width="300" height="170">'
        f'</iframe><iframe id="page" src="{live_server.url}/letters/police-files-2026/"></iframe>')
    handler = lambda *a: http.server.SimpleHTTPRequestHandler(*a, directory=str(tmp_path))  # noqa: E731
    other = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=other.serve_forever, daemon=True).start()
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
            staff = browser.new_context()
            staff.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}])
            page = staff.new_page()
            page.goto(f"{live_server.url}/letters/new/")
            form = page.locator("#letter-form")
            fields = new_letter()
            dates = ["opens_at", "deadline"]  # first: the text typed afterwards leaves no date picker open
            for name in [*dates, *(n for n in fields if n not in (*dates, "language", "jurisdictions", "officials"))]:
                form.locator(f"[name={name}]").fill(fields[name])
            page.screenshot(path=str(tmp_path / "1-new-letter.png"), full_page=True)
            with page.expect_navigation():
                form.locator("button[type=submit]").click()
            assert page.url.endswith("/letters/police-files-2026/manage/")
            assert "The letter is created." in page.locator("main").inner_text()
            page.locator("#deliver [name=reference]").fill("OFAC-2026-1")
            with page.expect_navigation():
                page.locator("#deliver button[type=submit]").click()
            assert page.locator("#checks .ok").count() == 1  # delivered.check: the proof verifies
            page.screenshot(path=str(tmp_path / "2-manage.png"), full_page=True)

            reader = browser.new_context(locale="ug").new_page()
            reader.goto(f"{live_server.url}/letters/police-files-2026/")
            heading = reader.locator("#letter-text h1")
            assert heading.inner_text() == UG_TITLE and heading.evaluate("h => getComputedStyle(h).direction") == "rtl"
            reader.screenshot(path=str(tmp_path / "3-letter-ug.png"), full_page=True)

            embedder = browser.new_page()
            embedder.goto(f"http://127.0.0.1:{other.server_address[1]}/embed.html")
            counter = embedder.frame_locator("#counter")
            assert counter.locator("#count").inner_text() == "0"
            assert counter.locator("a#counter").get_attribute("href") == "/letters/police-files-2026/"
            framed_page = embedder.frame_locator("#page").locator("#letter-text")
            assert framed_page.count() == 0  # the letter's own page refuses to be framed
            embedder.screenshot(path=str(tmp_path / "4-embedded-counter.png"))
            browser.close()
    finally:
        other.shutdown()
