"""Every language (issue 21): an address per language (/ug/…, /zh-hans/…, /en/…) that opens the page in it for any
browser, hreflang alternates, the API and static files unprefixed; runs of another script marked with dir and lang;
words for the codes the data holds; Uyghur dates on a 24-hour clock; the countries a signer chooses from; page titles
and the favicon."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.template import Context, Template
from django.test import Client
from django.utils import translation
from django.utils.html import escape

from adalet.archive.models import Collection
from adalet.campaigns import countries
from adalet.routes import path_with
from adalet.verify.titles import CHECK_TITLES
from adalet.web import words
from adalet.web.languages import unprefixed
from adalet.web.templatetags.scripts import script_of

pytestmark = pytest.mark.django_db
SRC = Path(words.__file__).parents[1]


def test_a_prefixed_address_opens_its_language_whatever_the_browser_says() -> None:
    english_browser = Client(HTTP_ACCEPT_LANGUAGE="en-US")
    uyghur = english_browser.get("/ug/relatives/").content.decode()
    assert '<html lang="ug" dir="rtl">' in uyghur and "تۇغقان ئىزدەش" in uyghur
    chinese = english_browser.get("/zh-hans/relatives/").content.decode()
    assert '<html lang="zh-hans" dir="ltr">' in chinese and "寻找亲属" in chinese
    uyghur_browser = Client(HTTP_ACCEPT_LANGUAGE="ug")
    assert '<html lang="en" dir="ltr">' in uyghur_browser.get("/en/relatives/").content.decode()
    # the unprefixed address still follows the reader (Accept-Language here, the switcher's cookie below)
    assert '<html lang="ug" dir="rtl">' in uyghur_browser.get("/relatives/").content.decode()
    assert english_browser.get("/fr/relatives/").status_code == 404


def test_links_on_a_page_stay_in_its_language() -> None:
    page = Client().get("/ug/").content.decode()
    assert 'href="/ug/relatives/"' in page and 'action="/ug/search"' in page
    assert 'href="/relatives/"' in Client().get("/").content.decode()  # English: the addresses as they always were
    with translation.override("ug"):
        assert path_with("item", 7) == "/ug/items/7/"
    with translation.override("en"):
        assert path_with("item", 7) == "/items/7/"  # cached per language, not once for all


def test_every_page_names_its_addresses_in_the_other_languages() -> None:
    page = Client().get("/zh-hans/search?q=%E5%9C%A8%E6%8A%BC").content.decode()
    alternates = dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', page))
    assert alternates == {
        "en": "http://testserver/en/search?q=%E5%9C%A8%E6%8A%BC",
        "ug": "http://testserver/ug/search?q=%E5%9C%A8%E6%8A%BC",
        "zh-hans": "http://testserver/zh-hans/search?q=%E5%9C%A8%E6%8A%BC",
        "x-default": "http://testserver/search?q=%E5%9C%A8%E6%8A%BC",
    }
    assert unprefixed("/ug/items/3/") == "/items/3/" and unprefixed("/items/3/") == "/items/3/"
    assert unprefixed("/uganda/") == "/uganda/"


def test_the_api_static_files_and_the_admin_have_no_language_address() -> None:
    client = Client()
    assert client.get("/api/collections").status_code == 200
    for path in ("/ug/api/collections", "/zh-hans/yente/healthz", "/ug/static/web/site.css", "/ug/admin/"):
        assert client.get(path).status_code == 404, path
    assert client.get("/static/web/favicon.svg").status_code == 200


def test_the_switcher_goes_to_the_address_of_the_language_and_back() -> None:
    client = Client()
    switched = client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/relatives/?x=1"})
    assert switched.status_code == 302 and switched["Location"] == "/zh-hans/relatives/?x=1"
    back = client.post("/i18n/setlang/", {"language": "en", "next": "/zh-hans/relatives/"})
    assert back["Location"] == "/relatives/"
    assert '<html lang="en"' in client.get("/relatives/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()  # cookie


@pytest.mark.django_db(transaction=True, available_apps=list(settings.INSTALLED_APPS))  # as tests/web/test_page_cache.py
def test_the_page_cache_keeps_each_language_address_apart() -> None:
    client = Client()  # no cookie: /facilities/ is English, whatever the Uyghur page stored before
    assert 'lang="ug"' in client.get("/ug/facilities/").content.decode()
    english = client.get("/facilities/")
    assert '<html lang="en"' in english.content.decode()
    assert 'lang="zh-hans"' in client.get("/zh-hans/facilities/").content.decode()
    assert client.get("/ug/facilities/")["X-Adalet-Cache"] == "hit"


def render_run(value: str, language: str) -> str:
    with translation.override(language):
        return Template("{% load scripts %}{{ value|run }}").render(Context({"value": value}))


def test_runs_of_another_script_keep_their_direction_and_language() -> None:
    assert script_of("帕提古丽 ID 65") == "Hani" and script_of("Dear Secretary,") == "Latn"
    assert script_of("ئەركىن") == "Arab" and script_of("2018-07-21") == ""
    assert render_run("艾尔肯·吐尼亚孜", "ug") == '<bdi dir="ltr" lang="zh-Hans">艾尔肯·吐尼亚孜</bdi>'
    assert render_run("Dear Secretary,", "ug") == '<bdi dir="ltr" lang="en">Dear Secretary,</bdi>'
    assert render_run("ئەركىن تۇنياز", "en") == '<bdi dir="rtl" lang="ug">ئەركىن تۇنياز</bdi>'
    assert render_run("ئەركىن تۇنياز", "ug") == "ئەركىن تۇنياز"  # the page's own script: as it is
    assert render_run("<b>Demo</b>", "ug") == '<bdi dir="ltr" lang="en">&lt;b&gt;Demo&lt;/b&gt;</bdi>'


def render_runs(value: str, language: str) -> str:
    with translation.override(language):
        return Template("{% load scripts %}{{ value|runs }}").render(Context({"value": value}))


def test_runs_inside_a_mixed_text_are_marked_each() -> None:
    """A sheet's Chinese name in a Uyghur label, a path, a user name: the run from its first letter to its last, in
    <bdi>; punctuation and digits around it stay in the page's direction (", 11-قۇر" reads after the path)."""
    label = "疏附县职业技能教育培训中心، 1–12-قۇرلار"
    assert render_runs(label, "ug") == '<bdi dir="ltr" lang="zh-Hans">疏附县职业技能教育培训中心</bdi>، 1–12-قۇرلار'
    path = "xinjiang-police-files.zip!/特克斯县/人员信息/底册_001.csv, 11-قۇر"
    assert render_runs(path, "ug") == (
        '<bdi dir="ltr" lang="en">xinjiang-police-files.zip!/特克斯县/人员信息/底册_001.csv</bdi>, 11-قۇر'
    )
    assert render_runs("تەۋسىيە — gulnar, 2026-12-07", "ug") == 'تەۋسىيە — <bdi dir="ltr" lang="en">gulnar</bdi>, 2026-12-07'
    assert render_runs("<b>x</b> ئا", "ug") == '&lt;<bdi dir="ltr" lang="en">b&gt;x&lt;/b</bdi>&gt; ئا'  # escaped
    assert render_runs("sheet 2, row 3 — ئەركىن تۇنياز", "en") == (
        'sheet 2, row 3 — <bdi dir="rtl" lang="ug">ئەركىن تۇنياز</bdi>'
    )
    assert render_runs("疏附县 sheet 2", "zh-hans") == "疏附县 sheet 2"  # same direction: nothing to isolate
    assert render_runs("ئەركىن 12", "ug") == "ئەركىن 12"
    # brackets: a run keeps the pair it holds, and is cut at one whose partner is in the page's script
    assert render_runs("Sheet1 (copy)، 3-قۇر", "ug") == '<bdi dir="ltr" lang="en">Sheet1 (copy)</bdi>، 3-قۇر'
    assert render_runs("在押 -已释放 (NOT مۇ ئىشلەيدۇ)", "ug") == (
        '<bdi dir="ltr" lang="zh-Hans">在押 -已释放</bdi> (<bdi dir="ltr" lang="en">NOT</bdi> مۇ ئىشلەيدۇ)'
    )


