"""adalet ingest PATH --collection NAME [--source "how it was obtained"]: bring a leak into the archive.

A disk without room refuses before anything is written; a disk that fills or fails on the way stops it with one
line (exit 1) and the same command run again finishes the work.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from adalet.archive import ingest
from adalet.archive.environment import fault_of, is_environmental


class RichProgress(ingest.Progress):
    """Two bars: originals stored (bytes), items extracted (count)."""

    def __init__(self, console: Console) -> None:
        self.bars = Progress(
            TextColumn("{task.description:<22}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[detail]}"),
            TimeElapsedColumn(),
            console=console,
            transient=False,
        )
        self.staging = self.bars.add_task("storing originals", total=None, detail="")
        self.extracting = self.bars.add_task("extracting", total=None, detail="", visible=False)
        self.files = 0
        self.size = 0

    def staging_total(self, files: int, size: int) -> None:
        self.bars.start()  # only once there is work to show: an early error stays one line
        self.bars.update(self.staging, total=files, detail=f"of {size / 1e6:,.1f} MB")

    def staged(self, files: int, size: int) -> None:
        self.files += files
        self.size += size
        self.bars.update(self.staging, completed=self.files)

    def extracted(self, done: int, total: int) -> None:
        self.bars.update(self.extracting, completed=done, total=total, visible=True)


class Command(BaseCommand):
    help = "Ingest a folder, a file or a zip into a collection, with chain of custody."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--collection", required=True, help="Collection name (created if new).")
        parser.add_argument("--source", default="", help="How the material was obtained (provenance statement).")
        parser.add_argument("--actor", default=None, help="Who is ingesting (default: user@host).")
        parser.add_argument("--no-ocr", action="store_true", help="Do not OCR pages without a text layer.")
        parser.add_argument(
            "--background", action="store_true", help="Only store and queue; leave extraction to `adalet worker`."
        )
        parser.add_argument("--jobs", type=int, default=1, help="Processes extracting on this machine (default 1).")
        parser.add_argument("--json", action="store_true", help="Print the summary as JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        console = Console(stderr=True, quiet=options["json"] or options["verbosity"] == 0)
        progress = RichProgress(console)
        try:
            summary = ingest.ingest(
                options["path"],
                options["collection"],
                source=options["source"],
                actor=options["actor"],
                ocr=not options["no_ocr"],
                wait=not options["background"],
                jobs=max(1, options["jobs"]),
                progress=progress,
            )
        except ingest.IngestError as error:
            raise CommandError(str(error)) from None
        except Exception as error:
            if not is_environmental(error):
                raise
            raise CommandError(fault_of(error).line()) from None
        finally:
            progress.bars.stop()
        if options["json"]:
            self.stdout.write(json.dumps(summary.as_dict(), ensure_ascii=False, indent=2))
            return
        self.stdout.write(
            f"{summary.collection}: {summary.items} items ({summary.new_items} new), "
            f"{summary.bytes / 1e6:,.1f} MB, in {summary.seconds:.1f} s"
        )
        self.stdout.write("  " + ", ".join(f"{status}: {n}" for status, n in sorted(summary.statuses.items())))
        if summary.failures:
            self.stdout.write("  failures by reason: " + ", ".join(f"{code}: {n}" for code, n in summary.failures.items()))
        if options["background"]:
            self.stdout.write("  extraction queued: run `adalet worker` to process it")
