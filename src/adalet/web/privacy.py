"""What anonymous visitors may see: collections published deliberately, with personal data masked.

Personal data is never public by default. Even in a published collection, resident ID numbers in
snippets are masked for visitors who are not signed in as staff.
"""

from __future__ import annotations

import re

from django.http import HttpRequest

from adalet.archive import custody
from adalet.archive.models import Collection
from adalet.archive.search import Results

# An 18-character resident ID number (17 digits and a digit or X), not part of a longer number.
ID_NUMBER = re.compile(r"(?<![0-9])([1-9][0-9]{5})[0-9]{11}[0-9Xx](?![0-9A-Za-z])")


def mask_id_numbers(text: str) -> str:
    """Keep the region code (6 digits), hide birth date, sequence and check digit."""
    return ID_NUMBER.sub(lambda m: m.group(1) + "•" * 12, text)


def can_see_personal_data(request: HttpRequest) -> bool:
    return bool(request.user.is_authenticated and request.user.is_staff)


def visible_collection_ids(request: HttpRequest) -> list[int]:
    collections = Collection.objects.all()
    if not can_see_personal_data(request):
        collections = collections.filter(is_public=True)
    return list(collections.values_list("id", flat=True))


def record_personal_data_view(request: HttpRequest, query: str, locators: list[str]) -> None:
    """Staff saw unmasked results: that view of personal data goes on the custody log."""
    if locators and can_see_personal_data(request):
        custody.append(
            "view-personal-data",
            actor=request.user.get_username(),
            subject=f"search: {query}"[:500],
            detail={"via": request.path, "items": locators},
        )


def results_for_viewer(request: HttpRequest, query: str, results: Results) -> Results:
    """Search results as this viewer may see them: staff views are logged, anyone else's are masked."""
    record_personal_data_view(request, query, [hit.locator for hit in results.hits])
    if not can_see_personal_data(request):
        for hit in results.hits:
            hit.snippet = mask_id_numbers(hit.snippet)
            hit.locator = mask_id_numbers(hit.locator)
            hit.name = mask_id_numbers(hit.name)
    return results
