"""Proof of delivery and the responses received.

`deliver` records what was handed to the recipients: the exact PDF of the letter and the signatories' list (CSV),
each kept in the content-addressed blob store under its SHA-256, the text version they carry (and that version's
own hash), when, to whom, how (email, web form, post, by hand) and the reference the recipient gave; one custody
record holds the same facts, so the log vouches for the files. `check` reads the files back: each must still hash
to what the record says, the custody record must name the same hashes, and the text version must be unchanged.

`respond` records a recipient's response: its date, its text and/or a file (kept the same way), shown on the
letter's page.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from adalet.archive import custody
from adalet.archive.blobstore import BlobStore
from adalet.archive.models import CustodyRecord
from adalet.campaigns import delivery
from adalet.campaigns.models import Delivery, Letter, LetterVersion, Response

METHODS = ("email", "web-form", "post", "hand")
#: A response file larger than this is refused (a reply letter, not an archive: those go through ingest).
MAX_RESPONSE_BYTES = 50 * 1024 * 1024


class DeliveryError(ValueError):
    pass


def version_sha256(version: LetterVersion) -> str:
    """The hash of a text version: its title, recipients and body, as canonical JSON."""
    data = {"title": version.title, "recipients": version.recipients, "body": version.body, "number": version.number}
    return hashlib.sha256(json.dumps(data, ensure_ascii=False, sort_keys=True).encode()).hexdigest()


def deliver(letter: Letter, *, to: list[str], method: str, reference: str = "", actor: str,
            at: datetime | None = None) -> Delivery:
    """Record the delivery of *letter* as it stands now to the recipients *to*; audited."""
    recipients = [r.strip() for r in to if r.strip()]
    if not recipients:
        raise DeliveryError("--to names no recipient")
    if method not in METHODS:
        raise DeliveryError(f"no delivery method {method!r}: one of {', '.join(METHODS)}")
    if letter.draft:
        raise DeliveryError(f"{letter.slug!r} is a draft: publish it first")
    when = at or timezone.now()
    if when > timezone.now():
        raise DeliveryError("a delivery cannot be in the future")
    pdf = delivery.pdf_bytes(letter)
    listing = delivery.csv_text(letter).encode("utf-8-sig")
    signatories = len(delivery.rows(letter))
    store = BlobStore()
    pdf_blob, list_blob = store.put_bytes(pdf, area="originals"), store.put_bytes(listing, area="originals")
    version = letter.versions.get(number=letter.version)
    with transaction.atomic():
        record = Delivery.objects.create(
            letter=letter, recipients="\n".join(recipients), method=method, reference=reference.strip(),
            delivered_at=when, version=letter.version, version_sha256=version_sha256(version),
            signatories=signatories, pdf_sha256=pdf_blob.sha256, list_sha256=list_blob.sha256,
            pdf_size=len(pdf), recorded_by=actor)
        entry = custody.append("campaign-deliver", actor=actor, subject=letter.slug, detail=facts(record))
        record.custody_seq = entry.seq
        record.save(update_fields=["custody_seq"])
        if letter.delivered_at is None:
            letter.delivered_at = when
            letter.save(update_fields=["delivered_at"])
    return record


def facts(record: Delivery) -> dict[str, object]:
    return {"delivery": record.pk, "to": record.recipients.splitlines(), "method": record.method,
            "reference": record.reference, "delivered_at": record.delivered_at.isoformat(),
            "version": record.version, "version_sha256": record.version_sha256, "signatories": record.signatories,
            "pdf_sha256": record.pdf_sha256, "list_sha256": record.list_sha256}


@dataclass
class Check:
    delivery: int
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def check(record: Delivery) -> Check:
    """Whether the delivered files, the custody record and the text version still agree with the record."""
    result = Check(record.pk)
    store = BlobStore()
    for label, sha in (("PDF", record.pdf_sha256), ("signatories' list", record.list_sha256)):
        found = store.rehash(sha, area="originals")
        if found is None:
            result.problems.append(f"the delivered {label} ({sha[:12]}…) is missing from the blob store")
        elif found != sha:
            result.problems.append(f"the delivered {label} no longer hashes to {sha[:12]}… (now {found[:12]}…)")
    entry = CustodyRecord.objects.filter(seq=record.custody_seq).first() if record.custody_seq else None
    if entry is None:
        result.problems.append("no custody record of this delivery")
    elif json.loads(entry.body).get("detail") != json.loads(json.dumps(facts(record))):
        result.problems.append(f"custody record {entry.seq} states other facts than the delivery record")
    version = record.letter.versions.filter(number=record.version).first()
    if version is None or version_sha256(version) != record.version_sha256:
        result.problems.append(f"text version {record.version} has changed since it was delivered")
    return result


def pdf_of(record: Delivery) -> bytes:
    return BlobStore().read_bytes(record.pdf_sha256, area="originals")


def response_bytes(response: Response) -> bytes:
    return BlobStore().read_bytes(response.file_sha256, area="originals")


def respond(letter: Letter, *, recipient: str, received_on: date, text: str = "", file: Path | None = None,
            actor: str) -> Response:
    """Record a recipient's response (text, a file, or both); audited."""
    if not recipient.strip():
        raise DeliveryError("a response needs who it is from (--from)")
    if not text.strip() and file is None:
        raise DeliveryError("a response needs --text or --file")
    if received_on > timezone.localdate():
        raise DeliveryError("a response cannot be received in the future")
    name, sha, size = "", "", 0
    if file is not None:
        if not file.is_file():
            raise DeliveryError(f"no such file: {file}")
        size = file.stat().st_size
        if size > MAX_RESPONSE_BYTES:
            raise DeliveryError(f"{file.name} is {size} bytes: more than {MAX_RESPONSE_BYTES} allowed")
        sha, name = BlobStore().put_file(file).sha256, file.name
    delivered = letter.deliveries.order_by("-delivered_at").first()
    with transaction.atomic():
        response = Response.objects.create(
            letter=letter, delivery=delivered, recipient=recipient.strip(), received_on=received_on, text=text.strip(),
            file_name=name, file_sha256=sha, file_size=size, recorded_by=actor)
        entry = custody.append("campaign-response", actor=actor, subject=letter.slug, detail={
            "response": response.pk, "from": response.recipient, "received_on": received_on.isoformat(),
            "text_sha256": hashlib.sha256(response.text.encode()).hexdigest(), "file": name, "file_sha256": sha})
        response.custody_seq = entry.seq
        response.save(update_fields=["custody_seq"])
    return response