def test_an_element_holding_another_script_says_so() -> None:
    def attrs(value: str, language: str) -> str:
        with translation.override(language):
            return Template("{% load scripts %}<p {{ value|lang_dir }}>").render(Context({"value": value}))

    assert attrs("特克斯县<mark>看守所</mark> 在押", "ug") == '<p dir="ltr" lang="zh-Hans">'  # marks aside
    assert attrs("Dear Secretary,", "ug") == '<p dir="ltr" lang="en">'
    assert attrs("ئەركىن", "en") == '<p dir="rtl" lang="ug">'
    assert attrs("特克斯县看守所", "zh-hans") == attrs("12345", "ug") == '<p dir="auto">'


def test_the_uyghur_font_is_only_for_arabic_script_letters() -> None:
    css = (SRC / "web" / "static" / "web" / "site.css").read_text()
    face = re.search(r'@font-face \{ font-family: "Adalet Uyghur";[^}]*\}', css)
    assert face and "unicode-range: U+0600-06FF" in face.group(0)
    for language in ("en", "zh", "ug"):
        assert re.search(rf':lang\({language}\) {{ font-family: [^}}]*"Adalet Uyghur"', css), language
    assert not re.search(r':lang\(ug\) \{ font-family: "UKIJ', css)  # no more the whole page in the Uyghur font
    assert re.search(r'\.field input\[type="radio"\][^{]*\{ min-inline-size: 0', css)  # radios not stretched


