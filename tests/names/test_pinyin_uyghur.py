"""Issue 17, items 1 and 3: Uyghur names spelled in pinyin, and Wade-Giles against pinyin when both are Latin."""

from __future__ import annotations

import pytest

from adalet.names import compare
from adalet.names.pinyin_uyghur import read_name, read_syllables, segment

THRESHOLD = 0.7


@pytest.mark.parametrize(
    ("pinyin", "uyghur"),
    [
        ("Aisikaer", "Esqer"),
        ("Kuerban", "Qurban"),
        ("Kuerban", "Kurban"),
        ("Gulibahaer", "Gulbahar"),
        ("Abudureheman", "Abdurahman"),
        ("Abuduxukuer Maimaiti", "Abdushukur Memet"),
        ("MAIMAITI, Abuduxukuer", "Abdushukur Memet"),
        ("Ābùdūxùkùěr Màimàití", "Abdushukur Memet"),  # tone-marked pinyin
        ("Aierken Tuniyazi", "Erkin Tuniyaz"),
        ("Tuerxun Aili", "Tursun Eli"),
        ("Aisikaer Tuerxun", "ئەسقەر تۇرسۇن"),
    ],
)
def test_pinyin_spelled_uyghur_names_meet_the_uyghur_spelling(pinyin: str, uyghur: str) -> None:
    assert compare(pinyin, uyghur).score >= THRESHOLD, compare(pinyin, uyghur).explanation
    assert abs(compare(uyghur, pinyin).score - compare(pinyin, uyghur).score) < 1e-9


def test_pinyin_characters_and_uyghur_meet_by_one_route() -> None:
    for a, b in (("Aierken Tuniyazi", "艾尔肯·吐尼亚孜"), ("Yilihamu Tuheti", "伊力哈木·土赫提"), ("Yilihamu Tuheti", "Ilham Tohti")):
        assert compare(a, b).score >= THRESHOLD, (a, b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Abuduxukuer Maimaiti", "Abdukerim Memet"),  # another given name, same father
        ("Aisikaer Tuerxun", "Askar Memet"),  # another father
        ("Kuerban Tuerxun", "Kurban Memet"),
        ("Maimaiti Aisikaer", "Aisikaer"),  # a name contained in a longer one
        ("Wang Junzheng", "Wang Junzhong"),  # Han names keep the pinyin syllable rule
        ("Chen Quanguo", "Chen Guoquan"),
        ("Maria Lopez", "Mira Lopez"),
    ],
)
def test_hard_negatives(a: str, b: str) -> None:
    assert compare(a, b).score < THRESHOLD, compare(a, b).explanation


def test_han_names_in_pinyin_are_not_read_as_uyghur() -> None:
    for name in (("wang", "junzheng"), ("chen", "quanguo"), ("zhu", "hailun"), ("maria", "lopez"), ("li", "mingshan")):
        assert read_name(name) is None, name
    # and their characters still match them
    assert compare("Wang Junzheng", "王君正").score == 1.0
    assert compare("Chen Quanguo", "陈全国").score == 1.0
    assert compare("Chen Quanguo", "陈泉国").score == 1.0  # same pinyin, other characters: pinyin cannot tell
    assert compare("陈全国", "陈泉国").score < 0.5  # characters can


def test_reading_rules() -> None:
    assert segment("aisikaer") == ("ai", "si", "ka", "er")
    assert read_syllables(("mai", "mai", "ti"))[0] == "memet"  # an element of the table, by its pinyin
    assert read_syllables(("ku", "er", "ban"))[0] == "kurban"  # epenthetic vowel, -er = r
    assert read_syllables(("yi", "li", "ha", "mu"))[0] == "ilham"


@pytest.mark.parametrize(
    ("wade_giles", "pinyin"),
    [("Lin Piao", "林彪"), ("Mao Tse-tung", "Mao Zedong"), ("Chou En-lai", "Zhou Enlai"),
     ("Teng Hsiao-p'ing", "Deng Xiaoping"), ("Chiang Chieh-shih", "Jiang Jieshi"), ("Chang Hsueh-liang", "Zhang Xueliang")],
)
def test_wade_giles_meets_pinyin_in_latin(wade_giles: str, pinyin: str) -> None:
    assert compare(wade_giles, pinyin).score >= THRESHOLD, compare(wade_giles, pinyin).explanation


def test_wade_giles_without_a_trait_is_a_match_to_confirm() -> None:
    """Lin Piao is the Wade-Giles of Lin Biao and also valid pinyin: no letter tells it from Li Ping / Li Bing, two
    pinyin names; read as Wade-Giles it is a match to confirm, below a sure one, and says so
    (tests/names/test_latin_variants.py holds the other side)."""
    m = compare("Lin Piao", "Lin Biao")
    assert THRESHOLD <= m.score < 1.0 and "maybe another person's" in m.explanation[0]


def test_wade_giles_negatives() -> None:
    assert compare("Mao Tse-tung", "Mao Anying").score < THRESHOLD
    assert compare("Lin Piao", "Lin Pao").score < THRESHOLD
    assert compare("Chou En-lai", "Zhou Enlei").score < THRESHOLD


def test_tables_hold_name_elements_not_people() -> None:
    """Issue 17, item 4: no row is a whole labelled name, nor a rare name kept for one labelled person."""
    import csv
    import re
    from pathlib import Path

    from adalet.names.uyghur_han import table

    path = Path(__file__).parent / "data" / "pairs.tsv"
    with path.open(encoding="utf-8", newline="") as fh:
        names = [n for r in csv.DictReader(fh, delimiter="\t") for n in (r["a"], r["b"])]
    whole = {"".join(p for p in re.split(r"[·•．\s]+", n) if p) for n in names if re.search(r"[·•．]", n)}
    assert not whole & set(table())
    for removed in ("铁力瓦尔地", "沙希迪", "达瓦买提", "迪丽热巴", "古力娜扎", "萨努巴尔", "热比娅", "包尔汉", "赛福鼎", "塔西甫拉提"):
        assert removed not in table(), removed
    # read through their syllables instead
    assert compare("司马义·铁力瓦尔地", "Ismail Tiliwaldi").score >= THRESHOLD
    assert compare("包尔汉·沙希迪", "Burhan Shahidi").score >= THRESHOLD


def test_a_syllable_the_table_lacks_is_also_kept_as_mandarin_spells_it() -> None:
    """买吐送 is spelled Metusong (mai → me by the table; tu and song kept) as well as read by sound (Metusun)."""
    from adalet.names.pinyin_uyghur import kept_as_spelled
    from adalet.names.uyghur_han import latin_candidates

    assert kept_as_spelled(("mai", "tu", "song")) == "metusong"
    assert {"metusong", "metusun"} <= set(latin_candidates("买吐送"))
