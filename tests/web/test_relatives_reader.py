"""The relative-search page in the reader's language and script: what is kept of a search, said in English, Uyghur
and Chinese; the Uyghur spelling the system derives for a name (first for a Uyghur reader, beside the record for
others), the county's name in the reader's script, statuses and facilities translated where the vocabulary knows
them; and a birth year ±1, asked for by a checkbox that is off by default."""

from __future__ import annotations

import itertools
import re

import pytest
from django.test import Client
from django.utils import translation

from adalet.archive.models import Collection
from adalet.people.models import Detention
from adalet.people.vocab import DATA as VOCABULARY
from adalet.web import i18n_compile
from adalet.web.relatives import (
    FACILITY_MEANINGS,
    STATUS_MEANINGS,
    facility_meaning,
    find_relatives,
    reader_spellings,
    status_meaning,
)
from tests.web.conftest import photographed_person
from tests.web.relatives_fixtures import ARABIC, LATIN, NAME, Family, make_family

pytestmark = pytest.mark.django_db
_addresses = itertools.count(1)
_CARD = re.compile(r'<li class="card">.*?</li>', re.S)

KEPT = {  # the language code: what the page must say of what is kept, in that language
    "en": ["permanent and tamper-evident", "how many cards were shown", "keyed hash", "only someone holding a separate key",
           "It never keeps the name, the year of birth or the county you type", "counted for a minute"],
    "ug": ["مەڭگۈلۈك", "قانچە كارتا كۆرسىتىلگەنلىكى", "ئاچقۇچلۇق ھەش قىممىتى", "ئايرىم ساقلانغان ئاچقۇچقا ئىگە",
           "سىز يازغان ئىسىم، تۇغۇلغان يىل ۋە ناھىيە ھەرگىز ساقلانمايدۇ", "بىر مىنۇت"],
    "zh-hans": ["永久的、可发现篡改的", "显示了几张卡片", "带密钥哈希值", "单独保管的密钥",
                "它从不保存您输入的姓名、出生年份或县", "计数一分钟"],
}


@pytest.fixture
def family(db: None) -> Family:
    return make_family()


