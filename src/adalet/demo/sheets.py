"""Spreadsheets of detainees: XLSX workbooks (one worksheet per facility) and GB18030 CSV files.

Files vary as real ones do: column order, an optional title row above the
header, dates as Excel date cells or as text in one of several formats; in a
realistic leak some files keep the household registration (户籍地) and the
current residence (现住址) in two columns. ID
numbers are always text. ``plan_sheets`` decides which person lands in which
file, worksheet and row; ``SheetFile.render`` writes the bytes.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from itertools import groupby
from typing import Any

from openpyxl import Workbook
from openpyxl.writer.excel import ExcelWriter

from adalet.demo.custody import BUREAUS
from adalet.demo.identities import ARCHIVE_DATE, Person
from adalet.demo.zips import restamp

LAYOUTS = (
    ("序号", "姓名", "身份证号", "性别", "出生日期", "民族", "住址", "关押场所", "状态", "入所时间", "原因"),
    ("序号", "姓名", "性别", "民族", "出生日期", "身份证号", "住址", "关押场所", "入所时间", "状态", "原因"),
    ("序号", "身份证号", "姓名", "性别", "民族", "出生日期", "住址", "原因", "关押场所", "入所时间", "状态"),
)
# realistic leaks also have forms that keep the household registration and the current residence apart
RESIDENCE_LAYOUTS = (
    ("序号", "姓名", "身份证号", "性别", "出生日期", "民族", "户籍地", "现住址", "关押场所", "状态", "入所时间", "原因"),
    ("序号", "身份证号", "姓名", "性别", "民族", "出生日期", "户籍地址", "现住址", "原因", "关押场所", "入所时间", "状态"),
)
RESIDENCE_COLUMN = "现住址"
TEXT_DATE_FORMATS = ("%Y-%m-%d", "%Y%m%d", "%Y/%m/%d")
TITLES = ("在押人员信息表", "重点人员名单", "收押人员底册", "学员花名册", "人员信息汇总表")
CSV_EVERY = 5  # every fifth file is a CSV export
CSV_ENCODING = "gb18030"


@dataclass(frozen=True)
class Sheet:
    name: str | None  # None in a CSV file
    title: str | None  # a title row above the header
    people: tuple[Person, ...]

    @property
    def header_row(self) -> int:
        return 2 if self.title else 1

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "title": self.title, "header_row": self.header_row, "rows": len(self.people)}


@dataclass(frozen=True)
class SheetFile:
    path: str
    columns: tuple[str, ...]
    date_format: str | None  # None: Excel date cells
    sheets: tuple[Sheet, ...]
    modified: dt.datetime

    @property
    def is_csv(self) -> bool:
        return self.path.endswith(".csv")

    def rows(self) -> Iterator[tuple[Person, str | None, int]]:
        """Each person with the worksheet name and the 1-based row number holding them."""
        for sheet in self.sheets:
            for index, person in enumerate(sheet.people):
                yield person, sheet.name, sheet.header_row + 1 + index

    def with_people(self, rows: Mapping[Person, Person]) -> SheetFile:
        """The same file with some people's rows written as ``rows[person]`` (planted problems), in place."""
        sheets = tuple(replace(sheet, people=tuple(rows.get(p, p) for p in sheet.people)) for sheet in self.sheets)
        return replace(self, sheets=sheets)

    def with_row_added(self, person: Person) -> SheetFile:
        """The same file with ``person`` as a last row of the sheet of their facility (else of the last sheet)."""
        names = [sheet.name for sheet in self.sheets]
        index = names.index(person.facility) if person.facility in names else len(self.sheets) - 1
        sheets = list(self.sheets)
        sheets[index] = replace(sheets[index], people=(*sheets[index].people, person))
        return replace(self, sheets=tuple(sheets))

    def _values(self, index: int, person: Person) -> list[Any]:
        def date(value: dt.date) -> dt.date | str:
            return value.strftime(self.date_format) if self.date_format else value

        values = {
            "序号": index + 1,
            "姓名": person.name,
            "身份证号": person.id_number,
            "性别": person.sex,
            "出生日期": date(person.birth_date),
            "民族": person.ethnicity,
            "住址": person.address,
            "户籍地": person.address,
            "户籍地址": person.address,
            RESIDENCE_COLUMN: person.residence or person.address,
            "关押场所": person.facility,
            "状态": person.status,
            "入所时间": date(person.admitted),
            "原因": person.reason,
        }
        return [values[column] for column in self.columns]

    def render(self) -> bytes:
        return self._csv() if self.is_csv else self._xlsx()

    def _csv(self) -> bytes:
        text = io.StringIO()
        writer = csv.writer(text)
        writer.writerow(self.columns)
        for sheet in self.sheets:
            writer.writerows(self._values(i, person) for i, person in enumerate(sheet.people))
        return text.getvalue().encode(CSV_ENCODING)

    def _xlsx(self) -> bytes:
        workbook = Workbook(write_only=True)
        workbook.properties.creator = workbook.properties.lastModifiedBy = "Administrator"
        workbook.properties.created = workbook.properties.modified = self.modified
        for sheet in self.sheets:
            worksheet = workbook.create_sheet(sheet.name)
            if sheet.title:
                worksheet.append([sheet.title])
            worksheet.append(self.columns)
            for index, person in enumerate(sheet.people):
                worksheet.append(self._values(index, person))
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            ExcelWriter(workbook, archive).save()  # unlike Workbook.save, keeps our modified date
        return restamp(buffer.getvalue(), self.modified)

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "format": "csv" if self.is_csv else "xlsx",
            "encoding": CSV_ENCODING if self.is_csv else None,
            "columns": list(self.columns),
            "date_format": self.date_format,
            "sheets": [sheet.to_dict() for sheet in self.sheets],
        }


