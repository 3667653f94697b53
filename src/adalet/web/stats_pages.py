"""A collection's statistics (/collections/NAME/statistics/): detentions recorded as held, by facility, by age band on
admission and by sex, as server-rendered SVG bars with the same figures in tables (no script).

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
from adalet.people.statistics import detention_statistics
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
    return render(request, "web/statistics.html", {"collection": collection, "stats": stats, "charts": charts})
