"""Public pages of the sanctions work: the gap matrix (who is designated where, with a chart, the officials ranked by
the detentions under their posts) and one official (designations, posts with what they cover and a timeline).

Officials are public figures and designations public acts, so these pages are open to visitors. An official's
evidence is listed with each item's SHA-256 and what it shows; where the item's collection is open to the visitor its
name links to the document viewer (ID numbers masked as everywhere), elsewhere only the hash and the note are shown.
Counts of detentions are over the collections the viewer may open (`responsibility_pages`): a visitor's over the
published ones only; the ranking comes from the shared cache until a committed write renews it
(`adalet.sanctions.ranking.cached_ranking`).
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from adalet.lib.pagecache import public_page
from adalet.lib.privacy import mask_for_viewer
from adalet.people.officials import OfficialError, official
from adalet.sanctions.evidence import evidence_of
from adalet.sanctions.gaps import CODES, gap_matrix, summary
from adalet.sanctions.ranking import cached_ranking
from adalet.web.privacy import visible_collection_ids
from adalet.web.responsibility_pages import official_context, rows_link, viewer_scope
from adalet.web.words import jurisdiction
from adalet.web.workspace.watches import watching


@public_page
def gaps_page(request: HttpRequest) -> HttpResponse:
    program = request.GET.get("program") or None
    rows = gap_matrix(program)
    counts = summary(rows)
    total = len(rows) or 1
    columns = [{"code": c, "label": jurisdiction(c), "count": counts[c], "percent": round(100 * counts[c] / total)} for c in CODES]
    by_id = {r.official_id: r for r in rows}  # the cells under ?program=; the order and counts from the ranking
    collections, hide_withheld = viewer_scope(request)
    table = [{"id": r.row.official_id, "names": by_id[r.row.official_id].names, "kind": r.row.kind,
              "cells": [by_id[r.row.official_id].cells[c] for c in CODES], "held": r.held, "admitted": r.admitted,
              "problem": r.problem, "held_link": rows_link(r.row.official_id, "held")}
             for r in cached_ranking(collections, hide_withheld=hide_withheld) if r.row.official_id in by_id]
    return render(request, "web/gaps.html", {"columns": columns, "rows": table, "total": len(rows)})


@public_page
def official_page(request: HttpRequest, official_id: int) -> HttpResponse:
    try:
        person = official(str(official_id))
    except OfficialError:
        raise Http404("no such official") from None
    (row,) = gap_matrix(people=[person])
    designations = [{"label": jurisdiction(c), "cell": row.cells[c]} for c in CODES]
    posts = person.positions.order_by("start")
    visible = set(visible_collection_ids(request))
    evidence = [
        # a note on a document the viewer may not open would tell what the document says: withheld, not just masked
        {"item_id": e.item_id if e.collection_id in visible else None, "sha256": e.sha256,
         "note": mask_for_viewer(request, e.note) if e.collection_id in visible else "",
         "name": mask_for_viewer(request, e.name) if e.collection_id in visible else "", "added_at": e.added_at}
        for e in evidence_of(person)
    ]
    context = {"official": person, "designations": designations, "posts": posts, "evidence": evidence,
               "watch": watching(request, "official", person.pk), **official_context(request, person)}
    return render(request, "web/official.html", context)
