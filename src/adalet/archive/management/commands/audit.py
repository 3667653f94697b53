"""adalet audit verify: re-hash every original and check the custody chain; exit 1 on any break."""

from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand
from rich.console import Console
from rich.progress import Progress

from adalet.archive.audit import verify_archive
from adalet.archive.models import CustodyRecord, Item


class Command(BaseCommand):
    help = "Check the chain of custody: `adalet audit verify`."

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser("verify", help="Re-hash every stored original and check the custody log.")
        verify.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        console = Console(stderr=True, quiet=options.get("json") or options["verbosity"] == 0)
        with Progress(console=console, transient=True) as bars:
            task = bars.add_task("re-hashing blobs", total=None)
            problems = verify_archive(progress=lambda n, total: bars.update(task, completed=n, total=total))
        records = CustodyRecord.objects.count()
        items = Item.objects.count()
        if options.get("json"):
            self.stdout.write(json.dumps({"ok": not problems, "records": records, "items": items, "problems": problems}))
        elif problems:
            for problem in problems:
                self.stderr.write(f"BROKEN: {problem}")
            self.stderr.write(f"{len(problems)} problem(s) in {records} custody records and {items} items")
        else:
            self.stdout.write(f"ok: {records} custody records chained, {items} items match their logged hashes")
        if problems:
            sys.exit(1)
