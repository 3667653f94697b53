"""The ground truth of a synthetic leak, written next to it as ``manifest.json``.

Schema (all dates ISO 8601, times local to Xinjiang without a zone)::

    seed, archive_date
    counts: people, photos, photos_without_record, photos_linked, photos_linked_detained,
            photos_unlinked, spreadsheets, xlsx, csv, documents, docx, pdf, scans, zips,
            files, planted: {check: count} (every check of adalet.demo.planted.CHECKS)
    planted[]: check, severity (warning|error), archive: [zip, ...], path, sheet, row,
               id_number, other: {archive, path} | None
    people[]: id_number, name, sex, ethnicity, birth_date, county, address,
              bureau, facility, status, detained, admitted, reason,
              source: {archive: [zip, ...], path, sheet, row}
    photos[]: archive: [zip, inner zip], path, file_name, named_by (id_number|name),
              id_number, name, birth_date, person_id_number, in_records, facility,
              taken_at, exif_taken_at, camera: {make, model, serial} | None,
              software, edited_at
    spreadsheets[]: archive, path, format, encoding, columns, date_format,
                    sheets: [{name, title, header_row, rows}]
    documents[]: archive, path, format, text_layer, kind, title, date, author,
                 issuer, number, officials, text
    zips[]: archive: [zip, ...], files: [member path, ...] (folders left out)

``archive`` lists the zip holding an item, outermost first; ``sheet`` is None
and ``row`` a line number for CSV files. ``row`` counts from 1, title and
header rows included.

``people[]`` are the rows as written, planted problems included (``county``
is where the ID number's region code says the person is registered);
``detained`` is true when the status means held (custody.DETAINED_STATUSES).

``planted[]`` lists every planted problem, one per row or photo (see
adalet.demo.planted for the checks): a row's ``sheet``, ``row`` and
``id_number`` as written; for a photo ``path`` is its member path in the
bureau's photo zip, ``id_number`` the file name's, and ``other`` the original
of a ``near_duplicate`` copy (None otherwise).

``photos[]``: ``named_by`` says how the file is named: ``id_number`` (then
``name`` and ``birth_date`` are None) or ``name`` (``<name>_<birth
date>_<time>.jpg``, ``id_number`` None); ``person_id_number`` is always the
subject's ID number. ``taken_at`` is the file name's time, ``exif_taken_at``
the EXIF DateTimeOriginal (None without EXIF); ``camera`` is the EXIF's.
``photos_linked`` counts photos whose file name names a spreadsheet row (by ID
number as written, or by name and birth date), ``photos_linked_detained``
those whose row is ``detained``; ``photos_unlinked`` the rest.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from adalet.demo.planted import CHECKS


@dataclass
class Manifest:
    seed: int
    archive_date: dt.date
    people: list[dict[str, Any]] = field(default_factory=list)
    photos: list[dict[str, Any]] = field(default_factory=list)
    spreadsheets: list[dict[str, Any]] = field(default_factory=list)
    documents: list[dict[str, Any]] = field(default_factory=list)
    zips: list[dict[str, Any]] = field(default_factory=list)
    planted: list[dict[str, Any]] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        def count(items: list[dict[str, Any]], key: str, value: Any) -> int:
            return sum(1 for item in items if item[key] == value)

        detained = {person["id_number"]: person["detained"] for person in self.people}
        linked = [
            photo
            for photo in self.photos
            if photo["id_number"] in detained or (photo["named_by"] == "name" and photo["person_id_number"] in detained)
        ]
        checks = Counter(problem["check"] for problem in self.planted)
        return {
            "people": len(self.people),
            "photos": len(self.photos),
            "photos_without_record": count(self.photos, "in_records", False),
            "photos_linked": len(linked),
            "photos_linked_detained": sum(detained[photo["person_id_number"]] for photo in linked),
            "photos_unlinked": len(self.photos) - len(linked),
            "spreadsheets": len(self.spreadsheets),
            "xlsx": count(self.spreadsheets, "format", "xlsx"),
            "csv": count(self.spreadsheets, "format", "csv"),
            "documents": len(self.documents),
            "docx": count(self.documents, "format", "docx"),
            "pdf": count(self.documents, "format", "pdf"),
            "scans": count(self.documents, "format", "scan"),
            "zips": len(self.zips),
            "files": sum(len(z["files"]) for z in self.zips),
            "planted": {check: checks[check] for check in CHECKS},
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "seed": self.seed,
            "archive_date": self.archive_date.isoformat(),
            "counts": self.counts,
            "planted": self.planted,
            "people": self.people,
            "photos": self.photos,
            "spreadsheets": self.spreadsheets,
            "documents": self.documents,
            "zips": self.zips,
        }

    def write(self, path: Path) -> None:
        # compact: json's C encoder only runs without indent, and a big leak has 100,000 people
        path.write_text(json.dumps(self.to_dict(), ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
