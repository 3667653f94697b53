"""The letter's Markdown as HTML, with raw HTML in the source shown as text (never passed through)."""

from __future__ import annotations

import markdown
from django.utils.safestring import SafeString, mark_safe


def render(text: str) -> SafeString:
    md = markdown.Markdown(extensions=["sane_lists"])
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    return mark_safe(md.convert(text))  # noqa: S308 - raw HTML is disabled above, so the output is escaped
