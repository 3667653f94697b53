"""The Uyghur initial h that the transcription into characters leaves unwritten (阿吉 a-ji = Haji, 艾山 ai-shan =
Hesen): a pinyin word beginning with a bare vowel is also read with an h before it (issue 17, rules-only names)."""

from __future__ import annotations

from adalet.names import compare
from adalet.names.pinyin_uyghur import read_syllables, with_initial_h

THRESHOLD = 0.7


def test_a_word_beginning_with_a_vowel_is_also_read_with_an_h() -> None:
    assert with_initial_h(("ai", "mi", "ti"), ("emit", "amit")) == ("hemit",)
    assert "hemit" in read_syllables(("ai", "mi", "ti"))
    assert with_initial_h(("tu", "er", "xun"), ("tursun",)) == ()  # a consonant first: nothing to add
    assert with_initial_h(("a", "yi", "xia", "mu"), ("ayshem",)) == ()  # a glide after it: Ay-, not Hay-
    assert with_initial_h(("ai",), ("e",)) == ()  # one syllable: not read as a transcription


def test_pinyin_names_meet_their_h_spelling_and_not_other_names() -> None:
    # names of no table row, read by the rules alone (0.75 before the rule: one word of two missing)
    assert compare("Aimiti Tuerxun", "Hemit Tursun").score == 1.0
    assert compare("Aximu Tuerxun", "Hashim Tursun").score == 1.0
    # the h is only a reading more: the name without it still matches, a different name still does not
    assert compare("Aximu Tuerxun", "Ashim Tursun").score >= THRESHOLD
    assert compare("Aimiti Tuerxun", "Hesen Tursun").score < THRESHOLD
    assert compare("Aishan Tuerxun", "Eysa Tursun").score < THRESHOLD
    # a word that begins with a table element is spelled as the table says: 艾买提 ai-mai-ti is Ehmet, not Hemit
    assert with_initial_h(("ai", "mai", "ti"), ("ehmet",)) == ()
    assert compare("Aimaiti Tuerxun", "Hemit Tursun").score < THRESHOLD


def test_characters_outside_the_table_meet_the_h_spelling_too() -> None:
    # 艾米提, 阿西木: no table row; the characters take the pinyin spellings' route (0.75 and 0.81 before)
    assert compare("艾米提·吐尔逊", "Hemit Tursun").score == 1.0
    assert compare("阿西木·吐尔逊", "Hashim Tursun").score == 1.0
    assert compare("阿西木·吐尔逊", "Ashim Tursun").score >= THRESHOLD
    assert compare("艾米提·吐尔逊", "Hesen Tursun").score < THRESHOLD
    assert compare("艾买提·吐尔逊", "Hemit Tursun").score < THRESHOLD  # 艾买提 is the table's Ehmet
