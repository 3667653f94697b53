"""The verification report as a self-contained HTML page (inline CSS, no scripts) a reviewer can read and file.

It states each check's method and evidence standard (``checks.SPECS``), then the authenticity findings (which the
score measures) and, apart, the coverage findings (what the leak holds, never scored)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.template.loader import render_to_string

from adalet.verify.checks import SPECS
from adalet.verify.runner import Verification

CHECK_TITLES = {
    "integrity": "Original altered or missing",
    "id_checksum": "ID number check digit wrong",
    "id_format": "ID number malformed",
    "id_birth_date": "Impossible birth date in ID number",
    "id_region": "Region code unknown, abolished before birth, or newer than the archive",
    "id_region_replaced": "Region code since replaced (context)",
    "id_address": "Region code disagrees with the address",
    "id_stated_birth_date": "Stated birth date disagrees with the ID number",
    "id_stated_sex": "Stated sex disagrees with the ID number",
    "id_old_style": "Old-style 15-digit ID number",
    "cell_unreadable": "Cell not readable exactly",
    "impossible_age": "Impossible age",
    "impossible_date": "Impossible order of dates",
    "date_after_archive": "Date after the archive's date",
    "clock_outlier": "Time far from all other files' times (context)",
    "id_conflict": "One ID number, two people",
    "exif_missing": "No EXIF",
    "exif_time_mismatch": "Capture time disagrees with the file name",
    "exif_editor": "Saved by an image editor",
    "exif_camera_clock": "A camera's clock (context)",
    "exif_time_order": "Capture times out of order for one camera",
    "near_duplicate": "Near-duplicate image",
    "photo_without_record": "Photo with no record",
}


def _sections(findings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for finding in findings:
        groups[finding["check"]].append(finding)
    order = {"error": 0, "warning": 1, "info": 2}
    return sorted(
        ({"check": c, "title": CHECK_TITLES.get(c, c), "severity": f[0]["severity"], "findings": f} for c, f in groups.items()),
        key=lambda s: (order[s["severity"]], s["check"]),
    )


def render_html(result: Verification) -> str:
    data = result.as_dict()
    context = {
        "report": data,
        "checks": [{"name": s.name, "method": s.method, "standard": s.standard} for s in SPECS.values()],
        "sections": _sections([f for f in data["findings"] if f["kind"] == "authenticity"]),
        "coverage_sections": _sections([f for f in data["findings"] if f["kind"] == "coverage"]),
    }
    return render_to_string("verify/report.html", context)
