"""The verification report a court could read: a self-contained HTML page (inline CSS, no scripts), or the same page
as PDF (WeasyPrint), in the manner the Berkeley Protocol on Digital Open Source Investigations and the Leiden
Guidelines on digitally derived evidence ask for: what was examined and with which tool, how, by which standard,
what was found and what was not, what was reviewed, and the custody record that fixes what the report covers.

In order: the scope (collection, items, rows, photos; the archive's date and how it was set, with the times left
out of the estimate); the result; each check's method and evidence standard; for each check what it examined,
what it found (linked to the findings) and what it did not find, stated positively (``checks.*.ABSENT``), with each
camera's clock; the authenticity findings (which the score measures) and, apart, the coverage findings (what the
leak holds, never scored); the reviewers' sign-off state; the custody head the run covers; the examination's limits.

The same run renders the same page: nothing in it depends on the time of rendering (the run's own date is part of
the run), and the time each check took is left to ``verify --json``.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.template.loader import render_to_string

from adalet.verify.checks import SPECS
from adalet.verify.runner import Verification
from adalet.verify.statements import cameras, check_statements, review
from adalet.verify.titles import CHECK_TITLES

__all__ = ["CHECK_TITLES", "render_html", "render_pdf"]


def _sections(findings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for finding in findings:
        groups[finding["check"]].append(finding)
    order = {"error": 0, "warning": 1, "info": 2}
    return sorted(
        ({"check": c, "title": CHECK_TITLES.get(c, c), "severity": min((x["severity"] for x in f), key=order.__getitem__),
          "findings": f} for c, f in groups.items()),
        key=lambda s: (order[s["severity"]], s["check"]),
    )


def _archive_date(data: dict[str, Any]) -> dict[str, Any]:
    given = data["as_of_source"] == "given"
    outliers = [f for f in data["findings"] if f["check"] == "clock_outlier"]
    return {
        "how": "given by the examiner (adalet verify --as-of)" if given else f"estimated: {data['as_of_source']}",
        "given": given,
        "supported": data.get("as_of_supported", True),
        "support": data.get("as_of_support", ""),
        "not_judged": [(f["item"], f["evidence"].get("rows")) for f in data["findings"] if f["check"] == "dates_not_judged"],
        "outliers": [(f["item"], f["evidence"].get("time")) for f in outliers],
    }


def context(result: Verification) -> dict[str, Any]:
    data = result.as_dict()
    return {
        "report": data,
        "ran_at": result.ran_at.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M:%S UTC") if result.ran_at else None,
        "archive_date": _archive_date(data),
        "n": {key: f"{data[key]:,}" for key in ("items", "rows", "photos")},
        "checks": [{"name": s.name, "method": s.method, "standard": s.standard} for s in SPECS.values()],
        "statements": check_statements(data),
        "cameras": cameras(data),
        "review": review(data),
        "custody": data["custody"],
        "sections": _sections([f for f in data["findings"] if f["kind"] == "authenticity"]),
        "coverage_sections": _sections([f for f in data["findings"] if f["kind"] == "coverage"]),
    }


def render_html(result: Verification) -> str:
    return render_to_string("verify/report.html", context(result))


def render_pdf(result: Verification) -> bytes:
    """The same page as PDF, for filing and print."""
    from weasyprint import HTML  # type: ignore[import-untyped]

    return bytes(HTML(string=render_html(result)).write_pdf())
