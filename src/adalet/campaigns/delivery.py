"""The delivery package: the signatory list (organizations first, then individuals, by country) as CSV safe to
open in a spreadsheet and as a PDF of the letter with counts; every export is on the custody log. And the purge
of personal data not needed for delivery, a set time after delivery."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from pathlib import Path

from django.db import transaction
from django.db.models import CharField, Q, Value
from django.db.models.functions import Cast, Concat
from django.template.loader import render_to_string

from adalet.archive import custody
from adalet.campaigns import conf, counters, countries, deadlines, letters, markup
from adalet.campaigns.models import Letter, Signature, counted

WITHHELD = "Name withheld"
HEADER = ["type", "organization", "name", "title or role", "affiliation", "country", "website", "listed", "text version",
          "confirmed"]


def safe_cell(value: object) -> str:
    """A spreadsheet must not read a cell as a formula: text starting with = + - @ (or tab, CR) gets a leading '."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def rows(letter: Letter) -> list[dict[str, str]]:
    """The counted signatures, organizations first, then individuals, each group by country, then by name."""
    found = []
    for s in counted(letter.signatures).defer("logo"):
        hidden = s.visibility == Signature.Visibility.HIDDEN
        organization = s.kind == Signature.Kind.ORGANIZATION
        found.append({
            "type": s.kind,
            "organization": ("Organization withheld" if hidden else s.organization) if organization else "",
            "name": WITHHELD if hidden else s.name,
            "title or role": "" if hidden else (s.role if organization else s.title),
            "affiliation": "" if hidden else s.affiliation,
            "country": countries.name(s.country),
            "website": "" if hidden else s.website,
            "listed": {"listed": "publicly", "recipients": "recipients only", "hidden": "counted only"}[s.visibility],
            "text version": str(s.version),
            "confirmed": s.email_confirmed_at.date().isoformat() if s.email_confirmed_at else "",
        })
    found.sort(key=lambda r: (r["type"] != "organization", r["country"], (r["organization"] or r["name"]).casefold()))
    return found


def csv_text(letter: Letter) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    for row in rows(letter):
        writer.writerow([safe_cell(row[column]) for column in HEADER])
    return out.getvalue()


def pdf_bytes(letter: Letter) -> bytes:
    from weasyprint import HTML

    signatories = rows(letter)
    html = render_to_string("campaigns/delivery.html", {
        "letter": letter, "body": markup.render(letter.body), "tally": letters.tally(letter),
        "organizations": [r for r in signatories if r["type"] == "organization"],
        "individuals": [r for r in signatories if r["type"] == "individual"],
        "closes_at": deadlines.closes_at(letter), "extensions": list(letter.extensions.all()),
    })
    return HTML(string=html).write_pdf()


def export(letter: Letter, *, actor: str, kinds: tuple[str, ...] = ("csv", "pdf")) -> dict[str, bytes]:
    """The package's files by name; audited as an export of personal data. A closed letter is then delivered."""
    files: dict[str, bytes] = {}
    if "csv" in kinds:
        files[f"{letter.slug}-signatories.csv"] = csv_text(letter).encode("utf-8-sig")
    if "pdf" in kinds:
        files[f"{letter.slug}.pdf"] = pdf_bytes(letter)
    with transaction.atomic():
        if letter.delivered_at is None and deadlines.status(letter) == "closed":
            letter.delivered_at = deadlines.now()
            letter.save(update_fields=["delivered_at"])
        custody.append("export-personal-data", actor=actor, subject=letter.slug, detail={
            "files": sorted(files), "signatories": len(rows(letter)), "delivered": bool(letter.delivered_at),
        })
    return files


def write(files: dict[str, bytes], out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in files.items():
        (out_dir / name).write_bytes(data)
        written.append(out_dir / name)
    return written


def purge(*, actor: str, days: int | None = None, dry_run: bool = False) -> dict[str, int]:
    """Erase what delivery does not need, for letters delivered more than `days` ago: signatures that never
    counted are deleted; counted ones lose email, IP hash and link, and names withheld from everyone. Rate-limit counters older
    than a day go too."""
    days = conf.get("ADALET_CAMPAIGN_RETENTION_DAYS") if days is None else days
    cutoff = deadlines.now() - timedelta(days=days)
    due = Letter.objects.filter(delivered_at__lte=cutoff, purged_at__isnull=True)
    summary = {"letters": 0, "deleted": 0, "erased": 0}
    if not dry_run:
        counters.forget_before(deadlines.now() - timedelta(days=1))  # rate-limit windows long past
    for letter in due:
        keep = counted(letter.signatures)
        drop = letter.signatures.exclude(id__in=keep.values("id"))
        summary["letters"] += 1
        summary["deleted"] += drop.count()
        summary["erased"] += keep.count()
        if dry_run:
            continue
        with transaction.atomic():
            drop.delete()
            purged_key = Concat(Value("purged-"), Cast("id", CharField()))  # still unique per signature
            keep.update(email="", email_key=purged_key, email_domain="", ip_hash="", nonce="", name_key="")
            keep.filter(Q(visibility=Signature.Visibility.HIDDEN)).update(name="", title="", affiliation="", role="", website="",
                                                                            organization="")
            letter.purged_at = deadlines.now()
            letter.save(update_fields=["purged_at"])
            custody.append("campaign-purge", actor=actor, subject=letter.slug, detail=dict(summary))
    return summary
