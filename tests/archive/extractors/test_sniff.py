"""Media type detection: magic first, zip members for OOXML, text by decoding, never raising."""

from __future__ import annotations

from pathlib import Path

import pytest

from adalet.archive import sniff
from adalet.archive.sniff import DOCX, XLSX, detect


@pytest.mark.parametrize(
    ("fmt", "expected"),
    [("JPEG", "image/jpeg"), ("PNG", "image/png"), ("GIF", "image/gif"), ("TIFF", "image/tiff"), ("BMP", "image/bmp"), ("WEBP", "image/webp")],
)
def test_images_by_magic_whatever_the_name(tmp_path: Path, fmt: str, expected: str) -> None:
    from PIL import Image

    path = tmp_path / "blob"
    Image.new("RGB", (20, 10), (1, 2, 3)).save(path, fmt)
    assert detect(path, "renamed.txt") == expected


def test_office_documents_are_told_from_plain_zips(docx_cn: Path, xlsx_cn: Path, nested_zip: Path) -> None:
    assert detect(docx_cn, "x.bin") == DOCX
    assert detect(xlsx_cn, "x.bin") == XLSX
    assert detect(nested_zip, "x.docx") == "application/zip"


def test_xlsx_renamed_csv_is_still_xlsx(xlsx_cn: Path) -> None:
    assert detect(xlsx_cn, "名单.csv") == XLSX


def test_pdf(pdf_text: Path) -> None:
    assert detect(pdf_text, "scan") == "application/pdf"


def test_csv_by_extension_when_content_is_text(csv_gb18030: Path) -> None:
    assert detect(csv_gb18030, "roster.csv") == "text/csv"
    assert detect(csv_gb18030, "roster.TSV") == "text/csv"
    assert detect(csv_gb18030, "roster") == "text/plain"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16", "utf-16-le", "utf-16-be", "gb18030", "utf-8-sig", "utf-32"])
def test_text_in_many_encodings(text_file, encoding: str) -> None:
    path = text_file("新疆维吾尔自治区 看守所 名单 2017\n第二行 ABC\n" * 20, encoding, "note")
    assert detect(path, "note") == "text/plain"


def test_unknown_binary(unknown_binary: Path) -> None:
    assert detect(unknown_binary, "blob.dat") == "application/octet-stream"


def test_truncated_office_files_keep_their_type(truncated, docx_cn: Path, xlsx_cn: Path, nested_zip: Path) -> None:
    assert detect(truncated(docx_cn), "cut") == DOCX
    assert detect(truncated(xlsx_cn), "cut") == XLSX
    assert detect(truncated(nested_zip), "cut") == "application/zip"


def test_truncated_images_and_pdf_by_magic(truncated, jpeg_with_exif, pdf_text: Path) -> None:
    assert detect(truncated(jpeg_with_exif()), "x") == "image/jpeg"
    assert detect(truncated(pdf_text), "x") == "application/pdf"


def test_tiny_and_empty_and_missing_files_fall_back_to_the_extension(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert detect(empty, "empty.txt") == "text/plain"
    assert detect(empty, "empty") == "application/octet-stream"
    stub = tmp_path / "stub"
    stub.write_bytes(b"PK\x03\x04")
    assert detect(stub, "a.xlsx") == XLSX
    assert detect(stub, "a") == "application/zip"
    assert detect(tmp_path / "missing", "gone.pdf") == "application/pdf"


def test_judges_only_the_head(tmp_path: Path) -> None:
    path = tmp_path / "mixed"
    path.write_bytes("名单\n".encode("gb18030") * sniff.HEAD_BYTES + b"\x00\x01\x02" * 100_000)
    assert detect(path, "mixed") == "text/plain"
