"""index_spans (highlighting) gives the tokens index_streams (indexing) gives, each with its place in the text."""

from __future__ import annotations

import pytest

from adalet.archive.search.analysis import index_spans, index_streams

TEXTS = [
    "疏附县公安局看守所在押人员",  # one Han run: bigrams, characters, 3- and 4-grams
    "名单由公\n安局提供，在 押",  # whitespace inside a Han run is skipped
    "王",  # a lone ideograph is its own main token
    "ID 65010219800101123X 陈全国 said: Ürümchi ساقـچی",
    "新　疆\t乌鲁木齐 a 李 b",
]


@pytest.mark.parametrize("text", TEXTS)
def test_same_tokens_as_indexing(text: str) -> None:
    main, chars = index_spans(text)
    assert ([t for t, _s, _e in main], [t for t, _s, _e in chars]) == index_streams(text)


def test_offsets_point_into_the_original_text() -> None:
    text = "名单由公\n安局提供"
    main, chars = index_spans(text)
    assert ("公安", 3, 6) in main and text[3:6] == "公\n安"
    assert ("公安局", 3, 7) in chars and ("局", 6, 7) in chars
