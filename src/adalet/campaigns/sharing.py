"""Sharing a letter: plain links to the share pages of X, Facebook, Telegram and WhatsApp and a mailto: link (no
third-party script, no embed: nothing loads from elsewhere until the reader follows one), and the social preview
(OpenGraph and Twitter card meta tags: title, description, address) that those sites read from the letter's page."""

from __future__ import annotations

import html
from dataclasses import dataclass
from urllib.parse import quote, urlencode

from django.utils.html import strip_tags
from django.utils.text import Truncator

from adalet.campaigns import markup

#: How long a preview's description is, at most (characters).
DESCRIPTION_CHARS = 200


@dataclass(frozen=True)
class ShareLink:
    site: str  # its name, as the site calls itself (not translated)
    key: str
    href: str


def share_links(url: str, title: str) -> list[ShareLink]:
    """Where a reader shares the letter at *url*: each link carries the address and the title, nothing else."""
    line = f"{title} {url}"
    return [
        ShareLink("X", "x", "https://x.com/intent/post?" + urlencode({"url": url, "text": title})),
        ShareLink("Facebook", "facebook", "https://www.facebook.com/sharer/sharer.php?" + urlencode({"u": url})),
        ShareLink("Telegram", "telegram", "https://t.me/share/url?" + urlencode({"url": url, "text": title})),
        ShareLink("WhatsApp", "whatsapp", "https://wa.me/?" + urlencode({"text": line})),
        ShareLink("Email", "email", f"mailto:?subject={quote(title)}&body={quote(line)}"),
    ]


def description(body: str) -> str:
    """The letter's text as a preview's description: plain words, cut at a word."""
    plain = " ".join(html.unescape(strip_tags(markup.render(body))).split())
    return Truncator(plain).chars(DESCRIPTION_CHARS)
