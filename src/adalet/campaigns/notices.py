"""The emails a signer receives: the confirmation link (with the withdrawal link, and the deadline's extension
history), the notice that the mailbox has signed already, the notice of an extension, and the request to re-confirm
after a material edit of the text.

A signature held for review (guard.py) is told so in its confirmation email and in the "already signed" notice.

Each speaks the language its signer signed in (``Signature.language``: English, Uyghur or Simplified Chinese; the
templates' strings are in the campaigns app's catalogs, dates in that language's format) and says so in its
Content-Language header. The body is plain text, Uyghur included: a mail reader lays out right-to-left lines itself.

Confirmation emails leave the signing request: the signature is stored with a ``ConfirmationDue`` row and a worker
(``adalet worker``, which ``adalet serve`` starts beside the web server) sends what is due in batches, one mail
connection per batch, so a slow or unreachable mail server never slows signing or loses a link: what was not
sent stays due and goes with the next batch. A second attempt to sign from the same mailbox adds a row marked
``again`` (unless one is due already), which the batch sends as the "you have already signed" notice. Each server
process asks for a batch at most once per ADALET_MAIL_BATCH_SECONDS, deferred by that long, so every signature is
followed by a batch that runs after it was committed. Where the task backend cannot defer (the immediate backend of
tests), the batch is sent at once.

Sent through Django's email framework: ADALET_EMAIL_BACKEND if set, else Django's EMAIL_BACKEND when it is not
the SMTP default (tests use memory), else files under $ADALET_HOME/mail. SMTP: set ADALET_EMAIL_BACKEND to
django.core.mail.backends.smtp.EmailBackend and Django's EMAIL_HOST settings.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.db import connection as database
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from adalet.campaigns import conf, deadlines, tokens
from adalet.campaigns.models import ConfirmationDue, Letter, Signature
from adalet.home import home
from adalet.routes import path_with

SMTP = "django.core.mail.backends.smtp.EmailBackend"


def connection() -> BaseEmailBackend:
    backend = conf.get("ADALET_EMAIL_BACKEND") or (settings.EMAIL_BACKEND if settings.EMAIL_BACKEND != SMTP else "")
    if backend:
        return get_connection(backend)
    mail = home() / "mail"
    mail.mkdir(parents=True, exist_ok=True)
    return get_connection("django.core.mail.backends.filebased.EmailBackend", file_path=str(mail))


def absolute(path: str, base_url: str | None) -> str:
    return (base_url or conf.get("ADALET_SITE_URL")).rstrip("/") + path


def letter_context(letter: Letter) -> dict[str, Any]:
    return {
        "letter": letter,
        "closes_at": deadlines.closes_at(letter),
        "extensions": list(letter.extensions.all()) if letter.deadline != letter.original_deadline else [],
    }


def links(signature: Signature, base_url: str | None) -> dict[str, str]:
    token = tokens.token_for(signature)
    return {
        "confirm_url": absolute(path_with("campaigns:confirm", token), base_url),
        "withdraw_url": absolute(path_with("campaigns:withdraw", token), base_url),
        "letter_url": absolute(path_with("campaigns:letter", signature.letter.slug), base_url),
    }


def language(code: str | None) -> str:
    """*code* if it is one of the site's languages (settings.LANGUAGES), else English."""
    return code if code in dict(settings.LANGUAGES) else "en"


def render(template: str, context: dict[str, Any], code: str) -> tuple[str, str]:
    """Subject and body of ``campaigns/emails/<template>.txt`` in language *code*: its first line is the subject."""
    with translation.override(code):
        rendered = render_to_string(f"campaigns/emails/{template}.txt", context)
    subject, _, body = rendered.strip().partition("\n")
    return subject.strip(), body.strip() + "\n"


def email(subject: str, body: str, to: str, code: str) -> EmailMessage:
    return EmailMessage(subject, body, conf.get("ADALET_EMAIL_FROM"), [to], headers={"Content-Language": code})


