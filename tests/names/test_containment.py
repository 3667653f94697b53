"""A name contained in a longer one (issue 17: `X Y` vs `Z X Y`).

A Uyghur name is the given name and the father's name (and sometimes a family name or the grandfather's after it).
A given name written before a whole name makes another person: Memet Erkin Tuniyaz is Memet son of Erkin (Tuniyaz),
not Erkin Tuniyaz. A part left out in the middle or at the end is the same person's name given shorter
(dev_v2.tsv: Isa Yusuf Alptekin / Isa Alptekin, Tahir Hamut Izgil / Tahir Hamut). The rule is
:func:`adalet.names.score.denominator`, used by the full path, the fast path and the cheap bound alike.
"""

from __future__ import annotations

import pytest

from adalet.names import compare
from adalet.names.analysed import may_reach
from tests.names.fastpath_agrees import assert_fast_path_agrees

THRESHOLD = 0.7


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Erkin Tuniyaz", "Memet Erkin Tuniyaz"),  # a son named before his father's name
        ("Memet Erkin Tuniyaz", "Erkin Tuniyaz"),
        ("艾尔肯·吐尼亚孜", "Memet Erkin Tuniyaz"),  # the characters' Uyghur reading too
        ("ئەركىن تۇنىياز", "Memet Erkin Tuniyaz"),  # and the Arabic script's
        ("Ilham Tohti", "Jewher Ilham Tohti"),
        ("TUNIYAZ, Erkin", "Memet Erkin Tuniyaz"),
        ("Dariga Nursultanqyzy Nazarbayeva", "Nursultan Nazarbayev"),
    ],
)
def test_another_given_name_before_a_whole_name_is_another_person(a: str, b: str) -> None:
    m = compare(a, b)
    assert m.score < THRESHOLD, m.explanation


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Isa Yusuf Alptekin", "Isa Alptekin"),  # the father's name left out (dev_v2)
        ("Tahir Hamut Izgil", "Tahir Hamut"),  # a family name added at the end (dev_v2)
        ("Ilham Tohti", "Ilham Memet Tohti"),  # a middle element
        ("Ilham Tohti", "Ilham Tohti Memet"),
        ("Erkin Tuniyaz", "Haji Erkin Tuniyaz"),  # a title is not a given name
        ("Erkin Tuniyaz", "Dr Erkin Tuniyaz"),
        ("TURSUN, Ahmet Memet", "Ahmet Tursun"),  # roles: the surname comes last when said
    ],
)
def test_the_same_name_given_shorter_still_matches(a: str, b: str) -> None:
    m = compare(a, b)
    assert m.score >= THRESHOLD, m.explanation


def test_scores() -> None:
    assert compare("Erkin Tuniyaz", "Memet Erkin Tuniyaz").score == pytest.approx(2 / 3, abs=1e-4)
    assert compare("Isa Yusuf Alptekin", "Isa Alptekin").score == pytest.approx(2 / 2.75, abs=1e-4)


NAMES = ["Erkin Tuniyaz", "Memet Erkin Tuniyaz", "艾尔肯·吐尼亚孜", "Isa Yusuf Alptekin", "Isa Alptekin",
         "Haji Erkin Tuniyaz", "Ilham Tohti", "Jewher Ilham Tohti", "Ilham Memet Tohti", "TUNIYAZ, Erkin",
         "TURSUN, Ahmet Memet", "Ahmet Tursun", "Memet Memet Tursun", "Memet Tursun", "Mamat Tursun", "Li Ping",
         "Li Bing", "Mao Tse-tung", "Mao Zedong", "Alimjan Nurlanovich Mamatov", "Alimjan Mamatov", "Nurlan Mamatov"]


def test_full_path_fast_path_and_bound_agree() -> None:
    for x in NAMES:
        for y in NAMES:
            a, b, plain = assert_fast_path_agrees(x, y, (0.6, 0.7, 0.88))
            for at_least in (0.6, 0.7, 0.88):
                if not may_reach(a, b, at_least):
                    assert plain.score < at_least, (x, y, at_least)
