"""adalet dossier OFFICIAL --out dossier.pdf|dossier.html [--to us,eu,uk,ca] [--collection C] [--base-url URL]
[--unmasked REASON]: a submission draft for one official, addressed to the jurisdictions asked (their criteria only),
with the posts, the counts under them, masked examples of records, the documents naming the official and what weighs
against the designation; personal data masked unless asked for with a reason (on the custody log)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from adalet.archive import custody, reading
from adalet.archive.ingest import default_actor
from adalet.archive.reading import ArchiveReadError
from adalet.people.officials import OfficialError, official
from adalet.sanctions.dossier import DossierError, build, jurisdictions, render_html, render_pdf
from adalet.sanctions.gaps import CODES


class Command(BaseCommand):
    help = "Write a designation submission draft for an official (PDF or HTML, by the --out suffix)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("official", help="Official id or name (any recorded form: 'CHEN Quanguo', 陈全国).")
        parser.add_argument("--out", type=Path, required=True, help="dossier.pdf or dossier.html")
        parser.add_argument("--to", default=",".join(CODES),
                            help=f"The jurisdictions it is addressed to, comma-separated (default {','.join(CODES)}).")
        parser.add_argument("--collection", help="Count this collection's records only.")
        parser.add_argument("--base-url", default="", help="The public site's address, for links to public items.")
        parser.add_argument("--unmasked", metavar="REASON", default="",
                            help="Show ID numbers and addresses of evidence in full (never in the examples of "
                                 "records); the reason goes on the custody log.")

    def handle(self, *args: Any, **options: Any) -> None:
        out: Path = options["out"]
        if out.suffix.lower() not in (".pdf", ".html", ".htm"):
            raise CommandError(f"--out must end in .pdf or .html, not {out.name!r}")
        reason = options["unmasked"].strip()
        if options["unmasked"] and not reason:
            raise CommandError("--unmasked needs a reason (it goes on the custody log)")
        try:
            person = official(options["official"])
            to = jurisdictions(options["to"])
            collections = [reading.collection(options["collection"]).pk] if options["collection"] else None
            dossier = build(person, options["base_url"].rstrip("/"), masked=not reason, to=to,
                            collection_ids=collections)
        except (OfficialError, DossierError, ArchiveReadError) as error:
            raise CommandError(str(error)) from None
        data = render_pdf(dossier) if out.suffix.lower() == ".pdf" else render_html(dossier).encode("utf-8")
        try:
            out.write_bytes(data)
        except OSError as error:
            raise CommandError(f"cannot write {out}: {error.strerror}") from None
        detail: dict[str, Any] = {"out": out.name, "bytes": len(data), "masked": not reason, "to": to,
                                  "admitted_during_tenure": dossier.counts["admitted"],
                                  "held_during_tenure": dossier.counts["held"]}
        if reason:
            detail["unmasked_because"] = reason
        custody.append("dossier", actor=default_actor(), subject=person.name, detail=detail)
        self.stdout.write(f"{out} ({len(data):,} bytes){' FICTIONAL official' if dossier.fictional else ''}: "
                          f"{len(dossier.posts)} posts, {dossier.counts['held']:,} detentions held during them "
                          f"({dossier.counts['admitted']:,} admitted), {len(dossier.documents)} documents naming the "
                          f"official, {len(dossier.evidence)} evidence items; addressed to {dossier.addressed}; "
                          f"gaps: {', '.join(dossier.gaps) or 'none'}")
