"""`adalet officials responsibility`: the report, as text for a reader or as JSON, of `adalet.people.responsibility`.

Text: one block per post (unit, area and how it is known, tenure with its precision, the two counts), then the
totals (distinct detentions), the facilities with their counties, the people and photos counted, the documents that
name the official, and the rules with their limits. JSON: the keys `official`, `admitted_during_tenure`,
`held_during_tenure`, `people`, `photos`, `posts`, `facilities`, `documents`, each detention with its source.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from adalet.people.models import Person
from adalet.people.responsibility import LIMITS, RULE_ADMITTED, RULE_HELD, as_json, compute


def report_json(official: Person, collection_ids: Sequence[int] | None) -> dict[str, Any]:
    return as_json(compute(official, collection_ids))


def print_report(official: Person, collection_ids: Sequence[int] | None, out: Any) -> None:
    data = report_json(official, collection_ids)
    if not data["posts"]:
        out.write(f"{official.name}: no posts recorded, so nothing is counted (add them: adalet officials add NAME "
                  "--post 'TITLE @ UNIT : START-END', or adalet officials import-ftm FILE)\n")
        return
    out.write(f"{official.name}: {len(data['posts'])} posts\n")
    for post in data["posts"]:
        area = post["area"]
        out.write(f"  {post['title']} @ {post['unit']} : {post['start']}-{post['end']}\n"
                  f"    area: {area['label']} ({len(area['counties'])} counties; {area['how']})\n"
                  f"    tenure: {post['tenure']['precision']}\n"
                  f"    facilities in the area: {len(post['facilities'])}; admitted during the tenure "
                  f"{post['admitted_during_tenure']:,}, held during it {post['held_during_tenure']:,}\n")
    out.write(f"total (distinct detentions): admitted during a tenure {data['admitted_during_tenure']['count']:,}, "
              f"held during one {data['held_during_tenure']['count']:,}; {len(data['people']):,} people, "
              f"{len(data['photos']):,} photos linked to them\n")
    for facility in data["facilities"]:
        out.write(f"  {facility['name']} ({facility['county']}, located by {facility['located_by']}): "
                  f"admitted {facility['admitted_during_tenure']:,}, held {facility['held_during_tenure']:,}\n")
    out.write(f"documents naming {official.name}: {len(data['documents'])}\n")
    for document in data["documents"]:
        out.write(f"  {document['locator']} (SHA-256 {document['sha256'][:16]}…) names {document['name']}\n")
    out.write(f"rules: admitted = {RULE_ADMITTED}; held = {RULE_HELD}.\nlimits: {LIMITS}.\n"
              "Every row with its source (item, sheet, row, SHA-256): --json\n")
