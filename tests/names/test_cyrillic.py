"""Cyrillic names (issue 17, item 2): Kazakh, Kyrgyz, Uyghur Cyrillic and Russian renderings meet the Latin,
Uyghur Arabic and character forms; patronymics never block a match nor stand in for a given name."""

from __future__ import annotations

import pytest

from adalet.names import NameKind, analyse, blocking_keys, compare, detect_script, variants
from adalet.names.cyrillic import read, to_latin

SAME = [
    ("Алимжан Маматов", "Alimjan Mamatov"),
    ("Алимжан Маматов", "Alimzhan Mamatov"),  # BGN/PCGN (Russian-style) spelling
    ("Алимжан Маматов", "MAMATOV, Alimjan"),
    ("Нурлан", "Nurlan"),
    ("Қайрат", "Qairat"),
    ("Қайрат", "Kairat"),  # passport spelling
    ("Ерлан Қарин", "Yerlan Karin"),
    ("Ильхам Тохти", "Ilham Tohti"),
    ("Ильхам Тохти", "ئىلھام توختى"),  # Uyghur Arabic script, through Latin
    ("Ильхам Тохти", "伊力哈木·土赫提"),  # characters, through the Uyghur reading
    ("Әркин Тунияз", "艾尔肯·吐尼亚孜"),
    ("Әркин Тунияз", "ئەركىن تۇنىياز"),
    ("Рахилә Давут", "Rahile Dawut"),
    ("Ахмеджан Касымов", "Akhmedzhan Kasymov"),
    ("Абдурехим Һейт", "ئابدۇرېھىم ھېيت"),
    ("Алимжан Нурланович Маматов", "Alimjan Mamatov"),  # patronymic left out on the other side
    ("Нұрсұлтан Әбішұлы Назарбаев", "Nursultan Nazarbayev"),
    ("Алимжан Маматов", "Alimjan Mamat"),  # the Russian surname ending on a Uyghur name
]


@pytest.mark.parametrize(("a", "b"), SAME)
def test_same_person_scores_high(a: str, b: str) -> None:
    m = compare(a, b)
    assert m.score >= 0.95, (a, b, m)
    assert compare(b, a).score == m.score


def test_uyghur_cyrillic_with_a_vowel_inserted() -> None:
    # Heyit / Һейт: the same consonants, a vowel the Cyrillic spelling leaves out
    assert compare("Абдурехим Һейт", "Abdurehim Heyit").score >= 0.85
    assert compare("Абдурехим Хеит", "Abdurehim Heyit").score >= 0.85  # Russian-style х for h


DIFFERENT = [
    ("Нурлан Маматов", "Alimjan Mamatov"),  # two Kazakh names sharing a surname
    ("Нурлан Маматов", "Нурбек Маматов"),
    ("Қайрат Садыков", "Ерлан Садыков"),
    ("Алимжан Нурланович Маматов", "Nurlan Mamatov"),  # the patronymic is not a given name
    ("Нурлан Абдыкадырович Садыков", "Abdykadyr Sadykov"),
    ("Иван Петров", "Ivan Petrenko"),
]


@pytest.mark.parametrize(("a", "b"), DIFFERENT)
def test_hard_negatives_stay_low(a: str, b: str) -> None:
    assert compare(a, b).score < 0.7, (a, b, compare(a, b))


def test_script_detection() -> None:
    assert detect_script("Алимжан Маматов") is NameKind.CYRILLIC
    assert detect_script("Қайрат") is NameKind.CYRILLIC
    assert detect_script("Алимжан Mamatov") is NameKind.MIXED
    assert analyse("Алимжан Маматов").forms, "a Cyrillic name is a usable name"
    assert "no usable name" not in " ".join(compare("Нурлан", "Nurlan").explanation)


def test_every_turkic_letter_is_read() -> None:
    letters = "әғқңөұүһіҗ"
    for style in ("uly", "bgn", "passport"):
        out = to_latin(letters + letters.upper(), style)
        assert not any("\u0400" <= ch <= "\u04ff" for ch in out), (style, out)
    assert to_latin("әғқңөұүһіҗх") == "eghqngöuühijx"  # ULY
    assert to_latin("әғқңөұүһіҗх", "passport") == "agknouuhizhkh"


def test_uly_equivalents() -> None:
    # ULY: ә e, ғ gh, қ q, ң ng, ө ö, ү ü, һ h, җ j, х x, в w
    spell = read("Гүлбаһар").words[0]
    assert spell[0] == "gülbahar"
    assert read("Җелил").words[0][0] == "jélil"  # Uyghur Cyrillic е is ULY ë/é
    assert read("Тохтиев").words[0][0] == "toxtiew"  # a Russian spelling: е is e
    assert "tokhtiyev" in read("Тохтиев").words[0]  # BGN: е after a vowel is ye
    assert "kairat" in read("Қайрат").words[0]  # passport


def test_patronymic_left_out_only_with_two_words_left() -> None:
    assert read("Алимжан Нурланович Маматов").patronymic == frozenset({1})
    assert read("Азамат Нурлан уулу").without_patronymic() is None  # Nurlan uulu is his surname here
    assert read("Слободан Милошевич").without_patronymic() is None


def test_latin_with_cyrillic_letters() -> None:
    # Cyrillic-influenced Latin (ң, һ, ү typed into a Latin name) is read as Latin
    assert compare("Gülbaһar", "Gulbahar").score == 1.0
    assert compare("Алимжан Mamatov", "Alimjan Mamatov").score == 1.0


def test_variants_and_blocking() -> None:
    v = variants("Абдурехим Һейт")
    assert "Abdurekhim Heyt" in v
    assert any("\u0600" <= ch <= "\u06ff" for x in v for ch in x), v  # an Arabic-script form
    assert blocking_keys("Алимжан Маматов") & blocking_keys("Alimjan Mamatov")
    assert blocking_keys("Қайрат") & blocking_keys("Kairat")
