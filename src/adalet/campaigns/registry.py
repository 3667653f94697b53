"""The registry of organizations (``KnownOrganization``): what a moderator approved once verifies the same
organization on later letters, and only from its own domain.

A mailbox at a web domain proves control of the domain, not the right to a name: anyone can register
``amnesty-international-campaigns.org`` and sign as "Amnesty International" from it. So an organization is
verified without a moderator only when its name (normalized) is in the registry *and* its confirmed mailbox is at
the domain the registry holds for that name (or a subdomain of it), with its website there too (the page links it).
A moderator's approval adds the organization's name and web domain to the registry.
"""

from __future__ import annotations

from django.db.models import QuerySet

from adalet.campaigns import deadlines, mailboxes
from adalet.campaigns.models import KnownOrganization, Signature


def within(domain: str, registered: str) -> bool:
    """*domain* is *registered* or one of its subdomains."""
    return domain == registered or domain.endswith("." + registered)


def entries_named(name_key: str) -> QuerySet[KnownOrganization]:
    return KnownOrganization.objects.filter(name_key=name_key) if name_key else KnownOrganization.objects.none()


def verifies(signature: Signature) -> bool:
    """The signature's organization is in the registry with its mailbox's domain (and its website at that domain)."""
    domain = signature.email_domain
    if not mailboxes.at_own_domain(f"x@{domain}", signature.website):
        return False
    return any(within(domain, entry.domain) for entry in entries_named(signature.organization_key))


def known_elsewhere(signature: Signature) -> list[str]:
    """The domains the registry holds for this organization's name when its mailbox is at none of them: what a
    moderator should see before approving a name someone else is known by."""
    domains = [entry.domain for entry in entries_named(signature.organization_key)]
    if any(within(signature.email_domain, domain) for domain in domains):
        return []
    return domains


def record(signature: Signature, *, actor: str) -> KnownOrganization | None:
    """Add an approved organization to the registry with its website's domain (none for a webmail or bare host)."""
    host = mailboxes.host_of(signature.website)
    if not signature.organization_key or "." not in host or mailboxes.is_webmail(host):
        return None
    entry, _ = KnownOrganization.objects.get_or_create(
        name_key=signature.organization_key, domain=host,
        defaults={"name": signature.organization, "approved_by": actor, "approved_at": deadlines.now()},
    )
    return entry
