"""Issue 17: syllable rules of the transcription of names into Chinese chosen on the fifth development set
(data/pinyin_uyghur.tsv), each a correspondence of the practice, never a name."""

from __future__ import annotations

import pytest

from adalet.names import compare

THRESHOLD = 0.7


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("阿齐兹·吐尔逊", "Aziz Tursun"),  # 齐 qi for zi, as foreign names are transcribed
        ("Aqizi Tuerxun", "Aziz Tursun"),
        ("阿齐兹·伊萨·埃尔昆", "Aziz Isa Elkun"),
    ],
)
def test_same_name(a: str, b: str) -> None:
    assert compare(a, b).score >= THRESHOLD, compare(a, b).explanation


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("阿齐兹·吐尔逊", "Aziz Memet"),
        ("阿齐兹·吐尔逊", "Abliz Tursun"),
    ],
)
def test_other_people(a: str, b: str) -> None:
    assert compare(a, b).score < THRESHOLD, compare(a, b).explanation
