"""Spreadsheets: every sheet as a table of strings, ID numbers intact, dates ISO, limits enforced."""

from __future__ import annotations

from pathlib import Path

import pytest

from adalet.archive.extractors.base import ExtractionError, Limits
from adalet.archive.extractors.tabular import XLSX, TabularExtractor

from .conftest import ID_NUMBER, ID_TEXT, XLSX_HEADERS, run_extractor


@pytest.fixture
def roster(xlsx_cn: Path):  # type: ignore[no-untyped-def]
    return run_extractor(TabularExtractor(), xlsx_cn, XLSX)


def test_sheets_and_headers(roster) -> None:  # type: ignore[no-untyped-def]
    sheets = roster.table["sheets"]
    assert [s["name"] for s in sheets] == ["在押人员", "说明"]
    assert sheets[0]["rows"][0] == XLSX_HEADERS
    assert roster.metadata["sheets"] == [{"name": "在押人员", "rows": 5}, {"name": "说明", "rows": 2}]
    assert roster.metadata["author"] == "看守所管理系统"


def test_id_numbers_keep_every_digit_and_dates_are_iso(roster) -> None:  # type: ignore[no-untyped-def]
    rows = roster.table["sheets"][0]["rows"]
    assert rows[1] == ["阿不都热合曼", str(ID_NUMBER), "男", "1990-01-01", "维吾尔族", "乌鲁木齐市天山区", "第三看守所", "在押"]
    assert rows[2] == ["古丽", ID_TEXT, "女", "1985-06-30", "维吾尔族", None, "第三看守所", "转移"]


def test_floats_integral_become_ints_and_lossy_ones_are_flagged(roster) -> None:  # type: ignore[no-untyped-def]
    rows = roster.table["sheets"][0]["rows"]
    assert rows[3] == ["Excel float", "650102199001011000", None, None, None, None, "12", "0.1"]
    assert any("B4 = 650102199001011000" in w and "15th" in w for w in roster.warnings), roster.warnings


def test_merged_cells_and_blank_rows_come_through(roster) -> None:  # type: ignore[no-untyped-def]
    sheets = roster.table["sheets"]
    assert sheets[0]["rows"][4] == ["合计", None, None, None, None, "两人", None, None]
    assert sheets[1]["rows"] == [[None, None], ["备注", "TRUE"]]


def test_text_is_rows_joined_by_tabs(roster) -> None:  # type: ignore[no-untyped-def]
    lines = roster.text.split("\n")
    assert lines[0] == "\t".join(XLSX_HEADERS)
    assert f"古丽\t{ID_TEXT}\t女\t1985-06-30" in roster.text
    assert roster.text.endswith("\n\n备注\tTRUE")


def test_row_limit_stops_with_a_clear_failure(xlsx_cn: Path) -> None:
    result = run_extractor(TabularExtractor(), xlsx_cn, XLSX, limits=Limits(max_table_rows=3))
    assert result.failure is not None
    assert result.failure.code == "too_large"
    assert result.failure.reason == "spreadsheet has more than 3 rows (the limit); reading stopped at sheet '在押人员' row 4"
    assert len(result.table["sheets"][0]["rows"]) == 3


def test_truncated_xlsx_is_malformed(xlsx_cn: Path, truncated) -> None:
    with pytest.raises(ExtractionError) as caught:
        run_extractor(TabularExtractor(), truncated(xlsx_cn), XLSX)
    assert caught.value.code == "malformed"
    assert caught.value.reason.startswith("XLSX is damaged")


def test_wrong_declared_dimensions_do_not_hide_rows(xlsx_cn: Path, tmp_path: Path) -> None:
    import zipfile

    path = tmp_path / "lying.xlsx"
    with zipfile.ZipFile(xlsx_cn) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b'<dimension ref="A1:H5"/>', b'<dimension ref="A1:A1"/>')
                assert b'ref="A1:A1"' in data
            dst.writestr(info, data)
    result = run_extractor(TabularExtractor(), path, XLSX)
    assert len(result.table["sheets"][0]["rows"]) == 5
    assert result.table["sheets"][0]["rows"][1][1] == str(ID_NUMBER)


def test_gb18030_csv(csv_gb18030: Path) -> None:
    result = run_extractor(TabularExtractor(), csv_gb18030, "text/csv")
    assert result.table == {
        "sheets": [
            {
                "name": "roster.csv",
                "rows": [["姓名", "身份证号", "民族"], ["阿不都热合曼", "650102199001011234", "维吾尔族"], ["古丽", ID_TEXT, "维吾尔族"]],
            }
        ]
    }
    assert result.metadata["encoding"] == "gb18030"
    assert result.metadata["delimiter"] == ","


def test_tsv_and_sniffed_semicolons(text_file) -> None:
    tsv = text_file("姓名\t民族\n古丽\t维吾尔族\n", "utf-16", "a.tsv")
    assert run_extractor(TabularExtractor(), tsv, "text/csv").table["sheets"][0]["rows"] == [["姓名", "民族"], ["古丽", "维吾尔族"]]
    semi = text_file("姓名;民族;状态\n古丽;维吾尔族;\n阿不都;维吾尔族;在押\n", "utf-8", "b.csv")
    rows = run_extractor(TabularExtractor(), semi, "text/csv").table["sheets"][0]["rows"]
    assert rows == [["姓名", "民族", "状态"], ["古丽", "维吾尔族", None], ["阿不都", "维吾尔族", "在押"]]


def test_csv_row_limit(csv_gb18030: Path) -> None:
    result = run_extractor(TabularExtractor(), csv_gb18030, "text/csv", limits=Limits(max_table_rows=2))
    assert result.failure is not None and result.failure.code == "too_large"
    assert len(result.table["sheets"][0]["rows"]) == 2
