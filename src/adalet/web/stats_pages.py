"""A collection's statistics (/collections/NAME/statistics/): detentions recorded as held, by facility, by age band on
admission and by sex, as server-rendered SVG bars with the same figures in tables (no script), and per month of
admission as an SVG column chart beside a table, small counts suppressed (people.statistics.months_shown).

Aggregates only, computed by the people app (people/statistics.py); a collection the visitor may not open is a 404.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from adalet.lib.pagecache import public_page
from adalet.lib.privacy import mask_for_viewer
from adalet.people.statistics import MIN_SHOWN, detention_statistics, months_shown
from adalet.web.collection_pages import visible_collection

LABELS = {
    "under 18": gettext_lazy("under 18"),
    "60 and over": gettext_lazy("60 and over"),
    "male": gettext_lazy("male"),
    "female": gettext_lazy("female"),
}


def bars(counts: dict[str, int], total: int, unknown: str) -> list[dict[str, Any]]:
    """One bar per count: its label (translated), count, share of ``total`` and width relative to the largest (0-100,
    written for an SVG attribute, never localized)."""
    largest = max(counts.values(), default=0) or 1
    return [
        {
            "label": unknown if key == "unknown" else str(LABELS.get(key, key)),
            "count": count,
            "percent": round(100 * count / total) if total else 0,
            "width": f"{100 * count / largest:.1f}",
        }
        for key, count in counts.items()
    ]


def month_columns(by_month: dict[Any, int], undated: int) -> dict[str, Any]:
    """The per-month chart: one column per month (x, y, height in a 0-100 box, written for SVG attributes, never
    localized), a year's label under its first month, suppressed months marked on the baseline, and the table rows."""
    months, undated_shown = months_shown(by_month, undated)
    largest = max((m.count or 0 for m in months), default=0) or 1
    columns = []
    for index, month in enumerate(months):
        height = 100 * (month.count or 0) / largest
        columns.append({
            "month": month.month, "count": month.count, "x": f"{index * 10 + 1}", "y": f"{100 - height:.1f}",
            "height": f"{height:.1f}", "year": month.month.year if index == 0 or month.month.month == 1 else None,
            "label_x": f"{index * 10 + 1}",
        })
    return {"columns": columns, "width": f"{max(len(columns), 1) * 10}", "undated": undated_shown,
            "has_undated": bool(undated), "minimum": MIN_SHOWN}


@public_page
def statistics_page(request: HttpRequest, name: str) -> HttpResponse:
    collection = visible_collection(request, name)
    stats = detention_statistics(collection.pk)
    facilities: dict[str, int] = {}
    for facility, count in stats.by_facility.items():  # a facility cell may hold an ID number: labels are masked
        label = mask_for_viewer(request, facility)
        facilities[label] = facilities.get(label, 0) + count
    stats.by_facility = facilities
    charts = [
        {"id": "by-facility", "title": _("Detentions by facility"), "key": _("Facility"),
         "bars": bars(stats.by_facility, stats.held, _("facility not recorded"))},
        {"id": "by-age", "title": _("Detentions by age on admission"), "key": _("Age"),
         "bars": bars(stats.by_age_band, stats.held, _("age not known"))},
        {"id": "by-sex", "title": _("Detentions by sex"), "key": _("Sex"),
         "bars": bars(stats.by_sex, stats.held, _("sex not recorded"))},
    ]
    context = {"collection": collection, "stats": stats, "charts": charts,
               "months": month_columns(stats.by_month, stats.undated)}
    return render(request, "web/statistics.html", context)
