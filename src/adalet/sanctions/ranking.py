"""The others, ranked: officials by the detentions the records place under their posts, with where they are designated.

One row per official of the registry: the gap matrix's cells (designated since when, per jurisdiction) and the
counts of `adalet.people.responsibility` (held and admitted during their tenures, people). The unsanctioned with the
most detentions come first: officials designated nowhere before those designated somewhere, then by detentions held
during a tenure, then admitted. An official whose posts cannot be placed (a unit naming no area, a post without a
start) is listed last with the reason, never with a count of 0; one without posts says so.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from adalet.people.models import Person
from adalet.people.responsibility import ResponsibilityError, compute
from adalet.sanctions.gaps import CODES, Row, gap_matrix


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


def ranking(collection_ids: Sequence[int] | None = None) -> list[Ranked]:
    """Every official with their counts and designations, the unsanctioned with the most detentions first."""
    ranked = []
    for row in gap_matrix():
        person = Person.objects.get(pk=row.official_id)
        posts = person.positions.count()
        if not posts:
            ranked.append(Ranked(row, 0, None, None, None, "no posts recorded"))
            continue
        try:
            result = compute(person, collection_ids, documents=False)
        except ResponsibilityError as error:
            ranked.append(Ranked(row, posts, None, None, None, str(error)))
            continue
        ranked.append(Ranked(row, posts, result.held, result.admitted, result.people))
    return sorted(ranked, key=lambda r: (r.held is None, bool(r.designated), -(r.held or 0), -(r.admitted or 0),
                                         r.row.name))
