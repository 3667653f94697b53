"""`records map` on real, messy spreadsheets: titles, blank and merged header rows, two-row headers, IDs stored
as floats or with a lower-case x, dates as Excel serials or 2018年3月5日, and a YAML mapping for the rest."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import Workbook

from adalet.archive.ingest import ingest
from adalet.demo.identities import resident_id
from adalet.people.mapping import MappingError, parse_mapping
from adalet.people.models import Detention, Facility, Person, Relative, SourceRow
from adalet.people.records import map_collection

pytestmark = pytest.mark.django_db

BORN = dt.date(1985, 3, 12)
ID_A = resident_id("653121", BORN, 11)  # 男
ID_B = resident_id("653121", dt.date(1990, 1, 2), 22)  # 女
ID_X = next(resident_id("653121", dt.date(1979, 5, 6), s) for s in range(1, 999, 2) if resident_id("653121", dt.date(1979, 5, 6), s).endswith("X"))
ID_LOST = resident_id("653121", dt.date(1988, 8, 8), 33)
ID_REL = resident_id("653121", dt.date(1960, 2, 2), 41)


def excel_serial(day: dt.date) -> int:
    return (day - dt.date(1899, 12, 30)).days


def messy_workbook(path: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "看守所"
    ws.append(["疏附县看守所在押人员（截至2018年7月）"])
    ws.merge_cells("A1:H1")
    ws.append([])
    ws.append(["序号", "姓名", "身份证号", "性别", "出生日期", "入所时间", "状态", "关押场所"])
    ws.append([1, "阿不都热依木·艾买提", ID_A, "男", BORN, "2018年3月5日", "在押", "疏附县第一看守所"])
    ws.append([2, "阿依古丽·吐尔逊", int(ID_LOST) * 1.0, "女", "1988-08-08", "2018-03-06", "已释放", "疏附县第一看守所"])
    ws.append([3, "买买提·肉孜", ID_X.lower(), "男", excel_serial(dt.date(1979, 5, 6)), "2018/03/07", "教育转化", "疏附县职业技能教育培训中心"])
    ws.append([4, "热依拉·阿不都", ID_B, "女", "1990-01-02", "03/05/2018", "", "疏附县拘留所"])
    ws.append([])
    ws.append(["合计", None, None, None, None, None, "在押", None])  # a stray status: no person to hang it on
    notes = wb.create_sheet("说明")
    notes.append(["本表由派出所填报"])
    family = wb.create_sheet("亲属")
    family.append(["基本信息", None, None, "亲属信息", None, None])
    family.merge_cells("A1:C1")
    family.merge_cells("D1:F1")
    family.append(["姓名", "身份证号", "性别", "姓名", "关系", "身份证号"])
    family.append(["阿不都热依木·艾买提", ID_A, "男", "艾买提·托合提", "父亲", ID_REL])
    wb.save(path)
    return path


@pytest.fixture
def messy(tmp_path: Path) -> str:
    folder = tmp_path / "leak"
    folder.mkdir()
    messy_workbook(folder / "名单.xlsx")
    ingest(folder, "messy", ocr=False)
    return "messy"


def test_messy_sheet_is_read_exactly_or_reported_to_the_cell(messy: str) -> None:
    report = map_collection(messy)
    problems = {(p.sheet, p.row, p.column, p.field): p.reason for p in report.problems}
    # the ID stored as a float lost its last digits: reported at C5 and left empty, never a wrong number
    assert "digits" in problems[("看守所", 5, "C", "id_number")]
    assert "ambiguous" in problems[("看守所", 7, "F", "admitted")]
    assert ("看守所", 9, "B", "name") in problems  # the 合计 row names no one
    assert len(problems) == 3, problems
    people = {p.name: p for p in Person.objects.all()}
    assert people["阿不都热依木·艾买提"].id_number == ID_A and people["阿不都热依木·艾买提"].birth_date == BORN
    assert people["买买提·肉孜"].id_number == ID_X  # lower-case x read as X
    assert people["买买提·肉孜"].birth_date == dt.date(1979, 5, 6)  # an Excel serial in a number cell
    assert people["阿依古丽·吐尔逊"].id_number == ""
    admitted = {d.person.name: d.admitted for d in Detention.objects.select_related("person")}
    assert admitted["阿不都热依木·艾买提"] == dt.date(2018, 3, 5)  # 2018年3月5日
    assert admitted["热依拉·阿不都"] is None  # 03/05/2018: day or month first? not guessed
    held = {d.person.name: d.detained for d in Detention.objects.select_related("person")}
    assert held == {
        "阿不都热依木·艾买提": True,
        "阿依古丽·吐尔逊": False,  # 已释放, though it contains 释放 and the facility is a detention centre
        "买买提·肉孜": True,
        "热依拉·阿不都": True,  # no status: the facility (拘留所) decides
        "": True,  # the 合计 row's stray status is kept, with the problem reported, and traceable to row 9
    }
    assert set(Facility.objects.values_list("kind", flat=True)) == {"看守所", "拘留所", "教育培训中心"}
    # every fact traces back to its cell
    row = SourceRow.objects.get(sheet="看守所", row=4)
    assert row.cells["id_number"] == {"column": "C", "value": ID_A}
    assert "说明" in " ".join(line for line in report.layouts if "no header row" in line)


def test_two_row_header_under_group_labels_reads_relatives(messy: str) -> None:
    map_collection(messy)
    relative = Relative.objects.get()
    assert (relative.name, relative.relation, relative.id_number) == ("艾买提·托合提", "父亲", ID_REL)
    assert relative.person.id_number == ID_A
    # the same ID number in two sheets is one person
    assert Person.objects.filter(id_number=ID_A).count() == 1


def test_mapping_again_replaces_the_records(messy: str) -> None:
    first = map_collection(messy)
    second = map_collection(messy)
    assert (second.people, second.detentions) == (first.people, first.detentions)
    assert Person.objects.count() == first.people and Detention.objects.count() == first.detentions


def test_yaml_mapping_names_columns_and_errors_say_where(messy: str) -> None:
    mapping = parse_mapping(
        {"tables": [{"item": "*名单.xlsx", "sheet": "说明", "skip": True},
                    {"item": "*名单.xlsx", "sheet": "看守所", "header_row": 3, "columns": {"reason": "H", "facility": "状态"}}]}
    )
    report = map_collection(messy, mapping)
    reasons = set(Detention.objects.exclude(reason="").values_list("reason", flat=True))
    assert reasons == {"疏附县第一看守所", "疏附县职业技能教育培训中心", "疏附县拘留所"}  # column H now read as reason
    assert any("skipped by" in line and "说明" in line for line in report.layouts)
    bad = parse_mapping({"tables": [{"sheet": "看守所", "header_row": 3, "columns": {"id_number": "证件号码"}}]})
    with pytest.raises(MappingError, match=r"tables\[0\]\.columns\.id_number: .*sheet 看守所: no column headed '证件号码' in row 3"):
        map_collection(messy, bad)
    with pytest.raises(MappingError, match="unknown field 'passport'"):
        parse_mapping({"tables": [{"columns": {"passport": "护照"}}]})


def test_registration_and_residence_columns_are_read_apart() -> None:
    from adalet.people.mapping import Mapping, detect_layout
    from adalet.people.records import _address

    chinese = [["姓名", "身份证号", "户籍所在地", "现住址", "住址"]]
    assert detect_layout(chinese, Mapping()).columns == {  # type: ignore[union-attr]
        "name": 0, "id_number": 1, "registration": 2, "residence": 3, "address": 4,
    }
    other_scripts = [["Name", "ID number", "نوپۇس ئورنى", "Current residence"], ["Name", "ID", "Hukou", "Address"]]
    assert detect_layout(other_scripts[:1], Mapping()).columns["registration"] == 2  # type: ignore[union-attr]
    assert detect_layout(other_scripts[1:], Mapping()).columns["registration"] == 2  # type: ignore[union-attr]
    # the person's address: the unqualified one, else the registration, else the residence
    assert _address({"registration": "户籍", "residence": "现住"}) == "户籍"
    assert _address({"residence": "现住"}) == "现住" and _address({"address": "住址", "registration": "户籍"}) == "住址"
