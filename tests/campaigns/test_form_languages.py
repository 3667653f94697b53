"""The signing form in the reader's language (issue 21): required fields marked, current countries only, and the
moderation page translated."""

from __future__ import annotations

import re

from django.contrib.auth.models import User
from django.test import Client

from adalet.campaigns.models import Letter


def test_the_signing_form_marks_required_fields_in_the_readers_language(letter: Letter) -> None:
    page = Client().get("/ug/letters/letter-2022/").content.decode()
    assert re.search(r'<label for="individual-email" class="required">', page)
    assert re.search(r'<select name="country"[^>]*required', page)
    note = re.search(r'<p class="required-note"><span aria-hidden="true">\*</span> ([^<]+)</p>', page)
    assert note and note.group(1) in ("زۆرۈر", "چوقۇم تولدۇرۇلىدۇ")  # "required", as either catalog says it
    assert "تۈركىيە" in page  # Türkiye
    assert "Cyberspace" not in page and "Zaire" not in page
    # the letter has no Uyghur text: its English is laid out left to right inside the right-to-left page
    assert '<div class="letter-body" lang="en" dir="ltr">' in page and '<h1 lang="en" dir="ltr">' in page
    assert not re.search(r'<label for="individual-visibility_0" class="required">', page)  # one mark per field


def test_the_moderation_page_speaks_the_moderators_language(letter: Letter) -> None:
    client = Client()
    client.force_login(User.objects.create_user("mod", password="pw-for-tests-only", is_staff=True))
    page = client.get("/zh-hans/letters/letter-2022/moderate/", {"domain": "example.org"}).content.decode()
    assert "批量作废" in page and "预览" in page and "个有效签名符合条件" in page  # Invalidate in bulk, Preview, N match
    assert "Invalidate in bulk" not in page and "live signatures match" not in page
    assert "<title>审核 · Open letter on the Xinjiang Police Files — Adalet</title>" in page
