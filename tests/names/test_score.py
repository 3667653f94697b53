"""The scorer's rules, one at a time."""

from __future__ import annotations

import pytest

from adalet.names import Match, compare
from adalet.names.score import part_weight


def test_brief_examples() -> None:
    m = compare("陈全国", "CHEN, Quanguo")
    assert m.score == 1.0
    assert m.explanation == ["陈全国 → pinyin 'chen quanguo' = 'CHEN, Quanguo' (surname chen, given name quanguo)"]
    assert compare("陳全國", "陈全国").score == 1.0
    assert compare("艾尔肯·吐尼亚孜", "Erkin Tuniyaz").score == 1.0


def test_characters_decide_within_han() -> None:
    m = compare("李强", "李蔷")
    assert m.score < 0.5 and "same pinyin" in m.explanation[0]
    m = compare("王建国", "王国建")
    assert m.score < 0.5 and "another order" in m.explanation[0]
    # across scripts pinyin equality is a match
    assert compare("李蔷", "Li Qiang").score == 1.0


def test_transcribed_names_in_different_characters_are_capped() -> None:
    m = compare("艾尔肯·吐尼亚孜", "艾尔肯·吐尼亚兹")
    assert 0.7 <= m.score <= 0.9
    assert compare("艾尔肯·吐尼亚孜", "艾尔肯吐尼亚孜").score == 1.0


def test_penalties_for_different_names() -> None:
    assert compare("Chen Quanguo", "Chen Mingguo").score < 0.7
    assert compare("Wang Junzheng", "Wang Yang").score < 0.7
    assert compare("陈全国", "Zhou Quanguo").score < 0.7
    assert compare("Huo Liujun", "Huo Liuqun").score < 0.7


def test_order_and_syllables() -> None:
    for other in ("Quanguo Chen", "Chen Quan-guo", "Chen Quan Guo", "Quan Guo Chen", "CHEN Quanguo"):
        assert compare("陈全国", other).score == 1.0, other
    assert compare("王建国", "Wang Guojian").score < 0.7


def test_arabic_script() -> None:
    assert compare("ئىلھام توختى", "伊力哈木·土赫提").score == 1.0
    assert compare("ئىلھام توختى", "Ilham Toxti").score == 1.0
    assert compare("رابىيە قادىر", "Rebiya Kadeer").score >= 0.7


def test_explanation_marks_mismatch() -> None:
    m = compare("Chen Quanguo", "Chen Mingguo")
    assert "vs" in m.explanation[0] and "quanguo ≠ mingguo" in m.explanation[0]


@pytest.mark.parametrize(
    "bad",
    [
        "",
        "   ",
        "·,;!?",
        "\x00\x01\x1f",
        "\u200b\u200d",
        "a" * 10_000,
        "陈" * 10_000,
        "ئ" * 10_000,
        "陈全国 Chen Quanguo ئەركىن",
        "😀😀",
        "١٢٣",
        "-",
        None,
        42,
    ],
)
def test_bad_input_never_raises(bad: object) -> None:
    for a, b in ((bad, "陈全国"), ("Chen Quanguo", bad), (bad, bad)):
        m = compare(a, b)  # type: ignore[arg-type]
        assert isinstance(m, Match)
        assert 0.0 <= m.score <= 1.0
        assert m.explanation


def test_empty_scores_zero() -> None:
    assert compare("", "").score == 0.0
    assert compare("!!!", "Chen").score == 0.0


def test_mixed_script_uses_each_run() -> None:
    assert compare("陈全国 Chen Quanguo", "CHEN, Quanguo").score == 1.0


def test_part_weight() -> None:
    assert part_weight(1.0) == 1.0
    assert part_weight(0.5) == 0.0
    assert 0.0 < part_weight(0.9) < 1.0