def _split(count: int, parts: int) -> list[int]:
    """``count`` items in ``parts`` nearly equal chunk sizes."""
    return [count // parts + (1 if i < count % parts else 0) for i in range(parts)]


def _files_per_bureau(sizes: Sequence[int], files: int) -> list[int]:
    """Share ``files`` in proportion to ``sizes`` (largest remainder), at least one per non-empty bureau."""
    total = sum(sizes)
    shares = [files * size / total for size in sizes]
    counts = [max(1, int(share)) if size else 0 for share, size in zip(shares, sizes, strict=True)]
    by_remainder = sorted(range(len(sizes)), key=lambda i: int(shares[i]) - shares[i])
    for i in by_remainder[: max(0, files - sum(counts))]:
        if sizes[i]:
            counts[i] += 1
    return [min(count, size) for count, size in zip(counts, sizes, strict=True)]


def plan_sheets(
    people: Sequence[Person], files: int, rng: random.Random, layouts: Sequence[tuple[str, ...]] = LAYOUTS
) -> list[SheetFile]:
    """Spread ``people`` over about ``files`` spreadsheet files, grouped by bureau and facility, in ``layouts``."""
    bureaus = [bureau.name for bureau in BUREAUS.values]
    by_bureau = [sorted((p for p in people if p.bureau == b), key=lambda p: (p.facility, p.admitted)) for b in bureaus]
    counts = _files_per_bureau([len(m) for m in by_bureau], files)
    planned: list[SheetFile] = []
    for bureau, members, count in zip(bureaus, by_bureau, counts, strict=True):
        if not count:
            continue
        start = 0
        for number, size in enumerate(_split(len(members), count), start=1):
            chunk = members[start : start + size]
            start += size
            csv_file = len(planned) % CSV_EVERY == 2
            planned.append(_plan_file(bureau, number, chunk, csv_file=csv_file, rng=rng, layouts=layouts))
    return planned


def _plan_file(
    bureau: str,
    number: int,
    chunk: Sequence[Person],
    *,
    csv_file: bool,
    rng: random.Random,
    layouts: Sequence[tuple[str, ...]],
) -> SheetFile:
    kind = rng.choice(TITLES)
    latest = max(p.admitted for p in chunk) + dt.timedelta(days=rng.randint(0, 10))
    modified = dt.datetime.combine(
        min(latest, ARCHIVE_DATE), dt.time(rng.randint(9, 19), rng.randint(0, 59), rng.randint(0, 59))
    )
    columns = rng.choice(layouts)
    if csv_file:
        sheets: tuple[Sheet, ...] = (Sheet(None, None, tuple(chunk)),)
        return SheetFile(
            f"{bureau}/人员信息/{bureau}{kind}_{number:03d}.csv",
            columns,
            rng.choice(TEXT_DATE_FORMATS),
            sheets,
            modified,
        )
    title = f"{bureau}{kind}（截至{modified:%Y年%m月%d日}）" if rng.random() < 0.5 else None
    groups = [(facility, tuple(group)) for facility, group in groupby(chunk, key=lambda p: p.facility)]
    if len(groups) == 1 and rng.random() < 0.5:
        groups = [("Sheet1", groups[0][1])]
    sheets = tuple(Sheet(name, title, group) for name, group in groups)
    date_format = rng.choice((None, None, *TEXT_DATE_FORMATS))
    return SheetFile(f"{bureau}/人员信息/{bureau}{kind}_{number:03d}.xlsx", columns, date_format, sheets, modified)
