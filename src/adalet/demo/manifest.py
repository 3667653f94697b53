"""The ground truth of a synthetic leak, written next to it as ``manifest.json``.

Schema (all dates ISO 8601, times local to Xinjiang without a zone)::

    seed, seed_role (development|hold-out|other: adalet.demo.seeds), realistic, archive_date
    counts: people, clean_rows, photos, clean_photos, photos_without_record, photos_linked, photos_linked_detained,
            photos_unlinked, spreadsheets, xlsx, csv, documents, docx, pdf, scans, zips,
            files, planted: {check: count} (every check of adalet.demo.planted.CHECKS),
            irregularities: {rows: {tag: count}, photos: {tag: count}} (adalet.demo.irregularities)
    planted[]: check, severity (warning|error), archive: [zip, ...], path, sheet, row,
               id_number, other: {archive, path} | None
    people[]: id_number, name, sex, ethnicity, birth_date, county, address,
              bureau, facility, status, detained, admitted, reason, id_issued, residence,
              source: {archive: [zip, ...], path, sheet, row},
              planted: check | None, irregularities: [tag, ...]
    photos[]: archive: [zip, inner zip], path, file_name, named_by (id_number|name),
              id_number, name, birth_date, person_id_number, in_records, facility,
              taken_at, exported_at, exif_taken_at, clock_offset_seconds,
              camera: {make, model, serial} | None, software, edited_at, copy_of,
              look_alike_distance, planted: check | None, irregularities: [tag, ...]
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

Clean and planted: every row (``people[]``) and photo (``photos[]``) has
``planted``, the check of its planted problem or None for a clean one, and
``irregularities``, the benign irregularities it carries (the tags of
adalet.demo.irregularities), so that a finding on a clean row or photo (a
false alarm) can be traced to its cause. ``counts.clean_rows`` and
``counts.clean_photos`` are the denominators of false alarms per 1,000.
``id_issued`` is the year the ID number was assigned and ``residence`` the
current residence (现住址) when elsewhere than the registration; both None in
a leak that is not ``realistic``. A realistic leak lists some people twice
(``listed_twice``), so ``people[]`` counts rows, not persons.

``photos[]``: ``named_by`` says how the file is named: ``id_number`` (then
``name`` and ``birth_date`` are None) or ``name`` (``<name>_<birth
date>_<time>.jpg``, ``id_number`` None); ``person_id_number`` is always the
subject's ID number. ``taken_at`` is the file name's time (None for a
database export, named ``<ID number>.jpg``, whose ``exported_at`` is the
export's time), ``exif_taken_at`` the EXIF DateTimeOriginal (None without
EXIF) and ``clock_offset_seconds`` the difference; ``camera`` is the EXIF's
(``serial`` None when the camera writes none). ``copy_of`` is the path of the
original of a planted copy. ``look_alike_distance`` is the pHash distance (bits)
to the nearest photo of another person, the photo's planted copies and its
original left out.
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

from adalet.demo.irregularities import PHOTO_TAGS, ROW_TAGS
from adalet.demo.planted import CHECKS


@dataclass
class Manifest:
    seed: int
    archive_date: dt.date
    realistic: bool = False
    seed_role: str = "other"
    people: list[dict[str, Any]] = field(default_factory=list)
    photos: list[dict[str, Any]] = field(default_factory=list)
    spreadsheets: list[dict[str, Any]] = field(default_factory=list)
    documents: list[dict[str, Any]] = field(default_factory=list)
    zips: list[dict[str, Any]] = field(default_factory=list)
    planted: list[dict[str, Any]] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, Any]:
        def count(items: list[dict[str, Any]], key: str, value: Any) -> int:
            return sum(1 for item in items if item[key] == value)

        detained = {person["id_number"]: person["detained"] for person in self.people}
        linked = [
            photo
            for photo in self.photos
            if photo["id_number"] in detained or (photo["named_by"] == "name" and photo["person_id_number"] in detained)
        ]
        checks = Counter(problem["check"] for problem in self.planted)
        row_tags = Counter(tag for person in self.people for tag in person.get("irregularities", ()))
        photo_tags = Counter(tag for photo in self.photos for tag in photo.get("irregularities", ()))
        return {
            "people": len(self.people),
            "clean_rows": sum(1 for person in self.people if person.get("planted") is None),
            "photos": len(self.photos),
            "clean_photos": sum(1 for photo in self.photos if photo.get("planted") is None),
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
            "irregularities": {
                "rows": {tag: row_tags[tag] for tag in ROW_TAGS},
                "photos": {tag: photo_tags[tag] for tag in PHOTO_TAGS},
            },
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "seed": self.seed,
            "seed_role": self.seed_role,
            "realistic": self.realistic,
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
