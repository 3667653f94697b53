"""Public pages of the sanctions work: the gap matrix (who is designated where, with a chart) and one official.

Officials are public figures and designations public acts, so these pages are open to visitors; evidence items are
linked only where their collection is published.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from adalet.people.officials import OfficialError, official
from adalet.sanctions.gaps import CODES, LABELS, gap_matrix, summary


def gaps_page(request: HttpRequest) -> HttpResponse:
    rows = gap_matrix(request.GET.get("program") or None)
    counts = summary(rows)
    total = len(rows) or 1
    columns = [{"code": c, "label": LABELS[c], "count": counts[c], "percent": round(100 * counts[c] / total)} for c in CODES]
    table = [{"id": r.official_id, "names": r.names, "kind": r.kind, "cells": [r.cells[c] for c in CODES]} for r in rows]
    return render(request, "web/gaps.html", {"columns": columns, "rows": table, "total": len(rows)})


def official_page(request: HttpRequest, official_id: int) -> HttpResponse:
    try:
        person = official(str(official_id))
    except OfficialError:
        raise Http404("no such official") from None
    (row,) = gap_matrix(people=[person])
    designations = [{"label": LABELS[c], "cell": row.cells[c]} for c in CODES]
    posts = person.positions.order_by("start")
    return render(request, "web/official.html", {"official": person, "designations": designations, "posts": posts})
