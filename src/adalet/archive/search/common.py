"""SQL shared by both engines: the filters, and turning best-passage rows into hits."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

HIT_COLUMNS = (
    "p.item_id, c.name AS collection, i.locator, i.name, i.media_type, p.label, p.text"
)
HIT_JOINS = (
    "JOIN archive_item i ON i.id = p.item_id JOIN archive_collection c ON c.id = p.collection_id"
)


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


def as_rows(cursor: Any) -> list[dict[str, Any]]:
    names = [column[0] for column in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]
