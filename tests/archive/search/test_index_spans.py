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


WANTED = [set(), {"王"}, {"公安局"}, {"公安局", "看守所", "押"}, {"新疆乌鲁"}, {"疆"}]


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("grams", WANTED)
def test_only_the_wanted_grams_are_the_same_as_filtering_all(text: str, grams: set[str]) -> None:
    """What a snippet asks for (no main stream, some chars tokens) is what the full analysis holds of them."""
    main, chars = index_spans(text)
    only_main, only_chars = index_spans(text, main=False, grams=grams)
    assert only_main == []
    assert sorted(only_chars) == sorted(t for t in chars if t[0] in grams)
    assert index_spans(text, grams=grams)[0] == main


def test_wanted_grams_on_random_text() -> None:
    import random

    rng = random.Random(11)
    alphabet = "公安局看守所在押人员新疆王李 \n　abcÜ1"
    for _ in range(2000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        main, chars = index_spans(text)
        grams = {t for t, _s, _e in chars if rng.random() < 0.3} | {"局看守", "人员新疆"}
        assert sorted(index_spans(text, main=False, grams=grams)[1]) == sorted(t for t in chars if t[0] in grams)


def test_folding_character_by_character_is_folding_cluster_by_cluster() -> None:
    """The fast path (no marks: one str.translate, offsets the identity) gives what the cluster path gives, and
    falls back to it where a character folds to none or several (ß, ﬁ, ﾊﾟ) or a mark follows one."""
    import random

    from adalet.archive.search.analysis import _normalised_by_clusters, _normalised_with_offsets

    rng = random.Random(5)
    alphabet = ("公安局看守所在押王李疏附县 \n\t　·，、。（）：〔〕“”ABCxyz019ÜüÉéßﬁﾊﾟ１Ａ"
                "ئۇيغۇرچەساقچیﻻﺑ\u0640\u200c\u0301\u064e\u1100\u1161ᄀ한")
    for _ in range(5000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
        norm, starts, ends = _normalised_with_offsets(text)
        expected = _normalised_by_clusters(text)
        assert (norm, list(starts), list(ends)) == (expected[0], list(expected[1]), list(expected[2])), text
        assert index_spans(text) == _spans_by_clusters(text)


def _spans_by_clusters(text: str):  # type: ignore[no-untyped-def]
    from unittest import mock

    from adalet.archive.search import analysis

    with mock.patch.object(analysis, "_normalised_with_offsets", analysis._normalised_by_clusters):
        return analysis.index_spans(text)
