"""The emails a signer receives: the confirmation link (with the withdrawal link, and the deadline's extension
history), the notice of an extension, and the request to re-confirm after a material edit of the text.

Sent through Django's email framework: ADALET_EMAIL_BACKEND if set, else Django's EMAIL_BACKEND when it is not
the SMTP default (tests use memory), else files under $ADALET_HOME/mail. SMTP: set ADALET_EMAIL_BACKEND to
django.core.mail.backends.smtp.EmailBackend and Django's EMAIL_HOST settings.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.template.loader import render_to_string
from django.urls import reverse

from adalet.campaigns import conf, deadlines, tokens
from adalet.campaigns.models import Letter, Signature
from adalet.home import home

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
        "confirm_url": absolute(reverse("campaigns:confirm", args=[token]), base_url),
        "withdraw_url": absolute(reverse("campaigns:withdraw", args=[token]), base_url),
        "letter_url": absolute(reverse("campaigns:letter", args=[signature.letter.slug]), base_url),
    }


def message(template: str, context: dict[str, Any], to: str) -> EmailMessage:
    subject, _, body = render_to_string(f"campaigns/emails/{template}.txt", context).strip().partition("\n")
    return EmailMessage(subject.strip(), body.strip() + "\n", conf.get("ADALET_EMAIL_FROM"), [to])


def send_confirmation(signature: Signature, base_url: str | None = None, *, again: bool = False) -> None:
    context = {**letter_context(signature.letter), **links(signature, base_url), "signature": signature,
               "again": again}
    connection().send_messages([message("confirm", context, signature.email)])


def send_to_signers(letter: Letter, template: str, signatures: Iterable[Signature],
                    extra: dict[str, Any], base_url: str | None = None) -> int:
    """One message per signer (each has its own withdrawal link); returns how many were sent."""
    base = {**letter_context(letter), **extra}
    messages = [message(template, {**base, **links(s, base_url), "signature": s}, s.email) for s in signatures]
    if messages:
        connection().send_messages(messages)
    return len(messages)
