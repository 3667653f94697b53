"""PDF: text layer per page, OCR for scanned pages, encryption and damage refused clearly."""

from __future__ import annotations

from pathlib import Path

import pytest

from adalet.archive import ocr
from adalet.archive.extractors import pdf as pdf_module
from adalet.archive.extractors.base import ExtractionError
from adalet.archive.extractors.pdf import PdfExtractor

from .conftest import PDF_LINES, SCAN_LINES, run_extractor

PDF = "application/pdf"


def squash(text: str) -> str:
    return "".join(text.split())


def test_chinese_text_layer_per_page(pdf_text: Path) -> None:
    result = run_extractor(PdfExtractor(), pdf_text, PDF, ocr=False)
    assert [page.strip() for page in result.pages] == ["\n".join(PDF_LINES), "第二页 共二页 以下空白"]
    assert result.text == "\n".join(PDF_LINES) + "\n\n第二页 共二页 以下空白"
    assert result.derivatives == []
    assert result.warnings == []


def test_document_info(pdf_text: Path) -> None:
    metadata = run_extractor(PdfExtractor(), pdf_text, PDF, ocr=False).metadata
    assert metadata["author"] == "自治区公安厅"
    assert metadata["title"] == "在押人员名单"
    assert metadata["creator"] == "WPS Office"
    assert metadata["producer"].startswith("ReportLab")
    assert metadata["creation_date"][:4].isdigit() and metadata["creation_date_raw"].startswith("D:")
    assert metadata["page_count"] == 2
    assert metadata["encrypted"] is False


def test_encrypted_with_a_password_is_refused(pdf_encrypted) -> None:
    with pytest.raises(ExtractionError) as caught:
        run_extractor(PdfExtractor(), pdf_encrypted("secret"), PDF)
    assert caught.value.code == "encrypted"
    assert caught.value.reason == "PDF is encrypted"


def test_encrypted_with_an_empty_password_is_read(pdf_encrypted) -> None:
    result = run_extractor(PdfExtractor(), pdf_encrypted("", "owner-secret"), PDF, ocr=False)
    assert PDF_LINES[0] in result.text
    assert result.metadata["encrypted"] is True
    assert "PDF is encrypted with an empty password; it was opened without one" in result.warnings


def test_truncated_pdf_is_malformed(pdf_text: Path, truncated) -> None:
    with pytest.raises(ExtractionError) as caught:
        run_extractor(PdfExtractor(), truncated(pdf_text), PDF, ocr=False)
    assert caught.value.code == "malformed"
    assert caught.value.reason.startswith("PDF is damaged")


def test_garbage_is_malformed(tmp_path: Path) -> None:
    path = tmp_path / "junk.pdf"
    path.write_bytes(b"%PDF-1.7\n" + b"\x00garbage" * 100)
    with pytest.raises(ExtractionError) as caught:
        run_extractor(PdfExtractor(), path, PDF)
    assert caught.value.code == "malformed"


def test_scanned_page_without_ocr_is_named_in_a_warning(pdf_scanned: Path) -> None:
    result = run_extractor(PdfExtractor(), pdf_scanned, PDF, ocr=False)
    assert result.text == ""
    assert result.derivatives == []
    assert result.warnings == ["pages without a text layer, OCR is off: 1"]


def test_scanned_page_when_tesseract_is_missing(pdf_scanned: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ocr, "tesseract_path", lambda: None)
    result = run_extractor(PdfExtractor(), pdf_scanned, PDF)
    assert result.warnings == ["OCR unavailable: the tesseract program is not installed; pages without a text layer: 1"]
    assert result.derivatives == []


@pytest.mark.ocr
def test_scanned_page_comes_back_through_ocr(pdf_scanned: Path) -> None:
    result = run_extractor(PdfExtractor(), pdf_scanned, PDF)
    assert squash(result.pages[0]) == squash("".join(SCAN_LINES))
    assert [d.kind for d in result.derivatives] == ["ocr"]
    assert result.derivatives[0].media_type == "text/plain"
    assert squash(result.derivatives[0].data.decode()) == squash("".join(SCAN_LINES))
    assert result.metadata["ocr_pages"] == [1]
    assert result.warnings == []


@pytest.mark.ocr
def test_rendering_fallback_with_pdftoppm(pdf_scanned: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    if not shutil.which("pdftoppm"):
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    monkeypatch.setattr(pdf_module, "_embedded_images", lambda page, max_pixels: [])
    result = run_extractor(PdfExtractor(), pdf_scanned, PDF)
    assert "新疆维吾尔自治区" in squash(result.text)
    assert result.metadata["ocr_pages"] == [1]


@pytest.mark.ocr
def test_only_pages_without_text_are_ocrd(pdf_text: Path, pdf_scanned: Path, tmp_path: Path) -> None:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.append(str(pdf_text), pages=(0, 1))
    writer.append(str(pdf_scanned))
    mixed = tmp_path / "mixed.pdf"
    with open(mixed, "wb") as fh:
        writer.write(fh)
    result = run_extractor(PdfExtractor(), mixed, PDF)
    assert result.pages[0].strip() == "\n".join(PDF_LINES)
    assert squash(result.pages[1]) == squash("".join(SCAN_LINES))
    assert result.metadata["ocr_pages"] == [2]
    first, second = result.derivatives[0].data.decode().split("\f")
    assert first == "" and squash(second) == squash("".join(SCAN_LINES))
