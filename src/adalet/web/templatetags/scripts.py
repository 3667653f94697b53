"""Text in another script than the page's, marked as such: ``{{ name|run }}`` puts a Chinese or Latin name on a
Uyghur page (or Uyghur on an English one) in ``<bdi dir lang>``, so it keeps its own direction (no ",Dear Secretary")
and takes its script's font (site.css: the :lang() font stacks). Text in the page's own script is only escaped.
``<pre {{ text|lang_dir }}>`` gives an element holding such text the same attributes. ``{{ label|runs }}`` marks each
run of another script inside a text that mixes them (a sheet's Chinese name in a Uyghur "…, rows 1–12", a user name in
a Uyghur status line): the run, from its first letter to its last, in ``<bdi dir lang>``; the rest as it is.
``{% language_alternates as alternates %}``: the page's address in every language (adalet.web.languages).
"""

from __future__ import annotations

import re
from typing import Any

from django import template
from django.utils.html import conditional_escape, format_html, strip_tags
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from adalet.web import languages

register = template.Library()

#: script -> (the lang attribute of a run in it, its direction)
RUNS = {"Hani": ("zh-Hans", "ltr"), "Arab": ("ug", "rtl"), "Latn": ("en", "ltr")}
PAGE_SCRIPT = {"en": "Latn", "zh-hans": "Hani", "ug": "Arab"}
#: A run in the other direction: from a letter of its scripts to its last one before a letter of the page's direction
#: (digits, spaces and punctuation between its letters belong to it; those around it stay outside, in the page's
#: direction). On a right-to-left page Latin and Chinese make one run (a path 特克斯县/…_001.csv); on a left-to-right
#: one, Arabic-script text does.
_RTL_LETTERS = "\u0600-\u06ff\u0750-\u077f\ufb50-\ufeff"
_LTR_LETTERS = "A-Za-z\u00c0-\u024f\u3400-\u9fff\uf900-\ufaff"


def _run_patterns(also_outside: str = "") -> dict[str, re.Pattern[str]]:
    """Per page direction, a run of the other direction's letters (with what lies between them but the page
    direction's letters and *also_outside*)."""
    def run(letters: str, page_letters: str) -> re.Pattern[str]:
        return re.compile(f"[{letters}](?:[^{page_letters}{also_outside}]*[{letters}])?")

    return {"rtl": run(_LTR_LETTERS, _RTL_LETTERS), "ltr": run(_RTL_LETTERS, _LTR_LETTERS)}


_RUN_IN = _run_patterns()
#: The same runs, never across a bracket: a run whose brackets do not pair ("在押 -已释放 (NOT" before a Uyghur "…)")
#: is cut at them, so the bracket pairs with its partner in the page's direction instead of inside the run.
_RUN_BETWEEN_BRACKETS = _run_patterns("()\\[\\]")


def _paired(text: str) -> bool:
    return text.count("(") == text.count(")") and text.count("[") == text.count("]")


def _runs_in(text: str, page: str) -> list[tuple[int, int]]:
    spans = []
    for found in _RUN_IN[page].finditer(text):
        end = found.end()
        while end < len(text) and text[end] in ")]" and not _paired(text[found.start() : end]):
            end += 1  # "Sheet1 (copy)": the bracket closing a run belongs to it
        if _paired(text[found.start() : end]):
            spans.append((found.start(), end))
        else:
            spans += [(found.start() + m.start(), found.start() + m.end())
                      for m in _RUN_BETWEEN_BRACKETS[page].finditer(found.group())]
    return spans


def script_of(text: str) -> str:
    """The script most of the text's letters are in: ``Hani``, ``Arab``, ``Latn``, or "" without letters."""
    counts = {"Hani": 0, "Arab": 0, "Latn": 0}
    for char in text:
        point = ord(char)
        if 0x3400 <= point <= 0x9FFF or 0xF900 <= point <= 0xFAFF or 0x20000 <= point <= 0x3FFFF:
            counts["Hani"] += 1
        elif 0x0600 <= point <= 0x06FF or 0x0750 <= point <= 0x077F or 0xFB50 <= point <= 0xFEFF:
            counts["Arab"] += 1
        elif char.isalpha() and point < 0x0250:
            counts["Latn"] += 1
    best = max(counts, key=lambda script: counts[script])
    return best if counts[best] else ""


@register.filter(is_safe=True)
def run(value: Any, script: str = "") -> SafeString:
    """The value escaped, in ``<bdi dir=.. lang=..>`` when its script (or the one given) is not the page's."""
    text = "" if value is None else str(value)
    found = script or script_of(text)
    if not found or found == PAGE_SCRIPT.get(get_language() or "en"):
        return SafeString(conditional_escape(text))
    lang, direction = RUNS[found]
    return format_html('<bdi dir="{}" lang="{}">{}</bdi>', direction, lang, text)


@register.filter(is_safe=True)
def runs(value: Any) -> SafeString:
    """The value escaped, each run in the other direction than the page's in ``<bdi dir=.. lang=..>``."""
    text = "" if value is None else str(value)
    page = "rtl" if PAGE_SCRIPT.get(get_language() or "en") == "Arab" else "ltr"
    parts, last = [], 0
    for start, end in _runs_in(text, page):
        lang, direction = RUNS[script_of(text[start:end]) or "Latn"]
        parts.append(conditional_escape(text[last:start]))
        parts.append(format_html('<bdi dir="{}" lang="{}">{}</bdi>', direction, lang, text[start:end]))
        last = end
    parts.append(conditional_escape(text[last:]))
    return SafeString("".join(parts))


@register.filter(is_safe=True)
def lang_dir(value: Any) -> SafeString:
    """The attributes of an element holding the value (tags aside): ``dir="ltr" lang="zh-Hans"`` for a Chinese text
    on a Uyghur page, ``dir="auto"`` when it is in the page's script or has no letters."""
    found = script_of(strip_tags("" if value is None else str(value)))
    if not found or found == PAGE_SCRIPT.get(get_language() or "en"):
        return SafeString('dir="auto"')
    lang, direction = RUNS[found]
    return format_html('dir="{}" lang="{}"', direction, lang)


@register.simple_tag(takes_context=True)
def language_alternates(context: template.Context) -> list[tuple[str, str]]:
    request = context.get("request")
    return languages.alternates(request) if request is not None else []
