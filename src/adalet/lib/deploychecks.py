"""Adalet's own deployment checks, beside Django's (`adalet check --deploy`; `adalet serve` runs them and refuses to
start on an error, and with ADALET_HTTPS=1 on a warning too).

Errors: a secret that is published or weak (anyone could forge sessions, signers' links and the signing form's
timing token, and reverse every keyed hash of a client address by trying the 2^32 IPv4 addresses); a key file
others can read; DEBUG on a site served over HTTPS. Warnings: a secret kept in one machine's file while the
database or Redis is shared (each machine would make its own), and staff allowed in with a password alone.
A warning the operator accepts is silenced by name in ADALET_SILENCED_CHECKS (comma-separated).
"""

from __future__ import annotations

import os
from typing import Any

from django.conf import settings
from django.core import checks

from adalet.lib import keys


def _serving_https() -> bool:
    return os.environ.get("ADALET_HTTPS", "") == "1"


@checks.register(checks.Tags.security)
def secret_is_secret(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """Always run (not only with --deploy): a published or weak secret is an error wherever the site runs."""
    found: list[checks.CheckMessage] = []
    for label, value in [("ADALET_SECRET_KEY", str(settings.SECRET_KEY))] + [
        ("ADALET_SECRET_KEY_FALLBACKS", str(v)) for v in getattr(settings, "SECRET_KEY_FALLBACKS", [])
    ]:
        why = keys.weakness(value)
        if why:
            found.append(checks.Error(f"The site's secret ({label}) is not secret: {why}.",
                                      hint="Unset it to let adalet make one, or set a long random value "
                                           "(python -c 'import secrets; print(secrets.token_urlsafe(48))').",
                                      id="adalet.E001"))
    exposed = keys.exposed_file(str(getattr(settings, "SECRET_KEY_SOURCE", "")))
    if exposed:
        found.append(checks.Error(f"The site's secret key file is exposed: {exposed}.", id="adalet.E002"))
    return found


@checks.register(checks.Tags.security, deploy=True)
def deployment(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    found: list[checks.CheckMessage] = []
    source = str(getattr(settings, "SECRET_KEY_SOURCE", ""))
    shared = bool(os.environ.get("DATABASE_URL") or os.environ.get("REDIS_URL"))
    if shared and source.startswith("generated") and not os.environ.get("ADALET_SECRET_KEY_FILE"):
        found.append(checks.Warning(
            "The site's secret was generated in this machine's ADALET_HOME while the database or Redis is shared: "
            "other machines serving the same site would make secrets of their own.",
            hint="Set the same ADALET_SECRET_KEY (or ADALET_SECRET_KEY_FILE) on every machine.", id="adalet.W003"))
    if not getattr(settings, "ADALET_REQUIRE_2FA_FOR_STAFF", False):
        found.append(checks.Warning(
            "Accounts sign in with a password alone: a stolen password opens unpublished evidence and personal data.",
            hint="Set ADALET_REQUIRE_2FA_FOR_STAFF=1 (accounts then enrol a code app at /workspace/security/).",
            id="adalet.W004"))
    if _serving_https() and settings.DEBUG:
        found.append(checks.Error("ADALET_DEBUG=1 on a site served over HTTPS shows tracebacks with settings to "
                                  "anyone who causes an error.", id="adalet.E005"))
    return found
