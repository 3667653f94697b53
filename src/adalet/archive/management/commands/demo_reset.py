"""adalet demo-reset HOME [PATH ...] [--yes]: what `make demo` runs before it makes the demo again.

It says what it will delete before deleting it: the earlier demo's folders and, when its database is there, how many
signatures and reviewers' decisions (sign-offs of findings, photo links and official matches confirmed or rejected)
it holds, since those were made by people and are not made again. At a terminal it then asks, when there are any;
``--yes`` (``make demo DEMO_YES=1``) does not ask. Run with ADALET_HOME=HOME: the counts come from that home's
database (not from DATABASE_URL, which the demo does not use: a PostgreSQL database is never deleted here).
"""

from __future__ import annotations

import shutil
import sqlite3
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from adalet.home import database_path

#: (what, what for one, SQL) of what people made in the demo that making it again does not bring back
COUNTS = (
    ("signatures", "signature", "SELECT COUNT(*) FROM campaigns_signature"),
    ("sign-offs of findings", "sign-off of a finding", "SELECT COUNT(*) FROM verify_signoff"),
    ("photo-link decisions", "photo-link decision", "SELECT COUNT(*) FROM people_photolink WHERE status != 'proposed'"),
    ("official-match decisions", "official-match decision",
     "SELECT COUNT(*) FROM sanctions_officialmatch WHERE status != 'proposed'"),
)
SINGULAR = {many: one for many, one, _sql in COUNTS} | {"reviews": "review"}


def counted(n: int, what: str) -> str:
    return f"{n} {SINGULAR[what] if n == 1 else what}"


def counts(database: Path) -> dict[str, int] | None:
    """What the demo database holds, read-only; None when it cannot be read (an older or damaged file)."""
    found = {}
    try:
        with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as connection:
            for what, _one, sql in COUNTS:
                found[what] = connection.execute(sql).fetchone()[0]
    except sqlite3.Error:
        return None
    return found


def describe(found: dict[str, int]) -> str:
    reviews = sum(n for what, n in found.items() if what != "signatures")
    parts = ", ".join(counted(n, what) for what, n in found.items() if what != "signatures" and n)
    return f"{counted(found['signatures'], 'signatures')} and {counted(reviews, 'reviews')}" + (f" ({parts})" if parts else "")


class Command(BaseCommand):
    help = "Say what of an earlier demo `make demo` deletes (signatures, reviews), then delete it."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("home", type=Path, help="the demo's ADALET_HOME (var/demo)")
        parser.add_argument("paths", type=Path, nargs="*", help="other folders of the demo (var/demo-leak)")
        parser.add_argument("--yes", action="store_true", help="do not ask, even at a terminal")

    def handle(self, *args: Any, home: Path, paths: list[Path], yes: bool, **options: Any) -> None:
        home = home.resolve()
        if database_path().resolve().parent != home:
            raise CommandError(f"run it with ADALET_HOME={home}: the counts are read from that home's database")
        database = database_path()
        folders = [p for p in (home, *paths) if p.exists()]  # the home exists: settings made it
        if not database.exists() and not any(p.exists() for p in paths):
            self.stdout.write("no earlier demo to delete")
            for folder in folders:
                shutil.rmtree(folder)
            return
        found = counts(database) if database.exists() else {}
        held = ("no database" if not database.exists() else "its database could not be read" if found is None
                else f"its database holds {describe(found)}")
        self.stdout.write(f"make demo deletes the earlier demo: {', '.join(str(p) for p in folders)}; {held}")
        if found and any(found.values()) and not yes and sys.stdin.isatty():
            if input("delete them and make the demo again? [y/N] ").strip().lower() not in ("y", "yes"):
                raise CommandError("kept the earlier demo (make demo DEMO_YES=1 deletes it without asking)")
        for folder in folders:
            shutil.rmtree(folder)
        self.stdout.write(f"deleted {', '.join(str(p) for p in folders)}")
