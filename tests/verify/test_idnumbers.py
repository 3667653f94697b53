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
            "region code 653121 (疏附县): none of these names is in the household registration address",
            {"region_code": "653121", "province": "新疆维吾尔自治区", "names": ["疏附县"], "address": TEKES_ADDRESS},
        )
    ]


def test_address_is_checked_whatever_the_region_check_found() -> None:
    # 652427 was Tekes until 1984: an error for someone born in 1990, and the Shufu address is still reported
    findings = check_id_number(resident_id("652427", dt.date(1990, 5, 1), 271), address=SHUFU_ADDRESS, on=ON)
    assert checks(findings) == [("region", "error"), ("address", "warning")]
    # a code since replaced (info) with an address elsewhere: both
    findings = check_id_number(resident_id("654127", BORN, 271), address=SHUFU_ADDRESS, on=ON)
    assert checks(findings) == [("region_replaced", "info"), ("address", "warning")]


def test_address_may_name_the_successor_of_the_code() -> None:
    kuqa_city = "新疆维吾尔自治区阿克苏地区库车市乌恰镇5号"  # 库车县 652923 became 库车市 652902 in 2019
    findings = check_id_number(resident_id("652923", BORN, 271), address=kuqa_city, on=dt.date(2022, 6, 1))
    assert checks(findings) == [("region_replaced", "info")]
    assert findings[0].evidence["successors"] == ["652902"]
    # Urumqi's pre-1983 urban-districts code 650120 (市区): the address names the city and a district
    urumqi = "新疆维吾尔自治区乌鲁木齐市天山区解放北路8号"
    assert checks(check_id_number(resident_id("650120", dt.date(1960, 2, 2), 271), address=urumqi, on=ON)) == [
        ("region_replaced", "info")
    ]


def test_an_address_in_another_script_is_not_compared() -> None:
    assert check_id_number(SHUFU, address="شىنجاڭ ئۇيغۇر ئاپتونوم رايونى تېكەس ناھىيىسى", on=ON) == []
    assert check_id_number(SHUFU, address="Tekes County, Ili", on=ON) == []


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


def test_a_code_in_force_at_any_time_from_birth_to_the_archive_is_consistent() -> None:
    # The number carries the code in force when it was assigned, not at birth: a Tekes man born in 1985 may hold
    # 654127 (1984-2001) or 654027 (from 2001, when his 18-digit number was issued); both are genuine.
    assert check_id_number(resident_id("654027", BORN, 271), address=TEKES_ADDRESS, on=ON) == []
    findings = check_id_number(resident_id("654127", BORN, 271), address=TEKES_ADDRESS, on=ON)
    assert checks(findings) == [("region_replaced", "info")]
    assert findings[0].message == "region code 654127 (特克斯县) was in force until 2001, then replaced by 654027 (特克斯县)"
    # the Tianshan district code exists from 1983: a resident born in 1950 holds it
    tianshan = "新疆维吾尔自治区乌鲁木齐市天山区解放南路3号"
    assert check_id_number(resident_id("650102", dt.date(1950, 6, 1), 271), address=tianshan, on=ON) == []


def test_a_code_abolished_before_birth_is_an_error() -> None:
    findings = check_id_number(resident_id("654127", dt.date(2002, 1, 1), 271), address=TEKES_ADDRESS, on=ON)
    assert checks(findings) == [("region", "error")]
    assert findings[0].message == "region code 654127 (特克斯县) was abolished in 2001, before the birth year 2002"


def test_a_code_newer_than_the_archive_is_a_warning() -> None:
    # 和康县 653228 exists from 2024: in an archive of 2018 it is unusual, not impossible (the date may be estimated)
    findings = check_id_number(resident_id("653228", BORN, 271), on=ON)
    assert checks(findings) == [("region", "warning")]
    assert check_id_number(resident_id("653228", BORN, 271), on=dt.date(2024, 6, 1)) == []


def test_old_style_number() -> None:
    findings = check_id_number("653121850312271", birth_date=BORN, sex="M", address=SHUFU_ADDRESS, on=ON)
    assert checks(findings) == [("old_style", "info")]


def test_malformed_number() -> None:
    assert checks(check_id_number("65312119850312", on=ON)) == [("format", "error")]
