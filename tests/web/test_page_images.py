"""Page images in the document viewer (/items/ID/pages/N.png): a PDF's pages rendered by pdftoppm and a scan's frames
resized, each made once and kept in the blob store; shown beside the text to staff only, the same 404 for everyone
else (visitors, accounts without a role, viewers, researchers, a password-only staff session), never through the
page cache; a page that cannot be rendered is a note in its place and a log line, never a broken page."""

from __future__ import annotations

import hashlib
import io
import logging
import os
import re
import shutil
import stat
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.test import Client, override_settings
from PIL import Image

from adalet.archive import pagerender
from adalet.archive.ingest import ingest
from adalet.archive.models import Collection, CustodyRecord, Item
from adalet.lib.roles import Role
from adalet.web.models import CollectionAccess

pytestmark = pytest.mark.django_db
ID = "65312119850312751X"
PAGES = 3
#: Where each PDF page draws its black square (points from the bottom-left of an A4 page): page N at row N.
SQUARE = 100


def square_origin(number: int) -> tuple[int, int]:
    return 72 + 120 * (number - 1), 700 - 200 * (number - 1)


def three_page_pdf() -> bytes:
    """An A4 PDF of three pages, each with its number written and a black square at its own place (page 2 also
    holds an ID number, masked in the text for everyone but staff)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen.canvas import Canvas

    out = io.BytesIO()
    canvas = Canvas(out, pagesize=A4)
    for number in range(1, PAGES + 1):
        canvas.setFont("Helvetica", 14)
        canvas.drawString(72, 800, f"Transfer list, page {number} of {PAGES}")
        if number == 2:
            canvas.drawString(72, 780, f"ID {ID}")
        x, y = square_origin(number)
        canvas.rect(x, y, SQUARE, SQUARE, fill=1)
        canvas.showPage()
    canvas.save()
    return out.getvalue()


def two_frame_scan() -> bytes:
    """A multi-page TIFF (a fax, a scanned file): 2400×3200 pixels a frame, the first white, the second grey."""
    frames = [Image.new("L", (2400, 3200), 255), Image.new("L", (2400, 3200), 90)]
    out = io.BytesIO()
    frames[0].save(out, format="TIFF", save_all=True, append_images=frames[1:])
    return out.getvalue()


@pytest.fixture
def paged(tmp_path: Path) -> Collection:
    folder = tmp_path / "paged"
    folder.mkdir()
    (folder / "transfer.pdf").write_bytes(three_page_pdf())
    (folder / "scan.tiff").write_bytes(two_frame_scan())
    (folder / "truncated.pdf").write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog")
    ingest(folder, "paged", ocr=False, source="a test")
    Collection.objects.filter(name="paged").update(is_public=True)
    return Collection.objects.get(name="paged")


def item(collection: Collection, name: str) -> Item:
    return Item.objects.get(collection=collection, name=name)


def staff_client() -> Client:
    client = Client()
    client.force_login(User.objects.create_user("staff", is_staff=True))
    return client


def png(response: Any) -> Image.Image:
    assert response.status_code == 200 and response["Content-Type"] == "image/png", response.status_code
    image = Image.open(io.BytesIO(response.content))
    image.load()
    return image


def darkness(image: Image.Image, x: float, y: float) -> int:
    """The grey level at a point given in PDF points from the bottom-left of an A4 page (0 black, 255 white)."""
    scale = image.height / 841.89
    return int(image.convert("L").getpixel((int(x * scale), int(image.height - y * scale))))


def test_staff_see_each_pdf_page_as_a_png_of_bounded_size(paged: Collection) -> None:
    pdf = item(paged, "transfer.pdf")
    client = staff_client()
    for number in range(1, PAGES + 1):
        image = png(client.get(f"/items/{pdf.pk}/pages/{number}.png"))
        assert image.format == "PNG" and image.height == pagerender.MAX_EDGE
        assert image.width == pytest.approx(pagerender.MAX_EDGE * 595.28 / 841.89, abs=2)  # A4, portrait
        for other in range(1, PAGES + 1):  # its own square is black, the other pages' squares are white
            x, y = square_origin(other)
            level = darkness(image, x + SQUARE / 2, y + SQUARE / 2)
            assert (level < 60) if other == number else (level > 200), (number, other, level)
    for outside in (0, PAGES + 1, 10**9):
        assert client.get(f"/items/{pdf.pk}/pages/{outside}.png").status_code == 404
    views = CustodyRecord.objects.filter(action="view-personal-data", actor="staff", subject__startswith="page ")
    assert views.count() == PAGES  # each picture sent is a view of personal data, on the log


def test_a_second_request_reads_the_kept_image_and_does_not_render(paged: Collection, monkeypatch: pytest.MonkeyPatch) -> None:
    pdf = item(paged, "transfer.pdf")
    calls: list[list[str]] = []
    real_run = subprocess.run

    def counted(command: list[str], *args: Any, **kwargs: Any) -> Any:
        calls.append(command)
        return real_run(command, *args, **kwargs)

    monkeypatch.setattr(pagerender.subprocess, "run", counted)
    client, other = staff_client(), Client()
    other.force_login(User.objects.create_superuser("another"))
    first = client.get(f"/items/{pdf.pk}/pages/2.png")
    assert len(calls) == 1 and any(part.endswith("pdftoppm") for part in calls[0]) and "-scale-to" in calls[0]
    assert calls[0][:3] == [shutil.which("prlimit"), f"--as={1024 * 1024 * 1024}", "--"]  # its memory capped
    second = other.get(f"/items/{pdf.pk}/pages/2.png")  # another user, another session: the same kept image
    assert len(calls) == 1 and second.content == first.content
    assert first["Cache-Control"] == second["Cache-Control"] == "private, no-store"
    png(client.get(f"/items/{pdf.pk}/pages/3.png"))
    assert len(calls) == 2  # another page is rendered once, too


def test_a_scan_page_is_its_own_pixels_resized(paged: Collection, monkeypatch: pytest.MonkeyPatch) -> None:
    scan = item(paged, "scan.tiff")
    monkeypatch.setattr(pagerender.subprocess, "run", lambda *a, **k: pytest.fail("pdftoppm for an image"))
    client = staff_client()
    first, second = png(client.get(f"/items/{scan.pk}/pages/1.png")), png(client.get(f"/items/{scan.pk}/pages/2.png"))
    assert first.size == second.size == (1200, 1600)  # 2400×3200 within MAX_EDGE, proportions kept
    assert first.convert("L").getpixel((600, 800)) == 255 and second.convert("L").getpixel((600, 800)) == 90
    assert client.get(f"/items/{scan.pk}/pages/3.png").status_code == 404
    page = client.get(f"/items/{scan.pk}/").content.decode()
    assert f'src="/items/{scan.pk}/pages/2.png" width="1200" height="1600"' in page


def test_the_viewer_shows_each_page_beside_its_text_for_staff(paged: Collection) -> None:
    pdf = item(paged, "transfer.pdf")
    page = staff_client().get(f"/items/{pdf.pk}/?q=Transfer").content.decode()
    pictures = re.findall(r'<img src="/items/(\d+)/pages/(\d+)\.png"[^>]*>', page)
    assert pictures == [(str(pdf.pk), str(n)) for n in range(1, PAGES + 1)]
    for tag in re.findall(r'<img src="/items/\d+/pages/\d+\.png"[^>]*>', page):
        assert 'loading="lazy"' in tag and re.search(r'alt="Image of page \d"', tag) and 'class="pdf-page"' in tag
    assert page.count('<div class="page-body">') == PAGES and "web/page_images.css" in page and "web/page_images.js" in page
    assert page.index('id="page-2"') < page.index("/pages/2.png") < page.index('id="page-3"')  # beside its own text
    assert ID in page  # staff read the page unmasked, as the picture shows it


def test_the_note_about_a_failed_picture_is_translated(paged: Collection) -> None:
    pdf = item(paged, "transfer.pdf")
    client = staff_client()
    english = client.get(f"/items/{pdf.pk}/").content.decode()
    assert "The image of this page could not be made; its text is beside it." in english
    for language in ("zh-hans", "ug"):
        client.post("/i18n/setlang/", {"language": language, "next": "/"})
        translated = client.get(f"/items/{pdf.pk}/").content.decode()
        assert "The image of this page could not be made" not in translated and "Image of page 1" not in translated


# --- the attack: everyone else asks for every page and gets nothing ---------------------------------------------------


def not_found(client: Client, address: str) -> bytes:
    """The answer to ``address``, which must be a 404, without the address itself (the page's language links)."""
    answer = client.get(address)
    assert answer.status_code == 404 and not answer["Content-Type"].startswith("image/"), address
    page = answer.content.decode().replace(address.lstrip("/"), "ADDRESS")
    return re.sub(r'name="(csrfmiddlewaretoken|next)"( type="hidden")? value="[^"]*"', "", page).encode()


def attackers(collection: Collection) -> dict[str, Client]:
    """Everyone who reads this collection's text masked: a visitor, an account without a role, a viewer, a
    researcher and a moderator by a grant or a group, and staff signed in with a password alone where a second
    factor is required."""
    clients = {"visitor": Client()}
    for name, role, granted in (("no role", None, False), ("viewer", Role.VIEWER, True),
                                ("researcher", Role.RESEARCHER, True), ("moderator", Role.MODERATOR, False)):
        user = User.objects.create_user(name.replace(" ", "-"))
        if role and granted:
            CollectionAccess.objects.create(user=user, collection=collection, role=role)
        elif role:
            user.groups.add(Group.objects.get(name=role))
        clients[name] = Client()
        clients[name].force_login(user)
    clients["password-only staff"] = Client()
    clients["password-only staff"].force_login(User.objects.create_superuser("password-only"))
    return clients


@override_settings(ADALET_REQUIRE_2FA_FOR_STAFF=True)
def test_no_one_but_staff_gets_a_page_picture_or_its_address(paged: Collection) -> None:
    items = {item(paged, "transfer.pdf"): PAGES, item(paged, "scan.tiff"): 2}
    for who, client in attackers(paged).items():
        unknown = not_found(client, "/items/999999/pages/1.png")
        for it, count in items.items():
            viewer = client.get(f"/items/{it.pk}/").content.decode()
            assert viewer.count("<h3 id=\"page-") == (PAGES if it.media_type == "application/pdf" else 0), who
            assert "/pages/" not in viewer and "page_images" not in viewer and "<img" not in viewer, (who, it.name)
            for number in range(0, count + 2):
                assert not_found(client, f"/items/{it.pk}/pages/{number}.png") == unknown, (who, it.name, number)
        assert client.head(f"/items/{item(paged, 'transfer.pdf').pk}/pages/1.png").status_code == 404
    assert not CustodyRecord.objects.filter(action="view-personal-data").exists()
    staff = staff_client()  # the control: the same addresses show to staff (their session verified)
    with override_settings(ADALET_REQUIRE_2FA_FOR_STAFF=False):
        png(staff.get(f"/items/{item(paged, 'transfer.pdf').pk}/pages/1.png"))


def test_a_restricted_collection_keeps_its_pages_from_everyone_it_is_closed_to(paged: Collection) -> None:
    Collection.objects.filter(pk=paged.pk).update(is_public=False)
    pdf = item(paged, "transfer.pdf")
    outsider = Client()
    outsider.force_login(User.objects.create_user("outsider"))
    for client in (Client(), outsider):
        unknown = not_found(client, "/items/999999/pages/1.png")
        assert not_found(client, f"/items/{pdf.pk}/pages/1.png") == unknown
    png(staff_client().get(f"/items/{pdf.pk}/pages/1.png"))


# --- failing closed ------------------------------------------------------------------------------------------------


def fake_pdftoppm(folder: Path, body: str) -> Path:
    folder.mkdir(exist_ok=True)
    script = folder / "pdftoppm"
    script.write_text(f"#!/bin/sh\n{body}\n")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return folder


def test_without_pdftoppm_each_page_says_so_and_nothing_breaks(paged: Collection, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch,
                                                               caplog: pytest.LogCaptureFixture) -> None:
    pdf = item(paged, "transfer.pdf")
    empty = tmp_path / "no-programs"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    client = staff_client()
    with caplog.at_level(logging.ERROR, logger="adalet.web.page_images"):
        page = client.get(f"/items/{pdf.pk}/")
        assert page.status_code == 200
        text = page.content.decode()
        assert text.count("The image of this page could not be made") == PAGES and "/pages/1.png" not in text
        assert text.count('<figure class="page-image failed">') == PAGES
        answer = client.get(f"/items/{pdf.pk}/pages/1.png")
    assert answer.status_code == 503 and answer["Content-Type"].startswith("text/plain")
    assert any("pdftoppm is not installed" in r.getMessage() for r in caplog.records)


def test_a_failing_or_slow_pdftoppm_is_an_error_and_nothing_is_kept(paged: Collection, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch,
                                                                   caplog: pytest.LogCaptureFixture) -> None:
    pdf = item(paged, "transfer.pdf")
    client, real_path = staff_client(), os.environ["PATH"]
    monkeypatch.setenv("PATH", str(fake_pdftoppm(tmp_path / "failing", "echo 'Syntax Error: broken xref' >&2; exit 1")))
    with caplog.at_level(logging.ERROR, logger="adalet.web.page_images"):
        assert client.get(f"/items/{pdf.pk}/pages/1.png").status_code == 503
        assert client.get(f"/items/{pdf.pk}/").status_code == 200  # the viewer itself never renders
    assert any("exit 1" in r.getMessage() and "broken xref" in r.getMessage() for r in caplog.records)
    monkeypatch.setenv("PATH", str(fake_pdftoppm(tmp_path / "garbage", "echo not-a-png")))
    assert client.get(f"/items/{pdf.pk}/pages/1.png").status_code == 503  # output that is no PNG is refused
    monkeypatch.setenv("PATH", str(fake_pdftoppm(tmp_path / "slow", "exec /bin/sleep 5")))
    monkeypatch.setenv("ADALET_PAGE_RENDER_SECONDS", "0.5")
    caplog.clear()
    with caplog.at_level(logging.ERROR, logger="adalet.web.page_images"):
        assert client.get(f"/items/{pdf.pk}/pages/1.png").status_code == 503
    assert any("took more than 0.5 s" in r.getMessage() for r in caplog.records)
    monkeypatch.setenv("PATH", real_path)
    monkeypatch.delenv("ADALET_PAGE_RENDER_SECONDS")
    monkeypatch.setenv("ADALET_PAGE_RENDER_MEMORY_MB", "8")  # pdftoppm cannot even start in 8 MB of address space
    assert client.get(f"/items/{pdf.pk}/pages/1.png").status_code == 503
    monkeypatch.delenv("ADALET_PAGE_RENDER_MEMORY_MB")
    png(client.get(f"/items/{pdf.pk}/pages/1.png"))  # nothing of the failures was kept: rendered now


def test_a_pdf_that_could_not_be_read_shows_its_page_with_no_picture(paged: Collection) -> None:
    broken = item(paged, "truncated.pdf")
    client = staff_client()
    page = client.get(f"/items/{broken.pk}/")
    assert page.status_code == 200 and b"could not be read" in page.content and b"/pages/" not in page.content
    assert client.get(f"/items/{broken.pk}/pages/1.png").status_code == 404


# --- the page cache: a staff member's pictures and pages never reach anyone else -----------------------------------


@pytest.mark.django_db(transaction=True, available_apps=list(settings.INSTALLED_APPS))
def test_the_page_cache_never_keeps_or_serves_a_page_picture(tmp_path: Path) -> None:
    """Committed, as the site runs (a request inside an open transaction never goes through the page cache)."""
    folder = tmp_path / "cached"
    folder.mkdir()
    (folder / "transfer.pdf").write_bytes(three_page_pdf())
    ingest(folder, "cached", ocr=False)
    Collection.objects.filter(name="cached").update(is_public=True)
    pdf = Item.objects.get(name="transfer.pdf")
    visitor, staff = Client(), staff_client()
    viewer = f"/items/{pdf.pk}/"
    first, again = visitor.get(viewer), visitor.get(viewer)
    assert (first.get("X-Adalet-Cache"), again.get("X-Adalet-Cache")) == ("miss", "hit")  # the cache is at work
    own = staff.get(viewer)
    assert own.get("X-Adalet-Cache") is None and f"/items/{pdf.pk}/pages/1.png" in own.content.decode()
    picture = staff.get(f"/items/{pdf.pk}/pages/1.png")
    assert png(picture) and picture.get("X-Adalet-Cache") is None and picture["Cache-Control"] == "private, no-store"
    for number in range(1, PAGES + 1):
        for _attempt in range(2):  # asked twice: a second answer would come from the cache if the first was kept
            answer = visitor.get(f"/items/{pdf.pk}/pages/{number}.png")
            assert answer.status_code == 404 and answer.get("X-Adalet-Cache") is None
            assert not answer["Content-Type"].startswith("image/")
    after = visitor.get(viewer)
    assert after.get("X-Adalet-Cache") == "hit" and "/pages/" not in after.content.decode()
    assert after.content == first.content  # the staff member's page never replaced the visitor's


def test_two_processes_rendering_one_page_at_once_leave_one_complete_image(paged: Collection,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """The race of two web processes: while one renders, the other renders and keeps the same page; both finish
    writing, each a whole file, and the kept pointer names a blob that hashes to its name. No database row, so the
    archive's audit has nothing new to account for."""
    from adalet.archive import pageimages
    from adalet.archive.audit import verify_archive
    from adalet.archive.blobstore import BlobStore

    pdf = item(paged, "transfer.pdf")
    real = pagerender.render_pdf_page
    raced: list[bytes] = []

    def racing(path: Path, number: int) -> bytes:
        if not raced:  # the other process starts on the same page meanwhile, and finishes first
            raced.append(b"")
            raced.append(pageimages.page_image(pdf.pk, number))
        return real(path, number)

    monkeypatch.setattr(pagerender, "render_pdf_page", racing)
    store = BlobStore()
    audited = verify_archive(store)  # what the audit says of this test's archive (its witness file is elsewhere)
    mine = pageimages.page_image(pdf.pk, 1)
    pointer = pageimages.pointer_path(store, pdf.sha256, 1)
    kept = pointer.read_text()
    assert raced[1] == mine and hashlib.sha256(mine).hexdigest() == kept == store.rehash(kept, "derived")
    assert not list((store.root / "tmp").glob("*.part"))
    assert pageimages.page_image(pdf.pk, 1) == mine and len(raced) == 2  # read back, not rendered a third time
    assert verify_archive(store) == audited  # nothing new to account for