def message(template: str, context: dict[str, Any], to: str, language_code: str = "en") -> EmailMessage:
    """The email of ``campaigns/emails/<template>.txt`` in a language."""
    code = language(language_code)
    return email(*render(template, context, code), to, code)


def send_confirmation(signature: Signature, base_url: str | None = None, *, again: bool = False) -> None:
    """Send one signature's confirmation email (or, *again*, the notice that it has signed already) at once."""
    context = {**letter_context(signature.letter), **links(signature, base_url), "signature": signature,
               "again": again, "held": signature.state == Signature.State.FLAGGED}
    connection().send_messages([message("confirm", context, signature.email, signature.language)])


def send_to_signers(letter: Letter, template: str, signatures: Iterable[Signature],
                    extra: dict[str, Any], base_url: str | None = None) -> int:
    """One message per signer (each has its own withdrawal link); returns how many were sent."""
    base = {**letter_context(letter), **extra}
    messages = [message(template, {**base, **links(s, base_url), "signature": s}, s.email, s.language)
                for s in signatures]
    if messages:
        connection().send_messages(messages)
    return len(messages)


#: Confirmation emails sent per batch (one mail connection, one transaction).
BATCH = 200
GONE = (Signature.State.WITHDRAWN, Signature.State.INVALIDATED)
_asked = {"at": float("-inf")}
_asking = threading.Lock()


def confirmations_due(base_url: str | None = None) -> None:
    """Ask a worker to send the confirmation emails now due (called after the signature was committed)."""
    from django_tasks import default_task_backend

    from adalet.campaigns.tasks import send_confirmations

    if not default_task_backend.supports_defer:
        send_due_confirmations(base_url)
        return
    wait = float(conf.get("ADALET_MAIL_BATCH_SECONDS"))
    with _asking:  # a batch this process asked for less than `wait` ago runs after this signature's commit
        now = time.monotonic()
        if now - _asked["at"] < wait:
            return
        _asked["at"] = now
    send_confirmations.using(run_after=timezone.now() + timedelta(seconds=wait)).enqueue(base_url)


#: Stand-ins for a signer's own links while a batch renders an email once for all its signers of one letter, in one
#: language, of one kind; each signer's links then replace them (a link is a URL: it holds no NUL character).
_CONFIRM, _WITHDRAW = "\x00confirm-url\x00", "\x00withdraw-url\x00"


@dataclass(frozen=True)
class _Shared:
    """What of a signature the confirmation email shows beyond its links: the same for every signer it is
    rendered for (any other attribute is missing, so a template that grew one shows it to no one)."""

    email_confirmed_at: Any


def confirmations(signatures: list[Signature], again: dict[int, bool], base_url: str | None) -> list[EmailMessage]:
    """The confirmation emails (or, where ``again[pk]``, the "already signed" notices) of a batch: rendered once
    per letter, language, kind and hold, then each signer's links put in; the same text as :func:`send_confirmation`."""
    rendered: dict[tuple[object, ...], tuple[str, str, str]] = {}
    contexts: dict[int, dict[str, Any]] = {}
    out = []
    for s in signatures:
        code, notice = language(s.language), again[s.pk]
        confirmed = s.email_confirmed_at if notice else None  # only the notice says whether it was confirmed
        held = s.state == Signature.State.FLAGGED
        key = (s.letter_id, code, notice, confirmed is not None, held)
        if key not in rendered:
            if s.letter_id not in contexts:
                contexts[s.letter_id] = letter_context(s.letter)
            context = {**contexts[s.letter_id], **links(s, base_url), "confirm_url": _CONFIRM,
                       "withdraw_url": _WITHDRAW, "signature": _Shared(confirmed), "again": notice, "held": held}
            rendered[key] = (*render("confirm", context, code), code)
        subject, body, code = rendered[key]
        own = links(s, base_url)
        body = body.replace(_CONFIRM, own["confirm_url"]).replace(_WITHDRAW, own["withdraw_url"])
        out.append(email(subject, body, s.email, code))
    return out


