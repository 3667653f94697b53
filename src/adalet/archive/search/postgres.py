"""PostgreSQL engine: a table of tsvectors (one per passage) with a GIN index.

The tsvector and tsquery are built as literals from analysis.py's tokens, never by PostgreSQL's
text parser (which does not segment Chinese), so matching is the same as on SQLite.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import connection

from adalet.archive.search.analysis import Query, index_streams, tsvector_literal
from adalet.archive.search.common import HIT_COLUMNS, HIT_JOINS, as_rows, filters

TABLE = "archive_search_tsv"


def install(schema_editor: Any) -> None:
    schema_editor.execute(
        f"CREATE TABLE IF NOT EXISTS {TABLE} (passage_id bigint PRIMARY KEY "
        f"REFERENCES archive_passage(id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED, tsv tsvector NOT NULL)"
    )
    schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {TABLE}_gin ON {TABLE} USING GIN (tsv)")


def uninstall(schema_editor: Any) -> None:
    schema_editor.execute(f"DROP TABLE IF EXISTS {TABLE}")


def index(passages: Sequence[Any]) -> None:
    rows = [(passage.pk, tsvector_literal(*index_streams(passage.text))) for passage in passages]
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {TABLE}(passage_id, tsv) VALUES (%s, %s::tsvector)", rows)


def search(
    query: Query, collection_ids: Sequence[int] | None, prefixes: Sequence[str], limit: int, offset: int
) -> tuple[int, list[dict[str, Any]]]:
    where, params = filters(collection_ids, prefixes)
    matched = (
        f"SELECT p.id AS passage_id, p.item_id, ts_rank(s.tsv, q.q) AS rank FROM {TABLE} s "
        f"JOIN archive_passage p ON p.id = s.passage_id CROSS JOIN (SELECT %s::tsquery AS q) q "
        f"WHERE s.tsv @@ q.q{where}"
    )
    best = (
        f"SELECT DISTINCT ON (item_id) passage_id, item_id, rank FROM ({matched}) m "
        f"ORDER BY item_id, rank DESC, passage_id"
    )
    tsquery = query.pg_tsquery()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(DISTINCT item_id) FROM ({matched}) m", [tsquery, *params])
        total = cursor.fetchone()[0]
        cursor.execute(
            f"SELECT b.rank, {HIT_COLUMNS} FROM ({best}) b JOIN archive_passage p ON p.id = b.passage_id {HIT_JOINS} "
            f"ORDER BY b.rank DESC, b.item_id LIMIT %s OFFSET %s",
            [tsquery, *params, limit, offset],
        )
        rows = as_rows(cursor)
    return total, rows
