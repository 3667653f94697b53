"""The registry picks the best extractor for a media type, falls back on the extension, or says None."""

from __future__ import annotations

from pathlib import Path

import pytest

from adalet.archive import sniff
from adalet.archive.extractors import EXTRACTORS, choose, extractor_classes
from adalet.archive.extractors.archive import ZipExtractor
from adalet.archive.extractors.base import Extractor
from adalet.archive.extractors.docx import DocxExtractor
from adalet.archive.extractors.image import ImageExtractor
from adalet.archive.extractors.pdf import PdfExtractor
from adalet.archive.extractors.tabular import TabularExtractor
from adalet.archive.extractors.text import TextExtractor


def test_every_registered_path_is_an_extractor_with_a_unique_name() -> None:
    classes = extractor_classes()
    assert len(classes) == len(EXTRACTORS)
    assert all(issubclass(cls, Extractor) for cls in classes)
    assert len({cls.name for cls in classes}) == len(classes)


@pytest.mark.parametrize(
    ("media_type", "extension", "expected"),
    [
        ("text/plain", "", TextExtractor),
        ("text/plain; charset=gb18030", ".txt", TextExtractor),
        ("text/markdown", ".md", TextExtractor),
        (sniff.DOCX, ".docx", DocxExtractor),
        (sniff.XLSX, "", TabularExtractor),
        ("text/csv", ".csv", TabularExtractor),
        ("text/plain", ".csv", TextExtractor),  # the media type outranks the extension
        ("application/pdf", "", PdfExtractor),
        ("image/jpeg", ".jpg", ImageExtractor),
        ("IMAGE/TIFF", "", ImageExtractor),
        ("image/webp", "", ImageExtractor),
        ("application/zip", "", ZipExtractor),
        ("application/octet-stream", "pdf", PdfExtractor),  # extension without a dot
        ("application/octet-stream", ".JPEG", ImageExtractor),
    ],
)
def test_choose(media_type: str, extension: str, expected: type) -> None:
    assert type(choose(media_type, extension)) is expected


@pytest.mark.parametrize(("media_type", "extension"), [("application/octet-stream", ""), ("application/x-msdownload", ".exe"), ("", "")])
def test_unsupported_is_none(media_type: str, extension: str) -> None:
    assert choose(media_type, extension) is None


def test_sniffed_files_find_their_extractor(docx_cn: Path, xlsx_cn: Path, pdf_text: Path, csv_gb18030: Path, png: Path, nested_zip: Path, unknown_binary: Path) -> None:
    expected = {
        docx_cn: DocxExtractor,
        xlsx_cn: TabularExtractor,
        pdf_text: PdfExtractor,
        csv_gb18030: TabularExtractor,
        png: ImageExtractor,
        nested_zip: ZipExtractor,
    }
    for path, cls in expected.items():
        assert type(choose(sniff.detect(path, path.name), path.suffix)) is cls, path.name
    assert choose(sniff.detect(unknown_binary, "blob"), "") is None
