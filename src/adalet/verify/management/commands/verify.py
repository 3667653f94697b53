"""adalet verify COLLECTION [--json] [--report report.html|report.pdf] [--as-of DATE]: authenticate a collection.

The report is HTML, or the same page as PDF (WeasyPrint) when the file's name ends in .pdf."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from adalet.archive.ingest import default_actor
from adalet.archive.reading import ArchiveReadError
from adalet.verify.report import CHECK_TITLES, render_html, render_pdf
from adalet.verify.runner import verify_collection


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--as-of wants a date as YYYY-MM-DD, not {text!r}") from None


class Command(BaseCommand):
    help = "Run the forensic checks on a collection (map its records first for the row checks)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("collection")
        parser.add_argument("--json", action="store_true", help="Print the report as JSON.")
        parser.add_argument("--report", type=Path, metavar="FILE", help="Write the report: an HTML page, or PDF when FILE ends in .pdf.")
        parser.add_argument("--as-of", help="The archive's date, YYYY-MM-DD (default: estimated from the times its files record, "
                                 "leaving out clocks far from the others; see adalet.verify.archive_date).")

    def handle(self, *args: Any, **options: Any) -> None:
        as_of = _date(options["as_of"]) if options["as_of"] else None
        try:
            result = verify_collection(options["collection"], as_of=as_of, actor=default_actor())
        except ArchiveReadError as error:
            raise CommandError(str(error)) from None
        if options["report"]:
            try:
                report: Path = options["report"]
                if report.suffix.lower() == ".pdf":
                    report.write_bytes(render_pdf(result))
                else:
                    report.write_text(render_html(result), encoding="utf-8")
            except OSError as error:
                raise CommandError(f"cannot write {options['report']}: {error.strerror}") from None
        if options["json"]:
            self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
            return
        data = result.as_dict()
        severity = data["counts"]["by_severity"]
        self.stdout.write(
            f"{result.collection}: authenticity score {data['score']} — {severity['error']} errors, "
            f"{severity['warning']} warnings ({result.items} items, {result.rows} rows, {result.photos} images; "
            f"archive's date {data['as_of']}: {data['as_of_source']})"
        )
        if not data["as_of_supported"]:
            self.stdout.write(f"  no date judged against the archive's date: {data['as_of_support']}")
        covers = data["custody"]["covers"]
        self.stdout.write(f"  covers the custody log up to #{covers['seq']} {covers['digest']} (adalet {result.version})")
        if not result.mapped:
            self.stdout.write("  no records mapped: run `adalet records map` first for the ID number and date checks")
        for check, count in data["counts"]["by_check"].items():
            self.stdout.write(f"  {count:6,}  {check:22} {CHECK_TITLES.get(check, '')}")
        coverage = data["counts"]["coverage"]["by_check"]
        if coverage:
            self.stdout.write("coverage (what the leak holds; not scored):")
            for check, count in coverage.items():
                self.stdout.write(f"  {count:6,}  {check:22} {CHECK_TITLES.get(check, '')}")
        if options["report"]:
            self.stdout.write(f"report: {options['report']}")
