"""In a real browser (Debian's Chromium): sign as an individual and as an organization (in the registry since an
earlier letter), confirm by the emailed links, and see both on the public list. Screenshots go to the test's tmp_path."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from adalet.campaigns import letters
from tests.campaigns.conftest import known

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]

# Flushing only these apps' tables (with CASCADE) after the test: on PostgreSQL a plain flush cannot truncate the
# archive's passages, which the full-text table (made outside migrations) references.
APPS = ["django.contrib.contenttypes", "django.contrib.auth", "django.contrib.sessions", "django.contrib.messages",
        "django.contrib.staticfiles", "adalet.archive", "adalet.web", "adalet.campaigns"]
pytestmark = [
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's Chromium at /usr/bin/chromium (apt install chromium)"),
    pytest.mark.django_db(transaction=True, available_apps=APPS),
    pytest.mark.slow,
    pytest.mark.one_database,  # what the user sees in the browser; the pages' queries are tested on both databases elsewhere
]


def confirmation_link(to: str) -> str:
    body = next(m.body for m in reversed(mail.outbox) if m.to == [to])
    return re.search(r"(https?://\S+/letters/confirm/\S+)", body).group(1)  # type: ignore[union-attr]


def test_signing_in_a_browser(live_server: Any, tmp_path: Path,
                              monkeypatch: pytest.MonkeyPatch) -> None:
    from playwright.sync_api import sync_playwright

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # the ORM is used between browser steps
    today = timezone.now()
    letters.create(letters.Draft(
        slug="open-letter", title="Open letter on the Xinjiang Police Files", recipients="The Chair",
        body="We, the undersigned, call for **accountability**.", opens_at=today - timedelta(days=1),
        deadline=date.today() + timedelta(days=5), time_zone="Asia/Urumqi",
    ), actor="organizer")
    known()  # approved by a moderator on an earlier letter: its own domain now verifies it
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        page = browser.new_page()
        page.goto(f"{live_server.url}/letters/open-letter/")
        assert page.locator("#count-individuals").inner_text() == "0"
        form = page.locator("#sign-individual")
        form.locator("[name=name]").fill("Rahima Mahmut")
        form.locator("[name=title]").fill("Director")
        form.locator("[name=affiliation]").fill("World Uyghur Congress")
        form.locator("[name=country]").select_option("GB")
        form.locator("[name=email]").fill("rahima@example.org")
        form.locator("input[name=visibility][value=listed]").check()
        page.screenshot(path=str(tmp_path / "1-individual-form.png"), full_page=True)
        form.locator("button[type=submit]").click()
        assert "We have sent you a link" in page.locator("#thanks").inner_text()

        page.goto(f"{live_server.url}/letters/open-letter/")
        form = page.locator("#sign-organization")
        form.locator("[name=organization]").fill("Uyghur Rights Watch")
        form.locator("[name=name]").fill("Omer Kanat")
        form.locator("[name=role]").fill("Director")
        form.locator("[name=country]").select_option("US")
        form.locator("[name=website]").fill("https://uyghurrights.example.org")
        form.locator("[name=email]").fill("omer@uyghurrights.example.org")
        form.locator("input[name=visibility][value=listed]").check()
        form.locator("button[type=submit]").click()
        page.wait_for_selector("#thanks")

        page.goto(f"{live_server.url}/letters/open-letter/")
        assert "Rahima Mahmut" not in page.content()  # not before confirmation
        for address in ["rahima@example.org", "omer@uyghurrights.example.org"]:
            page.goto(confirmation_link(address))
            assert "your signature is confirmed" in page.locator("#confirmed").inner_text()
        page.goto(f"{live_server.url}/letters/open-letter/")
        assert "Rahima Mahmut, Director, World Uyghur Congress" in page.locator("#list-individuals").inner_text()
        assert "Uyghur Rights Watch" in page.locator("#list-organizations").inner_text()
        assert page.locator("#count-individuals").inner_text() == "1"
        assert page.locator("#count-organizations").inner_text() == "1"
        assert "@" not in page.locator("#signatories").inner_text()
        page.screenshot(path=str(tmp_path / "2-public-list.png"), full_page=True)

        page.get_by_role("button", name="ئۇيغۇرچە").click()
        assert page.locator("html").get_attribute("dir") == "rtl"
        page.screenshot(path=str(tmp_path / "3-uyghur.png"), full_page=True)
        browser.close()
    assert all((tmp_path / name).stat().st_size > 0 for name in ["1-individual-form.png", "2-public-list.png"])