@pytest.mark.parametrize(("language", "expected"), [
    ("en", ["United States", "Demo, rows 110–127", "file name and metadata", "page 3", "Impossible age"]),
    ("ug", ["ئامېرىكا قوشما شتاتلىرى", "Demo، 110–127-قۇرلار", "ھۆججەت نامى ۋە مېتا سانلىق مەلۇمات", "3-بەت",
            "مۇمكىن بولمىغان ياش"]),
    ("zh-hans", ["美国", "Demo，第 110–127 行", "文件名和元数据", "第 3 页", "不可能的年龄"]),
])
def test_codes_of_the_data_in_words(language: str, expected: list[str]) -> None:
    with translation.override(language):
        found = [words.jurisdiction("us"), words.passage_label("Demo rows 110-127"), words.passage_label("metadata"),
                 words.passage_label("page 3"), words.check("impossible_age")]
        assert found == expected
        assert words.passage_label("sheet 2 row 4") == {"en": "sheet 2, row 4", "ug": "2-جەدۋەل، 4-قۇر",
                                                        "zh-hans": "工作表 2，第 4 行"}[language]
        assert words.check("exif_camera_run") == "exif camera run"  # a key without words: never raw underscores
        assert words.passage_label("Sheet1 rows 3 to 4") == "Sheet1 rows 3 to 4"  # unknown shapes as stored


def test_every_check_title_and_word_is_translated() -> None:
    keys = [*CHECK_TITLES.values(), *words.JURISDICTIONS.values(), *words.KINDS.values()]
    for language in ("ug", "zh-hans"):
        with translation.override(language):
            untranslated = [key for key in keys if translation.gettext(key) == key]
        assert not untranslated, (language, untranslated)


def test_uyghur_dates_and_times_have_no_am_pm() -> None:
    import datetime as dt

    from django.utils.formats import date_format

    moment = dt.datetime(2022, 8, 5, 21, 7)
    with translation.override("ug"):
        shown = date_format(moment, "DATETIME_FORMAT")
    assert shown.endswith("21:07") and "m." not in shown and "2022" in shown


def test_countries_are_current_and_sorted_as_the_reader_sorts() -> None:
    english = countries.names()
    assert 240 <= len(english) <= 255 and {"US", "CN", "TR", "XK", "HK"} <= set(english)
    names = set(english.values())
    assert not names & {"Cyberspace", "Zaire", "East Germany", "Yugoslavia", "Soviet Union", "European Union"}
    order = [name for _, name in countries.choices("en")]
    assert order.index("Afghanistan") < order.index("Åland Islands") < order.index("Albania")  # not byte order
    chinese = [name for _, name in countries.choices("zh_Hans")]
    if "icu" in sys.modules or _has_icu():
        assert chinese[0] == "阿尔巴尼亚"  # by pinyin: ā'ěrbāníyà
    assert countries.names("ug")["CN"] == "جۇڭگو"


def _has_icu() -> bool:
    try:
        import icu  # noqa: F401
    except ImportError:
        return False
    return True


def test_without_icu_names_sort_with_accents_set_aside(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "icu", None)  # import icu raises ImportError
    key = countries.collation_key("en")
    assert sorted(["Zambia", "Åland Islands", "albania", "Afghanistan"], key=key) == [
        "Afghanistan", "Åland Islands", "albania", "Zambia"]


