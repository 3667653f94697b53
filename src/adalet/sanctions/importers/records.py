"""What a list parser hands over: normalised :class:`Record` entries, problems, file hashes (no Django)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

#: Fields compared to decide whether a record was amended.
COMPARED = ("schema", "caption", "names", "birth_dates", "nationalities", "programs", "remarks", "properties")


class ListImportError(Exception):
    """A list that cannot be imported at all (one line, for the command)."""


@dataclass
class Record:
    """One list entry, normalised, as a format's parser hands it over."""

    source_id: str
    schema: str
    caption: str
    names: list[str]
    programs: list[str]
    birth_dates: list[str] = field(default_factory=list)
    nationalities: list[str] = field(default_factory=list)
    remarks: str = ""
    properties: dict[str, list[str]] = field(default_factory=dict)
    raw: dict[str, object] = field(default_factory=dict)
    listed_on: date | None = None  # when the list itself gives it
    program_dates: dict[str, date] = field(default_factory=dict)

    def content(self) -> dict[str, object]:
        return {name: getattr(self, name) for name in COMPARED}

    def content_hash(self) -> str:
        blob = json.dumps(self.content(), sort_keys=True, ensure_ascii=False, default=str)
        return hashlib.sha256(blob.encode()).hexdigest()


@dataclass
class Parsed:
    """A format parser's output."""

    records: list[Record]
    problems: list[str]
    held: set[str]  # source ids of malformed rows: keep their entities as they are
    sha256: dict[str, str]


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
