"""When a letter can be signed: from its opening time until the end of its deadline day in its own time zone
(23:59:59 counts, 00:00:00 the next day does not); extensions, each kept with its reason; closing early."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.db import transaction
from django.utils import timezone

from adalet.archive import custody
from adalet.campaigns.models import DeadlineExtension, Letter


class DeadlineError(ValueError):
    pass


def now() -> datetime:
    """The clock every deadline decision reads (tests move it)."""
    return timezone.now()


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise DeadlineError(f"unknown time zone {name!r} (use an IANA name such as Europe/Berlin)") from None


def closes_at(letter: Letter) -> datetime:
    """The first instant signatures are refused: midnight after the deadline day, in the letter's time zone."""
    return datetime.combine(letter.deadline + timedelta(days=1), time(0), tzinfo=zone(letter.time_zone))


def status(letter: Letter, at: datetime | None = None) -> str:
    """'draft' (not published: no one signs it), 'upcoming', 'open' or 'closed'."""
    if letter.draft:
        return "draft"
    at = at or now()
    if letter.closed_at is not None or at >= closes_at(letter):
        return "closed"
    return "upcoming" if at < letter.opens_at else "open"


def is_open(letter: Letter, at: datetime | None = None) -> bool:
    return status(letter, at) == "open"


def extend(letter: Letter, new_deadline: date, *, reason: str, actor: str) -> DeadlineExtension:
    """Move the deadline later, keeping the history and the reason; signers are told (see notices)."""
    reason = reason.strip()
    if not reason:
        raise DeadlineError("an extension needs a reason (it is shown to signers)")
    if letter.closed_at is not None:
        raise DeadlineError(f"{letter.slug} was closed on {letter.closed_at:%Y-%m-%d}; it cannot be extended")
    if new_deadline <= letter.deadline:
        raise DeadlineError(f"the new deadline must be after the current one ({letter.deadline.isoformat()})")
    with transaction.atomic():
        extension = DeadlineExtension.objects.create(
            letter=letter, previous_deadline=letter.deadline, new_deadline=new_deadline, reason=reason[:500],
            extended_by=actor,
        )
        letter.deadline = new_deadline
        letter.save(update_fields=["deadline"])
        custody.append("campaign-extend", actor=actor, subject=letter.slug, detail={
            "from": extension.previous_deadline.isoformat(), "to": new_deadline.isoformat(),
            "time_zone": letter.time_zone, "reason": extension.reason,
        })
    return extension


def close(letter: Letter, *, actor: str) -> None:
    if letter.closed_at is not None:
        raise DeadlineError(f"{letter.slug} is already closed")
    letter.closed_at = now()
    with transaction.atomic():
        letter.save(update_fields=["closed_at"])
        custody.append("campaign-close", actor=actor, subject=letter.slug, detail={"at": letter.closed_at.isoformat()})
