"""Bulk review and the family's "what next" in a real browser (Debian's Chromium through Playwright): a researcher
narrows the photo-link queue by method, ticks "all shown" (the script ticks every row), confirms them with one note
and follows a finding's cell to its row in the viewer; a family member reads /relatives/next/ in Uyghur on a phone
(390 px, nothing runs off the screen, axe finds nothing serious) and sends a request; the TOTP page draws its QR."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings

from adalet.archive.models import CustodyRecord
from adalet.lib.roles import Role
from adalet.people.models import PhotoLink
from adalet.verify import review as finding_review
from adalet.web.models import RelativeRequest
from tests.web import test_browser
from tests.web.conftest import build_leak
from tests.web.test_browser import CHROMIUM
from tests.web.workspace_fixtures import PASSWORD, make_user

browser, page = test_browser.browser, test_browser.page  # the fixtures, shared with test_browser.py

pytestmark = [
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed (make install adds it)"),
    pytest.mark.django_db(transaction=True, available_apps=list(settings.INSTALLED_APPS)),
    pytest.mark.one_database,  # what the user sees in the browser; the pages' queries are tested on both databases elsewhere
]


def serious(page) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    from axe_playwright_python.sync_playwright import Axe

    return [(v["id"], v["impact"]) for v in Axe().run(page).response["violations"] if v["impact"] in ("serious", "critical")]


def test_a_researcher_decides_the_shown_links_at_once_and_follows_a_finding_to_its_row(  # type: ignore[no-untyped-def]
    page, tmp_path: Path
) -> None:
    collection = build_leak(tmp_path / "leak", "restricted-leak", public=False)
    make_user("rahile", grants={collection: Role.RESEARCHER})
    page.goto("/login/?next=/workspace/")
    page.fill("input[name=username]", "rahile")
    page.fill("input[name=password]", PASSWORD)
    page.click("form.login button[type=submit]")
    page.wait_for_selector("table.workspace-collections")

    method = PhotoLink.objects.filter(collection=collection, status="proposed").values_list("method", flat=True).first()
    page.goto(f"/workspace/collections/{collection.name}/photo-links/")
    page.select_option("form.narrow select[name=method]", method)
    page.click("form.narrow button[type=submit]")
    page.wait_for_url(f"**method={method}**")
    assert not serious(page)
    rows = page.locator("input[data-choose]")
    shown = [int(rows.nth(i).get_attribute("value")) for i in range(rows.count())]
    assert shown and set(PhotoLink.objects.filter(pk__in=shown).values_list("method", flat=True)) == {method}
    page.check("input[data-choose-all]")
    assert all(rows.nth(i).is_checked() for i in range(rows.count()))  # choose.js ticked every row
    page.fill("form.bulk input[name=note]", "checked against the file photos")
    page.click("form.bulk button[value=confirmed]")
    page.wait_for_selector("p.message")
    assert f"{len(shown)} decision" in page.inner_text("main")
    page.screenshot(path=str(tmp_path / "bulk-confirmed.png"), full_page=True)
    assert set(PhotoLink.objects.filter(pk__in=shown).values_list("status", flat=True)) == {"confirmed"}
    assert CustodyRecord.objects.filter(action="photo-link-review").count() == len(shown)

    finding = finding_review.pending_findings(collection).exclude(row=None).first()
    page.goto(f"/workspace/collections/{collection.name}/findings/?check={finding.check_name}")
    page.locator(f"#finding-{finding.key} dd.cell a").click()
    target = page.locator("tr:target")
    target.wait_for()
    assert target.locator("th").inner_text() == str(finding.row) and target.is_visible()

    page.goto(f"/collections/{collection.name}/statistics/")
    chart = page.locator("svg.months")
    assert chart.bounding_box()["height"] > 50
    page.screenshot(path=str(tmp_path / "statistics-months.png"), full_page=True)


def test_a_family_reads_what_next_in_uyghur_on_a_phone_and_writes_to_staff(page, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/relatives/next/")
    page.click("form.languages button[value=ug]")  # the switcher, as a reader would
    page.wait_for_selector("html[dir=rtl]")
    assert page.get_attribute("html", "dir") == "rtl"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert not serious(page)
    page.check("input[name=kind][value=information]")
    page.fill("input[name=name]", "ئايگۈل")
    page.fill("input[name=contact]", "aygul@example.org")
    page.fill("textarea[name=message]", "ئىنىم 2017-يىلى ماي ئېيىدا ئېلىپ كېتىلگەن.")
    page.click("form.relative-request button[type=submit]")
    page.wait_for_selector("p.message.success")
    page.screenshot(path=str(tmp_path / "what-next-ug-phone.png"), full_page=True)
    assert RelativeRequest.objects.get().kind == "information"

    make_user("rahile")
    page.goto("/login/?next=/workspace/security/")
    page.fill("input[name=username]", "rahile")
    page.fill("input[name=password]", PASSWORD)
    page.click("form.login button[type=submit]")
    page.click("input[name=action][value=start] + button")  # set up a second factor
    qr = page.locator("figure.otp-qr svg")
    qr.wait_for()
    box = qr.bounding_box()
    assert box and 100 <= box["width"] <= 390 and page.evaluate("document.documentElement.scrollWidth") <= 390
