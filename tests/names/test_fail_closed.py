"""Fail closed (issue 17, item 6): a failure of the name analysis is an error, never a score of "no match"; a
missing or broken OpenCC stops at start with a clear message instead of leaving traditional characters unchanged."""

from __future__ import annotations

import sys
from collections.abc import Iterator

import pytest

from adalet.names import ConverterUnavailable, compare, forms, han, link, score
from adalet.names.linkage import LinkRecord


def _clear() -> None:
    han._converter.cache_clear()
    han.to_simplified.cache_clear()
    forms.analyse.cache_clear()


@pytest.fixture
def no_opencc(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setitem(sys.modules, "opencc", None)  # `import opencc` raises ImportError, as on a machine without it
    _clear()
    yield
    _clear()


@pytest.fixture
def broken_opencc(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    import opencc

    class Unchanged:
        def __init__(self, config: str) -> None:
            pass

        def convert(self, text: str) -> str:
            return text

    monkeypatch.setattr(opencc, "OpenCC", Unchanged)
    _clear()
    yield
    _clear()


def test_with_opencc_traditional_meets_simplified() -> None:
    han.require_converter()
    assert compare("陳全國", "CHEN, Quanguo").score == 1.0
    assert compare("陳全國", "陈全国").score == 1.0


@pytest.mark.usefixtures("no_opencc")
def test_missing_opencc_is_an_error_at_start() -> None:
    with pytest.raises(ConverterUnavailable, match="OpenCC"):
        han.require_converter()


@pytest.mark.usefixtures("no_opencc")
def test_missing_opencc_is_an_error_not_a_score() -> None:
    for a, b in (("陳全國", "CHEN, Quanguo"), ("陳全國", "陈全国"), ("艾尔肯·吐尼亚孜", "Erkin Tuniyaz")):
        with pytest.raises(ConverterUnavailable, match="OpenCC"):
            compare(a, b)


@pytest.mark.usefixtures("broken_opencc")
def test_a_converter_that_leaves_text_unchanged_is_an_error() -> None:
    with pytest.raises(ConverterUnavailable, match="broken"):
        han.require_converter()
    with pytest.raises(ConverterUnavailable):
        compare("陳全國", "陈全国")


def test_an_analysis_failure_is_raised_not_scored(monkeypatch: pytest.MonkeyPatch) -> None:
    def fails(name: str) -> None:
        raise RuntimeError("table missing")

    monkeypatch.setattr(score, "analyse", fails)
    with pytest.raises(RuntimeError, match="table missing"):
        compare("Erkin Tuniyaz", "Erkin Tuniyaz")


def test_bad_input_still_scores_zero_with_the_reason() -> None:
    m = compare("", "Erkin Tuniyaz")
    assert m.score == 0.0 and "no usable name" in m.explanation[0]
    assert compare(None, "Erkin Tuniyaz").score == 0.0  # type: ignore[arg-type]


@pytest.mark.usefixtures("no_opencc")
def test_linkage_does_not_unlink_silently() -> None:
    left = [LinkRecord("a", "陳全國")]
    right = [LinkRecord("b", "CHEN Quanguo")]
    with pytest.raises(ConverterUnavailable):
        link(left, right)
