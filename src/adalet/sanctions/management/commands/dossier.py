"""adalet dossier OFFICIAL --out dossier.pdf|dossier.html [--base-url URL] [--unmasked REASON]: a submission draft
for one official, with personal data masked unless asked for with a reason (on the custody log)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from adalet.archive import custody
from adalet.archive.ingest import default_actor
from adalet.people.officials import OfficialError, official
from adalet.sanctions.dossier import build, render_html, render_pdf


class Command(BaseCommand):
    help = "Write a Global Magnitsky / EU submission draft for an official (PDF or HTML, by the --out suffix)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("official", help="Official id or name (any recorded form: 'CHEN Quanguo', 陈全国).")
        parser.add_argument("--out", type=Path, required=True, help="dossier.pdf or dossier.html")
        parser.add_argument("--base-url", default="", help="The public site's address, for links to public items.")
        parser.add_argument("--unmasked", metavar="REASON", default="",
                            help="Show ID numbers and addresses in full; the reason goes on the custody log.")

    def handle(self, *args: Any, **options: Any) -> None:
        out: Path = options["out"]
        if out.suffix.lower() not in (".pdf", ".html", ".htm"):
            raise CommandError(f"--out must end in .pdf or .html, not {out.name!r}")
        try:
            person = official(options["official"])
        except OfficialError as error:
            raise CommandError(str(error)) from None
        reason = options["unmasked"].strip()
        if options["unmasked"] and not reason:
            raise CommandError("--unmasked needs a reason (it goes on the custody log)")
        dossier = build(person, options["base_url"].rstrip("/"), masked=not reason)
        data = render_pdf(dossier) if out.suffix.lower() == ".pdf" else render_html(dossier).encode("utf-8")
        try:
            out.write_bytes(data)
        except OSError as error:
            raise CommandError(f"cannot write {out}: {error.strerror}") from None
        detail: dict[str, Any] = {"out": out.name, "bytes": len(data), "masked": not reason}
        if reason:
            detail["unmasked_because"] = reason
        custody.append("dossier", actor=default_actor(), subject=person.name, detail=detail)
        self.stdout.write(f"{out} ({len(data):,} bytes): {len(dossier.evidence)} evidence items, gaps: "
                          f"{', '.join(dossier.gaps) or 'none'}")