def test_every_page_title_ends_with_the_site_name() -> None:
    titled = 0
    for root in (SRC / "web" / "templates", SRC / "campaigns" / "templates"):
        for template in root.rglob("*.html"):
            found = re.search(r"{% block title %}(.*?){% endblock %}", template.read_text())
            if found and template.name != "base.html":
                titled += 1
                assert found.group(1).endswith(" — Adalet"), template
    assert titled > 25


def test_the_favicon_is_a_small_svg_with_nothing_fetched() -> None:
    page = Client().get("/").content.decode()
    assert '<link rel="icon" href="/static/web/favicon.svg" type="image/svg+xml">' in page
    svg = (SRC / "web" / "static" / "web" / "favicon.svg").read_text()
    assert svg.startswith("<svg") and len(svg) < 1000 and not re.search(r"(href|src)=|url\(|https?://(?!www\.w3)", svg)


def test_the_collection_page_names_checks_in_words_and_counts_in_plurals(published: Collection) -> None:
    english = Client().get(f"/collections/{published.name}/").content.decode()
    checks = re.findall(r'<td title="([a-z_]+)">([^<]+)</td>', english)
    assert checks and all(key in CHECK_TITLES and words_ == escape(CHECK_TITLES[key]) for key, words_ in checks)
    errors, warnings = map(int, re.search(r"(\d+) errors?, (\d+) warnings?</p>", english).groups())  # type: ignore[union-attr]
    assert (f"{errors} error," if errors == 1 else f"{errors} errors,") in english
    uyghur = Client().get(f"/ug/collections/{published.name}/").content.decode()
    assert all(f'<td title="{key}">{key}</td>' not in uyghur for key, _ in checks)
    with translation.override("ug"):
        assert all(f'<td title="{key}">{escape(translation.gettext(CHECK_TITLES[key]))}</td>' in uyghur for key, _ in checks)


def test_a_sheet_runs_as_its_own_script_reads_and_the_viewer_marks_the_title(published: Collection) -> None:
    """A Chinese sheet keeps column A on the left on a Uyghur page (a Uyghur one keeps it on the right on an English
    page); the collection's Latin title in the crumbs is marked, not mirrored ("<Demo leak <b>synthetic</b")."""
    from adalet.archive.models import Item
    from adalet.web.item_content import _sheets

    chinese = {"name": "表", "rows": [["序号", "姓名"], ["1", "迪力夏提"]]}
    uyghur = {"name": "جەدۋەل", "rows": [["نومۇر", "ئىسىم"], ["1", "ئەركىن"]]}
    assert [s["direction"] for s in _sheets({"sheets": [chinese, uyghur, {"name": "", "rows": [["1"]]}]})] == [
        "ltr", "rtl", "ltr"]
    sheet = Item.objects.filter(collection=published, name__endswith=".xlsx").order_by("pk").first()
    page = Client().get(f"/ug/items/{sheet.pk}/").content.decode()
    assert page.count('<div class="sheet"') == page.count('dir="ltr">\n<table class="sheet">') > 0
    assert f'<bdi dir="ltr" lang="en">{escape(published.title)}</bdi></a>' in page


def test_a_not_found_page_names_no_alternates() -> None:
    """They would name the address asked for, so a withheld item's 404 and an unknown one's would differ."""
    missing = Client().get("/ug/items/999999/")
    assert missing.status_code == 404 and b'rel="alternate"' not in missing.content


def test_officials_names_in_another_script_are_marked() -> None:
    from adalet.people.officials import upsert_official

    upsert_official("CHEN Quanguo", other_names=["陈全国"], birth="1955")
    page = Client().get("/ug/sanctions/").content.decode()
    assert '<span dir="ltr" lang="zh-Hans">陈全国</span>' in page and '<span dir="ltr" lang="en">CHEN Quanguo</span>' in page


def test_a_decision_on_a_uyghur_workspace_page_goes_back_to_it() -> None:
    from django.test import RequestFactory

    from adalet.web.workspace.access import workspace_next

    back = "/ug/workspace/collections/demo/findings/?page=2"
    request = RequestFactory().post("/ug/workspace/collections/demo/findings/bulk/", {"next": back})
    assert workspace_next(request, "/ug/workspace/") == back
    request = RequestFactory().post("/ug/workspace/collections/demo/findings/bulk/", {"next": "/ug/elsewhere/"})
    assert workspace_next(request, "/ug/workspace/") == "/ug/workspace/"
