"""SQLite engine: an FTS5 table (body, chars, names) whose rowid is the passage id.

Tokens come pre-analysed from analysis.py joined by spaces; the `ascii` tokenizer only splits
them again on the spaces. `bm25()` ranks (lower is better; reported negated); the best passage
of each item, the page of best items and their total come from one grouped query.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import connection

from adalet.archive.search.analysis import FTS5_TOKENIZE, Query, fts5_columns
from adalet.archive.search.common import filters, page_of_items

TABLE = "archive_search_fts"


def install(schema_editor: Any) -> None:
    schema_editor.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5(body, chars, names, tokenize={FTS5_TOKENIZE!r})")


def uninstall(schema_editor: Any) -> None:
    schema_editor.execute(f"DROP TABLE IF EXISTS {TABLE}")


def index(passages: Sequence[Any]) -> None:
    rows = [(passage.pk, *fts5_columns(passage.text)) for passage in passages]
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {TABLE}(rowid, body, chars, names) VALUES (%s, %s, %s, %s)", rows)


def clear() -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {TABLE}")


def refresh_statistics() -> None:
    """Refresh the planner's statistics after a large ingest."""
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA optimize")


def best_per_item(
    query: Query, collection_ids: Sequence[int] | None, prefixes: Sequence[str], limit: int, offset: int,
    withheld: bool = False, item_ids: Sequence[int] | None = None,
) -> tuple[int, list[tuple[int, float]]]:
    """(items matched, [(best passage id, score)] of the page of best items), in one pass."""
    where, params = filters(collection_ids, prefixes, withheld, item_ids)
    # SQLite returns the bare column f.rowid from the row holding MIN(f.rank).
    grouped = (
        f"SELECT p.item_id, f.rowid AS passage_id, MIN(f.rank) AS rank FROM {TABLE} f "
        f"JOIN archive_passage p ON p.id = f.rowid WHERE {TABLE} MATCH %s{where} GROUP BY p.item_id"
    )
    return page_of_items(grouped, [query.fts5_match(), *params], "rank, item_id", limit, offset, higher_is_better=False)


def matching(
    query: Query, collection_ids: Sequence[int] | None, prefixes: Sequence[str], limit: int, withheld: bool = False
) -> list[int]:
    """The ids of the passages that match (at most `limit`, in passage order)."""
    where, params = filters(collection_ids, prefixes, withheld)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT f.rowid FROM {TABLE} f JOIN archive_passage p ON p.id = f.rowid WHERE {TABLE} MATCH %s{where} "
            "ORDER BY f.rowid LIMIT %s",
            [query.fts5_match(), *params, limit],
        )
        return [row[0] for row in cursor.fetchall()]
