"""The public gap matrix and official pages: designations and gaps from the registry, in every language."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from adalet.people.officials import official
from adalet.sanctions.officials import load_registry
from tests.sanctions.conftest import FACTS

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry() -> None:
    load_registry(FACTS)


def test_gap_matrix_page_shows_who_is_designated_where(client: Client, registry: None) -> None:
    page = client.get("/sanctions/")
    text = page.content.decode()
    assert page.status_code == 200
    chen = re.search(r"CHEN Quanguo.*?</tr>", text, re.S).group(0)  # type: ignore[union-attr]
    assert re.findall(r"<td class=\"(\w+)\">", chen) == ["designated", "gap", "gap", "designated"]
    assert "2020-07-09" in chen and "陈全国" in chen
    assert '<meter min="0" max="15" value="4"' not in text  # the EU designated 5 of 15 (4 officials, 1 body)
    assert '<meter min="0" max="15" value="5"' in text and '<meter min="0" max="15" value="10"' in text


def test_official_page_and_unknown_official(client: Client, registry: None) -> None:
    chen = official("CHEN Quanguo")
    text = client.get(f"/officials/{chen.pk}/").content.decode()
    assert "陈全国" in text and "2020-07-09" in text and "not designated" in text and "1955" in text
    assert client.get("/officials/999999/").status_code == 404


def test_the_pages_are_translated(client: Client, registry: None) -> None:
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    assert "谁在何处受到制裁" in client.get("/sanctions/").content.decode()
