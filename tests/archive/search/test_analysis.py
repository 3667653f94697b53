"""Unit tests of search analysis: folding, token streams, query parsing, engine expressions."""

from __future__ import annotations

import re

import pytest

from adalet.archive.search.analysis import (
    BODY,
    CHARS,
    CHARS_PREFIX,
    MAX_PHRASE_TOKENS,
    MAX_TERMS,
    MAX_TOKEN_CHARS,
    PG_MAX_POSITION,
    PassageTooLong,
    Query,
    Term,
    fts5_columns,
    index_spans,
    index_streams,
    normalize,
    parse_query,
    tsvector_literal,
)
from adalet.lib import personal

# Uyghur words in base letters, and the same words as PDF extraction gives them (presentation
# forms). Spelled with escapes so that an editor cannot silently "fix" them.
UYGHUR = "\u0626\u06c7\u064a\u063a\u06c7\u0631"  # ئۇيغۇر  Uyghur
UYGHUR_PF = "\ufe8b\ufbd8\ufef3\ufed0\ufbd8\ufead"  # yeh-hamza init, u fin, yeh init, ghain med, u fin, reh
SAQCHI = "\u0633\u0627\u0642\u0686\u0649"  # ساقچى  police (ends in ى, Uyghur i)
SAQCHI_PF = "\ufeb3\ufe8e\ufed7\ufb7d\ufef0"  # seen init, alef fin, qaf init, tcheh med, alef maksura fin
HOKUMET = "\u06be\u06c6\u0643\u06c8\u0645\u06d5\u062a"  # ھۆكۈمەت  government (ھ = h, ە = e)
HOKUMET_PF = "\ufeeb\ufbda\ufedb\ufbdc\ufee3\ufeea\ufe95"  # heh INITIAL (h), ..., heh FINAL (e), teh
XELQ = "\u062e\u06d5\u0644\u0642"  # خەلق  people
XELQ_ARABIC_HEH = "\u062e\u0647\u0644\u0642"  # the same typed with Arabic heh U+0647

CORPUS = [
    "同志们：陈全国同志指出，新疆公安机关要把在押人员管好。",
    "序号\t姓名\t身份证号\n17\t王洋\t65010219800101123X\t在押",
    f"{UYGHUR_PF} {SAQCHI_PF} {HOKUMET_PF}",
    "The detention centre in Kashgar held 300 people; police records were leaked.",
    "Ürümchi shehiridiki saqchi idarisi ｜ ＩＤ：６５０１０２１９８００１０１１２３ｘ",
    "名单由公\n安局提供 (PDF line break)",
]


def is_presentation_form(ch: str) -> bool:
    return 0xFB50 <= ord(ch) <= 0xFDFF or 0xFE70 <= ord(ch) <= 0xFEFF


# --- normalize --------------------------------------------------------------------------------


def test_fixtures_really_are_presentation_forms() -> None:
    for word in (UYGHUR_PF, SAQCHI_PF, HOKUMET_PF):
        assert all(is_presentation_form(ch) for ch in word)


@pytest.mark.parametrize(
    ("presentation", "base"), [(UYGHUR_PF, UYGHUR), (SAQCHI_PF, SAQCHI), (HOKUMET_PF, HOKUMET)]
)
def test_presentation_forms_fold_to_base_letters(presentation: str, base: str) -> None:
    assert normalize(presentation) == normalize(base)


def test_uyghur_spelling_variants_fold_together() -> None:
    target = normalize(SAQCHI)
    assert normalize("\u0633\u0627\u0642\u0640\u0686\u0649") == target  # tatweel
    assert normalize("\u0633\u0627\u0642\u0686\u06cc") == target  # Farsi yeh
    assert normalize("\u0633\u0627\u0642\u0686\u064a") == target  # Arabic yeh
    assert normalize("\u0633\u064e\u0627\u0642\u0686\u0650\u0649") == target  # harakat
    assert normalize("\u0633\u0627\u200c\u0642\u200d\u0686\u0649") == target  # ZWNJ, ZWJ
    assert normalize(HOKUMET.replace("\u0643", "\u06a9")) == normalize(HOKUMET)  # keheh
    assert normalize(XELQ_ARABIC_HEH) == normalize(XELQ)  # Arabic heh typed for ە


def test_uyghur_letters_that_differ_stay_distinct() -> None:
    assert normalize("\u06be") != normalize("\u06d5")  # ھ h and ە e
    assert normalize("\u0626\u06c7") != normalize("\u064a\u06c7")  # hamza carrier kept: ئۇ ≠ يۇ
    assert normalize("\u0649\u0654") == "\u0626"  # alef maksura + hamza above -> ئ
    assert normalize("\ufeeb") == "\u06be"  # heh initial form can only be ھ
    assert normalize("\ufeea") == "\u06d5"  # heh final form is ە in Uyghur text


