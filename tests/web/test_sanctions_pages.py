"""The public gap matrix and official pages: designations and gaps from the registry, in every language."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client

from adalet.archive.ingest import ingest
from adalet.archive.models import Item
from adalet.people.officials import official
from adalet.sanctions.officials import add_evidence, load_registry
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


def test_a_note_on_an_unpublished_document_is_withheld_from_visitors(client: Client, registry: None, tmp_path: Path) -> None:
    folder = tmp_path / "leak"
    folder.mkdir()
    (folder / "讲话.txt").write_text("陈全国讲话", encoding="utf-8")
    ingest(folder, "closed", ocr=False)  # not published
    chen = official("CHEN Quanguo")
    add_evidence(chen, Item.objects.get(name="讲话.txt").locator, "quotes detainee 阿依古丽 of 阿亚格曼干村3组45号", "r@lab")
    text = client.get(f"/officials/{chen.pk}/").content.decode()
    assert "阿依古丽" not in text and "阿亚格曼干村" not in text and "讲话.txt" not in text
    assert Item.objects.get(name="讲话.txt").sha256 in text  # the evidence is there, its hash checkable


def test_the_pages_are_translated(client: Client, registry: None) -> None:
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    assert "谁在何处受到制裁" in client.get("/sanctions/").content.decode()
