"""Moderation: the queue (held signatures, organizations awaiting approval), single decisions, and invalidation
in bulk by IP hash, email domain or time window, previewed first; every decision goes on the custody log.

Approving an organization lists it and adds its name and web domain to the registry (registry.py), so that the
same organization signing later letters from that domain is verified without a moderator. Held signatures are
also released or rejected in groups (held.py)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime

from django.db import transaction
from django.db.models import Count, QuerySet

from adalet.archive import custody
from adalet.campaigns import deadlines, registry
from adalet.campaigns.models import Letter, Signature, counted

LIVE = [Signature.State.PENDING, Signature.State.CONFIRMED, Signature.State.FLAGGED]


class ModerationError(ValueError):
    pass


def queue(letter: Letter) -> dict[str, QuerySet[Signature]]:
    return {
        "flagged": letter.signatures.filter(state=Signature.State.FLAGGED),
        "organizations": letter.signatures.filter(
            kind=Signature.Kind.ORGANIZATION, verified_by="", state__in=[Signature.State.PENDING, Signature.State.CONFIRMED]
        ),
    }


def awaiting_organizations() -> QuerySet[Signature]:
    """Organizations awaiting a moderator's approval on every letter, oldest first (the workspace's queue)."""
    return Signature.objects.filter(
        kind=Signature.Kind.ORGANIZATION, verified_by="", state__in=[Signature.State.PENDING, Signature.State.CONFIRMED]
    ).select_related("letter").order_by("created_at", "pk")


def approve(signature: Signature, *, actor: str) -> None:
    """Clear a held signature (it counts once its email is confirmed); approve an organization for listing (and
    for the registry)."""
    if signature.state not in LIVE:
        raise ModerationError(f"signature {signature.pk} is {signature.state}")
    if signature.kind == Signature.Kind.ORGANIZATION:
        others = counted(signature.letter.signatures.filter(organization_key=signature.organization_key))
        if others.exclude(pk=signature.pk).exists():
            raise ModerationError(f"{signature.organization} is already listed on this letter")
        signature.verified_by = Signature.Verification.MODERATOR
    if signature.state == Signature.State.FLAGGED:
        signature.state = Signature.State.CONFIRMED if signature.email_confirmed_at else Signature.State.PENDING
    signature.decided_at = deadlines.now()
    with transaction.atomic():
        signature.save(update_fields=["state", "verified_by", "decided_at"])
        if signature.kind == Signature.Kind.ORGANIZATION:
            registry.record(signature, actor=actor)
        custody.append("campaign-approve", actor=actor, subject=signature.letter.slug,
                       detail={"signature": signature.pk, "kind": signature.kind, "state": signature.state})


def invalidate(signature: Signature, *, actor: str, reason: str) -> None:
    if signature.state not in LIVE:
        raise ModerationError(f"signature {signature.pk} is {signature.state}")
    with transaction.atomic():
        Signature.objects.filter(pk=signature.pk).update(state=Signature.State.INVALIDATED, decided_at=deadlines.now())
        custody.append("campaign-invalidate", actor=actor, subject=signature.letter.slug,
                       detail={"signatures": [signature.pk], "reason": reason})


@dataclass(frozen=True)
class Criteria:
    """Which signatures a bulk invalidation hits: all given criteria must match; at least one is required."""

    ip_hash: str = ""
    domain: str = ""
    since: datetime | None = None
    until: datetime | None = None

    def describe(self) -> dict[str, str]:
        return {k: v.isoformat() if isinstance(v, datetime) else v for k, v in asdict(self).items() if v}


def matching(letter: Letter, criteria: Criteria) -> QuerySet[Signature]:
    if not criteria.describe():
        raise ModerationError("give an IP hash, an email domain or a time window")
    found = letter.signatures.filter(state__in=LIVE)
    if criteria.ip_hash:
        found = found.filter(ip_hash=criteria.ip_hash.strip())
    if criteria.domain:
        found = found.filter(email_domain=criteria.domain.strip().lower())
    if criteria.since:
        found = found.filter(created_at__gte=criteria.since)
    if criteria.until:
        found = found.filter(created_at__lt=criteria.until)
    return found


def preview(letter: Letter, criteria: Criteria) -> dict[str, int]:
    """How many live signatures the criteria hit, by state, with the total under 'total'."""
    by_state = dict(matching(letter, criteria).values_list("state").annotate(n=Count("id")).order_by())
    return {**by_state, "total": sum(by_state.values())}


def invalidate_bulk(letter: Letter, criteria: Criteria, *, expected: int, actor: str, reason: str) -> int:
    """Invalidate exactly what the preview showed: refused if the set has changed since (preview again)."""
    with transaction.atomic():
        ids = list(matching(letter, criteria).select_for_update().values_list("id", flat=True))
        if len(ids) != expected:
            raise ModerationError(f"the preview showed {expected} signatures but {len(ids)} match now: preview again")
        Signature.objects.filter(id__in=ids).update(state=Signature.State.INVALIDATED, decided_at=deadlines.now())
        custody.append("campaign-invalidate", actor=actor, subject=letter.slug,
                       detail={"criteria": criteria.describe(), "count": len(ids), "signatures": ids, "reason": reason})
    return len(ids)
