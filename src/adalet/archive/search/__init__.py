"""Full-text search over the archive: one interface, two engines (SQLite FTS5, PostgreSQL).

Text is analysed in Python (analysis.py: Han bigrams and single characters, Uyghur letter-form
folding, Latin case and accent folding), identically for both engines, so a query finds the same
items on either. Names and places a passage mentions are indexed also in their derived forms
(derived.py: other scripts, the characters without the middle dot, a county in any script), and a hit
found through them says so (`Hit.explanation`). Snippets are cut from the original passage text with
the matches marked.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from django.db import connection

from adalet.archive.mediatypes import media_type_prefixes
from adalet.archive.search.analysis import Query, parse_query
from adalet.archive.search.common import hit_rows
from adalet.archive.search.rows import matched_rows, page_of, sheet_of
from adalet.archive.search.snippets import snippet_explained

if TYPE_CHECKING:
    from django.db.backends.base.schema import BaseDatabaseSchemaEditor

MAX_LIMIT = 200


@dataclass
class Hit:
    item_id: int
    collection: str
    locator: str
    name: str
    media_type: str
    label: str
    snippet: str
    rank: float
    explanation: str = ""  # a match through derived forms, in words: "matched 'Tekes' as 特克斯县"
    sheet: str = ""  # a spreadsheet's hit: the sheet of its rows
    rows: list[int] = field(default_factory=list)  # ... and the rows that match on their own (rows.py)
    page: int = 0  # a PDF's (or a scan's) hit: its page

    def as_dict(self) -> dict[str, object]:
        return dict(self.__dict__)


@dataclass
class Results:
    query: str
    total: int
    hits: list[Hit] = field(default_factory=list)
    withheld: int = 0  # personal numbers left out of the query: the asker may not search for them
    problems: tuple[str, ...] = ()  # what of the query could not be read (syntax.Problem), for the reader


class _Engine(Protocol):
    """What each engine module (search/sqlite.py, search/postgres.py) provides."""

    def install(self, schema_editor: Any) -> None: ...
    def uninstall(self, schema_editor: Any) -> None: ...
    def index(self, passages: Sequence[Any]) -> None: ...
    def clear(self) -> None: ...
    def refresh_statistics(self) -> None: ...
    def best_per_item(
        self, query: Query, collection_ids: Sequence[int] | None, prefixes: Sequence[str], limit: int, offset: int,
        withheld: bool = False, item_ids: Sequence[int] | None = None,
    ) -> tuple[int, list[tuple[int, float]]]: ...
    def matching(
        self, query: Query, collection_ids: Sequence[int] | None, prefixes: Sequence[str], limit: int,
        withheld: bool = False,
    ) -> list[int]: ...


def _engine() -> _Engine:
    if connection.vendor == "postgresql":
        from adalet.archive.search import postgres

        return postgres
    from adalet.archive.search import sqlite

    return sqlite


def install(schema_editor: BaseDatabaseSchemaEditor) -> None:
    """Create the engine's index structures (called from a migration)."""
    _engine().install(schema_editor)


def uninstall(schema_editor: BaseDatabaseSchemaEditor) -> None:
    _engine().uninstall(schema_editor)


def index(passages: Sequence[Any]) -> None:
    """Add freshly created passages (with ids) to the index, in the caller's transaction."""
    if passages:
        _engine().index(passages)


def rebuild(passages: Any, batch: int = 2000) -> int:
    """Index every passage again, from scratch (after a change of analysis or of the index key); returns how many.

    `passages`: a queryset or model manager of passages (a migration passes its historical model's)."""
    _engine().clear()
    done = 0
    chunk: list[Any] = []
    for passage in passages.order_by("pk").only("pk", "text").iterator(chunk_size=batch):
        chunk.append(passage)
        if len(chunk) == batch:
            index(chunk)
            done += len(chunk)
            chunk = []
    index(chunk)
    refresh_statistics()
    return done + len(chunk)


def refresh_statistics() -> None:
    """After a large ingest: let the planner and the index catch up (PostgreSQL's GIN pending list)."""
    _engine().refresh_statistics()


def search(
    text: str,
    *,
    collection_ids: Sequence[int] | None = None,
    kind: str | None = None,
    limit: int = 20,
    offset: int = 0,
    personal_data: bool = False,
    withheld: bool = False,
    item_ids: Sequence[int] | None = None,
) -> Results:
    """Items whose text or metadata match every term of the query, best first, one hit per item.

    Only with `personal_data` (the asker may see ID numbers) can a query find a personal number, and do
    snippets show them; otherwise the query's personal numbers are left out (`Results.withheld`) and
    snippets are cut from the masked text (`adalet.lib.personal`). Items withheld until published
    (`Item.withheld`) are found only with `withheld` (those who review them). With `item_ids`, only those items.

    A spreadsheet's hit names the rows that match (`Hit.rows`, rows.py), a PDF's its page (`Hit.page`).
    """
    query: Query = parse_query(text, personal_numbers="hash" if personal_data else "withhold")
    results = Results(query=text, total=0, withheld=query.withheld, problems=query.problems)
    if query.is_empty or (collection_ids is not None and not collection_ids) or (item_ids is not None and not item_ids):
        return results
    prefixes = media_type_prefixes(kind) if kind else ()
    limit = max(1, min(limit, MAX_LIMIT))
    results.total, best = _engine().best_per_item(
        query, collection_ids, prefixes, limit, max(0, offset), withheld, item_ids=item_ids
    )
    rows = hit_rows([passage for passage, _score in best])
    marked, tables = query.marked(), dict[int, Any]()
    results.hits = [_hit(rows[passage], score, query, marked, personal_data, tables) for passage, score in best if passage in rows]
    return results


def matching_passages(
    text: str,
    *,
    collection_ids: Sequence[int] | None = None,
    kind: str | None = None,
    personal_data: bool = False,
    withheld: bool = False,
    limit: int = 1000,
) -> tuple[Query, list[dict[str, Any]]]:
    """The query as parsed, and the passages that match it (at most `limit`, in passage order) with their fields
    (`hit_rows`'): for counting facets over what a search found, not for showing (their text is not masked)."""
    query: Query = parse_query(text, personal_numbers="hash" if personal_data else "withhold")
    if query.is_empty or (collection_ids is not None and not collection_ids):
        return query, []
    prefixes = media_type_prefixes(kind) if kind else ()
    found = _engine().matching(query, collection_ids, prefixes, max(1, limit), withheld)
    rows = hit_rows(found)
    return query, [rows[passage] for passage in found if passage in rows]


def _hit(row: dict[str, Any], score: float, query: Query, marked: Query, personal_data: bool,
         tables: dict[int, Any]) -> Hit:
    text, explanation = snippet_explained(str(row["text"]), marked, masked=not personal_data)
    label = str(row["label"])
    where = sheet_of(label)
    return Hit(
        item_id=int(row["item_id"]),
        collection=str(row["collection"]),
        locator=str(row["locator"]),
        name=str(row["name"]),
        media_type=str(row["media_type"]),
        label=str(row["label"]),
        snippet=text,
        rank=float(score),
        explanation=explanation,
        sheet=where[0] if where else "",
        rows=matched_rows(int(row["item_id"]), label, str(row["text"]), query, tables) if where else [],
        page=page_of(label),
    )