def test_digits_fullwidth_and_case() -> None:
    assert normalize("\u0666\u0665\u0660 \u06f1\u06f2") == "650 12"
    assert normalize("ＡＢＣ１２３：ｘ") == "abc123:x"
    assert normalize("65010219800101123X") == "65010219800101123x"


def test_latin_diacritics_removed() -> None:
    assert normalize("Ürümchi ÉÖÜ café") == "urumchi eou cafe"
    assert normalize("Ü") == normalize("U\u0308") == "u"  # precomposed and decomposed
    assert normalize("ﬁ Straße İ") == "fi strasse i"


def test_invisible_characters_removed() -> None:
    assert normalize("葛\U000e0100") == "葛"  # ideographic variation selector
    assert normalize("\ufeffpo\u00adlice\u200b") == "police"
    assert normalize("\u202bpolice\u202c") == "police"


def test_han_unchanged_and_compatibility_ideographs_unified() -> None:
    assert normalize("公安在押王洋陈全国疆") == "公安在押王洋陈全国疆"
    assert normalize("\uf900") == "\u8c48"  # CJK COMPATIBILITY IDEOGRAPH-F900 -> 豈


@pytest.mark.parametrize("text", CORPUS)
def test_normalize_is_idempotent(text: str) -> None:
    assert normalize(normalize(text)) == normalize(text)


# --- index_streams ----------------------------------------------------------------------------


def test_han_runs_become_bigrams_and_chars() -> None:
    assert index_streams("陈全国") == (["陈全", "全国"], ["陈", "全", "国", "陈全国"])
    assert index_streams("公安") == (["公安"], ["公", "安"])
    assert index_streams("在押") == (["在押"], ["在", "押"])
    assert index_streams("疆") == (["疆"], ["疆"])


def test_han_runs_join_across_whitespace_not_punctuation() -> None:
    assert index_streams("公\n安局") == (["公安", "安局"], ["公", "安", "局", "公安局"])
    assert index_streams("公安，局") == (["公安", "局"], ["公", "安", "局"])


def test_mixed_text_keeps_order() -> None:
    main, chars = index_streams("王洋，身份证号65010219800101123X；police")
    # the ID number is one token, its keyed hash: the index holds none of its digits
    assert main == ["王洋", "身份", "份证", "证号", personal.token("65010219800101123x", personal.index_key()), "police"]
    assert chars == ["王", "洋", "身", "份", "证", "号", "身份证", "份证号", "身份证号"]


def test_uyghur_words_are_single_tokens() -> None:
    main, chars = index_streams(f"{UYGHUR_PF} {SAQCHI_PF}، {HOKUMET_PF}")
    assert main == [normalize(UYGHUR), normalize(SAQCHI), normalize(HOKUMET)]
    assert chars == []


def test_latin_and_english() -> None:
    assert index_streams("Ürümchi: The POLICE don't") == (
        ["urumchi", "the", "police", "don", "t"],
        [],
    )
    assert index_streams("snake_case") == (["snake", "case"], [])


def test_long_words_are_cut() -> None:
    main, _ = index_streams("x" * 1000 + " y")
    assert main == ["x" * MAX_TOKEN_CHARS, "y"]


@pytest.mark.parametrize("text", CORPUS)
def test_tokens_survive_fts5_and_pg_unchanged(text: str) -> None:
    main, chars = index_streams(text)
    for token in main + chars:
        assert token
        assert not re.search(r"[\x00-\x2f\x3a-\x40\x5b-\x60\x7b-\x7f]", token)  # no ASCII non-alnum
        assert not any(ch.isspace() for ch in token)
        assert CHARS_PREFIX not in token
        assert normalize(token) == token


@pytest.mark.parametrize("text", CORPUS)
def test_index_spans_agree_with_index_streams(text: str) -> None:
    main, chars = index_streams(text)
    main_spans, chars_spans = index_spans(text)
    assert [t for t, _, _ in main_spans] == main
    assert [t for t, _, _ in chars_spans] == chars
    for token, start, end in main_spans + chars_spans:
        if personal.is_token(token):  # a personal number's keyed hash spans the number as written
            assert personal.token(personal.find(text[start:end])[0].canonical, personal.index_key()) == token
        else:
            assert "".join(normalize(text[start:end]).split()) == token


def test_index_spans_point_into_the_original_text() -> None:
    text = f"x {SAQCHI_PF} 公\n安"
    main, chars = index_spans(text)
    assert main[1] == (normalize(SAQCHI), 2, 2 + len(SAQCHI_PF))
    assert main[2] == ("公安", 8, 11)  # the bigram spans the line break
    assert chars == [("公", 8, 9), ("安", 10, 11)]  # a run of two has no 3- or 4-grams


