"""ID number checks with numbers constructed from real region codes."""

from __future__ import annotations

import datetime as dt

from adalet.demo.identities import check_digit, resident_id
from adalet.verify.idnumbers import Finding, check_id_number

BORN = dt.date(1985, 3, 12)
SHUFU = resident_id("653121", BORN, 271)  # odd sequence: a man
SHUFU_ADDRESS = "新疆维吾尔自治区喀什地区疏附县托克扎克镇12号"
TEKES_ADDRESS = "新疆维吾尔自治区伊犁哈萨克自治州特克斯县特克斯镇3号"
ON = dt.date(2018, 7, 31)


def checks(findings: list[Finding]) -> list[tuple[str, str]]:
    return [(f.check, f.severity) for f in findings]


def test_clean_number_has_no_findings() -> None:
    assert SHUFU == "653121198503122710"
    assert check_id_number(SHUFU, birth_date=BORN, sex="男", address=SHUFU_ADDRESS, on=ON) == []


def test_lower_case_x_is_clean() -> None:
    number = resident_id("653121", dt.date(1990, 1, 1), 6)
    assert number == "65312119900101006X"
    assert check_id_number(number.lower(), sex="F", on=ON) == []


def test_bad_checksum() -> None:
    bad = SHUFU[:-1] + "3"
    findings = check_id_number(bad, on=ON)
    assert findings == [
        Finding(
            "checksum",
            "error",
            "check digit is 3, the first 17 digits give 0",
            {"id_number": bad, "check_digit": "3", "expected": "0"},
        )
    ]


def test_sex_disagrees_with_17th_digit() -> None:
    findings = check_id_number(SHUFU, sex="女", on=ON)
    assert checks(findings) == [("stated_sex", "warning")]
    assert findings[0].evidence == {"stated": "F", "in_number": "M", "digit": "1"}
    woman = resident_id("653121", BORN, 272)
    assert check_id_number(woman, sex="女", on=ON) == []
    assert checks(check_id_number(woman, sex="M", on=ON)) == [("stated_sex", "warning")]


def test_birth_date_mismatch() -> None:
    findings = check_id_number(SHUFU, birth_date=dt.date(1985, 12, 3), on=ON)
    assert checks(findings) == [("stated_birth_date", "warning")]
    assert findings[0].evidence == {"stated": dt.date(1985, 12, 3), "in_number": BORN}


def test_address_in_another_county() -> None:
    findings = check_id_number(SHUFU, address=TEKES_ADDRESS, on=ON)
    assert findings == [
        Finding(
            "address",
            "warning",
            "region code 653121 is 疏附县, not in the stated address",
            {"region_code": "653121", "province": "新疆维吾尔自治区", "county": "疏附县", "address": TEKES_ADDRESS},
        )
    ]


def test_impossible_birth_date_in_number() -> None:
    first17 = "65312119850230271"
    findings = check_id_number(first17 + check_digit(first17), on=ON)
    assert checks(findings) == [("birth_date", "error")]
    assert findings[0].message == "impossible birth date in number: 19850230"


def test_birth_date_after_record() -> None:
    findings = check_id_number(resident_id("653121", dt.date(2019, 1, 1), 271), on=ON)
    assert checks(findings) == [("birth_date", "error")]


def test_unknown_region_code() -> None:
    findings = check_id_number(resident_id("659999", BORN, 271), on=ON)
    assert checks(findings) == [("region", "error")]
    assert findings[0].message == "unknown region code 659999"


def test_region_code_not_yet_valid_in_birth_year() -> None:
    # 654027 is Tekes county only from 2001 (before: 654127, and 652427 until 1984)
    findings = check_id_number(resident_id("654027", BORN, 271), address=TEKES_ADDRESS, on=ON)
    assert checks(findings) == [("region", "error")]
    assert findings[0].message == "region code 654027 (特克斯县) was not valid in 1985"
    assert check_id_number(resident_id("654127", BORN, 271), address=TEKES_ADDRESS, on=ON) == []
    assert check_id_number(resident_id("654027", dt.date(2002, 1, 1), 271), address=TEKES_ADDRESS, on=ON) == []


def test_old_style_number() -> None:
    findings = check_id_number("653121850312271", birth_date=BORN, sex="M", address=SHUFU_ADDRESS, on=ON)
    assert checks(findings) == [("old_style", "info")]


def test_malformed_number() -> None:
    assert checks(check_id_number("65312119850312", on=ON)) == [("format", "error")]
