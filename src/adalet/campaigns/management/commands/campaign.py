"""adalet campaign create | extend | close | export | purge | ask | deliver | delivered | respond | outcomes | publish:
open letters from the command line, and what came of them."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from adalet.archive.ingest import default_actor
from adalet.campaigns import deadlines, delivered, delivery, followups, letters, outcomes
from adalet.campaigns.models import Letter
from adalet.people.officials import OfficialError


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
        create.add_argument("--ask", action="append", default=[], metavar="OFFICIAL",
                            help="An official of the registry (id or name) the letter asks to designate (repeat).")
        create.add_argument("--ask-to", default="us", metavar="CODES",
                            help="The jurisdictions the asks are made of: us, eu, uk, ca, comma-separated (default us).")
        ask = sub.add_parser("ask", help="Ask a jurisdiction to designate officials of the registry (audited).")
        ask.add_argument("slug")
        ask.add_argument("officials", nargs="+", metavar="OFFICIAL", help="Ids or names of officials of the registry.")
        ask.add_argument("--to", default="us", help="Jurisdictions: us, eu, uk, ca, comma-separated (default us).")
        deliver = sub.add_parser("deliver", help="Record a delivery: the PDF and the signatories' list, by hash, when, "
                                 "to whom, how (audited).")
        deliver.add_argument("slug")
        deliver.add_argument("--to", required=True, help="Recipients, separated by ';'.")
        deliver.add_argument("--method", default="email", choices=list(delivered.METHODS))
        deliver.add_argument("--reference", default="", help="The recipient's reference or receipt number.")
        deliver.add_argument("--at", default="", help="When it was delivered, ISO date/time in UTC (default: now).")
        check = sub.add_parser("delivered", help="The deliveries, each checked: its files still hash as recorded, "
                               "its custody record agrees, its text version is unchanged (exit 1 if not).")
        check.add_argument("slug")
        check.add_argument("--json", action="store_true")
        respond = sub.add_parser("respond", help="Record a recipient's response (text or a file; audited).")
        respond.add_argument("slug")
        respond.add_argument("--from", dest="sender", required=True, help="Who responded.")
        respond.add_argument("--on", required=True, help="The day it was received, YYYY-MM-DD.")
        respond.add_argument("--text", default="")
        respond.add_argument("--file", default="")
        outcome = sub.add_parser("outcomes", help="The letter's asks: open, or fulfilled with the date and evidence.")
        outcome.add_argument("slug")
        outcome.add_argument("--json", action="store_true")
        publish = sub.add_parser("publish", help="Open a drafted follow-up letter for signatures from now.")
        publish.add_argument("slug")
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
        except (ValueError, deadlines.DeadlineError, OfficialError) as error:
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
        if o["ask"]:
            for key in o["ask"]:  # every ask names an official of the registry: refuse the letter before making it
                outcomes.find_official(key)
            codes = [outcomes.jurisdiction(c) for c in o["ask_to"].split(",") if c.strip()]
        letter = letters.create(draft, actor=default_actor())
        if o["ask"]:
            outcomes.add_asks(letter, o["ask"], codes, actor=default_actor())
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

    def ask(self, o: dict[str, Any]) -> None:
        letter = self.letter(o["slug"])
        codes = [c for c in o["to"].split(",") if c.strip()]
        made = outcomes.add_asks(letter, o["officials"], codes, actor=default_actor())
        self.stdout.write(f"{letter.slug}: {len(made)} new asks ({letter.asks.count()} in all)")

    def deliver(self, o: dict[str, Any]) -> None:
        letter = self.letter(o["slug"])
        at = None
        if o["at"]:
            try:
                at = datetime.fromisoformat(o["at"])
            except ValueError:
                raise CommandError(f"--at is not an ISO date/time: {o['at']}") from None
            at = at if at.tzinfo else at.replace(tzinfo=UTC)
        record = delivered.deliver(letter, to=o["to"].split(";"), method=o["method"], reference=o["reference"],
                                   actor=default_actor(), at=at)
        self.stdout.write(f"{letter.slug}: delivered to {record.recipient_list} ({record.method}), "
                          f"{record.signatories} signatories; PDF sha256 {record.pdf_sha256}, "
                          f"list sha256 {record.list_sha256}, custody record {record.custody_seq}")

    def delivered(self, o: dict[str, Any]) -> None:
        letter = self.letter(o["slug"])
        found = []
        for record in letter.deliveries.all():
            result = delivered.check(record)
            found.append({**delivered.facts(record), "ok": result.ok, "problems": result.problems})
        if o["json"]:
            self.stdout.write(json.dumps(found, ensure_ascii=False, indent=2))
        else:
            for item in found:
                state = "verified" if item["ok"] else "FAILED: " + "; ".join(item["problems"])  # type: ignore[arg-type]
                self.stdout.write(f"#{item['delivery']} {item['delivered_at']} to {'; '.join(item['to'])}: {state}")  # type: ignore[arg-type]
        if not found:
            self.stderr.write(f"{letter.slug}: not delivered yet")
        if not all(item["ok"] for item in found):
            raise SystemExit(1)

    def respond(self, o: dict[str, Any]) -> None:
        letter = self.letter(o["slug"])
        response = delivered.respond(letter, recipient=o["sender"], received_on=day(o["on"]), text=o["text"],
                                     file=Path(o["file"]) if o["file"] else None, actor=default_actor())
        self.stdout.write(f"{letter.slug}: response #{response.pk} from {response.recipient} recorded")

    def outcomes(self, o: dict[str, Any]) -> None:
        letter = self.letter(o["slug"])
        outcomes.refresh(letter)
        result = outcomes.outcomes(letter)
        follow = followups.current(letter)
        result["follow_up"] = follow.slug if follow else None
        if o["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
            return
        for a in result["asks"]:
            state = f"fulfilled on {a['designated_on']} ({a['evidence']['basis']})" if a["status"] == "fulfilled" else "open"
            self.stdout.write(f"{a['official']} ({a['jurisdiction']}): {state}")
        self.stdout.write(f"{result['fulfilled']} fulfilled, {result['open']} open"
                          + (f"; follow-up draft: {follow.slug}" if follow else ""))

    def publish(self, o: dict[str, Any]) -> None:
        letter = followups.publish(self.letter(o["slug"]), actor=default_actor())
        self.stdout.write(f"{letter.slug}: open until {deadlines.closes_at(letter).isoformat()} (exclusive)")