def test_fts5_columns() -> None:
    assert fts5_columns("陈全国 ok") == ("陈全 全国 ok", "陈 全 国 陈全国", "")


# --- parse_query ------------------------------------------------------------------------------


def terms(q: str) -> list[tuple[str, tuple[str, ...]]]:
    return [(t.stream, t.tokens) for t in parse_query(q).terms]


def test_query_chinese() -> None:
    assert terms("公安") == [(BODY, ("公安",))]
    assert terms("陈全国") == [(CHARS, ("陈全国",))]  # a 3- or 4-ideograph word is one gram
    assert terms("培训中心") == [(CHARS, ("培训中心",))]
    assert terms("疏附县公安局") == [(BODY, ("疏附", "附县", "县公", "公安", "安局"))]  # longer: a phrase of bigrams
    assert terms("疏附，县") == [(BODY, ("疏附", "县"))]  # punctuation splits the run
    assert terms("疆") == [(CHARS, ("疆",))]
    assert terms("公安 疆 在押") == [(BODY, ("公安",)), (CHARS, ("疆",)), (BODY, ("在押",))]


def test_query_phrases() -> None:
    assert terms('"detention centre" police') == [(BODY, ("detention", "centre")), (BODY, ("police",))]
    assert terms("“Detention Centre”") == [(BODY, ("detention", "centre"))]
    assert terms('"公安 局"') == [(CHARS, ("公安局",))]  # joined as when indexing
    assert terms('"疆"') == [(CHARS, ("疆",))]
    assert terms("jem'iyet") == [(BODY, ("jem", "iyet"))]


def test_query_folds_like_the_index() -> None:
    assert terms("ÜRÜMCHI") == terms("urumchi") == [(BODY, ("urumchi",))]
    assert terms(SAQCHI) == terms(SAQCHI_PF) == terms("\u0633\u0627\u0642\u0640\u0686\u06cc")
    token = personal.token("65010219800101123x", personal.index_key())
    for spelled in ("65010219800101123X", "６５０１０２１９８００１０１１２３ｘ", "650102 1980 0101 123x"):
        assert [(t.stream, t.tokens) for t in parse_query(spelled, personal_numbers="hash").terms] == [(BODY, (token,))]
        withheld = parse_query(spelled)  # by default a personal number is left out of the query, and counted
        assert withheld.is_empty and withheld.withheld == 1
    assert parse_query(f"王洋 {token}").terms == parse_query("王洋").terms  # a token typed in is not asked for


@pytest.mark.parametrize("hex_digits", ["0123456789012345678901ab", "ab01234567890123456789cd", "abcdef" * 4])
def test_a_typed_token_is_dropped_whatever_digits_it_holds(hex_digits: str) -> None:
    """Tokens are keyed hashes, so their digits vary with the site's secret: a token whose hex holds a run of ten
    digits (a personal number to the detector) is still dropped whole, not cut into a word that is searched."""
    typed = personal.TOKEN_PREFIX + hex_digits
    assert personal.is_token(typed)
    query = parse_query(f"王洋 {typed}")
    assert query.terms == parse_query("王洋").terms and query.withheld == 0


@pytest.mark.parametrize("q", ["", "   ", '"', '""', "!!!", "，。、", "* : ( ) & | !", None])
def test_empty_queries(q: str) -> None:
    query = parse_query(q)  # type: ignore[arg-type]
    assert query.is_empty and not query
    assert query.fts5_match() == '""'
    assert query.pg_tsquery() == ""


def test_duplicates_dropped_and_caps() -> None:
    assert terms("police POLICE Police") == [(BODY, ("police",))]
    many = " ".join(f"w{i}" for i in range(200))
    assert len(parse_query(many).terms) == MAX_TERMS
    long_phrase = "陈全国" * 100
    assert len(parse_query(long_phrase).terms[0].tokens) == MAX_PHRASE_TOKENS
    parse_query("x" * 10_000_000)  # cut, not slow


PUNCTUATION_JUNK = ['"', "*", "'", "\\", "&", "|", "!", ":*", "^", "+", "(", ")", ":", '""', "<->"]  # "-": syntax.py
WORD_JUNK = {"NEAR(": "near", "body:": "body", "chars:": "chars", "{body}": "body", "or": "or"}  # OR: syntax.py
INJECTIONS = [*PUNCTUATION_JUNK, *WORD_JUNK]


@pytest.mark.parametrize("junk", PUNCTUATION_JUNK)
def test_injection_punctuation_changes_nothing(junk: str) -> None:
    expected = terms("police 公安")
    for q in (f"police 公安 {junk}", f"{junk}police 公安", f"police{junk} 公安{junk}", f"{junk} police {junk}公安"):
        assert terms(q) == expected, q


