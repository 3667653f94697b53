"""adalet records map COLLECTION [--mapping FILE] [--terms FILE] [--json]: spreadsheet rows become records.
adalet records index-names [COLLECTION]: the name index relative search looks names up by, rebuilt."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from adalet.archive import reading
from adalet.archive.ingest import default_actor
from adalet.archive.reading import ArchiveReadError
from adalet.console import progress_bar
from adalet.people import namekeys
from adalet.people.mapping import Mapping, MappingError, load_mapping
from adalet.people.records import map_collection
from adalet.people.vocab import DetentionTerms, VocabularyError

SHOWN_PROBLEMS = 20


class Command(BaseCommand):
    help = "Read a collection's spreadsheets into people, detentions and facilities (replacing an earlier mapping)."

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        p = sub.add_parser("map", help="Map the spreadsheets of COLLECTION to records.")
        p.add_argument("collection")
        p.add_argument("--mapping", type=Path, help="YAML mapping for sheets that header detection cannot read.")
        p.add_argument("--terms", type=Path, action="append", default=[], help="More detention terms (TSV).")
        p.add_argument("--json", action="store_true", help="Print the report as JSON.")
        p = sub.add_parser("index-names", help="Rebuild the name index of COLLECTION's people (default: everyone's).")
        p.add_argument("collection", nargs="?")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "index-names":
            self._index_names(options["collection"])
            return
        try:
            mapping = load_mapping(options["mapping"]) if options["mapping"] else Mapping()
            terms = DetentionTerms.load(*options["terms"])
            with progress_bar("reading spreadsheets", sys.stderr, quiet=options["json"]) as progress:
                report = map_collection(options["collection"], mapping, terms, actor=default_actor(), progress=progress)
        except (ArchiveReadError, MappingError, VocabularyError) as error:
            raise CommandError(str(error)) from None
        if options["json"]:
            self.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False, indent=2, default=str))
            return
        self.stdout.write(
            f"{report.collection}: {report.rows:,} rows from {report.sheets} sheets of {report.spreadsheets} spreadsheets "
            f"-> {report.people:,} people, {report.detentions:,} detentions, {report.facilities} facilities "
            f"in {report.seconds:.1f} s"
        )
        skipped = [line for line in report.layouts if "detected" not in line and "columns from" not in line]
        for line in skipped:
            self.stdout.write(f"  not read: {line}")
        if report.problems:
            self.stdout.write(f"{len(report.problems)} cells could not be read exactly (left empty):")
            for p in report.problems[:SHOWN_PROBLEMS]:
                sheet = f" sheet {p.sheet}" if p.sheet else ""
                self.stdout.write(f"  {p.item}{sheet} row {p.row} column {p.column} ({p.field}): {p.reason}")
            if len(report.problems) > SHOWN_PROBLEMS:
                self.stdout.write(f"  ... and {len(report.problems) - SHOWN_PROBLEMS} more (use --json for all)")

    def _index_names(self, name: str | None) -> None:
        try:
            collection = reading.collection(name) if name else None
        except ArchiveReadError as error:
            raise CommandError(str(error)) from None
        count = namekeys.rebuild(collection)
        self.stdout.write(f"{count:,} people indexed by their names' keys ({namekeys.stamp()})")
