"""Issue 17: a Uyghur name part transcribed into Chinese (characters or their pinyin) is compared with a Latin
spelling by its sounds (:mod:`adalet.names.sounds`), so a name whose elements no table holds still meets its Latin
spelling, and different names that sound alike in part stay apart.

The lattices of the unit tests are built from the syllable rules only (:func:`rule_lattice`: no element of
``uyghur_han.txt``), as for a name the table has never seen. Names are common Uyghur name elements and spellings
printed in public sources (tests/names/data/people_dev_v3.tsv, people_dev_v4.tsv).
"""

from __future__ import annotations

import pytest

from adalet.names import compare, sounds
from adalet.names.forms import analyse
from adalet.names.latin import fold
from adalet.names.score import SOUND_MIN
from tests.names.fastpath_agrees import assert_fast_path_agrees

THRESHOLD = 0.7


def heard(syllables: str, latin: str) -> float:
    return sounds.similarity(sounds.rule_lattice(tuple(syllables.split())), (fold(latin),))[0]


@pytest.mark.parametrize(
    ("syllables", "latin"),
    [
        ("ha mu la ti", "Halmurat"),  # a closing l unwritten (Hal-), r written with an l- syllable
        ("ta xi fu la ti", "Tashpolat"),  # x = sh, fu = p, an epenthetic -i and -ti = t
        ("ai si ka er", "Esqer"),  # ai = e, si = s, er = r
        ("a bu du xu ku er", "Abdushukur"),
        ("mai mai ti ming", "Memtimin"),
        ("mu he ya ti", "Muqiyat"),  # he for q
        ("ai ni wa er", "Enver"),
        ("tu er xun", "Tursun"),
    ],
)
def test_syllables_outside_the_table_meet_their_latin_spelling(syllables: str, latin: str) -> None:
    assert heard(syllables, latin) >= SOUND_MIN


@pytest.mark.parametrize(
    ("syllables", "latin"),
    [
        ("hai mi ti", "Ehmet"),  # Hemit: its h is written, Ehmet has none there
        ("ai mai ti", "Hemit"),
        ("tu lu hong", "Dolqun"),  # a word's first consonant is kept: t is not d
        ("da wu ti", "Tohti"),  # an h the transcription does not give is a sound of its own
        ("ai sha", "Ayshan"),  # an n is written when it is said (only l and r may go unwritten)
        ("yi chan", "Yasin"),  # i for a is no vowel harmony
        ("mi er", "Omer"),  # too short to be compared by sound
    ],
)
def test_other_names_are_not_heard_alike(syllables: str, latin: str) -> None:
    assert heard(syllables, latin) < SOUND_MIN


def test_a_polyphone_is_read_every_way_but_its_rarer_reading_costs() -> None:
    slots = sounds.chars_lattice("达")  # da, and the rare ti
    assert any(v.startswith("~") for v in slots[0])
    plain = sounds.distance(sounds.rule_lattice(("da",)), "da")
    assert plain == 0.0
    assert sounds.distance(slots, "ti") == pytest.approx(sounds.OTHER_READING)


def test_distance_gives_up_past_its_limit() -> None:
    lattice = sounds.rule_lattice(("ha", "mu", "la", "ti"))
    full = sounds.distance(lattice, "tohti")
    assert full > 1.0
    assert sounds.distance(lattice, "tohti", 1.0) == float("inf")
    assert sounds.distance(lattice, "halmurat", 2.0) == sounds.distance(lattice, "halmurat")


def test_transcribed_parts_carry_their_sounds_and_latin_parts_none() -> None:
    chars = analyse("木合亚提·加尔木哈买提").forms[0]
    assert all(p.sounds for p in chars.parts)
    pinyin = [f for f in analyse("Tumuniyazi Abudourekefu").forms if f.kind == "uyghur"]
    assert pinyin and all(p.sounds for p in pinyin[0].parts)
    assert not any(p.sounds for f in analyse("Muqiyat Zharmukhametuly").forms for p in f.parts)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Muqïyat Jarmuqamet", "木合亚提·加尔木哈买提"),  # 加尔木哈买提: no element of the table
        ("Muqiyat Zharmukhametuly", "木合亞提·加爾木哈買提"),
        ("Tumuniyazi Abudourekefu", "Abudurehep Turmniaz"),  # PRC pinyin / a Latin spelling of the same man
    ],
)
def test_names_meet_by_sound(a: str, b: str) -> None:
    assert compare(a, b).score >= THRESHOLD, compare(a, b).explanation


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("吐鲁洪·吐尔逊", "Dolqun Tursun"),  # same father, another given name
        ("达吾提·吐尔逊", "Tohti Tursun"),
        ("Aisha Tuerxun", "Ayshan Tursun"),
        ("海米提·吐尔逊", "Ehmet Tursun"),
        ("加尔木哈买提", "Muqiyat Zharmukhametuly"),  # a father's name alone is not the son's whole name
    ],
)
def test_same_father_other_given_name_stays_apart(a: str, b: str) -> None:
    assert compare(a, b).score < THRESHOLD, compare(a, b).explanation


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Muqïyat Jarmuqamet", "木合亚提·加尔木哈买提"),
        ("Tumuniyazi Abudourekefu", "Abudurehep Turmniaz"),
        ("吐鲁洪·吐尔逊", "Dolqun Tursun"),
    ],
)
def test_fast_path_scores_sound_matches_alike(a: str, b: str) -> None:
    assert_fast_path_agrees(a, b)


