"""Words, in the reader's language, for the codes and keys the data holds: jurisdictions (``us``), the search's
types of item (``spreadsheet``), the labels of search passages (``metadata``, ``Sheet1 rows 110-127``), verification
checks (``exif_time_mismatch``) and the kinds of facilities records name (看守所). A key without words is shown with its
underscores as spaces, never dropped.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop as N_

from adalet.verify.titles import CHECK_TITLES
from adalet.web.relatives import FACILITY_MEANINGS, _longest

JURISDICTIONS = {"us": N_("United States"), "eu": N_("European Union"), "uk": N_("United Kingdom"), "ca": N_("Canada")}

#: the search's types of item (adalet.archive.mediatypes.FAMILIES)
KINDS = {"image": N_("images"), "pdf": N_("PDF files"), "document": N_("documents"), "spreadsheet": N_("spreadsheets"),
         "text": N_("text files"), "archive": N_("archives")}

_ROWS = re.compile(r"^(?P<sheet>.*) rows (?P<first>\d+)-(?P<last>\d+)$")
_ROW = re.compile(r"^(?P<sheet>.*) row (?P<row>\d+)$")
_PAGE = re.compile(r"^page (?P<page>\d+)$")
_SHEET = re.compile(r"^sheet (?P<number>\d+)$")


def spaced(key: str) -> str:
    return key.replace("_", " ")


def jurisdiction(code: str) -> str:
    """``us`` -> United States, in the reader's language."""
    return _(JURISDICTIONS[code]) if code in JURISDICTIONS else code


def check(key: str) -> str:
    """``exif_time_mismatch`` -> "Capture time disagrees with the file name" (the report's title of the check,
    adalet.verify.titles), in the reader's language."""
    return _(CHECK_TITLES[key]) if key in CHECK_TITLES else spaced(key)


def kind(key: str) -> str:
    """A type of item the search filters by (``spreadsheet``), in the reader's language."""
    return _(KINDS[key]) if key in KINDS else spaced(key)


def _sheet(name: str) -> str:
    found = _SHEET.match(name)
    return _("sheet %(number)s") % {"number": found["number"]} if found else name


def passage_label(label: str) -> str:
    """A search passage's label (adalet.archive.passages) in the reader's language: ``metadata``, ``text``,
    ``page 3``, ``Sheet1 rows 110-127``, ``Sheet1 row 4``; anything else as stored."""
    if label == "metadata":
        return _("file name and metadata")
    if label == "text":
        return _("text")
    if found := _PAGE.match(label):
        return _("page %(page)s") % {"page": found["page"]}
    if found := _ROWS.match(label):
        return _("%(sheet)s, rows %(first)s–%(last)s") % {"sheet": _sheet(found["sheet"]), "first": found["first"],
                                                          "last": found["last"]}
    if found := _ROW.match(label):
        return _("%(sheet)s, row %(row)s") % {"sheet": _sheet(found["sheet"]), "row": found["row"]}
    return label


def facility_kind(kind: str) -> str:
    """What a recorded kind of facility means (看守所 -> detention centre), "" when not known."""
    return _longest(kind, FACILITY_MEANINGS) if kind.strip() else ""
