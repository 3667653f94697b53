"""adalet facilities import-aspi FILE [--json]: ASPI's located detention facilities, for the facility map."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from adalet.archive.ingest import default_actor
from adalet.people.facilities import FacilityError, import_aspi


class Command(BaseCommand):
    help = "Import detention facilities with their coordinates and tiers (the /facilities/ map)."

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        p = sub.add_parser("import-aspi", help="The ASPI Xinjiang Data Project's camp dataset (CampDataset_v1.csv).")
        p.add_argument("file", type=Path)
        p.add_argument("--json", action="store_true", help="Print the counts and problems as JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = import_aspi(options["file"], actor=default_actor())
        except FacilityError as error:
            raise CommandError(str(error)) from None
        if options["json"]:
            self.stdout.write(json.dumps(asdict(report), ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"{report.file}: {report.created:,} facilities added, {report.updated:,} updated "
                          f"(SHA-256 {report.sha256[:16]}…, on the custody log)")
        for problem in report.problems:
            self.stdout.write(f"  skipped: {problem}")