# ---- a word's first letter that the transcription does not write ----


@pytest.mark.parametrize(
    ("syllables", "latin"),
    [
        ("si ma yi", "Ismail"),  # a vowel put before s and a consonant: 司马义
        ("si kan de er", "Iskender"),  # 斯坎德尔
        ("si la mu", "Islam"),  # 斯拉木
        ("wu fu er", "Ghopur"),  # gh before o/u unwritten: 吾甫尔
        ("wu shou er", "Hoshur"),
    ],
)
def test_an_unwritten_first_letter_is_cheap(syllables: str, latin: str) -> None:
    assert heard(syllables, latin) >= SOUND_MIN


@pytest.mark.parametrize(
    ("syllables", "latin"),
    [
        ("si ma yi", "Esmet"),  # a prothetic vowel does not make other consonants alike
        ("wu fu er", "Ghafur"),  # gh is left out only before o/u, a is not o
        ("ma yi la", "Imamla"),  # a vowel before m is said
    ],
)
def test_other_first_letters_are_not(syllables: str, latin: str) -> None:
    assert heard(syllables, latin) < SOUND_MIN


# ---- a title no table holds, heard as one ----


@pytest.mark.parametrize(
    ("chars", "title"),
    [("和卓", "hoja"), ("阿吉", "haji"), ("大毛拉", "damola"), ("阿訇", "ahun")],
)
def test_titles_are_heard(chars: str, title: str) -> None:
    from adalet.names.forms import sounded_title

    assert sounded_title(chars) == title


@pytest.mark.parametrize("chars", ["哈斯木", "依禅", "巴吐尔", "吐尔逊", "伊帕尔罕", "沙比提"])
def test_names_are_not_heard_as_titles(chars: str) -> None:
    from adalet.names.forms import sounded_title

    assert sounded_title(chars) == ""


def test_a_title_joined_to_a_name_is_cut_by_its_sound() -> None:
    from adalet.names.forms import _title_split

    assert _title_split("沙比提大毛拉") == ["沙比提", "大毛拉"]
    assert _title_split("阿不都热西提") == ["阿不都热西提"]  # Abdureshit: no title inside


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Iparhan", "和卓.伊帕爾罕"),  # Hoja Iparhan: the title left without counterpart weighs nothing
        ("Sabit Damolla", "沙比提大毛拉·阿不都爾巴克"),
        ("Muhammad Salih Hajim", "穆罕默德.萨利.阿吉"),
    ],
)
def test_names_with_titles_meet(a: str, b: str) -> None:
    assert compare(a, b).score >= THRESHOLD, compare(a, b).explanation


def test_a_title_does_not_make_another_name_the_same() -> None:
    assert compare("哈斯木·吐尔逊", "Haji Tursun").score < THRESHOLD  # Hasim is a name, not the title Haji
    assert compare("和卓.伊帕爾罕", "Iparhan Tursun").score < THRESHOLD  # a father's name the other lacks


@pytest.mark.parametrize(
    ("syllables", "title"), [("he zhuo", "hoja"), ("a ji", "haji"), ("da mao la", "damolla"), ("a hong", "ahun")]
)
def test_titles_are_heard_by_the_syllable_rules_alone(syllables: str, title: str) -> None:
    from adalet.names.forms import TITLE_DISTANCE

    assert sounds.distance(sounds.rule_lattice(tuple(syllables.split())), fold(title)) <= TITLE_DISTANCE


def test_a_polyphone_keeps_the_usual_readings_values() -> None:
    assert "ho" in sounds.chars_lattice("和")[0]  # 和 he also writes o (和田 Hotan), its sixth value
