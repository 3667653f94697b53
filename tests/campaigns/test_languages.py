"""The letter pages speak English, Uyghur (right to left) and Chinese; the site's language choice applies to them."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from adalet.campaigns.models import Letter


def test_uyghur_pages_are_right_to_left(client: Client, letter: Letter) -> None:
    page = client.get("/letters/letter-2022/", HTTP_ACCEPT_LANGUAGE="ug").content.decode()
    assert '<html lang="ug" dir="rtl">' in page
    page = client.get("/letters/letter-2022/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert 'lang="zh-hans" dir="ltr"' in page


def test_choosing_a_language_on_the_page(client: Client, letter: Letter) -> None:
    response = client.post(reverse("set_language"), {"language": "ug", "next": "/letters/letter-2022/"})
    assert response.status_code == 302 and response["Location"] == "/ug/letters/letter-2022/"  # its Uyghur address
    assert 'dir="rtl"' in client.get("/letters/letter-2022/").content.decode()
