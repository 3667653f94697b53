"""An official's page lists the documents linked as evidence with their SHA-256, linking to the document viewer only
where the visitor may open the collection; posts and dates in the reader's language."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client

from adalet.archive.ingest import ingest
from adalet.archive.models import Collection, Item
from adalet.people.officials import PostSpec, add_post, upsert_official
from adalet.sanctions.officials import add_evidence
from tests.web.conftest import build_leak
from tests.web.test_item_pages import write_documents

pytestmark = pytest.mark.django_db


@pytest.fixture
def official(tmp_path: Path):  # type: ignore[no-untyped-def]
    shown = build_leak(tmp_path / "a", "shown")
    ingest(write_documents(tmp_path / "docs"), "hidden", ocr=False)
    hidden = Collection.objects.get(name="hidden")
    person, _ = upsert_official("WANG Mingshan", other_names=["王明山"], birth="1964")
    add_post(person, PostSpec("Party Secretary", "Political and Legal Affairs Commission", "2016-08", "2019-12"))
    for collection, name, note in ((shown, ".docx", "orders the notice's round-ups"), (hidden, ".pdf", "signs the list")):
        document = Item.objects.get(collection=collection, name__endswith=name)
        add_evidence(person, document.locator, note, actor="researcher")
    return person


def test_evidence_is_listed_with_hashes_and_linked_where_visible(client: Client, official) -> None:  # type: ignore[no-untyped-def]
    text = client.get(f"/officials/{official.pk}/").content.decode()
    shown = Item.objects.get(collection__name="shown", name__endswith=".docx")
    hidden = Item.objects.get(collection__name="hidden", name__endswith=".pdf")
    assert f'href="/items/{shown.pk}/"' in text and shown.sha256 in text and "orders the notice&#x27;s round-ups" in text
    assert f"/items/{hidden.pk}/" not in text and hidden.sha256 in text and "in a collection not published" in text


def test_posts_carry_localized_dates(client: Client, official) -> None:  # type: ignore[no-untyped-def]
    text = client.get(f"/officials/{official.pk}/").content.decode()
    assert '<time datetime="2016-08">August 2016</time>–<time datetime="2019-12">December 2019</time>' in text
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    text = client.get(f"/officials/{official.pk}/").content.decode()
    assert "2016年8月" in text and "证据" in text
