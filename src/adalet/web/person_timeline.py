"""A person's detentions over time, as server-rendered SVG (no script) beside the table that holds the same data.

One lane per detention with an admission date: a bar from admission to release; with no release recorded, an open
bar (dashed outline) to the last date any of the person's rows gives (or a month after admission when none is later),
since the records say when someone was taken, not that they are still held. Years are marked under the bars. The time
axis runs left to right in every language (the SVG says ``direction="ltr"``).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

WIDTH, LEFT, RIGHT, TOP = 600.0, 8.0, 8.0, 6.0
LANE, GAP, AXIS = 16.0, 6.0, 22.0
OPEN_DAYS = 31  # an open bar with nothing later to run to


def timeline(detentions: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The SVG's geometry for the page's detention rows ({"admitted", "released", "facility", "status"}), or None
    when fewer than one has an admission date."""
    dated = [d for d in detentions if d.get("admitted")]
    if not dated:
        return None
    known = [d["admitted"] for d in dated] + [d["released"] for d in dated if d.get("released")]
    last_known = max(known)
    spans = []
    for d in dated:
        end = d.get("released")
        still_open = end is None
        if still_open:
            end = max(last_known, d["admitted"] + dt.timedelta(days=OPEN_DAYS))
        spans.append((d["admitted"], max(end, d["admitted"] + dt.timedelta(days=1)), still_open, d))
    first = dt.date(min(s[0] for s in spans).year, 1, 1)
    last = dt.date(max(s[1] for s in spans).year + 1, 1, 1)
    days = (last - first).days
    inner = WIDTH - LEFT - RIGHT

    def x(day: dt.date) -> float:
        return round(LEFT + inner * (day - first).days / days, 1)

    bars = []
    for lane, (start, end, still_open, d) in enumerate(spans):
        y = TOP + lane * (LANE + GAP)
        bars.append(
            {
                "x": x(start),
                "y": y,
                "width": max(round(x(end) - x(start), 1), 2.0),
                "height": LANE,
                "open": still_open,
                "title": f"{start.isoformat()} – {d['released'].isoformat() if d.get('released') else '…'} {d.get('facility') or ''}",
            }
        )
    base = TOP + len(spans) * (LANE + GAP)
    years = [
        {"x": x(dt.date(year, 1, 1)), "label_x": x(dt.date(year, 1, 1)) + 3, "label": str(year)}
        for year in range(first.year, last.year)
    ]
    return {
        "width": WIDTH,
        "height": base + AXIS,
        "bars": bars,
        "base": base,
        "axis_y": base + 15,
        "years": years,
        "left": LEFT,
        "right": WIDTH - RIGHT,
    }
