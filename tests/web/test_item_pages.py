"""The document viewer (/items/ID/): a spreadsheet as a table, a PDF page by page, a scan's OCR text, a document's
text, an archive's members; metadata and provenance; ID numbers masked for visitors; restricted and unknown items the
same 404; the original only for those who may have it, every download on the custody log."""

from __future__ import annotations

import hashlib
import io
import re
import shutil
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.test import Client

from adalet.archive.ingest import ingest
from adalet.archive.models import Collection, CustodyRecord, Item
from adalet.lib.roles import Role
from adalet.people.models import Person
from adalet.web.models import CollectionAccess
from tests.web.conftest import ID_NUMBER, build_leak

pytestmark = pytest.mark.django_db
ID = "65312119850312751X"
HOSTILE = "<script>alert('x')</script>"


def write_documents(folder: Path) -> Path:
    """A two-page PDF with an ID number on page 2, a text file with markup in it, a notice without personal data."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen.canvas import Canvas

    folder.mkdir(parents=True)
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=A4)
    for lines in (["关于在押人员转移的通知", "第一页"], ["第二页 名单", f"身份证号 {ID}", HOSTILE]):
        canvas.setFont("STSong-Light", 14)
        for n, line in enumerate(lines):
            canvas.drawString(72, 760 - 24 * n, line)
        canvas.showPage()
    canvas.save()
    (folder / "转移通知.pdf").write_bytes(out.getvalue())
    (folder / "page.txt").write_text(f"{HOSTILE}\n<b>bold</b> 在押 {ID}\n", encoding="utf-8")
    (folder / "notice.txt").write_text("关于召开会议的通知：全体人员周一上午九时到会。\n", encoding="utf-8")
    return folder


@pytest.fixture
def documents(tmp_path: Path) -> Collection:
    ingest(write_documents(tmp_path / "docs"), "documents", ocr=False, source="handed over on a USB stick")
    collection = Collection.objects.get(name="documents")
    collection.is_public = True
    collection.save()
    return collection


def without_token(page: bytes) -> str:
    """A page without what differs between any two requests: the CSRF token and the address to come back to."""
    return re.sub(r'name="(csrfmiddlewaretoken|next)"( type="hidden")? value="[^"]*"', "", page.decode())


def item(collection: Collection, name: str) -> Item:
    return Item.objects.get(collection=collection, name=name)


def test_a_spreadsheet_is_a_table_with_id_numbers_masked_for_visitors(client: Client, published: Collection) -> None:
    sheet = Item.objects.filter(collection=published, name__endswith=".xlsx").order_by("pk").first()
    person = Person.objects.filter(collection=published, source__item=sheet).order_by("pk").first()
    page = client.get(f"/items/{sheet.pk}/")
    text = page.content.decode()
    assert page.status_code == 200
    assert '<table class="sheet">' in text and f'<td dir="auto">{person.name}</td>' in text
    assert not re.search(ID_NUMBER, text) and person.id_number[:6] + "••••" in text
    assert not any(number in text for number in Person.objects.filter(collection=published).values_list("id_number", flat=True))
    assert sheet.sha256 in text and f'href="/items/{sheet.parent_id}/"' in text  # provenance: hash, parent archive
    assert "Custody record" in text and "#" in text


def test_staff_see_full_id_numbers_and_the_view_is_on_the_custody_log(client: Client, published: Collection) -> None:
    sheet = Item.objects.filter(collection=published, name__endswith=".xlsx").order_by("pk").first()
    client.force_login(User.objects.create_user("staff", is_staff=True))
    assert re.search(ID_NUMBER, client.get(f"/items/{sheet.pk}/").content.decode())
    view = CustodyRecord.objects.filter(action="view-personal-data").last()
    assert view.actor == "staff" and view.subject == f"item: {sheet.locator}"


def test_a_pdf_is_shown_page_by_page_and_markup_in_documents_is_escaped(client: Client, documents: Collection) -> None:
    pdf = item(documents, "转移通知.pdf")
    text = client.get(f"/items/{pdf.pk}/").content.decode()
    assert "Page 1" in text and "Page 2" in text and text.index("第一页") < text.index("第二页")
    assert ID not in text and "653121••••••••••••" in text
    assert "<script>alert" not in text and "&lt;script&gt;alert" in text
    page = client.get(f"/items/{item(documents, 'page.txt').pk}/").content.decode()
    assert "<script>alert" not in page and "&lt;b&gt;bold&lt;/b&gt;" in page and "<b>bold</b>" not in page
    assert "handed over on a USB stick" in page  # the source statement of the ingest


def test_an_archive_lists_its_members_and_a_photo_shows_its_thumbnail_and_exif(client: Client, published: Collection) -> None:
    outer = Item.objects.get(collection=published, parent__isnull=True)
    text = client.get(f"/items/{outer.pk}/").content.decode()
    for member in Item.objects.filter(parent=outer):
        assert f'href="/items/{member.pk}/"' in text
    photo = Item.objects.filter(collection=published, media_type="image/jpeg").order_by("pk").first()
    text = client.get(f"/items/{photo.pk}/").content.decode()
    assert f'src="/thumbnails/{photo.pk}"' in text and "image.Model" in text and not re.search(ID_NUMBER, text)
    published.photos_public = False
    published.save()
    text = client.get(f"/items/{photo.pk}/").content.decode()
    assert "/thumbnails/" not in text and "image.Model" in text and "/original" not in text


def test_restricted_and_unknown_items_are_the_same_404(client: Client, tmp_path: Path) -> None:
    closed = build_leak(tmp_path / "leak", "closed", public=False)
    secret = Item.objects.filter(collection=closed).order_by("pk").last()
    missing = client.get("/items/999999/")
    for url in (f"/items/{secret.pk}/", f"/items/{secret.pk}/original"):
        page = client.get(url)
        assert page.status_code == 404 and without_token(page.content) == without_token(missing.content)
    viewer = User.objects.create_user("viewer")
    CollectionAccess.objects.create(user=viewer, collection=closed, role=Role.VIEWER)
    client.force_login(viewer)
    assert client.get(f"/items/{secret.pk}/").status_code == 200


def test_scans_show_their_ocr_text(client: Client, tmp_path: Path) -> None:
    if not shutil.which("tesseract"):
        pytest.skip("Tesseract is not installed")
    from PIL import Image, ImageDraw, ImageFont

    font = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    scan = Image.new("L", (900, 200), 255)
    ImageDraw.Draw(scan).text((40, 60), "TRANSFER ORDER 2018", fill=0,
                              font=ImageFont.truetype(str(font), 56) if font.exists() else None)
    (tmp_path / "scans").mkdir()
    scan.save(tmp_path / "scans" / "scan.png")
    ingest(tmp_path / "scans", "scans", ocr=True)
    Collection.objects.filter(name="scans").update(is_public=True)
    text = client.get(f"/items/{Item.objects.get(name='scan.png').pk}/").content.decode()
    assert "Text read by OCR" in text and "TRANSFER" in text


def test_visitors_download_an_original_only_when_the_page_hides_nothing_of_it(client: Client, documents: Collection) -> None:
    notice, listing = item(documents, "notice.txt"), item(documents, "转移通知.pdf")
    assert f'href="/items/{notice.pk}/original"' in client.get(f"/items/{notice.pk}/").content.decode()
    response = client.get(f"/items/{notice.pk}/original")
    data = b"".join(response.streaming_content)
    assert hashlib.sha256(data).hexdigest() == notice.sha256
    assert response["Content-Type"] == "application/octet-stream" and response["Content-Disposition"].startswith("attachment")
    download = CustodyRecord.objects.get(action="download-original")
    assert download.actor == "anonymous" and download.subject == notice.locator
    assert "/original" not in client.get(f"/items/{listing.pk}/").content.decode()  # it carries an ID number
    assert client.get(f"/items/{listing.pk}/original").status_code == 404


def test_users_with_a_role_in_a_collection_download_its_originals(client: Client, documents: Collection) -> None:
    documents.is_public = False
    documents.save()
    listing = item(documents, "转移通知.pdf")
    researcher = User.objects.create_user("researcher")
    client.force_login(researcher)
    assert client.get(f"/items/{listing.pk}/original").status_code == 404  # no role in a restricted collection
    CollectionAccess.objects.create(user=researcher, collection=documents, role=Role.RESEARCHER)
    response = client.get(f"/items/{listing.pk}/original")
    assert response.status_code == 200 and hashlib.sha256(b"".join(response.streaming_content)).hexdigest() == listing.sha256
    assert CustodyRecord.objects.filter(action="download-original", actor="researcher").count() == 1


def test_search_results_link_to_the_viewer(client: Client, documents: Collection) -> None:
    text = client.get("/search", {"q": "召开会议"}).content.decode()
    assert f'href="/items/{item(documents, "notice.txt").pk}/?q=%E5%8F%AC%E5%BC%80%E4%BC%9A%E8%AE%AE"' in text  # terms to mark


def test_the_viewer_is_translated(client: Client, documents: Collection) -> None:
    pdf = item(documents, "转移通知.pdf")
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    assert "第 2 页" in client.get(f"/items/{pdf.pk}/").content.decode()
    client.post("/i18n/setlang/", {"language": "ug", "next": "/"})
    assert 'dir="rtl"' in client.get(f"/items/{pdf.pk}/").content.decode()
