"""Signing, confirming by the emailed link, and withdrawing: the path of one signature through its states.

Nothing is stored for a refused signature; refusals are about the signer's own request (the letter not open, a rate
limit), never about who else signed. A second signature from the same mailbox is not stored: the page says the same
as for a first one (so no one learns whether an address signed) and the mailbox is told, by the same outbox as
confirmation emails (a ``ConfirmationDue`` row marked ``again``), so that the request does the same work either way.
An organization that is listed already is not refused either (that refusal told anyone who had signed, names
withheld included): the new signature is stored, is never verified while the other counts, and waits for a
moderator. A signature keeps the language it was signed in, which its emails speak (notices.py).

Confirming by the link counts a signature only while the letter is open: a link opened after the deadline or the
closing counts nothing, and its signer is told so.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from functools import lru_cache

from django.db import DEFAULT_DB_ALIAS, connection, transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from adalet.campaigns import deadlines, guard, mailboxes, notices, registry, tokens
from adalet.campaigns.guard import Refused
from adalet.campaigns.models import ConfirmationDue, Letter, Signature, counted

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
    language: str = "en"  # the page's language (one of settings.LANGUAGES): the signer's emails speak it


def refuse_unless_open(letter: Letter) -> None:
    state = deadlines.status(letter)
    if state in ("upcoming", "draft"):
        raise Refused("This letter is not open for signatures yet.")
    if state == "closed":
        raise Refused("This letter is closed: signatures are no longer accepted.")


def sign(letter: Letter, form: Submission, *, ip: str, seconds: float | None = None,
         base_url: str | None = None) -> Signature | None:
    """Store a pending (or, held for review, flagged) signature, its confirmation email due; None for a duplicate."""
    try:
        refuse_unless_open(letter)
    except Refused:  # refused on this process's copy: refuse only on the letter as it is now (extended since?)
        letter = letter_for_signing(letter.slug, fresh=True) or letter
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
        language=form.language,
    )
    with transaction.atomic():  # one commit: the attempt counted and the signature stored, or neither
        reason = guard.check(letter, ip, domain, name_key)
        if reason:
            signature.state, signature.flag_reason = Signature.State.FLAGGED, reason
        stored = insert_unless_signed(signature)
        if stored is None:  # the letter changed since this process read it: decide on the letter as it is now
            current = letter_for_signing(letter.slug, fresh=True)
            if current is None:
                raise Refused("This letter is closed: signatures are no longer accepted.")
            refuse_unless_open(current)
            letter = signature.letter = current
            signature.version = current.version
            stored = insert_unless_signed(signature)
    if not stored:  # this mailbox has signed already (perhaps a moment ago, in another process): tell it, store nothing
        existing = letter.signatures.filter(kind=form.kind, email_key=key, state__in=LIVE).values_list("pk", flat=True)
        if (pk := existing.first()) is not None:  # through the outbox, as a first signature's email: the same request
            # one row per signature: if its confirmation (or a notice) is still due, that one goes, not a second
            ConfirmationDue.objects.bulk_create([ConfirmationDue(signature_id=pk, again=True)], ignore_conflicts=True)
        notices.confirmations_due(base_url)
        return None
    notices.confirmations_due(base_url)  # stored with the signature, sent by a worker within a second or so
    return signature


#: How long a server process reuses a letter it read for signing. Whatever decides a signature (opening time,
#: deadline, closing, delivery, text version) is checked again by the insert itself, so a stale copy is never
#: acted on; only a title edited without a new version may show in confirmation emails for this long.
LETTER_SECONDS = 30.0
_letters: dict[str, tuple[float, Letter]] = {}
#: The letter's columns a signature depends on, compared with the copy the process signed against.
_DECIDING = ("version", "opens_at", "deadline", "draft")


def letter_for_signing(slug: str, *, fresh: bool = False) -> Letter | None:
    """The letter to sign, from this process's short-lived copy unless *fresh* (None when there is no such letter)."""
    at = time.monotonic()
    held = None if fresh else _letters.get(slug)
    if held is not None and at - held[0] < LETTER_SECONDS:
        return held[1]
    letter = Letter.objects.filter(slug=slug).first()
    if letter is None:
        _letters.pop(slug, None)
    else:
        _letters[slug] = (at, letter)
    return letter


@receiver([post_save, post_delete], sender=Letter)
def _forget_letter(sender: type[Letter], instance: Letter, **kwargs: object) -> None:
    """A letter saved or deleted in this process is read again here at once (other processes: by the insert's check)."""
    _letters.pop(instance.slug, None)


@lru_cache(maxsize=4)
def _guard_sql(vendor: str) -> str:
    """SQL true while the letter row (id, then the _DECIDING columns) still says what a process read of it, and it
    is neither closed nor delivered; built once per database vendor."""
    ops = connection.ops
    tests = " AND ".join(f"{ops.quote_name(Letter._meta.get_field(name).column)} = %s" for name in _DECIDING)
    return (f"SELECT 1 FROM {ops.quote_name(Letter._meta.db_table)} WHERE {ops.quote_name('id')} = %s AND {tests} "
            f"AND {ops.quote_name('closed_at')} IS NULL AND {ops.quote_name('delivered_at')} IS NULL")


