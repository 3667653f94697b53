"""adalet facilities import-aspi FILE [--json]: ASPI's located detention facilities, for the facility map;
adalet facilities locate NAME --county COUNTY: say which county a facility of the records is in."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from adalet.archive.ingest import default_actor
from adalet.people.facilities import FacilityError, import_aspi
from adalet.people.locate import LocateError, state_county


class Command(BaseCommand):
    help = "Import detention facilities with their coordinates and tiers (the /facilities/ map)."

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        p = sub.add_parser("import-aspi", help="The ASPI Xinjiang Data Project's camp dataset (CampDataset_v1.csv).")
        p.add_argument("file", type=Path)
        p.add_argument("--json", action="store_true", help="Print the counts and problems as JSON.")
        where = sub.add_parser("locate", help="State the county a facility is in (when its name does not say it).")
        where.add_argument("name", help="The facility's name as the records write it.")
        where.add_argument("--county", required=True, help="A county of Xinjiang in any script: 特克斯县, Tekes.")
        where.add_argument("--source", default="", help="How this is known.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "locate":
            try:
                place = state_county(options["name"], options["county"], options["source"] or default_actor())
            except LocateError as error:
                raise CommandError(str(error)) from None
            self.stdout.write(f"{options['name']}: in {place.county} (stated; on the custody log)")
            return
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
