"""Issue 17: Wade-Giles given names are compared syllable by syllable, as pinyin ones are: two Chinese given names
that differ in a syllable are two names, however close their letters (Ching-sheng / Cheng-sheng: 景 jing, 正
zheng), also when one is Wade-Giles written without its marks (adalet.names.pinyin_syllables.syllable_similarity)."""

from __future__ import annotations

import pytest

from adalet.names import compare
from adalet.names.pinyin_syllables import syllable_similarity, wade_giles_word

THRESHOLD = 0.7


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Yu Chengsheng", "Yü Ching-sheng"),  # 俞正声 / a brother 俞景声 (synthetic near-miss)
        ("Yu Chengsheng", "Yu Chingsheng"),
        ("Wang Chienkuo", "Wang Chinkuo"),  # 王建国 / 王锦国
        ("Wang Chienkuo", "王钦国"),
        ("Chang Techiang", "张德良"),  # 张德江 unmarked / 张德良
        ("Li Shangfu", "李璋福"),  # 李尚福 / 李璋福 (Li Chang-fu)
        ("Wu Yingchieh", "Wu Yung-chieh"),  # 吴英杰 / 吴永杰
    ],
)
def test_given_names_differing_in_a_syllable_stay_apart(a: str, b: str) -> None:
    assert compare(a, b).score < THRESHOLD, compare(a, b).explanation


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Yu Chingsheng", "俞景声"),
        ("Chang Techiang", "Zhang Dejiang"),
        ("Chang Te-chiang", "张德江"),
        ("Wang Chienkuo", "Wang Chien-kuo"),
        ("Mehmet Emin", "Mehmet Imin"),  # Uyghur names: I-min is no sure Wade-Giles
    ],
)
def test_the_same_name_still_matches(a: str, b: str) -> None:
    assert compare(a, b).score >= THRESHOLD, compare(a, b).explanation


def test_syllables() -> None:
    assert syllable_similarity("chengsheng", "ching-sheng") == 0.5
    assert syllable_similarity("chienkuo", "chinkuo") == 0.5  # ch'ien-kuo, not the pinyin chi-en-kuo
    assert syllable_similarity("emin", "imin") is None  # no Wade-Giles beyond doubt: compared as letters
    assert wade_giles_word("hsiao") and wade_giles_word("chingsheng") and not wade_giles_word("imin")


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Li Ch'ing-chao", "Li Qingzhao", True),  # written with its marks, ch'ing is qing and chao is zhao
        ("Li Ch'ing-chao", "Li Jingzhao", False),
        ("Ts'ao P'i", "Cao Pi", True),
        ("Ts'ao P'i", "Cao Bi", False),
        ("Teng Hsiao-p'ing", "Deng Xiaoping", True),
        ("Li Ching-chao", "Li Jingzhao", True),  # without marks, aspiration is unknown
        ("Li Ching-chao", "Li Qingzhao", True),
    ],
)
def test_aspiration_marks_are_read_when_written(a: str, b: str, same: bool) -> None:
    assert (compare(a, b).score >= THRESHOLD) is same, compare(a, b).explanation
