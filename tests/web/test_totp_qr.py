"""The TOTP enrolment page's QR code: inline SVG that decodes (the modules read back from the SVG's path, then read
as a QR code by tests/web/qr_reader.py) to the very otpauth:// address the page shows as text, nothing fetched from
elsewhere, the page never cached, and neither the address nor its secret logged (the custody log, Python logging)."""

from __future__ import annotations

import html
import logging
import re

import pytest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from adalet.archive.models import CustodyRecord
from tests.web import qr_reader
from tests.web.workspace_fixtures import make_user

pytestmark = pytest.mark.django_db


def modules(svg: str) -> list[list[bool]]:
    """The dark modules the SVG draws: segno writes each row's runs as one path of moves and horizontal lines
    ("M4 4.5h7m4 0h1..."), inside a scale() group; the size comes from the width and that scale."""
    scale = float(re.search(r'transform="scale\(([\d.]+)\)"', svg).group(1))
    size = round(float(re.search(r'<svg[^>]* width="([\d.]+)"', svg).group(1)) / scale)
    drawn = [[False] * size for _ in range(size)]
    path = re.search(r'<path class="qrline" [^>]*d="([^"]+)"', svg).group(1)
    x = y = 0.0
    for command, numbers in re.findall(r"([MmHhVv])([-\d. ]+)", path.replace("h", " h").replace("m", " m")):
        values = [float(n) for n in numbers.split()]
        if command == "M":
            x, y = values
        elif command == "m":
            x, y = x + values[0], y + values[1]
        elif command == "h":
            for column in range(round(x), round(x + values[0])):
                drawn[int(y)][column] = True
            x += values[0]
    return drawn


def test_the_qr_code_is_the_address_shown_drawn_inline_and_never_cached_or_logged(
    client: Client, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    user = make_user("rahile")
    client.force_login(user)
    client.post("/workspace/security/", {"action": "start"})
    page = client.get("/workspace/security/")
    text = page.content.decode()
    device = TOTPDevice.objects.get(user=user)
    address = html.unescape(re.search(r'<code class="otpauth">([^<]+)</code>', text).group(1))
    assert address == device.config_url and "secret=" in address
    svg = re.search(r'<figure class="otp-qr"><svg role="img" .*?</svg>', text, re.S).group(0)
    assert "<title>QR code for your authenticator app</title>" in svg and "href" not in svg  # nothing fetched
    border = 4
    drawn = modules(svg)
    code = [row[border:-border] for row in drawn[border:-border]]
    assert all(not any(row) for row in drawn[:border] + drawn[-border:])  # the quiet zone is blank
    assert qr_reader.decode(code) == address  # read back from the SVG, by a reader of our own
    code[len(code) - 1][len(code) - 1] ^= True  # one data module changed: the reader no longer gets the address
    try:
        changed: str | None = qr_reader.decode(code)
    except ValueError:
        changed = None
    assert changed != address
    cache = page["Cache-Control"]
    assert "no-store" in cache and "private" in cache
    secret = re.search(r"secret=([A-Z2-7]+)", address).group(1)
    logged = " ".join(r.getMessage() for r in caplog.records)
    assert secret not in logged
    assert not CustodyRecord.objects.filter(body__contains=secret).exists()


def test_uyghur_enrolment_page_keeps_the_code_and_the_address_left_to_right(client: Client) -> None:
    client.force_login(make_user("rahile"))
    client.post("/workspace/security/", {"action": "start"})
    text = client.get("/workspace/security/", HTTP_ACCEPT_LANGUAGE="ug").content.decode()
    assert 'dir="rtl"' in text and '<svg role="img"' in text and '<dd dir="ltr"><code class="otpauth">' in text
    assert "QR code for your authenticator app" not in text  # the title is translated
