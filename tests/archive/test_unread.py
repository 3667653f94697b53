"""The inventory of what extraction does not read: every hidden part is named, and files with none are complete
(a false alarm would keep a harmless original from visitors; a miss would hand them what the page hides)."""

from __future__ import annotations

import io
import zipfile

import openpyxl
from openpyxl.comments import Comment
from PIL import Image
from pypdf import PdfWriter

from adalet.archive.extractors.image import strip_jpeg
from adalet.archive.unread import NOT_INVENTORIED, unread_parts

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def xlsx(comment: bool = False, footer: bool = False) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["姓名", "状态"])
    sheet.append(["阿依古丽", "在押"])
    if comment:
        sheet["A2"].comment = Comment("核对人 653121197405229571", "clerk")
    if footer:
        sheet.oddFooter.left.text = "制表人 653121197405229571"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def pdf(annotation: bool = False, attachment: bool = False, update: bool = False) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    if annotation:
        from pypdf.annotations import FreeText

        writer.add_annotation(0, FreeText(text="653121197405229571", rect=(10, 10, 150, 40)))
    if attachment:
        writer.add_attachment("id.txt", b"653121197405229571")
    out = io.BytesIO()
    writer.write(out)
    data = out.getvalue()
    if update:  # an incremental update: the earlier revision stays in the file
        again = PdfWriter(io.BytesIO(data), incremental=True)
        again.add_metadata({"/Title": "v2"})
        out = io.BytesIO()
        again.write(out)
        data = out.getvalue()
    return data


def docx_with(document_xml: str, extra: dict[str, str] | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("_rels/.rels", "<Relationships/>")
        package.writestr("word/document.xml", document_xml)
        for name, text in (extra or {}).items():
            package.writestr(name, text)
    return out.getvalue()


BODY = '<w:document xmlns:w="w"><w:body><w:p><w:r><w:t>通知</w:t></w:r></w:p></w:body></w:document>'
DELETED = ('<w:document xmlns:w="w"><w:body><w:p><w:del w:id="1" w:author="x"><w:r><w:delText>653121197405229571'
           "</w:delText></w:r></w:del></w:p></w:body></w:document>")


def test_plain_files_are_read_in_full() -> None:
    assert unread_parts("text/plain", io.BytesIO("名单\n".encode())) == []
    assert unread_parts("text/csv; charset=utf-8", io.BytesIO(b"a,b\n")) == []
    assert unread_parts(XLSX, io.BytesIO(xlsx())) == []
    assert unread_parts("application/pdf", io.BytesIO(pdf())) == []
    assert unread_parts(DOCX, io.BytesIO(docx_with(BODY))) == []


def test_every_hidden_part_is_named() -> None:
    assert any("comments" in p for p in unread_parts(XLSX, io.BytesIO(xlsx(comment=True))))
    assert unread_parts(XLSX, io.BytesIO(xlsx(footer=True))) == ["page headers or footers in xl/worksheets/sheet1.xml"]
    assert unread_parts("application/pdf", io.BytesIO(pdf(annotation=True))) == ["annotations on page 1"]
    assert "named trees (attached files, scripts)" in unread_parts("application/pdf", io.BytesIO(pdf(attachment=True)))
    assert any("earlier revision" in p for p in unread_parts("application/pdf", io.BytesIO(pdf(update=True))))
    assert unread_parts("application/pdf", io.BytesIO(pdf() + b"653121197405229571")) == ["bytes after the end of the document"]
    assert unread_parts(DOCX, io.BytesIO(docx_with(DELETED))) == ["tracked changes or hidden text in word/document.xml"]
    assert unread_parts(DOCX, io.BytesIO(docx_with(BODY, {"word/comments.xml": "<x/>"}))) == ["part word/comments.xml"]


def test_unknown_and_broken_files_are_not_complete() -> None:
    assert unread_parts("application/x-unknown", io.BytesIO(b"")) == [NOT_INVENTORIED]
    assert unread_parts("image/jpeg", io.BytesIO(b"\xff\xd8")) != []
    broken = unread_parts(XLSX, io.BytesIO(b"PK not a zip"))
    assert len(broken) == 1 and broken[0].startswith("the file could not be taken apart")
    assert unread_parts("application/pdf", io.BytesIO(b"%PDF-1.4 garbage")) != []


def test_thumbnails_keep_only_the_picture() -> None:
    image = Image.new("RGB", (40, 30), (200, 10, 10))
    out = io.BytesIO()
    image.save(out, format="JPEG", comment=b"ID 653121197405229571", exif=Image.Exif())
    data = out.getvalue() + b"653122198001011234"  # bytes after the end of the image
    clean = strip_jpeg(data)
    assert b"6531211974" not in clean and b"6531221980" not in clean and clean.endswith(b"\xff\xd9")
    assert Image.open(io.BytesIO(clean)).size == (40, 30)
    assert strip_jpeg(b"not a jpeg") == b""
