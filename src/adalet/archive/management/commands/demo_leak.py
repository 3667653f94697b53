"""adalet demo-leak OUT_DIR [--people N --photos N --docs N --seed S] [--realistic]: write a synthetic leak.

--realistic adds the ordinary irregularities of real police files (adalet.demo.irregularities); seeds 1-9
are for development, seed 1000 is the frozen hold-out (adalet.demo.seeds).
"""

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
        parser.add_argument("--seed", type=int, default=1, help="1-9: development; 1000: the frozen hold-out")
        parser.add_argument(
            "--realistic",
            action="store_true",
            help="region codes as in force at issue, cameras side by side with their own clocks, firmware strings, "
            "one backdrop per station, database exports without EXIF, residences apart from registration, "
            "names with and without the interpunct",
        )

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
                realistic=options["realistic"],
                progress=lambda done, total: bars.update(task, completed=done, total=total),
            )
        shown = ", ".join(f"{n} {k}" for k, n in manifest.counts.items() if k in ("people", "photos", "spreadsheets", "documents", "scans"))
        self.stdout.write(f"wrote a synthetic leak to {options['out_dir']}: {shown}")
