"""A finding of a check, located to an item (and row), with a stable key so a reviewer's sign-off outlives reruns.

The evidence standard every check applies (each states its own in its STANDARD, see ``adalet.verify.checks``):

* ``error``: cannot occur in a genuine record. A wrong check digit, a birth date the ID number contradicts or
  that cannot exist, an admission before birth, a region code that never existed or was abolished before the
  person was born, an original no longer matching its hash. A check that cannot rule out an innocent cause (a
  clock set wrong, a clerk's typo, an export that stripped data, a rotation re-saved by an image editor) does not
  give an error.
* ``warning``: unusual in genuine records, worth a reviewer's look; the reviewer decides (an image editor's
  signature in EXIF, a photo departing from its camera's own clock, a near-duplicate under another identity).
* ``info``: context only (an old-style number, a code since replaced, a clock left out of the archive's date);
  never a problem and never scored.

Independently of severity, a finding is about *authenticity* (whether the material is genuine) or *coverage* (what
the leak holds: a photo without a record, a photo without EXIF). Only authenticity findings count in the score;
each check names its coverage findings (``COVERAGE``).

What a check did *not* find is stated too (``Absence``): a positive sentence over what it examined ("no ID number
has a wrong check digit among 2,116 read"), which the report prints when no finding contradicts it.

Each finding's message is also kept as ``Words``: a template in English (marked for translation with gettext_noop,
``str.format`` with named params) and its params, a param itself ``Words`` where a part of the sentence varies. The
English ``message`` is that template formatted, exactly as the report, the JSON and the command print it; the web
translates the template into the reader's language and formats the same params. The run stores them inside the
finding's evidence under MESSAGE_KEY (``Words.stored``), so no column is added to the bound findings table.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from typing import Any, Literal

Severity = Literal["info", "warning", "error"]
SEVERITIES: tuple[Severity, ...] = ("info", "warning", "error")
#: The evidence key under which a stored finding keeps its message's template and params (never a check's own key).
MESSAGE_KEY = "_message"


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_plain(v) for v in value]
    return value


def _param(value: Any) -> Any:
    """A param as stored: numbers as they are (a template may format them, ``{count:,}``), anything else as the
    English message writes it (``str``: a date 2018-02-18, a time 2018-02-18 10:00:00)."""
    if isinstance(value, Words):
        return value.stored()
    return value if isinstance(value, int | float) else str(value)


@dataclass(frozen=True)
class Words:
    """A message as a template (``str.format`` with named params, marked with gettext_noop) and its params; a word
    with a ``context`` (a data key such as a field's name, ``id_number``) is translated in that context (pgettext)."""

    template: str
    params: dict[str, Any] = field(default_factory=dict)
    context: str = ""

    def english(self) -> str:
        return self.template.format(**{k: v.english() if isinstance(v, Words) else v for k, v in self.params.items()})

    def stored(self) -> dict[str, Any]:
        """As kept in a finding's evidence (JSON): ``{"template": ..., "params": {...}}``, nested for Words params."""
        stored = {"template": self.template, "params": {k: _param(v) for k, v in self.params.items()}}
        return stored | {"context": self.context} if self.context else stored


def words(template: str, **params: Any) -> Words:
    return Words(template, params)


@dataclass(frozen=True)
class Finding:
    check: str
    severity: Severity
    message: str
    item: str  # the item's locator: its path through every enclosing archive
    sheet: str | None = None
    row: int | None = None
    id_number: str | None = None
    evidence: dict[str, Any] = field(default_factory=dict)
    #: the message as a template and params (for the web's translation); ``message`` stays the English text
    words: Words | None = field(default=None, compare=False)

    @classmethod
    def said(
        cls,
        check: str,
        severity: Severity,
        said: Words,
        item: str,
        sheet: str | None = None,
        row: int | None = None,
        id_number: str | None = None,
        evidence: dict[str, Any] | None = None,
    ) -> Finding:
        """A finding whose message is ``said`` in English, with the words kept."""
        return cls(check, severity, said.english(), item, sheet, row, id_number, evidence or {}, said)

    def stored_evidence(self) -> dict[str, Any]:
        """The evidence as a run stores it: plain JSON, with the message's words under MESSAGE_KEY when known."""
        plain = _plain(self.evidence)
        return plain | {MESSAGE_KEY: self.words.stored()} if self.words else plain

    @property
    def key(self) -> str:
        """Stable across runs: the same problem at the same place has the same key."""
        place = f"{self.check}\x00{self.item}\x00{self.sheet or ''}\x00{self.row or ''}"
        return hashlib.sha256(place.encode()).hexdigest()[:16]

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "check": self.check,
            "severity": self.severity,
            "item": self.item,
            "sheet": self.sheet,
            "row": self.row,
            "id_number": self.id_number,
            "message": self.message,
            "evidence": _plain(self.evidence),
        }


@dataclass(frozen=True)
class Absence:
    """A check's statement that a finding did not occur, over what the check examined (the report's "not found").

    ``text`` is formatted with the check's examined counts (``str.format``, e.g. ``{ids:,}``). It holds when the
    check gave no finding named ``finding`` at one of ``severities``; when the count named ``basis`` is 0 nothing was
    examined, and the report says that instead of the sentence.
    """

    finding: str
    basis: str
    text: str
    severities: tuple[Severity, ...] = SEVERITIES
