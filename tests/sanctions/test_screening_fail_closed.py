"""Fail closed (issue 17, item 6): screening without a working OpenCC stops with a clear error, at the index's start
and on a query, instead of answering "no match"."""

from __future__ import annotations

import sys
from collections.abc import Iterator

import pytest

from adalet.names import ConverterUnavailable, forms, han
from adalet.sanctions import screening
from adalet.sanctions.screening import Query
from tests.sanctions.test_screening import small_index


def _clear() -> None:
    han._converter.cache_clear()
    han.to_simplified.cache_clear()
    forms.analyse.cache_clear()
    screening.warm_name_tables.cache_clear()


@pytest.fixture
def no_opencc(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setitem(sys.modules, "opencc", None)
    _clear()
    yield
    _clear()


def test_screening_finds_characters_with_opencc() -> None:
    assert small_index().screen(Query(["陳全國"], "Person"))[0].entry.id == "p-1"


def test_an_index_does_not_start_without_opencc(no_opencc: None) -> None:
    with pytest.raises(ConverterUnavailable, match="OpenCC"):
        small_index()


def test_a_query_is_an_error_not_no_match_without_opencc(monkeypatch: pytest.MonkeyPatch) -> None:
    index = small_index()  # built while OpenCC works
    monkeypatch.setitem(sys.modules, "opencc", None)
    _clear()
    try:
        with pytest.raises(ConverterUnavailable):
            index.screen(Query(["陳全國"], "Person"))
    finally:
        _clear()


def test_a_cyrillic_query_is_screened() -> None:
    from adalet.names import blocking_keys

    entry = screening.Entry("p-9", "Person", "MAMATOV, Alimjan", ["MAMATOV, Alimjan"],
                            [sorted(blocking_keys("MAMATOV, Alimjan"))], [])
    index = screening.Index([entry])
    results = index.screen(Query(["Алимжан Маматов"], "Person"))
    assert results and results[0].entry.id == "p-9" and results[0].match
    assert not [r for r in index.screen(Query(["Нурлан Маматов"], "Person")) if r.match]
