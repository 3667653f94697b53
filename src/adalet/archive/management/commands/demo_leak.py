"""adalet demo-leak OUT_DIR [--people N --photos N --docs N --seed S]: write a realistic synthetic leak."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand
from rich.console import Console
from rich.progress import Progress


class Command(BaseCommand):
    help = "Write a synthetic leak of fictional people: spreadsheets, police photos, speeches, scans, nested zips."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("out_dir", type=Path)
        parser.add_argument("--people", type=int, default=300)
        parser.add_argument("--photos", type=int, default=200)
        parser.add_argument("--docs", type=int, default=10)
        parser.add_argument("--sheets", type=int, default=None)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args: Any, **options: Any) -> None:
        from adalet.demo import write_leak

        console = Console(stderr=True, quiet=options["verbosity"] == 0)
        with Progress(console=console, transient=True) as bars:
            task = bars.add_task("writing the leak", total=None)
            manifest = write_leak(
                options["out_dir"],
                people=options["people"],
                photos=options["photos"],
                docs=options["docs"],
                sheets=options["sheets"],
                seed=options["seed"],
                progress=lambda done, total: bars.update(task, completed=done, total=total),
            )
        shown = ", ".join(f"{n} {k}" for k, n in manifest.counts.items() if k in ("people", "photos", "spreadsheets", "documents", "scans"))
        self.stdout.write(f"wrote a synthetic leak to {options['out_dir']}: {shown}")
