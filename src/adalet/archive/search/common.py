"""SQL shared by both engines: filters on passages, and the rows hits are made of."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import connection

def filters(collection_ids: Sequence[int] | None, prefixes: Sequence[str]) -> tuple[str, list[Any]]:
    """SQL conditions on passage p for the collection and media type filters."""
    clauses: list[str] = []
    params: list[Any] = []
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


def count_only(grouped_sql: str, params: list[Any]) -> int:
    """Rows of a grouped query (asked only when a page beyond the last one came back empty)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM ({grouped_sql}) g", params)
        return int(cursor.fetchone()[0])


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
