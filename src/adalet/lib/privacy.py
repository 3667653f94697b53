"""Personal data masked for viewers who may not see it: resident ID numbers keep only their region code, other
personal numbers (runs of 10+ digits) nothing, in every spelling `adalet.lib.personal` detects.

Only staff signed in see personal data in full; everyone else (visitors, researchers, API tokens of non-staff users)
sees ID numbers masked wherever text reaches them. Which collections a viewer may open at all is the web app's
(``adalet.web.privacy``).
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from adalet.lib import personal


def mask_id_numbers(text: str) -> str:
    """Keep an ID's region code (6 digits), hide birth date, sequence and check digit; hide other long numbers."""
    return personal.mask(text)


def can_see_personal_data(request: HttpRequest) -> bool:
    return bool(request.user.is_authenticated and request.user.is_staff)


def mask_for_viewer(request: HttpRequest, value: Any) -> Any:
    """``value`` (a string, or a list or dict of them, e.g. EXIF) with ID numbers masked unless the viewer may see them."""
    if can_see_personal_data(request):
        return value
    if isinstance(value, str):
        return mask_id_numbers(value)
    if isinstance(value, dict):
        return {mask_for_viewer(request, k): mask_for_viewer(request, v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [mask_for_viewer(request, v) for v in value]
    return value
