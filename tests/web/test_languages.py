"""The site in English, Uyghur (right to left) and Simplified Chinese: a switcher, translated pages, a layout
that mirrors, and catalogs compiled without GNU gettext."""

from __future__ import annotations

import gettext
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.test import Client

from adalet.web import i18n_compile

pytestmark = pytest.mark.django_db
TEMPLATES = Path(i18n_compile.__file__).parent / "templates"
CSS = Path(i18n_compile.__file__).parent / "static" / "web" / "site.css"


def test_uyghur_pages_are_right_to_left_and_translated(client: Client) -> None:
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="ug").content.decode()
    assert '<html lang="ug" dir="rtl">' in page and "توپلاملار" in page and "تۇغقان ئىزدەش" in page


def test_chinese_pages_are_translated(client: Client) -> None:
    page = client.get("/relatives/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert '<html lang="zh-hans" dir="ltr">' in page and "寻找亲属" in page and "出生年份" in page


def test_the_switcher_sets_the_language_without_javascript(client: Client) -> None:
    home = client.get("/").content.decode()
    assert 'action="/i18n/setlang/"' in home and 'value="ug"' in home and 'value="zh-hans"' in home
    switched = client.post("/i18n/setlang/", {"language": "ug", "next": "/relatives/"})
    assert switched.status_code == 302 and switched["Location"] == "/ug/relatives/"  # the Uyghur address
    assert 'dir="rtl"' in client.get("/relatives/").content.decode()  # and the cookie


def test_every_template_string_is_translated() -> None:
    wanted = set()
    for template in TEMPLATES.rglob("*.html"):
        wanted |= set(re.findall(r"""{% translate ["']([^"']+)["'] %}""", template.read_text()))
    assert len(wanted) > 30
    for language in ("ug", "zh_Hans"):
        po = i18n_compile.LOCALE / language / "LC_MESSAGES" / "django.po"
        catalog = i18n_compile.parse_po(po.read_text(encoding="utf-8"))
        assert wanted <= set(catalog), (language, wanted - set(catalog))
        assert all(value.strip("\0") for key, value in catalog.items())


def test_the_compiler_writes_what_msgfmt_writes(tmp_path: Path) -> None:
    root = tmp_path / "locale"
    shutil.copytree(i18n_compile.LOCALE, root, ignore=shutil.ignore_patterns("*.mo"))
    written = i18n_compile.compile_all(root)
    assert len(written) == 2 and i18n_compile.compile_all(root, only_stale=True) == []
    for mo in written:
        ours = gettext.GNUTranslations(mo.open("rb"))
        assert ours.gettext("Find a relative") != "Find a relative"
        if shutil.which("msgfmt"):
            theirs = tmp_path / "theirs.mo"
            subprocess.run(["msgfmt", "-o", str(theirs), str(mo.with_suffix(".po"))], check=True)
            assert gettext.GNUTranslations(theirs.open("rb"))._catalog == ours._catalog  # type: ignore[attr-defined]


def test_plurals_contexts_and_fuzzy_entries() -> None:
    po = '''msgid ""\nmsgstr "Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n\n#, fuzzy\nmsgid "Draft"\nmsgstr "X"\n
msgctxt "menu"\nmsgid "Open"\nmsgstr "ئېچىش"\n\nmsgid "one"\nmsgid_plural "many"\nmsgstr[0] "a"\nmsgstr[1] "b"\n
msgid ""\n"long "\n"text"\nmsgstr "uzun"\n"tekst"\n'''
    catalog = i18n_compile.parse_po(po)
    assert "Draft" not in catalog and catalog["menu\x04Open"] == "ئېچىش" and catalog["one\0many"] == "a\0b"
    assert catalog["long text"] == "uzuntekst"


def test_the_stylesheet_uses_logical_properties_so_rtl_mirrors() -> None:
    css = CSS.read_text()
    assert not re.search(r"(margin|padding|border)-(left|right)|text-align:\s*(left|right)|float:\s*(left|right)", css)
    assert "margin-inline-end" in css and "padding-inline-start" in css


@pytest.mark.parametrize(("language", "grouped"), [("en", "12,345 items match"), ("zh-hans", "12345 个条目"),
                                                   ("ug", "12,345 ماتېرىيال")])
def test_the_search_count_is_grouped_in_every_language(language: str, grouped: str) -> None:
    """Grouped as Django's formats group each language (Chinese: no separator)."""
    from types import SimpleNamespace

    from django.template.loader import render_to_string
    from django.test import RequestFactory
    from django.utils import translation

    results = SimpleNamespace(total=12345, hits=[])
    request = RequestFactory().get("/search?q=x")
    request.user = SimpleNamespace(is_authenticated=False)
    with translation.override(language):
        page = render_to_string("web/search.html", {"query": "x", "results": results, "kinds": []}, request)
    assert grouped not in page  # no hits: no count line
    results.hits = [SimpleNamespace(item_id=1, name="n", media_type="text/plain", label="", collection="c",
                                    locator="l", snippet="s")]
    with translation.override(language):
        page = render_to_string("web/search.html", {"query": "x", "results": results, "kinds": []}, request)
    assert grouped in page
