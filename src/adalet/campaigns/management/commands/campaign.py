"""adalet campaign create | extend | close | export | purge: open letters from the command line."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from adalet.archive.ingest import default_actor
from adalet.campaigns import deadlines, delivery, letters
from adalet.campaigns.models import Letter


def day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"not a date (YYYY-MM-DD): {value}") from None


class Command(BaseCommand):
    help = "Create a letter, extend its deadline, close it, export its delivery package, purge personal data."

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="A new letter, open from --opens until the end of --deadline.")
        create.add_argument("slug")
        create.add_argument("--title", required=True)
        create.add_argument("--recipients", required=True, help="Separated by ';'.")
        create.add_argument("--body", required=True, help="A Markdown file.")
        create.add_argument("--opens", default="", help="ISO date/time in --timezone (default: now).")
        create.add_argument("--deadline", required=True, help="The last day, YYYY-MM-DD, in --timezone.")
        create.add_argument("--timezone", default="UTC")
        create.add_argument("--link", action="append", default=[], help="KIND:LABEL=URL (KIND official|dossier|other).")
        extend = sub.add_parser("extend", help="Move the deadline later; signers are told.")
        extend.add_argument("slug")
        extend.add_argument("--to", required=True, help="The new last day, YYYY-MM-DD.")
        extend.add_argument("--reason", required=True)
        close = sub.add_parser("close", help="Stop accepting signatures now.")
        close.add_argument("slug")
        export = sub.add_parser("export", help="Write the CSV and PDF delivery package (audited).")
        export.add_argument("slug")
        export.add_argument("--out", default=".", help="Directory to write to.")
        export.add_argument("--format", choices=["csv", "pdf", "both"], default="both")
        purge = sub.add_parser("purge", help="Erase personal data not needed for delivery, after delivery.")
        purge.add_argument("--days", type=int, default=None, help="Days after delivery (default 30).")
        purge.add_argument("--dry-run", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            getattr(self, options["action"])(options)
        except (ValueError, deadlines.DeadlineError) as error:
            raise CommandError(str(error)) from None

    def letter(self, slug: str) -> Letter:
        letter = Letter.objects.filter(slug=slug).first()
        if letter is None:
            raise CommandError(f"no letter called {slug!r}")
        return letter

    def create(self, o: dict[str, Any]) -> None:
        zone = deadlines.zone(o["timezone"])
        opens = datetime.fromisoformat(o["opens"]).replace(tzinfo=zone) if o["opens"] else deadlines.now()
        body = Path(o["body"])
        if not body.is_file():
            raise CommandError(f"no such file: {body}")
        links = []
        for spec in o["link"]:
            kind, _, rest = spec.partition(":")
            label, _, url = rest.partition("=")
            if kind not in ("official", "dossier", "other") or not label or not url:
                raise CommandError(f"--link is KIND:LABEL=URL, not {spec!r}")
            links.append((kind, label, url))
        draft = letters.Draft(
            slug=o["slug"], title=o["title"], recipients="\n".join(r.strip() for r in o["recipients"].split(";")),
            body=body.read_text(), opens_at=opens, deadline=day(o["deadline"]), time_zone=o["timezone"], links=links,
        )
        letter = letters.create(draft, actor=default_actor())
        self.stdout.write(f"{letter.slug}: open until {deadlines.closes_at(letter).isoformat()} (exclusive)")

    def extend(self, o: dict[str, Any]) -> None:
        letter = self.letter(o["slug"])
        previous = letter.deadline
        told = letters.extend(letter, day(o["to"]), reason=o["reason"], actor=default_actor())
        self.stdout.write(f"{letter.slug}: deadline extended from {previous} to {letter.deadline}; {told} signers told")

    def close(self, o: dict[str, Any]) -> None:
        letter = self.letter(o["slug"])
        deadlines.close(letter, actor=default_actor())
        self.stdout.write(f"{letter.slug}: closed")

    def export(self, o: dict[str, Any]) -> None:
        letter = self.letter(o["slug"])
        kinds = ("csv", "pdf") if o["format"] == "both" else (o["format"],)
        files = delivery.export(letter, actor=default_actor(), kinds=kinds)
        for path in delivery.write(files, Path(o["out"])):
            self.stdout.write(str(path))

    def purge(self, o: dict[str, Any]) -> None:
        summary = delivery.purge(actor=default_actor(), days=o["days"], dry_run=o["dry_run"])
        verb = "would erase" if o["dry_run"] else "erased"
        self.stdout.write(f"{summary['letters']} letters: {verb} personal data of {summary['erased']} signatures, "
                          f"{'would delete' if o['dry_run'] else 'deleted'} {summary['deleted']} that did not count")
