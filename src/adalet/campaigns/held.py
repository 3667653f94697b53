"""Signatures held for review, as moderators decide them: per letter, grouped by why they were held (a burst from
one connection, from one email domain, of near-identical names) and what they share (the IP hash, the domain, the
name), with what tells a meeting on one connection from a bot: how many of the group confirmed their email, from how
many distinct mailboxes and email domains. Released or rejected together, each decision on the custody log.

Released, a signature counts once its email is confirmed (and, for an organization, once it is verified: releasing
is not approving a name, moderation.approve is).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.db.models import Count, Q, QuerySet

from adalet.archive import custody
from adalet.campaigns import deadlines, guard
from adalet.campaigns.models import Letter, Signature

#: Why a signature was held → the column its group shares.
REASONS = {"ip": (guard.IP_BURST, "ip_hash"), "domain": (guard.DOMAIN_BURST, "email_domain"),
           "names": (guard.NAMES_BURST, "name_key")}
#: Rows shown per group (the counts cover them all; the letter's bulk tools reach the rest).
SHOWN = 200


class HeldError(ValueError):
    pass


def held(letter: Letter | None = None) -> QuerySet[Signature]:
    found = Signature.objects.filter(state=Signature.State.FLAGGED)
    return (found.filter(letter=letter) if letter else found).defer("logo").order_by("created_at", "pk")


def reason_of(signature: Signature) -> str:
    """'ip', 'domain' or 'names' (what the signature was held for); 'other' for a reason this version does not know."""
    return next((reason for reason, (text, _) in REASONS.items() if signature.flag_reason.startswith(text)), "other")


@dataclass
class Group:
    """Held signatures of one letter sharing a reason and what it is about (an IP hash, a domain, a name)."""

    reason: str
    key: str
    signatures: list[Signature] = field(default_factory=list)

    @property
    def ident(self) -> str:
        return f"{self.reason}:{self.key}"

    @property
    def total(self) -> int:
        return len(self.signatures)

    @property
    def confirmed(self) -> list[Signature]:
        return [s for s in self.signatures if s.email_confirmed_at]

    @property
    def mailboxes(self) -> int:
        return len({s.email_key for s in self.signatures})

    @property
    def domains(self) -> int:
        return len({s.email_domain for s in self.signatures})

    @property
    def first(self) -> datetime:
        return self.signatures[0].created_at

    @property
    def last(self) -> datetime:
        return self.signatures[-1].created_at

    @property
    def shown(self) -> list[Signature]:
        return self.signatures[:SHOWN]


def key_of(signature: Signature, reason: str) -> str:
    return str(getattr(signature, REASONS[reason][1])) if reason in REASONS else signature.flag_reason


def groups(letter: Letter) -> list[Group]:
    """The letter's held signatures by reason and shared value, the largest group first."""
    found: dict[tuple[str, str], Group] = {}
    for signature in held(letter):
        reason = reason_of(signature)
        key = key_of(signature, reason)
        found.setdefault((reason, key), Group(reason, key)).signatures.append(signature)
    return sorted(found.values(), key=lambda group: (-group.total, group.first))


def letters_with_held() -> QuerySet[Letter]:
    """Every letter with how many of its signatures are held (``held``) and of them confirmed (``held_confirmed``)."""
    flagged = Q(signatures__state=Signature.State.FLAGGED)
    return Letter.objects.annotate(
        held=Count("signatures", filter=flagged),
        held_confirmed=Count("signatures", filter=flagged & Q(signatures__email_confirmed_at__isnull=False)),
    ).order_by("-held", "-opens_at")


def group_members(letter: Letter, ident: str) -> QuerySet[Signature]:
    """The held signatures of the group called *ident* ('ip:HASH', 'domain:example.org', 'names:KEY')."""
    reason, _, key = ident.partition(":")
    if reason not in REASONS or not key:
        raise HeldError(f"no such group: {ident}")
    text, column = REASONS[reason]
    return held(letter).filter(flag_reason__startswith=text, **{column: key})


def release(letter: Letter, ids: Iterable[int], *, actor: str) -> int:
    """Release held signatures of *letter*: those whose email is confirmed count now (organizations once verified),
    the others once confirmed. Signatures not held (any more) are left alone; returns how many were released."""
    with transaction.atomic():
        found = list(held(letter).filter(pk__in=list(ids)).select_for_update().values_list("pk", "email_confirmed_at"))
        confirmed = [pk for pk, at in found if at]
        pending = [pk for pk, at in found if not at]
        now = deadlines.now()
        Signature.objects.filter(pk__in=confirmed).update(state=Signature.State.CONFIRMED, decided_at=now)
        Signature.objects.filter(pk__in=pending).update(state=Signature.State.PENDING, decided_at=now)
        if found:
            custody.append("campaign-approve", actor=actor, subject=letter.slug, detail={
                "held": True, "count": len(found), "signatures": sorted(pk for pk, _ in found),
                "email_confirmed": len(confirmed)})
    return len(found)


def release_confirmed(letter: Letter, ident: str, *, expected: int, actor: str) -> int:
    """Release every held signature of the group whose email is confirmed: exactly as many as the page showed."""
    with transaction.atomic():
        ids = list(group_members(letter, ident).filter(email_confirmed_at__isnull=False).select_for_update()
                   .values_list("pk", flat=True))
        if len(ids) != expected:
            raise HeldError(f"the page showed {expected} confirmed signatures in this group but {len(ids)} are now: "
                            "look again")
        return release(letter, ids, actor=actor)


def reject(letter: Letter, ids: Iterable[int], *, actor: str, reason: str) -> int:
    """Invalidate held signatures of *letter* (they never count); returns how many."""
    with transaction.atomic():
        found = sorted(held(letter).filter(pk__in=list(ids)).select_for_update().values_list("pk", flat=True))
        Signature.objects.filter(pk__in=found).update(state=Signature.State.INVALIDATED, decided_at=deadlines.now())
        if found:
            custody.append("campaign-invalidate", actor=actor, subject=letter.slug,
                           detail={"held": True, "count": len(found), "signatures": found, "reason": reason})
    return len(found)
