"""Issue 17: a Uyghur name in pinyin whose words are each two syllables or more is read as Uyghur even when no word
shows a trait of a transcription (adalet.names.pinyin_uyghur.every_word_polysyllabic); Chinese names keep their
pinyin reading."""

from __future__ import annotations

import pytest

from adalet.names import compare
from adalet.names.pinyin_uyghur import every_word_polysyllabic, read_name, segment

THRESHOLD = 0.7


@pytest.mark.parametrize(
    ("pinyin", "uyghur"),
    [
        ("Aili Rouzi", "Eli Rozi"),
        ("Ahong Yiming", "Ahun Imin"),
        ("Yisilan Aman", "Islam Aman"),
        ("Àilì Ròuzī", "Eli Rozi"),  # tone-marked
        ("ROUZI, Aili", "Eli Rozi"),
    ],
)
def test_two_syllable_words_are_read_as_uyghur(pinyin: str, uyghur: str) -> None:
    assert compare(pinyin, uyghur).score >= THRESHOLD, compare(pinyin, uyghur).explanation


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Aili Rouzi", "Eli Memet"),  # another father
        ("Ahong Yiming", "Ahun Tursun"),
        ("Yisilan Aman", "Islam Eziz"),
        ("Ouyang Xiuwen", "Ouyang Xiuyun"),  # Chinese names with a compound surname
        ("Lee Teng-hui", "Lee Teng-hsiung"),
    ],
)
def test_hard_negatives_stay_apart(a: str, b: str) -> None:
    assert compare(a, b).score < THRESHOLD, compare(a, b).explanation


def test_chinese_name_shapes_are_not_read_as_uyghur() -> None:
    assert read_name(("ouyang", "xiuwen")) is None  # compound surname
    assert read_name(("sima", "guangming")) is None
    assert read_name(("li", "xiaoming")) is None  # a one-syllable surname
    assert read_name(("lee", "tenghui"), hyphenated=True) is None  # Teng-hui: a hyphen between a given name's syllables
    assert read_name(("aili", "rouzi")) is not None
    # a longer word that begins as a compound surname does is no Chinese surname (Simayi = Ismail, 司马义)
    assert every_word_polysyllabic(("simayi", "aisha"), [segment("simayi"), segment("aisha")])
    assert not every_word_polysyllabic(("sima", "guangming"), [segment("sima"), segment("guangming")])


def test_wade_giles_names_are_not_read_as_uyghur() -> None:
    # Chien is one Wade-Giles syllable, though it splits into pinyin as chi-en
    assert read_name(("chien", "chuanchiang")) is None
    assert compare("Chien Sanchiang", "Chien Chuanchiang").score < THRESHOLD


@pytest.mark.parametrize(
    ("a", "b"),
    [("Nadia Karima", "Nadia Karina"), ("Alina Sabina", "Alina Sabira"), ("Salima Bahadi", "Salima Bahari")],
)
def test_latin_spelled_names_are_not_read_as_pinyin(a: str, b: str) -> None:
    # their words split into pinyin syllables, but no syllable is spelled as pinyin spells (ai, ou, -ng, er, x...)
    assert read_name(tuple(a.lower().split())) is None
    assert compare(a, b).score < THRESHOLD, compare(a, b).explanation
