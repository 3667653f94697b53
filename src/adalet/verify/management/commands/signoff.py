"""adalet signoff COLLECTION KEY [KEY ...] --decision confirmed|dismissed|noted [--note TEXT] [--reviewer NAME]."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from adalet.archive.ingest import default_actor
from adalet.archive.reading import ArchiveReadError
from adalet.verify.models import Decision
from adalet.verify.runner import SignOffError, sign_off


class Command(BaseCommand):
    help = "Sign off findings of a collection's latest verification (audited on the custody log)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("collection")
        parser.add_argument("keys", nargs="+", help="Finding keys, as `adalet verify --json` prints them.")
        parser.add_argument("--decision", required=True, choices=Decision.values)
        parser.add_argument("--note", default="")
        parser.add_argument("--reviewer", default=None, help="Who decides (default: user@host).")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            made = sign_off(
                options["collection"], options["keys"], options["decision"], options["reviewer"] or default_actor(),
                options["note"],
            )
        except (ArchiveReadError, SignOffError) as error:
            raise CommandError(str(error)) from None
        for s in made:
            self.stdout.write(f"{s.key}: {s.decision} by {s.reviewer} (custody record #{s.custody_seq})")
