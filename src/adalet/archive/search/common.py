"""SQL shared by both engines: filters on passages, and the rows hits are made of."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import connection


def filters(
    collection_ids: Sequence[int] | None, prefixes: Sequence[str], withheld: bool = False,
    item_ids: Sequence[int] | None = None,
) -> tuple[str, list[Any]]:
    """SQL conditions on passage p for the collection, media type and item filters; withheld items left out unless
    `withheld` (the few there are, read through their partial index)."""
    clauses: list[str] = []
    params: list[Any] = []
    if item_ids is not None:
        clauses.append(f"p.item_id IN ({', '.join(['%s'] * len(item_ids))})" if item_ids else "1 = 0")
        params += list(item_ids)
    if not withheld:
        clauses.append("p.item_id NOT IN (SELECT w.id FROM archive_item w WHERE w.withheld)")
    if collection_ids is not None:
        clauses.append(f"p.collection_id IN ({', '.join(['%s'] * len(collection_ids))})")
        params += list(collection_ids)
    if prefixes:
        ors = []
        for prefix in prefixes:
            if prefix.endswith("/"):
                ors.append("p.media_type LIKE %s")
                params.append(prefix + "%")
            else:
                ors.append("p.media_type = %s")
                params.append(prefix)
        clauses.append("(" + " OR ".join(ors) + ")")
    return "".join(f" AND {c}" for c in clauses), params


def page_of_items(
    grouped_sql: str, params: list[Any], order_by: str, limit: int, offset: int, higher_is_better: bool
) -> tuple[int, list[tuple[int, float]]]:
    """Run a query grouping matched passages per item (columns item_id, passage_id, rank).

    Returns the number of items and a page of (best passage id, score) with higher scores better.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT passage_id, rank, COUNT(*) OVER () FROM ({grouped_sql}) g ORDER BY {order_by} LIMIT %s OFFSET %s",
            [*params, limit, offset],
        )
        rows = cursor.fetchall()
        if not rows and offset:  # a page past the end still reports the total
            cursor.execute(f"SELECT COUNT(*) FROM ({grouped_sql}) g", params)
            return int(cursor.fetchone()[0]), []
    sign = 1.0 if higher_is_better else -1.0
    return (int(rows[0][2]) if rows else 0), [(passage, sign * float(rank)) for passage, rank, _total in rows]


def hit_rows(passage_ids: Sequence[int]) -> dict[int, dict[str, Any]]:
    """The fields a hit shows, for these passages, keyed by passage id."""
    if not passage_ids:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT p.id, p.item_id, c.name, i.locator, i.name, i.media_type, p.label, p.text FROM archive_passage p "
            "JOIN archive_item i ON i.id = p.item_id JOIN archive_collection c ON c.id = p.collection_id "
            f"WHERE p.id IN ({', '.join(['%s'] * len(passage_ids))})",
            list(passage_ids),
        )
        keys = ("passage_id", "item_id", "collection", "locator", "name", "media_type", "label", "text")
        return {row[0]: dict(zip(keys, row)) for row in cursor.fetchall()}
