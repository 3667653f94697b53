"""The public letter pages in Uyghur (right to left) and Chinese: labels, form fields, country names, dates and the
refusals a signer sees are translated, and every string marked for translation is in both catalogs
(src/adalet/campaigns/locale)."""

from __future__ import annotations

import ast
import re
from pathlib import Path
from typing import Any

from django.test import Client
from django.utils import translation

from adalet.campaigns import refusals
from adalet.campaigns.models import Letter
from adalet.web import i18n_compile
from tests.campaigns.conftest import sign

APP = Path(refusals.__file__).parent
PUBLIC = ["letter", "_deadline", "_form", "index", "thanks", "confirmed", "withdraw", "link_invalid"]
PLACEHOLDER = re.compile(r"%\(\w+\)s")


def page(language: str) -> str:
    return Client(HTTP_ACCEPT_LANGUAGE=language).get("/letters/letter-2022/").content.decode()


def test_the_letter_in_uyghur_is_right_to_left_and_translated(letter: Letter) -> None:
    html = page("ug")
    assert '<html lang="ug" dir="rtl">' in html
    assert "بۇ خەتكە ئىمزا قويۇڭ" in html and "ئىمزا قويغۇچىلار" in html  # Sign this letter, Signatories
    assert "ئېلخەت (ھەرگىز كۆرسىتىلمەيدۇ" in html and "قانداق كۆرۈنىسىز" in html  # form labels
    assert "تۈركىيە" in html and "(ئەمەلدار)" in html  # a country name, a link's kind
    assert "2022-يىلى 5-ئاۋغۇست، جۈمە" in html  # the deadline, Friday 5 August 2022
    assert "Sign this letter" not in html and "Signatories" not in html


def test_the_letter_in_chinese_is_translated(letter: Letter) -> None:
    html = page("zh-hans")
    assert 'lang="zh-hans" dir="ltr"' in html
    assert "签署本信" in html and "以个人身份签署" in html and "代表机构联署" in html
    assert "电子邮箱（绝不公开；用于接收确认链接）" in html and "签署人姓名" in html and "土耳其" in html
    assert "2022年8月5日 星期五" in html and "(官员)" in html
    assert "Sign this letter" not in html and "How you appear" not in html


def test_english_stays_as_it_was(letter: Letter) -> None:
    html = page("en")
    assert "Friday 5 August 2022" in html and "Sign this letter" in html and "Türkiye" in html


def test_refusals_are_shown_in_the_signers_language(letter: Letter, settings: Any) -> None:
    chinese = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    refused = sign(chinese, name="<b>Ayşe</b>").content.decode()
    assert "“姓名”一栏只能包含字母、空格和简单的标点" in refused and "请更正标出的字段。" in refused
    settings.ADALET_SIGN_MIN_SECONDS = 3600
    too_fast = sign(Client(HTTP_ACCEPT_LANGUAGE="ug")).content.decode()
    assert "جەدۋەل ئادەم تولدۇرالايدىغاندىنمۇ تېز قايتۇرۇلدى" in too_fast
    assert "faster than a person" in sign(Client()).content.decode()


def raised_refusals() -> list[str]:
    """Every Refused(...) message of guard.py and signing.py, its f-string parts filled with a sample value."""
    found = []
    for module in ("guard.py", "signing.py"):
        for node in ast.walk(ast.parse((APP / module).read_text())):
            if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "Refused" and node.args:
                text = node.args[0]
                parts = text.values if isinstance(text, ast.JoinedStr) else [text]
                found.append("".join(p.value if isinstance(p, ast.Constant) else "sample" for p in parts))
    return found


def test_every_refusal_raised_is_known_to_the_translations() -> None:
    messages = raised_refusals()
    assert len(messages) >= 10
    for language in ("ug", "zh-hans"):
        with translation.override(language):
            untranslated = [m for m in messages if refusals.translate(m) == m]
        assert not untranslated, (language, untranslated)
    assert refusals.translate("Anything else.") == "Anything else."


def marked_strings() -> set[str]:
    """The catalog keys of the public templates' translate/blocktranslate tags and of the Python messages."""
    keys = set()
    for name in PUBLIC:
        text = (APP / "templates" / "campaigns" / f"{name}.html").read_text()
        for msgid, context in re.findall(r'{% translate "([^"]+)"(?: context "([^"]+)")?[^%]*%}', text):
            keys.add(f"{context}\x04{msgid}" if context else msgid)
        for options, body in re.findall(r"{% blocktranslate([^%]*)%}(.*?){% endblocktranslate %}", text, re.S):
            body = re.sub(r"{{ (\w+) }}", r"%(\1)s", body)
            keys.add("\0".join(part for part in re.split(r"{% plural %}", body)))
            assert "context" not in options
    for module in ("forms.py", "views.py"):
        keys |= set(re.findall(r'\b_\(\s*"((?:[^"\\]|\\.)*)"', (APP / module).read_text()))
    return keys | set(refusals.MESSAGES)


def test_every_marked_string_has_both_translations() -> None:
    wanted = marked_strings()
    assert len(wanted) > 70
    for language in ("ug", "zh_Hans"):
        po = APP / "locale" / language / "LC_MESSAGES" / "django.po"
        catalog = i18n_compile.parse_po(po.read_text(encoding="utf-8"))
        assert wanted <= set(catalog), (language, wanted - set(catalog))
        for key in wanted:
            forms = catalog[key].split("\0")
            assert all(forms), (language, key)
            source = set(PLACEHOLDER.findall(key))
            assert all(set(PLACEHOLDER.findall(form)) == source for form in forms), (language, key, forms)


def test_the_compiler_finds_every_apps_catalogs() -> None:
    assert APP / "locale" in i18n_compile.locale_dirs() and i18n_compile.LOCALE in i18n_compile.locale_dirs()


def test_the_letter_stylesheet_mirrors_in_right_to_left() -> None:
    css = (APP / "static" / "campaigns" / "letter.css").read_text()
    assert not re.search(r"(margin|padding|border)-(left|right)|text-align:\s*(left|right)|float:\s*(left|right)", css)
