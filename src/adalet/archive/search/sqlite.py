"""SQLite engine: an FTS5 table (body, chars) whose rowid is the passage id.

Tokens come pre-analysed from analysis.py joined by spaces; the unicode61 tokenizer only splits
them again on the spaces. `bm25()` ranks; one hit per item (its best passage).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import connection

from adalet.archive.search.analysis import FTS5_TOKENIZE, Query, index_streams
from adalet.archive.search.common import HIT_COLUMNS, HIT_JOINS, as_rows, filters

TABLE = "archive_search_fts"


def install(schema_editor: Any) -> None:
    schema_editor.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5(body, chars, tokenize={FTS5_TOKENIZE!r})".replace("%", "%%"))


def uninstall(schema_editor: Any) -> None:
    schema_editor.execute(f"DROP TABLE IF EXISTS {TABLE}")


def index(passages: Sequence[Any]) -> None:
    rows = []
    for passage in passages:
        main, chars = index_streams(passage.text)
        rows.append((passage.pk, " ".join(main), " ".join(chars)))
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {TABLE}(rowid, body, chars) VALUES (%s, %s, %s)", rows)


def search(
    query: Query, collection_ids: Sequence[int] | None, prefixes: Sequence[str], limit: int, offset: int
) -> tuple[int, list[dict[str, Any]]]:
    where, params = filters(collection_ids, prefixes)
    matched = (
        f"SELECT p.id AS passage_id, p.item_id, bm25({TABLE}) AS rank FROM {TABLE} f "
        f"JOIN archive_passage p ON p.id = f.rowid WHERE {TABLE} MATCH %s{where}"
    )
    best = (
        f"SELECT passage_id, item_id, rank FROM (SELECT passage_id, item_id, rank, "
        f"ROW_NUMBER() OVER (PARTITION BY item_id ORDER BY rank, passage_id) AS n FROM ({matched})) WHERE n = 1"
    )
    match = query.fts5_match()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(DISTINCT item_id) FROM ({matched})", [match, *params])
        total = cursor.fetchone()[0]
        cursor.execute(
            f"SELECT b.rank, {HIT_COLUMNS} FROM ({best}) b JOIN archive_passage p ON p.id = b.passage_id {HIT_JOINS} "
            f"ORDER BY b.rank, b.item_id LIMIT %s OFFSET %s",
            [match, *params, limit, offset],
        )
        rows = as_rows(cursor)
    for row in rows:
        row["rank"] = -row["rank"]  # bm25: lower is better; hits report higher-is-better
    return total, rows