def _unchanged(letter: Letter) -> tuple[str, list[object]]:
    """SQL true while the letter row still says what *letter* says about signing, and its parameters."""
    params = [Letter._meta.get_field(name).get_db_prep_value(getattr(letter, name), connection) for name in _DECIDING]
    return _guard_sql(connection.vendor), [letter.pk, *params]


_FIELDS = [f for f in Signature._meta.concrete_fields if not f.primary_key]


@lru_cache(maxsize=4)
def _insert_sql(vendor: str) -> tuple[str, str]:
    """The guarded insert of a signature (on PostgreSQL with its outbox row) and the outbox insert, per vendor."""
    ops = connection.ops
    columns = ", ".join(ops.quote_name(f.column) for f in _FIELDS)
    statement = (f"INSERT INTO {ops.quote_name(Signature._meta.db_table)} ({columns}) "
                 f"SELECT {', '.join(['%s'] * len(_FIELDS))} WHERE EXISTS ({_guard_sql(vendor)}) "
                 f"ON CONFLICT DO NOTHING RETURNING {ops.quote_name('id')}")
    outbox = f"INSERT INTO {ops.quote_name(ConfirmationDue._meta.db_table)} ({ops.quote_name('signature_id')})"
    if vendor == "postgresql":  # its confirmation email due, in the same statement
        statement = f"WITH stored AS ({statement}) {outbox} SELECT id FROM stored RETURNING signature_id"
    return statement, outbox


def insert_unless_signed(signature: Signature) -> bool | None:
    """Insert the signature in one statement, unless its mailbox already has a live one on the letter (the unique
    constraint ``campaigns_one_live_signature_per_mailbox`` decides: no read first, no race) or the letter row no
    longer says what ``signature.letter`` says (opening, deadline, version; closed or delivered since).

    True: stored (its primary key is set) with its confirmation email due (:class:`ConfirmationDue`); False: the
    mailbox has signed already; None: the letter changed."""
    values = [f.get_db_prep_save(f.pre_save(signature, True), connection) for f in _FIELDS]
    guard, guard_params = _unchanged(signature.letter)
    statement, outbox = _insert_sql(connection.vendor)
    with connection.cursor() as cursor:
        cursor.execute(statement, [*values, *guard_params])
        row = cursor.fetchone()
        if row is None:
            cursor.execute(guard, guard_params)
            return False if cursor.fetchone() is not None else None
        if connection.vendor != "postgresql":
            cursor.execute(f"{outbox} VALUES (%s)", [row[0]])
    signature.pk = row[0]
    signature._state.adding, signature._state.db = False, DEFAULT_DB_ALIAS
    return True


def confirm(signature: Signature) -> str:
    """Record the email confirmation; returns 'confirmed', 'held' (confirmed, and held for review until a moderator
    releases it), 'already', 'closed' (the letter closed before the link was opened: it counts nothing),
    'withdrawn' or 'delivered'.

    An organization is verified here when the registry knows its name at its mailbox's domain and no other signature
    of it counts on the letter; any other waits for a moderator (the domain alone verifies nothing).
    """
    letter = signature.letter
    if signature.state in (Signature.State.WITHDRAWN, Signature.State.INVALIDATED):
        return "withdrawn"
    if signature.email_confirmed_at is not None and signature.reconfirm_requested_at is None:
        return "held" if signature.state == Signature.State.FLAGGED else "already"
    if letter.delivered_at is not None:
        return "delivered"
    first = signature.email_confirmed_at is None
    if first and deadlines.status(letter) == "closed":
        return "closed"
    with transaction.atomic():
        signature.email_confirmed_at = signature.email_confirmed_at or deadlines.now()
        if signature.reconfirm_requested_at is not None:
            signature.version, signature.reconfirm_requested_at = letter.version, None
        if signature.state == Signature.State.PENDING:
            signature.state = Signature.State.CONFIRMED
        if signature.kind == Signature.Kind.ORGANIZATION and not signature.verified_by:
            taken = counted(letter.signatures.filter(organization_key=signature.organization_key)).exists()
            if not taken and registry.verifies(signature):
                signature.verified_by = Signature.Verification.REGISTRY
        row = Signature.objects.filter(pk=signature.pk)
        if first:  # closed (or delivered) by another process since the letter was read: nothing is recorded
            row = row.filter(letter__closed_at__isnull=True, letter__delivered_at__isnull=True)
        saved = row.update(email_confirmed_at=signature.email_confirmed_at, version=signature.version,
                           reconfirm_requested_at=signature.reconfirm_requested_at, state=signature.state,
                           verified_by=signature.verified_by)
    if not saved:
        return "closed"
    return "held" if signature.state == Signature.State.FLAGGED else "confirmed"


def withdraw(signature: Signature) -> None:
    """Withdraw before the deadline: the signature stops counting and its personal data is erased at once."""
    if deadlines.status(signature.letter) == "closed":
        raise Refused("The letter is closed: signatures can no longer be withdrawn. Write to the organizers.")
    Signature.objects.filter(pk=signature.pk).update(
        state=Signature.State.WITHDRAWN, decided_at=deadlines.now(), name="", title="", affiliation="", role="",
        website="", email="", email_key="", name_key="", ip_hash="", logo=None, logo_type="", nonce="",
        organization="" if signature.kind == Signature.Kind.INDIVIDUAL else signature.organization,
    )
