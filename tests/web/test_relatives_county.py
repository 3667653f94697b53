"""The relative search's county field: a known county, typed in any script, matched by the county (the ID number's
region code, or the county an address starts with); anything else (a township, a village, a house number, a
whole address, a typo) gets a clear message and no search, never a substring of an address."""

from __future__ import annotations

import itertools
import re

import pytest
from django.test import Client

from adalet.archive.models import CustodyRecord
from adalet.demo.places import COUNTIES as DEMO_COUNTIES
from adalet.names import counties
from adalet.names.counties import by_name, county_in, resolve
from adalet.web.relatives import UnknownCounty, find_relatives
from tests.web.relatives_fixtures import ARABIC, LATIN, NAME, SHUFU_HOUSE, Family, make_family

_addresses = itertools.count(1)


def post(client: Client, **fields: object) -> str:
    n = next(_addresses)
    response = client.post("/relatives/", fields, REMOTE_ADDR=f"192.0.2.{n % 250 + 1}")
    assert response.status_code == 200
    return response.content.decode()


def found(name: str, year: int, county: str, **options: bool) -> set[int]:
    return {card.person_id for card in find_relatives(name, year, county, **options)}


@pytest.fixture
def family(db: None) -> Family:
    return make_family()


@pytest.mark.parametrize("typed", [
    "疏附县", "疏附", "喀什地区疏附县", "新疆维吾尔自治区喀什地区疏附县", "疏附縣",  # Chinese, with its region, traditional
    "كونا شەھەر ناھىيىسى", "قەشقەر كونا شەھەر ناھىيىسى", "كونا شەھەر",  # Uyghur, Arabic script
    "Konasheher", "Kona Sheher", "konaxahar", "Shufu", "Shufu County", "Shūfù Xiàn", "  shufu  county ",  # Latin
])
def test_a_county_typed_in_any_script_is_the_county(typed: str) -> None:
    assert [c.name for c in resolve(typed)] == ["疏附县"]


@pytest.mark.parametrize("typed", [
    "托克扎克镇", "阿克其村", "3组12号", "12号", SHUFU_HOUSE, f"疏附县{SHUFU_HOUSE}",
    f"新疆维吾尔自治区喀什地区疏附县{SHUFU_HOUSE}", "喀什地区", "新疆", "县", "County", "ناھىيىسى", "Shufa", "疏附县1",
    "不存在县", "", "  ",
])
def test_a_piece_of_an_address_or_an_unknown_name_is_no_county(typed: str) -> None:
    assert resolve(typed) == ()


def test_every_county_keeps_every_code_it_had_and_the_demo_and_attack_counties_have_uyghur_and_latin_names() -> None:
    tekes = by_name("特克斯县")
    assert tekes is not None and tekes.codes == ("652427", "654127", "654027") and tekes.prefecture == "伊犁哈萨克自治州"
    assert [c.name for c in resolve("伊宁")] == ["伊宁市", "伊宁县"]  # a name two share: both
    assert [c.name for c in resolve("Ghulja")] == ["伊宁市"] and [c.name for c in resolve("Ghulja County")] == ["伊宁县"]
    assert len(counties.counties()) > 100  # every county of Xinjiang python-stdnum knows
    for name in {c.name for c in DEMO_COUNTIES} | {"疏附县", "特克斯县", "疏勒县", "喀什市"}:
        county = by_name(name)
        assert county is not None and county.uyghur and county.latin and county.source.startswith(("en.", "de."))
        for form in (*county.uyghur, *county.latin, county.english, county.name):
            assert county in resolve(form), (name, form)


def test_every_line_of_the_county_data_names_its_county_in_each_of_its_forms() -> None:
    for line in counties.DATA.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            chinese, english, pinyin, uyghur, latin, source = line.split("\t")
            county = by_name(chinese)
            assert county is not None and source
            for form in [english, pinyin, *uyghur.split("|"), *latin.split("|")]:
                assert county in resolve(form), (chinese, form)


def test_the_county_of_an_address_is_read_after_its_region_and_prefecture() -> None:
    assert county_in("新疆维吾尔自治区乌鲁木齐市天山区解放南路12号").name == "天山区"  # type: ignore[union-attr]
    assert county_in("新疆喀什市人民东路12号").name == "喀什市"  # type: ignore[union-attr]
    assert county_in("新疆维吾尔自治区伊犁哈萨克自治州特克斯县喀拉托海镇").name == "特克斯县"  # type: ignore[union-attr]
    assert county_in("托克扎克镇阿克其村3组12号") is None and county_in("") is None


def test_the_county_narrows_by_the_region_code_of_the_id_number_or_the_county_of_the_address(family: Family) -> None:
    everyone = found(NAME, 1980, "")
    assert everyone == {family.shufu.pk, family.moved.pk, family.payzawat.pk}  # not the unpublished one
    for typed in ("疏附县", "كونا شەھەر ناھىيىسى", "Konasheher"):
        for name in (NAME, LATIN, ARABIC):
            assert found(name, 1980, typed) == {family.shufu.pk}, (name, typed)
    assert found(NAME, 1980, "疏勒县") == {family.moved.pk}  # by the ID number's code
    assert found(NAME, 1980, "Kashgar") == {family.moved.pk}  # by the address
    assert found(NAME, 1980, "Payzawat") == {family.payzawat.pk}  # no ID number: the address
    assert found(NAME, 1980, "Tekes") == set()
    assert found(NAME, 1980, "تېكەس", around=True) == {family.tekes.pk}  # the code of 1984-2001, no address


def test_a_piece_of_the_address_is_refused_the_same_whether_it_is_in_the_address_or_not(
    client: Client, family: Family
) -> None:
    with pytest.raises(UnknownCounty):
        find_relatives(NAME, 1980, SHUFU_HOUSE)
    pages = {
        typed: post(client, name=NAME, birth_year=1980, county=typed)
        for typed in ("阿克其村", "阿克苏村", "3组12号", "3组13号", SHUFU_HOUSE, SHUFU_HOUSE.replace("12号", "13号"))
    }
    shown = {typed: re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", page).replace(typed, "")
             for typed, page in pages.items()}
    for typed, page in shown.items():
        assert "No county of that name is known" in page and '<li class="card">' not in page, typed
        assert page == shown["阿克其村"], typed  # nothing else differs: the page tells nothing of the address
    assert not CustodyRecord.objects.filter(action="relative-search").exists()  # no search was made


def test_the_page_searches_a_county_typed_in_uyghur_and_says_which(client: Client, family: Family) -> None:
    page = post(client, name=LATIN, birth_year=1980, county="كونا شەھەر")
    assert page.count('<li class="card">') == 1 and "County searched: Shufu County (疏附县)" in page
    assert SHUFU_HOUSE not in page and "托克扎克" not in page
