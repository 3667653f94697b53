"""The others, ranked: officials by the detentions the records place under their posts, with where they are designated.

One row per official of the registry: the gap matrix's cells (designated since when, per jurisdiction) and the
counts of `adalet.people.responsibility` (held and admitted during their tenures, people). The unsanctioned with the
most detentions come first: officials designated nowhere before those designated somewhere, then by detentions held
during a tenure, then admitted. An official whose posts cannot be placed (a unit naming no area, a post without a
start) is listed last with the reason, never with a count of 0; one without posts says so.

Ranking costs a responsibility count per official (0.04-0.5 s each), so `cached_ranking` keeps it in the shared cache
(Redis or files, as the page cache) under the generation token of `adalet.changes`: every committed write to the
people, archive or sanctions tables (a records map, a post added, a designation, a publication) renews the token,
and the next reader counts again. Nothing is kept per process; inside an open transaction nothing is cached.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db import connection

from adalet import changes
from adalet.people.models import Person
from adalet.people.responsibility import Responsibility, ResponsibilityError, compute
from adalet.sanctions.gaps import CODES, Row, gap_matrix

log = logging.getLogger("adalet.sanctions.ranking")
CACHE_SECONDS = 24 * 3600  # a renewed token makes an entry unreachable sooner; this only frees the space
Progress = Callable[[int, int], None]  # (officials counted, officials)


@dataclass
class Ranked:
    row: Row
    posts: int
    held: int | None  # None: not counted (see ``problem``)
    admitted: int | None
    people: int | None
    problem: str = ""

    @property
    def designated(self) -> list[str]:
        return [code for code in CODES if self.row.cells[code].date]

    def as_dict(self) -> dict[str, Any]:
        return {"official": self.row.official_id, "name": self.row.name, "posts": self.posts,
                "held_during_tenure": self.held, "admitted_during_tenure": self.admitted, "people": self.people,
                "problem": self.problem, "designations": {c: self.row.cells[c].as_dict() for c in CODES},
                "gaps": self.row.gaps}


def count(person: Person, collection_ids: Sequence[int] | None, *, hide_withheld: bool = False) -> Responsibility:
    """The official's responsibility counts; ``hide_withheld``: rows of items withheld until published left out (what a
    visitor may be shown), counted again only when the collections hold such rows."""
    result = compute(person, collection_ids, documents=False)
    if hide_withheld and result.posts and result.base.filter(source__item__withheld=True).exists():
        result.base = result.base.exclude(source__item__withheld=True)
        result.tally()
    return result


def ranking(collection_ids: Sequence[int] | None = None, *, hide_withheld: bool = False,
            progress: Progress | None = None) -> list[Ranked]:
    """Every official with their counts and designations, the unsanctioned with the most detentions first."""
    ranked: list[Ranked] = []
    rows = gap_matrix()
    for row in rows:
        if progress:
            progress(len(ranked), len(rows))
        person = Person.objects.get(pk=row.official_id)
        posts = person.positions.count()
        if not posts:
            ranked.append(Ranked(row, 0, None, None, None, "no posts recorded"))
            continue
        try:
            result = count(person, collection_ids, hide_withheld=hide_withheld)
        except ResponsibilityError as error:
            ranked.append(Ranked(row, posts, None, None, None, str(error)))
            continue
        ranked.append(Ranked(row, posts, result.held, result.admitted, result.people))
    return sorted(ranked, key=lambda r: (r.held is None, bool(r.designated), -(r.held or 0), -(r.admitted or 0),
                                         r.row.name))


def cache_key(generation: str, collection_ids: Sequence[int] | None, hide_withheld: bool) -> str:
    scope = "all" if collection_ids is None else ",".join(map(str, sorted(collection_ids)))
    wanted = hashlib.sha256(f"{scope}|{hide_withheld}".encode()).hexdigest()[:24]
    return f"ranking:{changes.scope()}:{generation}:{wanted}"


def cached_ranking(collection_ids: Sequence[int] | None = None, *, hide_withheld: bool = False,
                   progress: Progress | None = None) -> list[Ranked]:
    """`ranking`, from the shared cache while no committed write has renewed the generation token (see the module)."""
    if connection.in_atomic_block:  # may see writes not yet committed: never kept for others
        return ranking(collection_ids, hide_withheld=hide_withheld, progress=progress)
    try:
        key = cache_key(changes.generation(), collection_ids, hide_withheld)  # the token before the rows
        found = cache.get(key)
    except Exception:  # the cache is down: count without it
        log.exception("ranking cache unavailable")
        return ranking(collection_ids, hide_withheld=hide_withheld, progress=progress)
    if found is not None:
        return list(found)
    ranked = ranking(collection_ids, hide_withheld=hide_withheld, progress=progress)
    try:
        cache.set(key, ranked, CACHE_SECONDS)
    except Exception:
        log.exception("could not keep the ranking")
    return ranked
