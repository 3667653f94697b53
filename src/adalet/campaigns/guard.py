"""Abuse protection on the signing form: hashed client IPs, the time-to-submit token, names that are not names,
hard rate limits (per IP, per email domain) and the burst flags that hold signatures for review.

A burst is reviewed, not refused (as the UK Parliament's e-petitions treat trending addresses and domains): one
connection shared by a meeting looks like a bot to a counter, and only people can tell them apart. A held signature's
signer is told it awaits review; moderators see held signatures grouped by reason (held.py) with how many of their
distinct mailboxes were confirmed, and release or reject them together. The hard limits, which refuse openly, sit
well above what a meeting sends (conf.py).

Attempts are counted in the database (fixed windows, one upsert per request), so the limits hold however many
processes serve the site.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import time
import unicodedata

from django.core import signing

from adalet.campaigns import conf, counters, deadlines, mailboxes
from adalet.campaigns.models import Letter
from adalet.lib import keys

FORM_SALT = "adalet.campaigns.form-started"
NOT_IN_NAMES = re.compile(r"[<>{}\[\]\\|=`$%^*_~#@\"]|https?:|www\.", re.I)


class Refused(ValueError):
    """A signature refused, with the message the signer sees."""


def ip_hash(ip: str) -> str:
    """A keyed hash of the signer's address: under ADALET_IP_SALT when set, else the client key (adalet.lib.keys)."""
    salt = conf.get("ADALET_IP_SALT")
    if not salt:
        return keys.keyed_hash("client", f"signer-ip:{ip}")
    return hmac.new(salt.encode(), ip.encode(), hashlib.sha256).hexdigest()[:32]


def form_token() -> str:
    return signing.dumps(time.time(), salt=FORM_SALT)


def seconds_since(token: str) -> float:
    """How long the form was open; refused when forged, stale or faster than a person."""
    try:
        started = float(signing.loads(token, salt=FORM_SALT, max_age=conf.get("ADALET_SIGN_MAX_FORM_AGE")))
    except (signing.BadSignature, TypeError, ValueError):
        raise Refused("The form has expired. Please reload the page and sign again.") from None
    elapsed = time.time() - started
    if elapsed < conf.get("ADALET_SIGN_MIN_SECONDS"):
        raise Refused("The form was sent back faster than a person can fill it in. Please wait a moment and send it again.")
    return elapsed


def scripts_in(word: str) -> set[str]:
    found = set()
    for ch in word:
        if ch.isalpha():
            name = unicodedata.name(ch, "")
            found.add(name.split(" ", 1)[0])
    return found


CONFUSABLE = {"LATIN", "CYRILLIC", "GREEK"}


def check_name(value: str, label: str) -> str:
    """A person's or organization's name: printable text, no markup or links, no word mixing look-alike scripts."""
    value = " ".join(unicodedata.normalize("NFC", value).split())
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Co", "Cs") for ch in value):
        raise Refused(f"The {label} contains invisible or control characters.")
    if NOT_IN_NAMES.search(value):
        raise Refused(f"The {label} may only contain letters, spaces and simple punctuation (no markup or links).")
    for word in value.split():
        if len(scripts_in(word) & CONFUSABLE) > 1:
            raise Refused(f"The {label} mixes look-alike alphabets in one word ({word}); please type it again.")
    return value


def name_key(name: str) -> str:
    """Near-identical names share a key: case, accents, digits, punctuation and spacing removed."""
    folded = unicodedata.normalize("NFKD", name.casefold())
    return "".join(ch for ch in folded if ch.isalpha())[:200]


HOUR = 3600
#: Why a signature is held (its ``flag_reason`` starts with one of these; held.py groups by them).
IP_BURST = "burst from one IP"
DOMAIN_BURST = "burst from one email domain"
NAMES_BURST = "burst of near-identical names"


def check(letter: Letter, ip: str, domain: str, key: str) -> str:
    """Count this attempt; refuse it past a hard rate limit (per IP, per email domain, each per hour); else return
    why it looks like part of a burst on this letter (empty when it does not): it is then held for review."""
    at, window = deadlines.now(), conf.get("ADALET_SIGN_FLAG_WINDOW")
    hour, recent = counters.window_start(at, HOUR), counters.window_start(at, window)
    shared = mailboxes.is_webmail(domain)  # many unrelated people: no domain limit or flag
    keys = {f"name:{letter.pk}:{key}": recent} if key else {}
    if ip:
        keys |= {f"ip:{ip}": hour, f"ip:{letter.pk}:{ip}": recent}
    if not shared:
        keys |= {f"domain:{domain}": hour, f"domain:{letter.pk}:{domain}": recent}
    seen = counters.hit(keys)
    if seen.get(f"ip:{ip}", 0) > conf.get("ADALET_SIGN_RATE_PER_IP"):
        raise Refused("Too many signatures have come from your network in the last hour. Please try again later.")
    if seen.get(f"domain:{domain}", 0) > conf.get("ADALET_SIGN_RATE_PER_DOMAIN"):
        raise Refused(f"Too many signatures have come from addresses at {domain} in the last hour. Please try again later.")
    if seen.get(f"ip:{letter.pk}:{ip}", 0) > conf.get("ADALET_SIGN_FLAG_IP"):
        return IP_BURST
    if seen.get(f"domain:{letter.pk}:{domain}", 0) > conf.get("ADALET_SIGN_FLAG_DOMAIN"):
        return f"{DOMAIN_BURST} ({domain})"
    if seen.get(f"name:{letter.pk}:{key}", 0) > conf.get("ADALET_SIGN_FLAG_NAMES"):
        return NAMES_BURST
    return ""
