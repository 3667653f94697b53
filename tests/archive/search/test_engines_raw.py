"""The analysis really works on both engines, without Django: same documents, same answers.

SQLite: an in-memory FTS5 table (body, chars) queried with `Query.fts5_match()`.
PostgreSQL: a TEMP table with a tsvector column and a GIN index, filled with
`tsvector_literal()` and queried with `Query.pg_tsquery()` (skipped if no server answers at
$DATABASE_URL or postgresql://postgres@127.0.0.1:5432/test).

The expectations are written once (CASES) and run on every engine.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator

import pytest

from adalet.archive.search.analysis import (
    FTS5_TOKENIZE,
    fts5_columns,
    index_streams,
    parse_query,
    tsvector_literal,
)
from adalet.archive.search.derived import index_tokens
from tests.services import skip_reason

SPEECH, SHEET, UYGHUR, ENGLISH, DECOY, LATIN, PDF = 1, 2, 3, 4, 5, 6, 7

DOCS = {
    SPEECH: "同志们：陈全国同志指出，新疆公安机关要把在押人员管好，做到应收尽收。",
    SHEET: "序号\t姓名\t身份证号\t状态\n17\t王洋\t65010219800101123X\t在押",
    # ئۇيغۇر ساقچى ھۆكۈمەت خەلق, as PDF extraction gives it: presentation forms only
    UYGHUR: "\ufe8b\ufbd8\ufef3\ufed0\ufbd8\ufead \ufeb3\ufe8e\ufed7\ufb7d\ufef0 "
    "\ufeeb\ufbda\ufedb\ufbdc\ufee3\ufeea\ufe95 \ufea7\ufeea\ufedf\ufed6",
    ENGLISH: "The detention centre in Kashgar held 300 people; police records were leaked.",
    DECOY: "陈先生走遍全国各地。",  # has 陈 and 全国, but not 陈全国
    LATIN: "Ürümchi shehiridiki saqchi idarisi",  # Uyghur in Latin script
    PDF: "名单由公\n安局提供",  # a word broken by a PDF line break
}

NONE: set[int] = set()

CASES: list[tuple[str, set[int]]] = [
    # Chinese: one, two, three characters
    ("疆", {SPEECH}),
    ("押", {SPEECH, SHEET}),
    ("全", {SPEECH, DECOY}),
    ("公安", {SPEECH, PDF}),
    ("在押", {SPEECH, SHEET}),
    ("王洋", {SHEET}),
    ("全国", {SPEECH, DECOY}),
    ("陈全国", {SPEECH}),
    ("公安局", {PDF}),
    ("安在", NONE),
    ("陈 全国", {SPEECH, DECOY}),
    ("在押 王洋", {SHEET}),
    ("公安 王洋", NONE),
    ('"公安 机关"', {SPEECH}),
    # ID numbers
    ("65010219800101123x", {SHEET}),
    ("65010219800101123X", {SHEET}),
    ("６５０１０２１９８００１０１１２３ｘ", {SHEET}),
    ("6501021980010112", NONE),  # no prefix matching
    # Uyghur in base letters (and common variants) finds the presentation-form document
    ("\u0626\u06c7\u064a\u063a\u06c7\u0631", {UYGHUR}),  # ئۇيغۇر
    ("\u0633\u0627\u0642\u0686\u0649", {UYGHUR}),  # ساقچى
    ("\u0633\u0627\u0642\u0686\u06cc", {UYGHUR}),  # Farsi yeh
    ("\u0633\u0627\u0642\u0686\u064a", {UYGHUR}),  # Arabic yeh
    ("\u0633\u0627\u0642\u0640\u0640\u0686\u0649", {UYGHUR}),  # tatweel
    ("\u0633\u064e\u0627\u0642\u0686\u0649", {UYGHUR}),  # fatha
    ("\u06be\u06c6\u0643\u06c8\u0645\u06d5\u062a", {UYGHUR}),  # ھۆكۈمەت
    ("\u06be\u06c6\u06a9\u06c8\u0645\u06d5\u062a", {UYGHUR}),  # with keheh
    ("\u062e\u0647\u0644\u0642", {UYGHUR}),  # خەلق typed with Arabic heh
    ('"\u0633\u0627\u0642\u0686\u0649 \u06be\u06c6\u0643\u06c8\u0645\u06d5\u062a"', {UYGHUR}),  # phrase
    ('"\u06be\u06c6\u0643\u06c8\u0645\u06d5\u062a \u0633\u0627\u0642\u0686\u0649"', NONE),  # reversed
    # Latin and English
    ("police", {ENGLISH}),
    ("POLICE", {ENGLISH}),
    ("Police.", {ENGLISH}),
    ("kashgar 300", {ENGLISH}),
    ('"detention centre"', {ENGLISH}),
    ("“detention centre”", {ENGLISH}),
    ('"centre detention"', NONE),
    ("centre detention", {ENGLISH}),
    ("urumchi", {LATIN}),
    ("ÜRÜMCHI", {LATIN}),
    ("ürümchi saqchi", {LATIN}),
    # empty and injection-like queries: nothing, or the literal words, never an error
    ("", NONE),
    ("   ", NONE),
    ('"', NONE),
    ("!!!", NONE),
    ('police"', {ENGLISH}),
    ('"police', {ENGLISH}),
    ("police*", {ENGLISH}),
    ("polic*", NONE),
    ("police:*", {ENGLISH}),
    ("公安:*", {SPEECH, PDF}),
    ("NEAR(police", NONE),
    ("NEAR(police detention)", NONE),
    ("body:police", NONE),
    ("chars:疆", NONE),
    ("{body}: police", NONE),
    # the query syntax (syntax.py): OR, AND, -minus, NOT; lower-case or is a word
    ("police OR nothing", {ENGLISH}),
    ("police or nothing", NONE),
    ("police AND detention", {ENGLISH}),
    ("police NOT detention", NONE),
    ("police -detention", NONE),
    ("police -nothing", {ENGLISH}),
    ("police - detention", {ENGLISH}),
    ("-police", NONE),
    ("公安 OR Kashgar", {SPEECH, PDF, ENGLISH}),
    ('"detention centre" OR 陈全国 OR 王洋', {ENGLISH, SPEECH, SHEET}),
    ('公安 -"在押人员"', {PDF}),
    ("公安 OR Kashgar -陈全国", {PDF, ENGLISH}),
    ("police OR", {ENGLISH}),
    ("OR police", {ENGLISH}),
    ("police OR OR detention", {ENGLISH}),
    ("police OR -detention", NONE),
    ("-(police)", NONE),
    ("!police", {ENGLISH}),
    ("police'", {ENGLISH}),
    ("police\\", {ENGLISH}),
    ("police & detention", {ENGLISH}),
    ("police | detention", {ENGLISH}),
    ("(police) ^detention +centre", {ENGLISH}),
    ("'); DROP TABLE docs; --", NONE),
    ("\\' OR 1=1 --", NONE),
]

Search = Callable[[str], set[int]]


# --- SQLite FTS5 ------------------------------------------------------------------------------

SQLITE_TOKENIZERS = {
    "sqlite-ascii": FTS5_TOKENIZE,  # the declaration to use
    "sqlite-unicode61": "unicode61 remove_diacritics 0 categories 'L* N* Co M*'",  # also works
}


def sqlite_table(tokenize: str) -> sqlite3.Connection:
    db = sqlite3.connect(":memory:")
    db.execute(f"CREATE VIRTUAL TABLE t USING fts5(body, chars, names, tokenize=\"{tokenize}\")")
    db.executemany(
        "INSERT INTO t(rowid, body, chars, names) VALUES (?, ?, ?, ?)",
        [(doc_id, *fts5_columns(text)) for doc_id, text in DOCS.items()],
    )
    return db


def sqlite_search(db: sqlite3.Connection) -> Search:
    def search(q: str) -> set[int]:
        match = parse_query(q, personal_numbers="hash").fts5_match()
        return {row[0] for row in db.execute("SELECT rowid FROM t WHERE t MATCH ?", (match,))}

    return search


# --- PostgreSQL -------------------------------------------------------------------------------

DEFAULT_PG_URL = "postgresql://postgres@127.0.0.1:5432/test"


def pg_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else DEFAULT_PG_URL


@pytest.fixture(scope="module")
def pg() -> Iterator[object]:
    import psycopg

    try:
        conn = psycopg.connect(pg_url(), connect_timeout=3, autocommit=True)
    except psycopg.OperationalError as exc:
        pytest.skip(skip_reason("postgresql", str(exc).strip()))
    conn.add_notice_handler(lambda diag: None)  # '' tsquery: "doesn't contain lexemes"
    conn.execute("CREATE TEMP TABLE docs (id int PRIMARY KEY, tsv tsvector NOT NULL)")
    conn.execute("CREATE INDEX docs_tsv ON docs USING GIN (tsv)")
    with conn.cursor() as cur:
        cur.executemany(
            "INSERT INTO docs (id, tsv) VALUES (%s, %s::tsvector)",
            [(doc_id, tsvector_literal(*index_streams(text), index_tokens(text))) for doc_id, text in DOCS.items()],
        )
    conn.execute("ANALYZE docs")
    yield conn
    conn.close()


def pg_search(conn, *, gin: bool) -> Search:  # type: ignore[no-untyped-def]
    conn.execute(f"SET enable_seqscan = {'off' if gin else 'on'}")

    def search(q: str) -> set[int]:
        rows = conn.execute("SELECT id FROM docs WHERE tsv @@ %s::tsquery", (parse_query(q, personal_numbers="hash").pg_tsquery(),))
        return {row[0] for row in rows}

    return search


# --- the same expectations on every engine ----------------------------------------------------

ENGINES = [*SQLITE_TOKENIZERS, "postgresql-gin", "postgresql-seqscan"]


@pytest.fixture(params=ENGINES)
def search(request: pytest.FixtureRequest) -> Search:
    if request.param.startswith("sqlite"):
        return sqlite_search(sqlite_table(SQLITE_TOKENIZERS[request.param]))
    return pg_search(request.getfixturevalue("pg"), gin=request.param.endswith("gin"))


def test_every_case_on_every_engine(search: Search) -> None:
    failures = [(q, expected, got) for q, expected in CASES if (got := search(q)) != expected]
    assert not failures, "\n".join(f"{q!r}: expected {sorted(e)}, got {sorted(g)}" for q, e, g in failures)


@pytest.mark.parametrize("tokenize", SQLITE_TOKENIZERS.values())
def test_fts5_keeps_our_tokens_intact(tokenize: str) -> None:
    db = sqlite_table(tokenize)
    db.execute("CREATE VIRTUAL TABLE v USING fts5vocab(t, 'instance')")
    stored = {(row[0], row[1], row[2], row[3]) for row in db.execute("SELECT doc, col, offset, term FROM v")}
    expected = set()
    for doc_id, text in DOCS.items():
        main, chars = index_streams(text)
        expected |= {(doc_id, "body", i, tok) for i, tok in enumerate(main)}
        expected |= {(doc_id, "chars", i, tok) for i, tok in enumerate(chars)}
        expected |= {(doc_id, "names", i, tok) for i, tok in enumerate(index_tokens(text))}
    assert stored == expected


def test_pg_tsvector_keeps_our_tokens_intact(pg) -> None:  # type: ignore[no-untyped-def]
    for doc_id, text in DOCS.items():
        main, chars = index_streams(text)
        (lexemes,) = pg.execute("SELECT tsvector_to_array(tsv) FROM docs WHERE id = %s", (doc_id,)).fetchone()
        assert set(lexemes) == set(main) | {"~" + c for c in chars} | {"=" + n for n in index_tokens(text)}


def test_pg_uses_the_gin_index(pg) -> None:  # type: ignore[no-untyped-def]
    pg.execute("SET enable_seqscan = off")
    plan = pg.execute("EXPLAIN SELECT id FROM docs WHERE tsv @@ %s::tsquery", (parse_query("公安").pg_tsquery(),))
    assert "docs_tsv" in "\n".join(row[0] for row in plan)


def test_sqlite_rank_bm25() -> None:
    query = parse_query("在押")
    ranked = sqlite_table(FTS5_TOKENIZE).execute(
        "SELECT rowid, bm25(t) FROM t WHERE t MATCH ? ORDER BY bm25(t)", (query.fts5_match(),)
    ).fetchall()
    assert {row[0] for row in ranked} == {SPEECH, SHEET}
    assert all(isinstance(row[1], float) for row in ranked)  # lower is better; not compared to PG


def test_pg_rank_ts_rank(pg) -> None:  # type: ignore[no-untyped-def]
    ranked = pg.execute(
        "SELECT id, ts_rank(tsv, q) AS r FROM docs, CAST(%s AS tsquery) q WHERE tsv @@ q ORDER BY r DESC",
        (parse_query("在押").pg_tsquery(),),
    ).fetchall()
    assert {row[0] for row in ranked} == {SPEECH, SHEET}
    assert all(isinstance(row[1], float) for row in ranked)  # higher is better
