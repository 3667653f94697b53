"""Signing, confirming by the emailed link, and withdrawing: the path of one signature through its states.

Nothing is stored for a refused signature. A second signature from the same mailbox is not stored either: the
page says the same as for a first one (so no one learns whether an address signed) and the mailbox is told.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.db import IntegrityError, transaction

from adalet.campaigns import deadlines, guard, mailboxes, notices, tokens
from adalet.campaigns.guard import Refused
from adalet.campaigns.models import Letter, Signature, counted

log = logging.getLogger(__name__)
LIVE = [Signature.State.PENDING, Signature.State.CONFIRMED, Signature.State.FLAGGED]


@dataclass
class Submission:
    kind: str
    name: str
    email: str
    country: str
    visibility: str = Signature.Visibility.LISTED
    title: str = ""
    affiliation: str = ""
    organization: str = ""
    role: str = ""
    website: str = ""
    logo: bytes | None = None
    logo_type: str = ""


def refuse_unless_open(letter: Letter) -> None:
    state = deadlines.status(letter)
    if state == "upcoming":
        raise Refused("This letter is not open for signatures yet.")
    if state == "closed":
        raise Refused("This letter is closed: signatures are no longer accepted.")


def sign(letter: Letter, form: Submission, *, ip: str, seconds: float | None = None,
         base_url: str | None = None) -> Signature | None:
    """Store a pending (or silently flagged) signature and email its confirmation link; None for a duplicate."""
    refuse_unless_open(letter)
    key, domain, ip = mailboxes.mailbox_key(form.email), mailboxes.domain_of(form.email), guard.ip_hash(ip) if ip else ""
    organization_key = guard.name_key(form.organization) if form.kind == Signature.Kind.ORGANIZATION else ""
    name_key = guard.name_key(form.name)
    signature = Signature(
        letter=letter, kind=form.kind, visibility=form.visibility, name=form.name, title=form.title,
        affiliation=form.affiliation, organization=form.organization, organization_key=organization_key,
        role=form.role, website=form.website, country=form.country, email=form.email.strip(), email_key=key,
        email_domain=domain, name_key=name_key, ip_hash=ip, logo=form.logo, logo_type=form.logo_type,
        version=letter.version, nonce=tokens.new_nonce(), seconds_to_submit=seconds, created_at=deadlines.now(),
    )
    try:
        with transaction.atomic():  # one commit: the attempt counted and the signature stored, or neither
            reason = guard.check(letter, ip, domain, name_key)
            if organization_key and counted(letter.signatures.filter(organization_key=organization_key)).exists():
                raise Refused(f"{form.organization} has already endorsed this letter.")
            existing = letter.signatures.filter(kind=form.kind, email_key=key, state__in=LIVE).first()
            if existing is None:
                if reason:
                    signature.state, signature.flag_reason = Signature.State.FLAGGED, reason
                signature.save()
    except IntegrityError:  # the same mailbox, at the same moment, in another process: that one was stored
        return None
    if existing is not None:  # this mailbox has signed already: tell it, store nothing
        notices.send_confirmation(existing, base_url, again=True)
        return None
    try:
        notices.send_confirmation(signature, base_url)
    except OSError:  # the mail server is down: signing again sends the link again
        log.exception("confirmation email to signature %s not sent", signature.pk)
    return signature


def confirm(signature: Signature) -> str:
    """Record the email confirmation; returns 'confirmed', 'already', 'withdrawn' or 'delivered'.

    A flagged signature is told the same as any other, but stays held until a moderator clears it.
    """
    letter = signature.letter
    if signature.state in (Signature.State.WITHDRAWN, Signature.State.INVALIDATED):
        return "withdrawn"
    if signature.email_confirmed_at is not None and signature.reconfirm_requested_at is None:
        return "already"
    if letter.delivered_at is not None:
        return "delivered"
    with transaction.atomic():
        signature.email_confirmed_at = signature.email_confirmed_at or deadlines.now()
        if signature.reconfirm_requested_at is not None:
            signature.version, signature.reconfirm_requested_at = letter.version, None
        if signature.state == Signature.State.PENDING:
            signature.state = Signature.State.CONFIRMED
        if signature.kind == Signature.Kind.ORGANIZATION and not signature.verified_by:
            taken = counted(letter.signatures.filter(organization_key=signature.organization_key)).exists()
            if not taken and mailboxes.at_own_domain(signature.email, signature.website):
                signature.verified_by = Signature.Verification.DOMAIN
        signature.save()
    return "confirmed"


def withdraw(signature: Signature) -> None:
    """Withdraw before the deadline: the signature stops counting and its personal data is erased at once."""
    if deadlines.status(signature.letter) == "closed":
        raise Refused("The letter is closed: signatures can no longer be withdrawn. Write to the organizers.")
    Signature.objects.filter(pk=signature.pk).update(
        state=Signature.State.WITHDRAWN, decided_at=deadlines.now(), name="", title="", affiliation="", role="",
        website="", email="", email_key="", name_key="", ip_hash="", logo=None, logo_type="", nonce="",
        organization="" if signature.kind == Signature.Kind.INDIVIDUAL else signature.organization,
    )
