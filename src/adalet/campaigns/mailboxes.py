"""Email addresses as mailboxes: the normalized key that tells one mailbox from another (case; a quoted local part
that needs no quoting, as RFC 5322 reads it; dots and +tags where the provider ignores them), the domain, disposable
domains, and large webmail providers."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
DOTS_IGNORED = {"gmail.com", "googlemail.com"}
PLUS_IGNORED = DOTS_IGNORED | {
    "outlook.com", "hotmail.com", "live.com", "icloud.com", "me.com", "fastmail.com", "protonmail.com", "proton.me",
    "pm.me",
}
ALIASES = {"googlemail.com": "gmail.com"}
# Many unrelated people share these domains: no per-domain rate limit or burst flag, no organization verification.
WEBMAIL = PLUS_IGNORED | {
    "yahoo.com", "aol.com", "gmx.de", "gmx.net", "web.de", "mail.ru", "yandex.ru", "qq.com", "163.com", "126.com",
    "sina.com", "naver.com", "orange.fr", "free.fr", "libero.it", "tutanota.com", "tuta.io", "zoho.com", "mail.com",
}


def domain_of(email: str) -> str:
    return email.rsplit("@", 1)[-1].strip().lower().rstrip(".")


#: RFC 5322's dot-atom: a local part in this form needs no quotes ("a.b" is a.b).
DOT_ATOM = re.compile(r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*")
QUOTED_PAIR = re.compile(r"\\(.)", re.S)


def unquoted(local: str) -> str:
    """A local part in one spelling: a quoted string ("a.b", "a\\.b") whose content is a dot-atom loses its quotes
    (RFC 5322 3.4.1: it is the same local part); any other quoted string keeps them, with only \\ and " escaped."""
    if len(local) < 2 or not (local.startswith('"') and local.endswith('"')):
        return local
    content = QUOTED_PAIR.sub(r"\1", local[1:-1])
    if DOT_ATOM.fullmatch(content):
        return content
    return '"' + content.replace("\\", "\\\\").replace('"', '\\"') + '"'


def mailbox_key(email: str) -> str:
    """alice.smith+letters@GMail.com, "alice.smith"@gmail.com and alicesmith@googlemail.com are one mailbox:
    alicesmith@gmail.com."""
    local, _, domain = email.strip().rpartition("@")
    local, domain = unquoted(local).lower(), ALIASES.get(domain.lower().rstrip("."), domain.lower().rstrip("."))
    if local.startswith('"'):  # still quoted: not a spelling the providers' rules below are about
        return f"{local}@{domain}"
    if domain in PLUS_IGNORED:
        local = local.split("+", 1)[0]
    if domain in DOTS_IGNORED:
        local = local.replace(".", "")
    return f"{local}@{domain}"


@cache
def disposable_domains() -> frozenset[str]:
    lines = (DATA / "disposable_domains.txt").read_text().splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))


def is_disposable(email: str) -> bool:
    parts = domain_of(email).split(".")
    return any(".".join(parts[i:]) in disposable_domains() for i in range(len(parts) - 1))


def is_webmail(domain: str) -> bool:
    return domain in WEBMAIL


def host_of(website: str) -> str:
    host = website.strip().lower().split("://", 1)[-1].split("/", 1)[0].split(":", 1)[0].rstrip(".")
    return host.removeprefix("www.")


def at_own_domain(email: str, website: str) -> bool:
    """An address at the organization's own web domain (or a subdomain of it): not at a webmail provider."""
    domain, host = domain_of(email), host_of(website)
    if not host or "." not in host or is_webmail(domain) or is_webmail(host):
        return False
    return domain == host or domain.endswith("." + host) or host.endswith("." + domain)
