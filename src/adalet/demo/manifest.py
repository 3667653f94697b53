"""The ground truth of a synthetic leak, written next to it as ``manifest.json``.

Schema (all dates ISO 8601, times local to Xinjiang without a zone)::

    seed, archive_date
    counts: people, photos, photos_without_record, spreadsheets, xlsx, csv,
            documents, docx, pdf, scans, zips, files
    people[]: id_number, name, sex, ethnicity, birth_date, county, address,
              bureau, facility, status, admitted, reason,
              source: {archive: [zip, ...], path, sheet, row}
    photos[]: archive: [zip, inner zip], path, file_name, id_number, in_records,
              facility, taken_at, camera: {make, model, serial}, software, edited_at
    spreadsheets[]: archive, path, format, encoding, columns, date_format,
                    sheets: [{name, title, header_row, rows}]
    documents[]: archive, path, format, text_layer, kind, title, date, author,
                 issuer, number, officials, text
    zips[]: archive: [zip, ...], files: [member path, ...] (folders left out)

``archive`` lists the zip holding an item, outermost first; ``sheet`` is None
and ``row`` a line number for CSV files. ``row`` counts from 1, title and
header rows included.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class Manifest:
    seed: int
    archive_date: dt.date
    people: list[dict[str, Any]] = field(default_factory=list)
    photos: list[dict[str, Any]] = field(default_factory=list)
    spreadsheets: list[dict[str, Any]] = field(default_factory=list)
    documents: list[dict[str, Any]] = field(default_factory=list)
    zips: list[dict[str, Any]] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        def count(items: list[dict[str, Any]], key: str, value: Any) -> int:
            return sum(1 for item in items if item[key] == value)

        return {
            "people": len(self.people),
            "photos": len(self.photos),
            "photos_without_record": count(self.photos, "in_records", False),
            "spreadsheets": len(self.spreadsheets),
            "xlsx": count(self.spreadsheets, "format", "xlsx"),
            "csv": count(self.spreadsheets, "format", "csv"),
            "documents": len(self.documents),
            "docx": count(self.documents, "format", "docx"),
            "pdf": count(self.documents, "format", "pdf"),
            "scans": count(self.documents, "format", "scan"),
            "zips": len(self.zips),
            "files": sum(len(z["files"]) for z in self.zips),
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "seed": self.seed,
            "archive_date": self.archive_date.isoformat(),
            "counts": self.counts,
            "people": self.people,
            "photos": self.photos,
            "spreadsheets": self.spreadsheets,
            "documents": self.documents,
            "zips": self.zips,
        }

    def write(self, path: Path) -> None:
        # compact: json's C encoder only runs without indent, and a big leak has 100,000 people
        path.write_text(json.dumps(self.to_dict(), ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