def post(client: Client, language: str = "en", **fields: object) -> str:
    n = next(_addresses)
    response = client.post("/relatives/", fields, REMOTE_ADDR=f"203.0.113.{n % 250 + 1}", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("language", sorted(KEPT))
def test_the_page_says_what_is_kept_and_for_how_long_in_each_language(client: Client, language: str) -> None:
    page = client.get("/relatives/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    for phrase in KEPT[language]:
        assert phrase in page, (language, phrase)
    other = [phrase for lang, phrases in KEPT.items() if lang != language for phrase in phrases]
    assert not any(phrase in page for phrase in other)  # translated, not shown beside the English


def test_a_year_either_side_is_asked_for_by_a_checkbox_off_by_default(client: Client, family: Family) -> None:
    form = client.get("/relatives/").content.decode()
    box = re.search(r'<input type="checkbox" name="around"[^>]*>', form)
    assert box and "checked" not in box.group() and "±1" in form
    assert NAME in post(client, name=LATIN, birth_year=1981)  # the Tekes record, born 1981
    assert post(client, name=LATIN, birth_year=1982).count('<li class="card">') == 0
    assert post(client, name=LATIN, birth_year=1982, around="on").count('<li class="card">') == 1
    exact = {c.person_id for c in find_relatives(NAME, 1980)}
    around = {c.person_id for c in find_relatives(NAME, 1980, around=True)}
    assert family.tekes.pk not in exact and around == exact | {family.tekes.pk}
    assert {c.person_id for c in find_relatives(NAME, 1979, around=True)} == exact  # a year after, not two


def test_the_uyghur_spelling_is_the_name_for_a_uyghur_reader_and_is_shown_beside_it_for_others(
    client: Client, family: Family
) -> None:
    assert reader_spellings(NAME) == (ARABIC, LATIN)
    assert reader_spellings("陈全国") == ("", "Chen Quanguo")  # a Chinese name: no Uyghur spelling
    assert reader_spellings(ARABIC) == ("", LATIN)  # written in Uyghur already

    card = _CARD.search(post(client, "ug", name=LATIN, birth_year=1980, county="كونا شەھەر")).group()  # type: ignore[union-attr]
    assert re.search(rf"<h2[^>]*>{ARABIC}</h2>", card) and NAME in card and "خاتىرىدىكى يېزىلىشى" in card
    assert 'كونا شەھەر ناھىيىسى (<bdi dir="ltr" lang="zh-Hans">疏附县</bdi>)' in card  # the county in Uyghur

    card = _CARD.search(post(client, "en", name=ARABIC, birth_year=1980, county="Shufu")).group()  # type: ignore[union-attr]
    assert re.search(rf"<h2[^>]*>{NAME}</h2>", card) and ARABIC in card and LATIN in card
    assert "Uyghur spelling (derived)" in card and "Shufu County (疏附县)" in card

    card = _CARD.search(post(client, "zh-hans", name=NAME, birth_year=1980, county="疏附县")).group()  # type: ignore[union-attr]
    assert re.search(rf"<h2[^>]*>{NAME}</h2>", card) and ARABIC in card and "维吾尔文拼写（系统推导）" in card


def _terms() -> dict[str, set[str]]:
    terms: dict[str, set[str]] = {"status": set(), "facility": set()}
    for line in (VOCABULARY / "detention_terms.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            term, _meaning, applies = line.split("\t")
            terms[applies].add(term.casefold())
    return terms


def test_every_status_and_facility_term_of_the_vocabulary_is_translated_in_both_catalogs() -> None:
    terms = _terms()
    assert terms["status"] <= set(STATUS_MEANINGS) and terms["facility"] <= set(FACILITY_MEANINGS)
    wanted = {*STATUS_MEANINGS.values(), *FACILITY_MEANINGS.values(), "%(kind)s, %(county)s"}
    for language in ("ug", "zh_Hans"):
        po = i18n_compile.LOCALE / language / "LC_MESSAGES" / "django.po"
        catalog = i18n_compile.parse_po(po.read_text(encoding="utf-8"))
        assert wanted <= set(catalog), (language, wanted - set(catalog))


def test_statuses_and_facilities_are_said_in_the_readers_language() -> None:
    with translation.override("en"):
        assert status_meaning("在押") == "held (in custody)" and status_meaning("已释放") == "released"
        assert status_meaning("未释放") == "not released"  # the longest term decides, as for held or released
        assert status_meaning("something else") == "" and status_meaning("") == ""
        assert facility_meaning("疏附县看守所") == "detention centre, Shufu County (疏附县)"
        assert facility_meaning("职业技能教育培训中心") == "“training centre” (a camp)"
        assert facility_meaning("某某单位") == ""
    with translation.override("ug"):
        assert status_meaning("在押") == "قاماقتا" and status_meaning("已释放") == "قويۇپ بېرىلگەن"
        assert facility_meaning("疏附县看守所") == "قاماقخانا، كونا شەھەر ناھىيىسى (疏附县)"
    with translation.override("zh-hans"):
        assert status_meaning("detained") == "在押" and facility_meaning("监狱") == "监狱"


def test_a_card_translates_the_status_and_facility_of_the_record(client: Client, published: Collection) -> None:
    person = photographed_person(published)
    latest = Detention.objects.filter(person=person).select_related("facility").order_by("-admitted", "-pk").first()
    assert latest is not None and latest.status
    with translation.override("ug"):
        card = find_relatives(person.name, person.birth_date.year)[0]
        assert card.status == latest.status and card.status_meaning == status_meaning(latest.status) != ""
        assert card.county_shown.endswith(f"({card.county})") and re.search(r"[\u0600-\u06FF]", card.county_shown)
        if latest.facility and facility_meaning(latest.facility.name):
            assert card.facility_meaning == facility_meaning(latest.facility.name)
    with translation.override("zh-hans"):
        card = find_relatives(person.name, person.birth_date.year)[0]
        assert card.status_meaning == ""  # a Chinese reader reads the record itself
    page = post(client, "ug", name=person.name, birth_year=person.birth_date.year)
    with translation.override("ug"):
        assert status_meaning(latest.status) in page
