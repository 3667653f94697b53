"""The viewer opened from a search hit (/items/ID/?q=…&sheet=…&row=N#hit): the hit's row highlighted and its
anchor, and the query's terms marked (<mark>) in that row or in the PDF's pages, on text masked for the reader.

Everything else of the text is escaped (archive.search.snippets.highlighted); a query can only mark, never add
markup, and a visitor's query finds no personal number (they are left out of it, as in search).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.safestring import SafeString, mark_safe

from adalet.archive.search.analysis import parse_query
from adalet.archive.search.snippets import highlighted
from adalet.lib.privacy import can_see_personal_data

MAX_MARKED_PAGES = 50  # pages marked (each is analysed): a longer PDF shows the rest unmarked


def mark_hits(request: HttpRequest, sheets: list[dict[str, Any]], pages: list[dict[str, Any]]) -> None:
    """Mark, in place, the hit row of `sheets` (``hit``: its number; its cells marked) and the terms in `pages`,
    as the address asks (q, sheet, row); sheets and pages hold text already masked for the reader."""
    q = request.GET.get("q", "")[:500]
    query = parse_query(q, personal_numbers="hash" if can_see_personal_data(request) else "withhold").marked()
    try:
        row = int(request.GET.get("row", ""))
    except ValueError:
        row = 0
    sheet_name = request.GET.get("sheet")
    for index, sheet in enumerate(sheets):
        if row <= 0 or (sheet_name is not None and sheet_name != sheet["name"] and not (sheet_name == "" and index == 0)):
            continue
        rows = sheet["rows"]
        for k, (number, cells) in enumerate(rows):
            if number == row:
                sheet["hit"] = number
                rows[k] = (number, [_marked(cell, query) for cell in cells])
                break
        if "hit" in sheet:
            break
    if query.terms:
        for page in pages[:MAX_MARKED_PAGES]:
            page["text"] = _marked(page["text"], query)


def _marked(text: str, query: Any) -> SafeString:
    return mark_safe(highlighted(text, query))  # noqa: S308 - escaped by highlighted, marks only
