"""DOCX: paragraphs and tables in order, core properties, damage and bombs refused clearly."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from adalet.archive.extractors.base import ExtractionError
from adalet.archive.extractors.docx import DOCX, DocxExtractor

from .conftest import DOCX_PARAGRAPHS, DOCX_TABLE, run_extractor


def test_text_in_document_order(docx_cn: Path) -> None:
    result = run_extractor(DocxExtractor(), docx_cn, DOCX)
    expected = DOCX_PARAGRAPHS + ["\t".join(row) for row in DOCX_TABLE]
    assert result.text == "\n".join(expected)


def test_core_properties(docx_cn: Path) -> None:
    metadata = run_extractor(DocxExtractor(), docx_cn, DOCX).metadata
    assert metadata["author"] == "王建国"
    assert metadata["last_modified_by"] == "李明"
    assert metadata["title"] == "转移通知"
    assert metadata["created"] == "2017-03-01T09:30:00+00:00"
    assert metadata["modified"] == "2017-03-02T18:05:00+00:00"
    assert metadata["paragraphs"] == 3
    assert metadata["tables"] == 1


def test_merged_cells_come_through_once(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    table = document.add_table(rows=2, cols=3)
    table.cell(0, 0).merge(table.cell(0, 2)).text = "新疆 看守所 名单"
    for c, value in enumerate(["甲", "乙", "丙"]):
        table.cell(1, c).text = value
    path = tmp_path / "merged.docx"
    document.save(path)
    assert run_extractor(DocxExtractor(), path, DOCX).text == "新疆 看守所 名单\n甲\t乙\t丙"


def test_truncated_docx_is_malformed(docx_cn: Path, truncated) -> None:
    with pytest.raises(ExtractionError) as caught:
        run_extractor(DocxExtractor(), truncated(docx_cn), DOCX)
    assert caught.value.code == "malformed"
    assert caught.value.reason.startswith("DOCX is damaged")
    assert "\n" not in caught.value.reason


def test_zip_that_is_not_a_word_document(nested_zip: Path) -> None:
    with pytest.raises(ExtractionError) as caught:
        run_extractor(DocxExtractor(), nested_zip, DOCX)
    assert caught.value.code == "malformed"


def test_part_declaring_a_bomb_ratio_is_refused_before_parsing(docx_cn: Path, tmp_path: Path) -> None:
    path = tmp_path / "bomb.docx"
    path.write_bytes(docx_cn.read_bytes())
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as zf, zf.open("word/media/zeros.bin", "w") as member:
        for _ in range(20):
            member.write(b"\x00" * 1024 * 1024)
    with pytest.raises(ExtractionError) as caught:
        run_extractor(DocxExtractor(), path, DOCX)
    assert caught.value.code == "zip_bomb"
    assert "word/media/zeros.bin" in caught.value.reason


def test_header_and_footer_text_follow_the_body(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("正文")
    section = document.sections[0]
    section.header.is_linked_to_previous = False
    section.header.paragraphs[0].text = "机密 ★ 内部资料"
    section.footer.is_linked_to_previous = False
    section.footer.paragraphs[0].text = "自治区公安厅印发"
    path = tmp_path / "letterhead.docx"
    document.save(path)
    assert run_extractor(DocxExtractor(), path, DOCX).text == "正文\n机密 ★ 内部资料\n自治区公安厅印发"
