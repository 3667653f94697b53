from __future__ import annotations

import datetime as dt
import io
import random
import zipfile

from stdnum.cn import ric

from adalet.demo.identities import PersonFactory, check_digit, resident_id
from adalet.demo.places import TEKES, TIANSHAN
from adalet.demo.zips import ZipWriter, restamp


def test_check_digit_matches_stdnum() -> None:
    assert check_digit("36042619910101007") == "1"  # stdnum's doctest number 360426199101010071
    rng = random.Random(0)
    for _ in range(200):
        first17 = "".join(rng.choice("0123456789") for _ in range(17))
        assert check_digit(first17) == ric.calc_check_digit(first17 + "0")


def test_region_code_follows_the_birth_year() -> None:
    assert [TEKES.code_for(year) for year in (1970, 1990, 2003)] == ["652427", "654127", "654027"]
    assert [TIANSHAN.code_for(year) for year in (1960, 1983)] == ["650120", "650102"]
    for year in (1938, 1983, 1984, 2000, 2001, 2003):
        assert ric.is_valid(resident_id(TEKES.code_for(year), dt.date(year, 5, 1), 11))


def test_people_are_valid_unique_and_of_age() -> None:
    factory = PersonFactory(random.Random(1))
    people = [factory.make() for _ in range(2000)]
    assert len({p.id_number for p in people}) == len(people)
    for person in people:
        assert ric.validate(person.id_number)
        assert ric.get_birth_date(person.id_number) == person.birth_date
        assert int(person.id_number[16]) % 2 == (person.sex == "男")
        assert 15 <= (dt.date(2018, 7, 31) - person.birth_date).days // 365.25 <= 80
    assert any((dt.date(2018, 7, 31) - p.birth_date).days < 18 * 365 for p in people)
    assert {p.ethnicity for p in people} == {"维吾尔族", "哈萨克族", "汉族", "回族"}


def test_zip_writer_and_restamp_fix_timestamps() -> None:
    when = dt.datetime(2018, 3, 4, 5, 6, 8)
    buffer = io.BytesIO()
    with ZipWriter(buffer) as writer:
        writer.add("甲/乙.txt", "数据".encode(), when)
    with zipfile.ZipFile(buffer) as archive:
        assert archive.namelist() == ["甲/", "甲/乙.txt"]
        assert {info.date_time for info in archive.infolist()} == {(2018, 3, 4, 5, 6, 8)}
    plain = io.BytesIO()
    with zipfile.ZipFile(plain, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("a.xml", "<a/>" * 100)
        archive.writestr("b.xml", "<b/>")
    with zipfile.ZipFile(io.BytesIO(restamp(plain.getvalue(), when))) as archive:
        assert {info.date_time for info in archive.infolist()} == {(2018, 3, 4, 5, 6, 8)}
        assert archive.read("a.xml") == b"<a/>" * 100 and archive.testzip() is None
