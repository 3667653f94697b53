"""Spreadsheets (XLSX, XLS, ODS, CSV): every sheet as a table of strings, ID numbers intact, dates ISO,
limits enforced, hostile files refused before they can exhaust memory."""

from __future__ import annotations

import datetime as dt
import io
import json
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from adalet.archive import sniff
from adalet.archive.extractors import _tabular_ods, choose
from adalet.archive.extractors.base import Context, ExtractionError, Limits, Source
from adalet.archive.extractors.tabular import ODS, XLS, XLSX, TabularExtractor

from .conftest import ID_NUMBER, ID_TEXT, XLSX_HEADERS, as_blob, ods_cell, ods_row, ole2_file, run_extractor


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


# -- XLSX through calamine, and the exact reader it falls back to ------------------------------


@pytest.fixture
def openpyxl_calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Names of the files read with openpyxl (the exact, slow reader)."""
    calls: list[str] = []
    original = TabularExtractor._xlsx_openpyxl

    def spy(self, source, context):  # type: ignore[no-untyped-def]
        calls.append(source.name)
        return original(self, source, context)

    monkeypatch.setattr(TabularExtractor, "_xlsx_openpyxl", spy)
    return calls


def patched_xlsx(tmp_path: Path, workbook, name: str, replacements: dict[bytes, bytes]) -> Path:  # type: ignore[no-untyped-def]
    """Save an openpyxl workbook, then edit sheet1.xml as other generators write it."""
    saved = io.BytesIO()
    workbook.save(saved)
    path = tmp_path / name
    with zipfile.ZipFile(saved) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                for old, new in replacements.items():
                    assert old in data, old
                    data = data.replace(old, new)
            dst.writestr(info, data)
    return path


@pytest.fixture
def register_xlsx(tmp_path: Path) -> Path:
    """A workbook with every kind of cell but no number of 16+ digits: calamine reads it all."""
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "登记表"
    sheet.append(["姓名", "身份证号", "序号", "出生日期", "入所时间", "时刻", "在押", "比例", "备注"])
    sheet.append(["阿不都热合曼", ID_TEXT, 1, dt.date(1990, 1, 1), dt.datetime(2017, 3, 1, 9, 30, 15), dt.time(13, 45), True, 0.1, "=1/0"])
    sheet.append(["古丽", "650102199001011234", 2.0, dt.datetime(1985, 6, 30), None, None, False, 1 / 3, None])
    sheet.append([None, None, -7, None, None, None, None, 123456789012345, "  两端空格  "])
    sheet.merge_cells("A6:C6")
    sheet["A6"] = "合计"
    sheet["E6"] = 2
    hidden = workbook.create_sheet("隐藏")
    hidden.sheet_state = "hidden"
    hidden["C3"] = "从C3开始"
    workbook.create_sheet("空表")
    workbook.properties.creator = "看守所管理系统"
    # the formula's cached value, as Excel saves it: an error value, which calamine reads as empty
    return patched_xlsx(tmp_path, workbook, "register.xlsx", {b"<c r=\"I2\"><f>1/0</f><v></v></c>": b'<c r="I2" t="e"><f>1/0</f><v>#DIV/0!</v></c>'})


def test_calamine_reads_what_openpyxl_reads(register_xlsx: Path, openpyxl_calls: list[str]) -> None:
    result = run_extractor(TabularExtractor(), register_xlsx, XLSX)
    assert openpyxl_calls == []
    sheets = result.table["sheets"]
    assert [s["name"] for s in sheets] == ["登记表", "隐藏", "空表"]
    assert sheets[0]["rows"][1:] == [
        ["阿不都热合曼", ID_TEXT, "1", "1990-01-01", "2017-03-01T09:30:15", "13:45:00", "TRUE", "0.1", "#DIV/0!"],
        ["古丽", "650102199001011234", "2", "1985-06-30", None, None, "FALSE", "0.333333333333333", None],
        [None, None, "-7", None, None, None, None, "123456789012345", "  两端空格  "],
        [None, None, None, None, None, None, None, None, None],
        ["合计", None, None, None, "2", None, None, None, None],
    ]
    assert sheets[1]["rows"] == [[None, None, None], [None, None, None], [None, None, "从C3开始"]]
    assert sheets[2]["rows"] == []
    assert result.metadata["author"] == "看守所管理系统"
    assert result.warnings == []
    # the same answer as the exact reader, cell for cell, properties included
    blob = as_blob(register_xlsx)
    source = Source(path=blob, name="register.xlsx", media_type=XLSX, size=blob.stat().st_size)
    exact = TabularExtractor()._xlsx_openpyxl(source, Context())
    assert (exact.table, exact.metadata, exact.text, exact.warnings) == (result.table, result.metadata, result.text, result.warnings)


def test_calamine_row_limit(register_xlsx: Path, openpyxl_calls: list[str]) -> None:
    result = run_extractor(TabularExtractor(), register_xlsx, XLSX, limits=Limits(max_table_rows=7))
    assert openpyxl_calls == []
    assert result.failure is not None and result.failure.code == "too_large"
    assert result.failure.reason == "spreadsheet has more than 7 rows (the limit); reading stopped at sheet '隐藏' row 2"
    assert [len(s["rows"]) for s in result.table["sheets"]] == [6, 0]  # its first row is empty


def test_numbers_beyond_2_53_are_read_exactly_by_openpyxl(tmp_path: Path, openpyxl_calls: list[str]) -> None:
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.active.append(["身份证号", 1])
    path = patched_xlsx(tmp_path, workbook, "ids.xlsx", {b"<v>1</v>": b"<v>653121198503127518</v>"})
    result = run_extractor(TabularExtractor(), path, XLSX)
    assert result.table["sheets"][0]["rows"] == [["身份证号", "653121198503127518"]]  # calamine alone: ...7600
    assert openpyxl_calls == ["ids.xlsx"]
    assert result.warnings == []


def test_2000_row_sheet_is_quick(tmp_path: Path, openpyxl_calls: list[str]) -> None:
    import openpyxl

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("名单")
    sheet.append(["序号", "姓名", "身份证号", "性别", "出生日期", "民族", "住址", "关押场所", "状态", "入所时间", "原因"])
    for i in range(2000):
        sheet.append([i + 1, "阿依先木·阿巴斯", f"65312119{i:010d}", "女", dt.date(1946, 7, 30), "维吾尔族",
                      "新疆维吾尔自治区喀什地区疏附县站敏乡巴格其村3组40号", "疏附县第一看守所", "收押", dt.date(2016, 11, 27), "涉嫌煽动民族仇恨"])
    path = tmp_path / "big.xlsx"
    workbook.save(path)
    run_extractor(TabularExtractor(), path, XLSX)  # warm up (imports)
    started = time.perf_counter()
    result = run_extractor(TabularExtractor(), path, XLSX)
    elapsed = time.perf_counter() - started
    print(f"\n2,001-row sheet extracted in {elapsed * 1000:.0f} ms")
    assert openpyxl_calls == []
    assert len(result.table["sheets"][0]["rows"]) == 2001
    assert result.table["sheets"][0]["rows"][2000][:3] == ["2000", "阿依先木·阿巴斯", "653121190000001999"]
    assert elapsed < 1.5


def _extract_isolated(path: Path, media_type: str) -> dict:  # type: ignore[type-arg]
    """Extract in a child process: a reader that aborts (Rust out of memory) fails the test, not the run."""
    code = (
        "import json, sys, resource\n"
        "resource.setrlimit(resource.RLIMIT_AS, (4 * 1024**3, 4 * 1024**3))\n"
        "from pathlib import Path\n"
        "from adalet.archive.extractors.base import Context, ExtractionError, Source\n"
        "from adalet.archive.extractors.tabular import TabularExtractor\n"
        "path = Path(sys.argv[1])\n"
        "source = Source(path=path, name=path.name, media_type=sys.argv[2], size=path.stat().st_size)\n"
        "try:\n"
        "    r = TabularExtractor().extract(source, Context())\n"
        "    print(json.dumps({'rows': [len(s['rows']) for s in r.table['sheets']], 'failure': r.failure and r.failure.code}))\n"
        "except ExtractionError as e:\n"
        "    print(json.dumps({'error': e.code, 'reason': e.reason}))\n"
    )
    done = subprocess.run([sys.executable, "-c", code, str(path), media_type], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout)


@pytest.mark.parametrize(
    "trick",
    [b"", b"<!-- <sheetData></sheetData> -->"],  # a fake, empty sheetData first must not hide the real one
    ids=["plain", "decoy"],
)
def test_sparse_xlsx_cannot_make_calamine_abort(tmp_path: Path, trick: bytes) -> None:
    """Cells in A1 and XFD1048576 would make calamine allocate a 17-billion-cell grid and abort."""
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.active.append(["a", "b"])
    path = patched_xlsx(
        tmp_path, workbook, "sparse.xlsx", {b"<sheetData>": trick + b"<sheetData>", b'<c r="B1" t="inlineStr">': b'<c r="XFD1048576" t="inlineStr">'}
    )
    assert _extract_isolated(path, XLSX) == {"rows": [1], "failure": None}  # read by openpyxl, row by row


# -- XLS ---------------------------------------------------------------------------------------


def test_xls(make_xls) -> None:  # type: ignore[no-untyped-def]
    result = run_extractor(TabularExtractor(), make_xls(), XLS)
    sheets = result.table["sheets"]
    assert [s["name"] for s in sheets] == ["在押人员", "说明"]
    assert sheets[0]["rows"] == [
        ["姓名", "身份证号", "数量", "出生日期", "入所时间", "在押", "核查"],
        ["阿不都热合曼", "650102199001011234", "3", "1990-01-01", "2017-03-01T09:30:00", "TRUE", "#N/A"],
        ["Excel float", "650102199001011000", "12.5", None, None, "FALSE", None],
    ]
    assert sheets[1]["rows"] == [[None, None], ["备注", "空行之后"]]
    assert any("B3 = 650102199001011000" in w for w in result.warnings), result.warnings
    assert result.metadata == {
        "author": "王建国",
        "created": "2013-05-06T08:15:00",
        "title": "在押人员名单",
        "sheets": [{"name": "在押人员", "rows": 3}, {"name": "说明", "rows": 2}],
    }


def test_xls_is_sniffed_by_extension_and_chosen(make_xls) -> None:  # type: ignore[no-untyped-def]
    path = make_xls()
    assert sniff.detect(path, "名单.XLS") == XLS
    assert sniff.detect(path, "加密.xlsx") == XLSX  # an encrypted XLSX is an OLE2 file too
    assert sniff.detect(path, "notice.doc") == "application/octet-stream"
    assert sniff.detect(path, "blob") == "application/octet-stream"
    assert type(choose(XLS, "")) is TabularExtractor
    assert type(choose("application/octet-stream", ".xls")) is TabularExtractor
    renamed = run_extractor(TabularExtractor(), path, XLSX, name="名单.xlsx")  # content decides
    assert renamed.table["sheets"][0]["rows"][1][0] == "阿不都热合曼"


def test_xls_row_limit(make_xls) -> None:  # type: ignore[no-untyped-def]
    result = run_extractor(TabularExtractor(), make_xls(), XLS, limits=Limits(max_table_rows=4))
    assert result.failure is not None and result.failure.code == "too_large"
    assert result.failure.reason.endswith("reading stopped at sheet '说明' row 2")
    assert [len(s["rows"]) for s in result.table["sheets"]] == [3, 0]  # its first row is empty


def test_encrypted_xls_and_xlsx(make_xls, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ExtractionError) as caught:
        run_extractor(TabularExtractor(), make_xls(encrypted=True), XLS)
    assert (caught.value.code, caught.value.reason) == ("encrypted", "XLS is encrypted (password-protected)")
    locked = tmp_path / "locked.xlsx"  # what Excel writes for a password-protected XLSX
    locked.write_bytes(ole2_file({"EncryptionInfo": b"\x04\x00\x04\x00" + bytes(200), "EncryptedPackage": bytes(5000)}))
    assert sniff.detect(locked, "locked.xlsx") == XLSX
    with pytest.raises(ExtractionError) as caught:
        run_extractor(TabularExtractor(), locked, XLSX)
    assert (caught.value.code, caught.value.reason) == ("encrypted", "XLSX is encrypted (password-protected)")


def test_damaged_xls_is_malformed(make_xls, truncated, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ExtractionError) as caught:
        run_extractor(TabularExtractor(), truncated(make_xls()), XLS)
    assert caught.value.code == "malformed"
    assert caught.value.reason.startswith("XLS is damaged: ")
    assert "\n" not in caught.value.reason
    word = tmp_path / "notice.xls"
    word.write_bytes(ole2_file({"WordDocument": bytes(5000)}))
    with pytest.raises(ExtractionError) as caught:
        run_extractor(TabularExtractor(), word, XLS)
    assert caught.value.reason == "XLS is damaged: no Workbook stream (an OLE2 file, but not an Excel workbook)"
    text = tmp_path / "export.xls"
    text.write_bytes(b"not a workbook at all, just a few bytes of text")
    with pytest.raises(ExtractionError) as caught:
        run_extractor(TabularExtractor(), text, XLS)
    assert caught.value.reason == "XLS is damaged: not an OLE2 compound file"


@pytest.mark.parametrize(
    "options",
    [
        {"dimensions": {"表": b"\x00\x00\x00\x00\xff\xff\xff\xff\x00\x00\x00\x01\x00\x00"}},  # 4 billion rows x 256 columns
        # two far-apart cells (an XLS column may be numbered up to 65535) under a modest Dimensions record
        {"sheets": {"表": [["A1"]] + [[] for _ in range(65534)] + [[None] * 65534 + ["far"]]}, "dimensions": {"表": b"\x00" * 4 + b"\x01\x00\x00\x00\x00\x00\x01\x00\x00\x00"}},
    ],
    ids=["declared", "sparse"],
)
def test_huge_xls_grids_are_refused_before_calamine(make_xls, options) -> None:  # type: ignore[no-untyped-def]
    options.setdefault("sheets", {"表": [["a", "b"]]})
    result = _extract_isolated(make_xls(**options), XLS)
    assert result["error"] == "too_large", result


# -- ODS ---------------------------------------------------------------------------------------


def test_ods(make_ods) -> None:  # type: ignore[no-untyped-def]
    result = run_extractor(TabularExtractor(), make_ods(), ODS)
    sheets = result.table["sheets"]
    assert [s["name"] for s in sheets] == ["在押人员", "说明"]
    blank = [None] * 7
    assert sheets[0]["rows"] == [
        ["姓名", "身份证号", "数量", "出生日期", "入所时间", "在押", "比例"],
        ["阿不都热合曼", "653121198503127518", "3", "1990-01-01", "2017-03-01T09:30:00", "TRUE", "0.25"],
        ["古丽  努尔\n第二行", "650102199001011000", "13:45:10", None, None, "FALSE", None],
        blank,
        blank,
        blank,
        ["合计", None, None, "两人", None, None, None],
    ]  # the million empty rows LibreOffice writes at the end are not kept
    assert sheets[1]["rows"] == [[None, None], ["备注", "12"]]
    assert result.warnings == [
        "sheet '在押人员': 1 number(s) of 16+ digits stored as floating point (e.g. B3 = 650102199001011000); "
        "digits beyond the 15th may have been lost before this file reached us"
    ]
    assert result.metadata == {
        "author": "王建国",
        "created": "2017-03-01T09:30:00.123456",
        "modified": "2017-03-02T18:05:00",
        "last_modified_by": "李明",
        "title": "在押人员名单",
        "sheets": [{"name": "在押人员", "rows": 7}, {"name": "说明", "rows": 2}],
    }


def test_ods_is_sniffed_and_chosen(make_ods, truncated) -> None:  # type: ignore[no-untyped-def]
    path = make_ods()
    assert sniff.detect(path, "blob") == ODS
    assert sniff.detect(truncated(path), "cut") == ODS
    assert sniff.detect(path, "renamed.zip") == ODS
    assert type(choose(ODS, "")) is TabularExtractor


def test_ods_row_limit_counts_repeated_rows(make_ods) -> None:  # type: ignore[no-untyped-def]
    path = make_ods({"表": ods_row(ods_cell("标题")) + ods_row(ods_cell("同一行"), repeat=10)})
    result = run_extractor(TabularExtractor(), path, ODS, limits=Limits(max_table_rows=4))
    assert result.failure is not None and result.failure.code == "too_large"
    assert result.failure.reason == "spreadsheet has more than 4 rows (the limit); reading stopped at sheet '表' row 5"
    assert result.table["sheets"][0]["rows"] == [["标题"], ["同一行"], ["同一行"], ["同一行"]]


def test_ods_repeats_cannot_blow_up(make_ods, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(_tabular_ods, "MAX_GRID_CELLS", 100_000)
    path = make_ods({"表": ods_row(ods_cell("x", repeat=2_000_000_000), repeat=2_000_000_000)})  # 4e18 cells in 700 bytes
    started = time.perf_counter()
    result = run_extractor(TabularExtractor(), path, ODS)
    assert time.perf_counter() - started < 5
    assert result.failure is not None and result.failure.code == "too_large"
    rows = result.table["sheets"][0]["rows"]
    assert len(rows) * len(rows[0]) <= 100_000 and len(rows[0]) == _tabular_ods.MAX_COLUMNS
    assert f"cells beyond column {_tabular_ods.MAX_COLUMNS:,} were left out" in result.warnings


def test_encrypted_and_damaged_ods(make_ods, truncated) -> None:  # type: ignore[no-untyped-def]
    locked = make_ods(name="locked.ods", manifest_extra='<manifest:encryption-data manifest:checksum-type="SHA1/1K"/>')
    with pytest.raises(ExtractionError) as caught:
        run_extractor(TabularExtractor(), locked, ODS)
    assert (caught.value.code, caught.value.reason) == ("encrypted", "ODS is encrypted (password-protected)")
    with pytest.raises(ExtractionError) as caught:
        run_extractor(TabularExtractor(), truncated(make_ods()), ODS)
    assert caught.value.code == "malformed" and caught.value.reason.startswith("ODS is damaged")
    broken = make_ods({"表": "<table:table-row><table:table-cell>"}, name="broken.ods")
    with pytest.raises(ExtractionError) as caught:
        run_extractor(TabularExtractor(), broken, ODS)
    assert caught.value.code == "malformed" and caught.value.reason.startswith("ODS is damaged: content.xml: ")


def test_when_the_exact_reader_fails_calamine_numbers_stand_with_a_warning(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.active.append(["身份证号", 1])
    path = patched_xlsx(tmp_path, workbook, "ids.xlsx", {b"<v>1</v>": b"<v>653121198503127518</v>"})

    def broken(self, source, context):  # type: ignore[no-untyped-def]
        raise ExtractionError("XLSX is damaged: something openpyxl cannot parse")

    monkeypatch.setattr(TabularExtractor, "_xlsx_openpyxl", broken)
    result = run_extractor(TabularExtractor(), path, XLSX)
    assert result.table["sheets"][0]["rows"] == [["身份证号", "653121198503127600"]]  # the double's digits, flagged
    assert any("beyond 2**53 may be wrong" in w for w in result.warnings), result.warnings
