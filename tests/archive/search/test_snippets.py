"""Snippets: the original text around the best match, escaped, with the matches marked."""

from __future__ import annotations

import re

from adalet.archive.search.analysis import parse_query
from adalet.archive.search.snippets import snippet

SAQCHI = "\u0633\u0627\u0642\u0686\u0649"  # ساقچى in base letters
SAQCHI_PF = "\ufeb3\ufe8e\ufed7\ufb7d\ufef0"  # the same in presentation forms (PDF text)
SPEECH = "同志们：陈全国同志指出，新疆公安机关要把在押人员管好。"


def marked(html: str) -> list[str]:
    return re.findall(r"<mark>(.*?)</mark>", html, re.DOTALL)


def only_mark_tags(html: str) -> bool:
    return re.sub(r"</?mark>", "", html).count("<") == 0


def test_han_terms_marked_in_the_original() -> None:
    out = snippet(SPEECH, parse_query("陈全国 在押"))
    assert marked(out) == ["陈全国", "在押"]
    assert out == "同志们：<mark>陈全国</mark>同志指出，新疆公安机关要把<mark>在押</mark>人员管好。"


def test_single_character_marks_every_occurrence() -> None:
    assert marked(snippet("新疆，疆域", parse_query("疆"))) == ["疆", "疆"]


def test_bigram_across_a_line_break_is_marked_whole() -> None:
    assert marked(snippet("名单由公\n安局提供", parse_query("公安局"))) == ["公\n安局"]


def test_uyghur_base_letters_mark_presentation_forms() -> None:
    text = f"خەلق {SAQCHI_PF} ئىدارىسى"
    assert marked(snippet(text, parse_query(SAQCHI))) == [SAQCHI_PF]
    assert marked(snippet(text, parse_query("ساقـچی"))) == [SAQCHI_PF]  # tatweel, Farsi yeh


def test_latin_folding_marks_original_spelling() -> None:
    out = snippet("Ürümchi shehiridiki SAQCHI idarisi", parse_query("urumchi saqchi"))
    assert marked(out) == ["Ürümchi", "SAQCHI"]


def test_id_number_lower_case_query() -> None:
    query = parse_query("650102 19800101 123x", personal_numbers="hash")  # for those who may see ID numbers
    out = snippet("17\t王洋\t65010219800101123X\t在押", query, masked=False)
    assert marked(out) == ["65010219800101123X"]


def test_snippets_are_masked_before_they_are_cut() -> None:
    row = "17\t王洋\t65242719740522957X\t在押\t" + "备注" * 60
    for width in range(10, 60, 3):  # wherever the window falls, no more than the region code's digits show
        shown = re.sub(r"<[^>]+>", "", snippet(row, parse_query("王洋"), width=width))
        assert not re.search(r"[0-9]{7}", shown), (width, shown)
        assert "2427197405" not in shown
    cut = snippet("…" + "6" * 3 + "52427197405229571 是他的号码", parse_query("号码"), width=12)
    assert not re.search(r"[0-9]{4}", cut)  # a number the window cuts through shows no digits at all


def test_phrase_marks_only_the_phrase() -> None:
    text = "centre of detention; the detention centre"
    assert marked(snippet(text, parse_query('"detention centre"'))) == ["detention centre"]


def test_everything_is_escaped() -> None:
    text = '<script>alert("x")</script> & police <b>'
    out = snippet(text, parse_query("script police"))
    assert only_mark_tags(out)
    assert marked(out) == ["script", "script", "police"]
    assert "&lt;" in out and "&amp;" in out and "&quot;" in out


def test_no_match_returns_start_escaped() -> None:
    text = "<b>unrelated</b> " * 30
    out = snippet(text, parse_query("police"), width=40)
    assert out == "&lt;b&gt;unrelated&lt;/b&gt; &lt;b&gt;unrelated&lt;/b&gt;…"  # cut at a space
    assert snippet(text, parse_query(""), width=40) == out
    assert snippet("", parse_query("police")) == ""
    assert snippet("short", parse_query("police")) == "short"


def test_window_around_the_best_match() -> None:
    filler = "lorem ipsum dolor sit amet " * 40
    text = f"police {filler} the police found the detention centre {filler}"
    out = snippet(text, parse_query("police detention"), width=80)
    assert out.startswith("…") and out.endswith("…")
    assert marked(out) == ["police", "detention"]  # the window holding both terms wins
    assert len(re.sub(r"</?mark>", "", out)) <= 80 + 2


def test_injection_query_does_not_break_snippets() -> None:
    for q in ['"', "NEAR(police", "body:police", "'\\&|!:*"]:
        out = snippet("the police", parse_query(q))
        assert only_mark_tags(out)


def test_bigram_and_gram_terms_are_found_as_the_whole_analysis_finds_them() -> None:
    """Queries of single Han bigrams and grams are located by str.find in the normalised text: the same matches
    as walking every token of the text, on random text with runs split by whitespace and mixed scripts."""
    import random
    from unittest import mock

    from adalet.archive.search import snippets
    from adalet.archive.search.analysis import parse_query

    rng = random.Random(3)
    alphabet = "公安局看守所在押人员王李 \n　·，。abc1ÜئۇÉ\u0301"
    queries = ["在押", "公安 在押", "公安局 押", "王", "看守所 人员", "在押 abc", '"在押 人员"', "看守 所在押"]
    for _ in range(3000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        for q in queries:
            query = parse_query(q)
            fast = snippets._matches(text, query)
            with mock.patch.object(snippets, "_one_bigram", lambda tokens: False):
                assert snippets._matches(text, query) == fast, (text, q)