def send_due_confirmations(base_url: str | None = None) -> int:
    """Send every confirmation email (and "you have already signed" notice) that is due, in batches, each in its
    signer's language; returns how many were sent.

    A batch's rows are locked while it is sent (other workers skip them, on PostgreSQL) and deleted in the same
    transaction, so each email goes once; if the mail server fails, the batch stays due and the error is raised."""
    sent = 0
    while True:
        with transaction.atomic():
            due = ConfirmationDue.objects.order_by("pk")
            if database.features.has_select_for_update_skip_locked:
                due = due.select_for_update(skip_locked=True)
            again = dict(due.values_list("pk", "again")[:BATCH])  # {signature id: a second attempt's notice?}
            ids = list(again)
            if not ids:
                return sent
            batch = Signature.objects.filter(pk__in=ids).select_related("letter").order_by("pk")
            # withdrawn or invalidated before their email went: nothing to send, no link to give
            live = [s for s in batch if s.nonce and s.state not in GONE]
            if live:
                connection().send_messages(confirmations(live, again, base_url))
            ConfirmationDue.objects.filter(pk__in=ids).delete()
        sent += len(live)


def outcomes_due(base_url: str | None = None) -> None:
    """Ask a worker to send the outcome notices now due (at once where the task backend cannot defer)."""
    from django_tasks import default_task_backend

    from adalet.campaigns.tasks import send_outcomes

    if not default_task_backend.supports_defer:
        send_due_outcomes(base_url)
        return
    send_outcomes.enqueue(base_url)


def send_due_outcomes(base_url: str | None = None) -> int:
    """Send the notices that asks were fulfilled (outcomes.py): one email per signatory, naming every fulfilled ask
    not yet told and the asks still open, in the signatory's language; returns how many emails were sent.

    The rows are locked while they are sent (other workers skip them, on PostgreSQL) and marked sent in the same
    transaction, so each signatory is told once; if the mail server fails, they stay due."""
    from adalet.campaigns.models import Ask, OutcomeNotice

    sent = 0
    while True:
        with transaction.atomic():
            due = OutcomeNotice.objects.filter(sent_at=None).order_by("signature_id", "pk")
            if database.features.has_select_for_update_skip_locked:
                due = due.select_for_update(skip_locked=True)
            rows = list(due.values_list("pk", "signature_id", "ask_id")[:BATCH])
            if not rows:
                return sent
            asks: dict[int, list[int]] = {}
            for _, signature_id, ask_id in rows:
                asks.setdefault(signature_id, []).append(ask_id)
            told = {a.pk: a for a in Ask.objects.filter(pk__in={r[2] for r in rows}).select_related("official")}
            signatures = list(Signature.objects.filter(pk__in=asks).select_related("letter").defer("logo"))
            still_open: dict[int, list[Ask]] = {}  # per letter, read once for all its signatories
            for ask in Ask.objects.filter(letter__in={s.letter_id for s in signatures}, status=Ask.Status.OPEN
                                          ).select_related("official"):
                still_open.setdefault(ask.letter_id, []).append(ask)
            messages = []
            for s in signatures:
                if s.state in GONE or not s.email:
                    continue
                context = {"letter": s.letter, "fulfilled": [told[pk] for pk in asks[s.pk]],
                           "still_open": still_open.get(s.letter_id, []),
                           "letter_url": absolute(path_with("campaigns:letter", s.letter.slug), base_url)}
                messages.append(message("outcome", context, s.email, s.language))
            if messages:
                connection().send_messages(messages)
            OutcomeNotice.objects.filter(pk__in=[r[0] for r in rows]).update(sent_at=timezone.now())
        sent += len(messages)
