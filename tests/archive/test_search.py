"""Search through the archive's one interface: one hit per item, best first, pages, filters, totals."""

from __future__ import annotations

from pathlib import Path

import pytest

from adalet.archive import search
from adalet.archive.ingest import ingest
from adalet.archive.models import Collection
from tests.leakfiles import write_leak_folder

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_collections(tmp_path: Path) -> tuple[int, int]:
    ingest(write_leak_folder(tmp_path / "a", photos=5), "county-a", ocr=False)
    ingest(write_leak_folder(tmp_path / "b", photos=3), "county-b", ocr=False)
    return tuple(Collection.objects.order_by("name").values_list("id", flat=True))  # type: ignore[return-value]


def test_pages_cover_every_item_once_with_a_stable_total(two_collections: tuple[int, int]) -> None:
    everything = search.search("EOS", limit=50)
    assert everything.total == 8 and len(everything.hits) == 8
    paged = [search.search("EOS", limit=3, offset=offset) for offset in (0, 3, 6)]
    assert [r.total for r in paged] == [8, 8, 8]
    assert [h.item_id for r in paged for h in r.hits] == [h.item_id for h in everything.hits]
    beyond = search.search("EOS", limit=3, offset=30)
    assert beyond.hits == [] and beyond.total == 8


def test_hits_are_ordered_best_first(two_collections: tuple[int, int]) -> None:
    hits = search.search("在押").hits
    assert [h.rank for h in hits] == sorted((h.rank for h in hits), reverse=True)


def test_collection_and_type_filters(two_collections: tuple[int, int]) -> None:
    a, b = two_collections
    assert search.search("EOS", collection_ids=[a]).total == 5
    assert search.search("EOS", collection_ids=[b]).total == 3
    assert search.search("EOS", collection_ids=[]).total == 0
    assert {h.collection for h in search.search("在押", collection_ids=[b]).hits} == {"county-b"}
    assert {h.media_type for h in search.search("在押", kind="spreadsheet").hits} == {"text/csv"}
    with pytest.raises(ValueError, match="unknown type"):
        search.search("在押", kind="video")


def test_empty_and_hostile_queries_return_nothing_without_error(two_collections: tuple[int, int]) -> None:
    for query in ["", "   ", "!!!", '"', "NEAR(", "body:", "*", "' OR 1=1 --"]:
        results = search.search(query)
        assert results.total == 0 and results.hits == []