@pytest.mark.parametrize(("junk", "word"), WORD_JUNK.items())
def test_injection_words_are_plain_terms(junk: str, word: str) -> None:
    assert terms(f"police 公安 {junk}") == [*terms("police 公安"), (BODY, (word,))]


def test_injection_word_becomes_plain_phrase() -> None:
    assert terms("body:police") == [(BODY, ("body", "police"))]
    assert terms("NEAR(police or and not x)") == [
        (BODY, ("near", "police")),
        (BODY, ("or",)),
        (BODY, ("and",)),
        (BODY, ("not",)),
        (BODY, ("x",)),
    ]


_FTS5_EXPR = re.compile(r'(?:body|chars) : (?:"(?:[^"]|"")*"|\("(?:[^"]|"")*"(?: \+ "(?:[^"]|"")*")*\))')


_FTS5_STRING = re.compile(r'"(?:[^"]|"")*"')
_FTS5_SYNTAX = re.compile(r"(?:body :|chars :|names :|\(|\)|\+|OR|AND|S| )*")  # S: a quoted string


@pytest.mark.parametrize("q", ["公安 疆 陈全国 \"detention centre\" police", *INJECTIONS, "a\"b'c\\d&e|f!g:*h"])
def test_fts5_expression_quotes_every_token(q: str) -> None:
    expr = parse_query(q, names=False).fts5_match()
    assert all(_FTS5_EXPR.fullmatch(part) for part in expr.split(" AND ")) or expr == '""'
    # with the derived forms' alternatives: every token still quoted, nothing else but our operators
    assert _FTS5_SYNTAX.fullmatch(_FTS5_STRING.sub("S", parse_query(q).fts5_match()))


def test_fts5_and_pg_forms_with_alternatives() -> None:
    """A name in characters without its dot (努尔依力哈木) also looks for its Latin readings among the names, so that
    rows written in Latin are found (issue 17, item 7)."""
    query = parse_query('Tekes 疆 "Nur Ilham" 努尔依力哈木')
    fts5, pg = query.fts5_match(), query.pg_tsquery()
    assert fts5.startswith(
        '(body : "tekes" OR ((names : "tekes")) OR ((names : "xjcounty654027"))) AND chars : "疆" AND '
        'body : ("nur" + "ilham") AND (body : ("努尔" + "尔依" + "依力" + "力哈" + "哈木") OR ((names : "努尔依力哈木")) '
        'OR ((names : "nuryilham" OR ')
    assert ' OR names : "nurilham" OR ' in fts5 and fts5.endswith(")))")
    assert pg.startswith(
        "('tekes' | (('=tekes')) | (('=xjcounty654027'))) & '~疆' & ('nur' <-> 'ilham') & "
        "(('努尔' <-> '尔依' <-> '依力' <-> '力哈' <-> '哈木') | (('=努尔依力哈木')) | (('=nuryilham' | ")
    assert " | '=nurilham' | " in pg and pg.endswith(")))")


def test_fts5_and_pg_forms() -> None:
    query = parse_query('陈全国 疆 "detention centre" police', names=False)
    assert query.fts5_match() == (
        'chars : "陈全国" AND chars : "疆" AND body : ("detention" + "centre") AND body : "police"'
    )
    assert query.pg_tsquery() == "'~陈全国' & '~疆' & ('detention' <-> 'centre') & 'police'"


def test_escaping_of_quotes_and_backslashes() -> None:
    # tokens never contain these, but the quoting must be right even if they did
    query = Query((Term(("it's", 'say "x"', "a\\b")),))
    assert query.fts5_match() == 'body : ("it\'s" + "say ""x""" + "a\\b")'
    assert query.pg_tsquery() == "('it''s' <-> 'say \"x\"' <-> 'a\\\\b')"
    assert tsvector_literal(["it's", "a\\b"], []) == "'it''s':1 'a\\\\b':2"


# --- tsvector_literal -------------------------------------------------------------------------


def test_tsvector_literal_positions_and_chars_namespace() -> None:
    literal = tsvector_literal(*index_streams("陈全国 陈全 ok ok"))
    assert literal == (
        "'陈全':1,4 '全国':2 '国陈':3 'ok':5,6 "  # main stream: positions, for phrases
        "'~全' '~全国陈' '~全国陈全' '~国' '~国陈全' '~陈' '~陈全国' '~陈全国陈'"  # chars and grams: none
    )


def test_tsvector_literal_limits() -> None:
    tsvector_literal(["a"] * PG_MAX_POSITION, [])
    with pytest.raises(PassageTooLong):
        tsvector_literal(["a"] * (PG_MAX_POSITION + 1), [])
    with pytest.raises(PassageTooLong):
        tsvector_literal([f"{i:05d}" + "x" * 250 for i in range(5000)], [])
