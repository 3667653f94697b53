"""PostgreSQL engine: a table of tsvectors (one per passage) with a GIN index.

A passage's tsvector holds its three streams (main, chars with ``~``, names with ``=``: analysis.py).

The tsvector and tsquery are built as literals from analysis.py's tokens, never by PostgreSQL's
text parser (which does not segment Chinese), so matching is the same as on SQLite.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import connection

from adalet.archive.search.analysis import Query, index_streams, tsvector_literal
from adalet.archive.search.common import filters, page_of_items
from adalet.archive.search.derived import index_tokens

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
    rows = [(passage.pk, tsvector_literal(*index_streams(passage.text), index_tokens(passage.text))) for passage in passages]
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {TABLE}(passage_id, tsv) VALUES (%s, %s::tsvector)", rows)


def clear() -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE}")


def refresh_statistics() -> None:
    """Merge the GIN pending list and refresh statistics (autovacuum may not have come yet after a bulk load)."""
    with connection.cursor() as cursor:
        if connection.in_atomic_block:  # VACUUM cannot run in a transaction (a migration, adalet reindex): ANALYZE can
            cursor.execute(f"ANALYZE {TABLE}")
        else:
            cursor.execute(f"VACUUM (ANALYZE) {TABLE}")
        cursor.execute("ANALYZE archive_passage, archive_item")


def best_per_item(
    query: Query, collection_ids: Sequence[int] | None, prefixes: Sequence[str], limit: int, offset: int,
    withheld: bool = False, item_ids: Sequence[int] | None = None,
) -> tuple[int, list[tuple[int, float]]]:
    """(items matched, [(passage id, score)] of the page of best items), in one pass.

    ts_rank reads a whole tsvector per row (tens of ms for thousands of passages), so each item is
    ranked by its first matching passage only: matching stays exact and the GIN index finds it.
    """
    where, params = filters(collection_ids, prefixes, withheld, item_ids)
    grouped = (
        f"SELECT r.item_id, r.passage_id, ts_rank(s.tsv, q.q) AS rank FROM (SELECT %s::tsquery AS q) q "
        f"CROSS JOIN LATERAL (SELECT DISTINCT ON (p.item_id) p.item_id, p.id AS passage_id FROM {TABLE} m "
        f"JOIN archive_passage p ON p.id = m.passage_id WHERE m.tsv @@ q.q{where} ORDER BY p.item_id, p.id) r "
        f"JOIN {TABLE} s ON s.passage_id = r.passage_id"
    )
    return page_of_items(grouped, [query.pg_tsquery(), *params], "rank DESC, item_id", limit, offset, higher_is_better=True)


def matching(
    query: Query, collection_ids: Sequence[int] | None, prefixes: Sequence[str], limit: int, withheld: bool = False
) -> list[int]:
    """The ids of the passages that match (at most `limit`, in passage order)."""
    where, params = filters(collection_ids, prefixes, withheld)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT p.id FROM {TABLE} m JOIN archive_passage p ON p.id = m.passage_id WHERE m.tsv @@ %s::tsquery{where} "
            "ORDER BY p.id LIMIT %s",
            [query.pg_tsquery(), *params, limit],
        )
        return [row[0] for row in cursor.fetchall()]
