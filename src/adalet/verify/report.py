"""The verification report as a self-contained HTML page (inline CSS, no scripts) a reviewer can read and file."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.template.loader import render_to_string

from adalet.verify.runner import Verification

CHECK_TITLES = {
    "integrity": "Original altered or missing",
    "id_checksum": "ID number check digit wrong",
    "id_format": "ID number malformed",
    "id_birth_date": "Impossible birth date in ID number",
    "id_region": "Region code unknown or not valid at birth",
    "id_address": "Region code disagrees with the address",
    "id_stated_birth_date": "Stated birth date disagrees with the ID number",
    "id_stated_sex": "Stated sex disagrees with the ID number",
    "id_old_style": "Old-style 15-digit ID number",
    "cell_unreadable": "Cell not readable exactly",
    "impossible_age": "Impossible age",
    "impossible_date": "Impossible order of dates",
    "date_after_archive": "Date after the archive's latest date",
    "id_conflict": "One ID number, two people",
    "exif_missing": "No EXIF",
    "exif_time_mismatch": "Capture time disagrees with the file name",
    "exif_editor": "Saved by an image editor",
    "exif_camera_run": "Odd camera within a session",
    "exif_time_order": "Capture times out of order for one camera",
    "near_duplicate": "Near-duplicate image",
    "photo_without_record": "Photo with no record",
}


def render_html(result: Verification) -> str:
    data = result.as_dict()
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for finding in data["findings"]:
        groups[finding["check"]].append(finding)
    order = {"error": 0, "warning": 1, "info": 2}
    sections = sorted(
        ({"check": c, "title": CHECK_TITLES.get(c, c), "severity": f[0]["severity"], "findings": f} for c, f in groups.items()),
        key=lambda s: (order[s["severity"]], s["check"]),
    )
    return render_to_string("verify/report.html", {"report": data, "sections": sections})
