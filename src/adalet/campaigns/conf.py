"""The campaigns app's settings: each read from Django settings, then the environment (ADALET_*), then a default.

Rate limits and burst thresholds are counted in the database, so they hold across processes and machines.

Two tiers. The burst thresholds (ADALET_SIGN_FLAG_*) are low: past them a signature is stored but held for review,
its signer told so, and moderators see the held ones grouped with how many confirmed their email (a meeting of 25
people on one connection: 5 count at once, 20 wait for a moderator, who sees 20 distinct mailboxes confirmed and
releases them together). The hard limits (ADALET_SIGN_RATE_*) refuse openly, with a message, and sit well above
any meeting: 100 an hour from one connection, so that a hall of people signing together is reviewed, never refused;
they stop floods, which the review queue would drown in.
"""

from __future__ import annotations

import os
from typing import Any

from django.conf import settings

DEFAULTS: dict[str, Any] = {
    "ADALET_SIGN_RATE_PER_IP": 100,  # attempts per hour from one client IP (hashed), every letter: then refused
    "ADALET_SIGN_RATE_PER_DOMAIN": 300,  # per hour from one email domain (large webmail providers exempt)
    "ADALET_SIGN_FLAG_IP": 5,  # in ADALET_SIGN_FLAG_WINDOW seconds from one IP on one letter: the next ones are held
    "ADALET_SIGN_FLAG_DOMAIN": 20,  # same, from one (non-webmail) email domain
    "ADALET_SIGN_FLAG_NAMES": 2,  # same, near-identical names already signed
    "ADALET_SIGN_FLAG_WINDOW": 600,  # seconds
    "ADALET_SIGN_MIN_SECONDS": 3,  # a form sent back sooner than this was not filled in by a person
    "ADALET_SIGN_MAX_FORM_AGE": 86400,
    "ADALET_SIGN_LOGO_BYTES": 200_000,
    "ADALET_CAMPAIGN_RETENTION_DAYS": 30,  # personal data not needed for delivery is erased this long after delivery
    "ADALET_SITE_URL": "http://127.0.0.1:8000",  # for links in emails sent from the command line
    "ADALET_EMAIL_FROM": "Adalet <letters@localhost>",
    "ADALET_EMAIL_BACKEND": "",  # default: Django's EMAIL_BACKEND if set, else files under $ADALET_HOME/mail
    "ADALET_IP_SALT": "",  # default: derived from SECRET_KEY
    "ADALET_MAIL_BATCH_SECONDS": 1.0,  # confirmation emails are sent by a worker at most this long after signing
}


def get(name: str) -> Any:
    default = DEFAULTS[name]
    if hasattr(settings, name):
        return getattr(settings, name)
    raw = os.environ.get(name)
    if raw is None:
        return default
    return type(default)(raw) if not isinstance(default, str) else raw
