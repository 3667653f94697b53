"""Plain text files in the encodings Chinese records come in."""

from __future__ import annotations

import pytest

from adalet.archive.extractors.base import Limits
from adalet.archive.extractors.text import TextExtractor

from .conftest import run_extractor

NOTICE = "关于在押人员转移的通知\n各看守所：\n请于三日内完成。\n"


@pytest.mark.parametrize(
    ("encoding", "reported"),
    [("gb18030", "gb18030"), ("utf-8", "utf-8"), ("utf-16", "utf-16-le"), ("utf-16-le", "utf-16-le"), ("utf-8-sig", "utf-8-sig")],
)
def test_text_and_encoding(text_file, encoding: str, reported: str) -> None:
    path = text_file(NOTICE.replace("\n", "\r\n"), encoding)
    result = run_extractor(TextExtractor(), path, "text/plain")
    assert result.text == NOTICE
    assert result.metadata == {"encoding": reported, "characters": len(NOTICE), "lines": 3}
    assert result.warnings == []
    assert result.failure is None


def test_long_text_is_cut_at_the_limit_with_a_warning(text_file) -> None:
    path = text_file("名" * 1000, "utf-8")
    result = run_extractor(TextExtractor(), path, "text/plain", limits=Limits(max_text_chars=100))
    assert result.text == "名" * 100
    assert result.metadata["encoding"] == "utf-8"  # the character split by the byte cut is dropped
    assert result.warnings == ["only the first 400 bytes were read", "text cut at 100 characters (was 133)"]
