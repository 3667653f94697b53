"""adalet xref photos COLLECTION [--json]: link photos to records; how many are shown detained.
adalet xref people [--collection NAME ...] [--json]: propose links between the same person in two collections."""

from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from adalet.archive.ingest import default_actor
from adalet.archive.reading import ArchiveReadError
from adalet.console import progress_bar
from adalet.people.personlinks import xref_people
from adalet.people.xref import xref_photos


class Command(BaseCommand):
    help = "Link the photos of a collection to its person records (run `adalet records map` first)."

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        p = sub.add_parser("photos", help="Link photos by ID number in the file name, then by name and birth date.")
        p.add_argument("collection")
        p.add_argument("--json", action="store_true", help="Print counts and breakdowns as JSON.")
        q = sub.add_parser("people", help="Propose links between records of two collections: ID number, or name and birth date.")
        q.add_argument("--collection", action="append", help="Only records of these collections (repeat); all by default.")
        q.add_argument("--json", action="store_true", help="Print counts as JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "people":
            self.people(options)
            return
        try:
            with progress_bar("linking photos", sys.stderr, quiet=options["json"]) as progress:
                report = xref_photos(options["collection"], actor=default_actor(), progress=progress)
        except ArchiveReadError as error:
            raise CommandError(str(error)) from None
        if options["json"]:
            self.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
            return
        out = self.stdout.write
        out(f"{report.collection}: {report.photos:,} photos, {report.linked:,} linked to a record "
            f"({report.people_linked:,} people), {report.unlinked:,} not linked")
        out(f"  shown detained: {report.linked_detained:,} photos of {report.people_linked_detained:,} people")
        out(f"  minors (under 18 when photographed): {report.minors:,} photos")
        for title, counts in (("by method", report.by_method), ("detained, by facility", report.by_facility),
                              ("by age band", report.by_age_band), ("by sex", report.by_sex),
                              ("not linked, why", report.unlinked_reasons)):
            if counts:
                out(f"  {title}: " + ", ".join(f"{k} {v:,}" for k, v in counts.items()))
        if report.ambiguous:
            out(f"  {len(report.ambiguous)} photos match several records equally: left for a reviewer (see --json)")
        out("  every link is proposed until a reviewer confirms it; each carries its evidence")

    def people(self, options: dict[str, Any]) -> None:
        report = xref_people(options["collection"], actor=default_actor())
        if options["json"]:
            self.stdout.write(json.dumps(report.as_dict(), ensure_ascii=False, indent=2))
            return
        out = self.stdout.write
        out(f"{report.records:,} records read; {report.proposed:,} links proposed, {report.kept:,} decided earlier and kept")
        if report.by_method:
            out("  by method: " + ", ".join(f"{k} {v:,}" for k, v in report.by_method.items()))
        for pair, count in report.by_collections.items():
            out(f"  {pair}: {count:,}")
        out("  every link is proposed until a reviewer confirms it (/workspace/person-links/); each carries its evidence")
