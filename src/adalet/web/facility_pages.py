"""The facility map (/facilities/): located detention facilities (ASPI's, `adalet facilities import-aspi`) drawn as a
server-rendered SVG plot of longitude and latitude over Xinjiang's bounding box, one marker shape per tier, with the
same data as a table; and the facilities named in the records of the collections the visitor may open, with their
detention counts, each with a Watch button for signed-in users (web.workspace.watches). No map tiles: the site works offline and loads nothing from elsewhere.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import replace
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from adalet.lib.pagecache import public_page
from adalet.lib.privacy import mask_for_viewer
from adalet.people.facilities import ASPI_URL, TIERS, mapped_facilities, record_facilities
from adalet.web.privacy import visible_collection_ids
from adalet.web.workspace.watches import watched_facilities

WEST, SOUTH, EAST, NORTH = 73.4, 34.3, 96.4, 49.2  # Xinjiang's bounding box, degrees
SCALE = 36.0  # pixels per degree of latitude
ASPECT = math.cos(math.radians((SOUTH + NORTH) / 2))  # a degree of longitude is shorter than one of latitude
MARGIN = 34.0
WIDTH = (EAST - WEST) * SCALE * ASPECT + 2 * MARGIN
HEIGHT = (NORTH - SOUTH) * SCALE + 2 * MARGIN
SHAPES = {1: "circle", 2: "square", 3: "triangle", 4: "diamond", None: "cross"}
# Prefecture seats, for orientation.
TOWNS = [
    (_("Ürümqi"), 87.62, 43.83), (_("Kashgar"), 75.99, 39.47), (_("Hotan"), 79.92, 37.11), (_("Ghulja"), 81.33, 43.91),
    (_("Aksu"), 80.26, 41.17), (_("Korla"), 86.15, 41.76), (_("Turpan"), 89.19, 42.95), (_("Qumul"), 93.51, 42.83),
    (_("Altay"), 88.14, 47.85),
]


def project(longitude: float, latitude: float) -> tuple[float, float]:
    """Equirectangular projection of a point onto the plot (x grows east, y grows south)."""
    return MARGIN + (longitude - WEST) * SCALE * ASPECT, MARGIN + (NORTH - latitude) * SCALE


def inside(longitude: float, latitude: float) -> bool:
    return WEST <= longitude <= EAST and SOUTH <= latitude <= NORTH


def marker(tier: int | None, x: float, y: float, size: float = 4.0) -> dict[str, str]:
    """An SVG marker for a tier: its shape and, for polygons, the points (coordinates written for SVG, not localized)."""
    shape = SHAPES.get(tier, "cross")
    corners = {
        "square": [(-1, -1), (1, -1), (1, 1), (-1, 1)],
        "triangle": [(0, -1.25), (1.1, 0.9), (-1.1, 0.9)],
        "diamond": [(0, -1.35), (1.35, 0), (0, 1.35), (-1.35, 0)],
        "cross": [(-1, -0.35), (-0.35, -0.35), (-0.35, -1), (0.35, -1), (0.35, -0.35), (1, -0.35), (1, 0.35),
                  (0.35, 0.35), (0.35, 1), (-0.35, 1), (-0.35, 0.35), (-1, 0.35)],
    }.get(shape, [])
    return {"shape": shape, "cx": f"{x:.1f}", "cy": f"{y:.1f}", "r": f"{size:.1f}",
            "points": " ".join(f"{x + dx * size:.1f},{y + dy * size:.1f}" for dx, dy in corners)}


def graticule() -> dict[str, list[dict[str, str]]]:
    """Lines every two degrees, with their labels."""
    meridians = []
    for longitude in range(74, 97, 2):
        x, _y = project(longitude, NORTH)
        meridians.append({"x": f"{x:.1f}", "top": f"{MARGIN:.1f}", "bottom": f"{HEIGHT - MARGIN:.1f}",
                          "label_y": f"{HEIGHT - MARGIN + 16:.1f}", "label": f"{longitude}°E"})
    parallels = []
    for latitude in range(35, 50, 2):
        _x, y = project(WEST, latitude)
        parallels.append({"y": f"{y:.1f}", "left": f"{MARGIN:.1f}", "right": f"{WIDTH - MARGIN:.1f}",
                          "label_x": f"{MARGIN - 4:.1f}", "label_y": f"{y + 4:.1f}", "label": f"{latitude}°N"})
    return {"meridians": meridians, "parallels": parallels}


@public_page
def facilities_page(request: HttpRequest) -> HttpResponse:
    points: list[dict[str, Any]] = []
    tiers: Counter[int | None] = Counter()
    located = mapped_facilities()
    for facility in located:
        tiers[facility.tier] += 1
        if inside(facility.longitude, facility.latitude):
            points.append({"facility": facility, **marker(facility.tier, *project(facility.longitude, facility.latitude))})
    towns = []
    for name, longitude, latitude in TOWNS:
        x, y = project(longitude, latitude)
        towns.append({"name": name, "x": f"{x:.1f}", "y": f"{y:.1f}", "label_x": f"{x + 6:.1f}", "label_y": f"{y - 5:.1f}"})
    legend = [{"tier": tier, "count": tiers[tier], **marker(tier, 10, 10, 5)} for tier in (*TIERS, None) if tiers[tier]]
    context = {
        "width": f"{WIDTH:.0f}", "height": f"{HEIGHT:.0f}", "frame": {"x": f"{MARGIN:.1f}", "y": f"{MARGIN:.1f}",
        "width": f"{WIDTH - 2 * MARGIN:.1f}", "height": f"{HEIGHT - 2 * MARGIN:.1f}"},
        "graticule": graticule(), "points": points, "towns": towns, "legend": legend, "located": located,
        "outside": len(located) - len(points), "aspi_url": ASPI_URL, "watched": watched_facilities(request),
        # facility, kind and county cells of records may hold anything a cell can (an ID number in a name cell)
        "records": [replace(f, name=mask_for_viewer(request, f.name), kind=mask_for_viewer(request, f.kind),
                            county=mask_for_viewer(request, f.county)) for f in record_facilities(visible_collection_ids(request))],
    }
    return render(request, "web/facilities.html", context)
