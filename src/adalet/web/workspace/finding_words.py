"""Verification findings in the reader's language: a finding's message from its words (the template and params a run
keeps in the finding's evidence under ``adalet.verify.findings.MESSAGE_KEY``), and labels for its evidence's keys.

The template is translated (the web's catalogs hold each check's sentences) and formatted with the stored params,
dates and numbers as they are, each isolated in a right-to-left language (so a date keeps its order among Uyghur
words); ID numbers in the params are masked as the message is (``mask``). A finding stored
before its words were kept, or whose translated template does not format with its params, shows its English message
as stored: never an empty or half-translated sentence. Evidence keys without a label are shown as they are.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.translation import get_language_bidi, pgettext, pgettext_lazy
from django.utils.translation import gettext as _

from adalet.verify.checks.cells import FIELDS
from adalet.verify.findings import MESSAGE_KEY


def _label(text: str) -> Any:
    return pgettext_lazy("evidence", text)


#: what each evidence key of the checks (adalet.verify.checks) holds, in words
EVIDENCE_LABELS: dict[str, Any] = {
    "address": _label("address"),
    "admitted": _label("admission date"),
    "archive_date_supported": _label("archive's date supported"),
    "as_of": _label("archive's date"),
    "birth_date": _label("birth date"),
    "birth_year": _label("birth year"),
    "camera": _label("camera"),
    "camera_offset_seconds": _label("camera's offset (seconds)"),
    "capture_time": _label("EXIF capture time"),
    "check_digit": _label("check digit"),
    "column": _label("column"),
    "coverage": _label("coverage"),
    "date": _label("date"),
    "departure_seconds": _label("departure (seconds)"),
    "different_identities": _label("different identities"),
    "digit": _label("17th digit"),
    "digits": _label("digits"),
    "distance": _label("hash bits that differ"),
    "editor": _label("image editor"),
    "expected": _label("expected check digit"),
    "field": _label("field"),
    "fields": _label("values that differ"),
    "file_name": _label("file name"),
    "first_year": _label("in force from"),
    "id_number": _label("ID number"),
    "identical": _label("identical bytes"),
    "identities": _label("identities"),
    "identity": _label("identity"),
    "in_number": _label("in the ID number"),
    "item": _label("file"),
    "last_year": _label("abolished in"),
    "max_distance": _label("threshold (bits)"),
    "name": _label("name"),
    "name_time": _label("file name's time"),
    "names": _label("names of the place"),
    "offset_seconds": _label("offset (seconds)"),
    "on": _label("judged on"),
    "other": _label("the other"),
    "previous": _label("earlier-named photo"),
    "problem": _label("problem"),
    "province": _label("province"),
    "reason": _label("reason"),
    "region_code": _label("region code"),
    "released": _label("release date"),
    "row": _label("row"),
    "rows": _label("rows"),
    "sheet": _label("sheet"),
    "software": _label("Software tag"),
    "stated": _label("stated"),
    "successors": _label("replaced by"),
    "taken": _label("photographed"),
    "time": _label("recorded time"),
    "tolerance_seconds": _label("tolerance (seconds)"),
    "value": _label("value"),
}


def label(key: str) -> str:
    """An evidence key in the reader's language (``as_of`` -> "archive's date"); an unknown key as it is."""
    return str(EVIDENCE_LABELS[key]) if key in EVIDENCE_LABELS else key


#: First strong isolate .. pop directional isolate: a param set in a right-to-left sentence keeps its own order. A
#: date after Uyghur words is otherwise read as three Arabic numbers (the bidi algorithm's rule W2) and shown
#: 23-06-2018 for 2018-06-23; a param with no strong letter is isolated left to right.
_ISOLATED = "\u2068{}\u2069"


def _said(words: dict[str, Any], mask: Callable[[Any], Any], isolate: bool) -> str:
    params = {name: _said(value, mask, isolate) if isinstance(value, dict) else mask(value)
              for name, value in words["params"].items()}
    if isolate:
        params = {name: _ISOLATED.format(value) for name, value in params.items()}
    template = pgettext(words["context"], words["template"]) if words.get("context") else _(words["template"])
    return template.format(**params)


def message(evidence: dict[str, Any] | None, english: str, mask: Callable[[Any], Any]) -> str:
    """The finding's message in the reader's language, from its stored words; else its English message (masked)."""
    words = (evidence or {}).get(MESSAGE_KEY)
    if isinstance(words, dict):
        try:
            return str(mask(_said(words, mask, get_language_bidi())))
        except (KeyError, IndexError, ValueError, TypeError, AttributeError):
            pass  # a template or params not as a run stores them: the English message, which is the evidence
    return str(mask(english))


def _plain(value: Any) -> str:
    if isinstance(value, list | tuple):
        return ", ".join(_plain(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{label(str(k))}: {_plain(v)}" for k, v in value.items())
    return str(value)


def _value(key: str, value: Any) -> str:
    """An evidence value as shown: a field's key (``field``: ``birth_date``) in words, anything else as it is."""
    if key == "field" and value in FIELDS:
        return pgettext("field", value)
    return _plain(value)


def evidence_rows(evidence: dict[str, Any] | None, mask: Callable[[Any], Any]) -> list[tuple[str, str]]:
    """(label, value) of each evidence key but the message's words, ordered by key, values masked."""
    shown = mask({str(k): _value(str(k), v) for k, v in (evidence or {}).items() if k != MESSAGE_KEY})
    return [(label(key), value) for key, value in sorted(shown.items())]
