"""The follow-up letter: drafted from a letter when some of its asks are fulfilled and others remain open.

The draft is a letter of its own (``draft``: not listed, not signable, its page shown to staff only) that
``follows`` the first, with the same recipients, a text that says what was asked, when it was delivered, what was
done since (each fulfilled ask with its date) and what remains, the first letter's text quoted below, and the open
asks as its own asks. A later fulfilment rewrites the draft while it is still a draft; once staff publish it
(`publish`), the next fulfilment drafts a new one.
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from adalet.archive import custody
from adalet.campaigns import letters
from adalet.campaigns.models import Ask, Letter, LetterVersion
from adalet.sanctions import gaps

#: How long a follow-up is open for signatures when published: the first letter's own span, at least this.
MIN_DAYS = 14


def _names(asks: list[Ask]) -> str:
    return "\n".join(f"- {a.official.name} ({gaps.LABELS[a.jurisdiction]})" for a in asks)


def text(letter: Letter) -> str:
    """The draft's Markdown, in the language the first letter is written in by its staff (English by default;
    staff translate it before publishing)."""
    asks = list(letter.asks.select_related("official"))
    fulfilled = [a for a in asks if a.status == Ask.Status.FULFILLED and not (a.evidence or {}).get("before_letter")]
    still_open = [a for a in asks if a.status == Ask.Status.OPEN]
    delivery = letter.deliveries.order_by("delivered_at").first()
    sent = (f"On {delivery.delivered_at:%d %B %Y} we delivered our letter \"{letter.title}\" to "
            f"{'; '.join(line for line in delivery.recipients.splitlines() if line.strip())}, "
            f"signed by {delivery.signatories} signatories.") if delivery else f"We wrote to you: \"{letter.title}\"."
    done = "\n".join(f"- {a.official.name}: designated by the {gaps.LABELS[a.jurisdiction]} on "
                     f"{a.designated_on:%d %B %Y}" for a in fulfilled)
    quoted = "\n".join(f"> {line}" if line.strip() else ">" for line in letter.body.splitlines())
    return (f"{sent}\n\nSince then:\n\n{done}\n\nWe welcome these designations. We ask you again to act on the "
            f"officials our letter named who remain undesignated:\n\n{_names(still_open)}\n\n"
            f"Our letter of {timezone.localdate(letter.opens_at):%d %B %Y}:\n\n{quoted}\n")


def current(letter: Letter) -> Letter | None:
    """The follow-up of *letter* still in draft, if any."""
    return letter.follow_ups.filter(draft=True).order_by("-pk").first()


def _free_slug(base: str) -> str:
    slug, n = base, 1
    while Letter.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def draft(letter: Letter, *, actor: str) -> Letter | None:
    """Draft (or rewrite the draft of) the follow-up naming *letter*'s open asks; None when none is open."""
    still_open = list(letter.asks.filter(status=Ask.Status.OPEN).select_related("official"))
    if not still_open or letter.draft:
        return None
    body = text(letter)
    title = f"Follow-up: {letter.title}"
    with transaction.atomic():
        follow = current(letter)
        if follow is None:
            span = max((letter.original_deadline - timezone.localdate(letter.opens_at)).days, MIN_DAYS)
            now = timezone.now()
            follow = Letter.objects.create(
                slug=_free_slug(f"{letter.slug}-follow-up")[:80], title=title, recipients=letter.recipients, body=body,
                opens_at=now, deadline=timezone.localdate(now) + timedelta(days=span),
                original_deadline=timezone.localdate(now) + timedelta(days=span), time_zone=letter.time_zone,
                created_by=actor, draft=True, follows=letter)
            letters.record_version(follow, actor=actor, material=True, note="drafted from the first letter")
            custody.append("campaign-follow-up-drafted", actor=actor, subject=follow.slug,
                           detail={"follows": letter.slug, "asks": [a.official.name for a in still_open]})
        else:
            follow.title, follow.body = title, body
            follow.save(update_fields=["title", "body"])
            LetterVersion.objects.filter(letter=follow, number=follow.version).update(title=title, body=body)
        wanted = {(a.official_id, a.jurisdiction) for a in still_open}
        follow.asks.exclude(status=Ask.Status.FULFILLED).exclude(
            pk__in=[a.pk for a in follow.asks.all() if (a.official_id, a.jurisdiction) in wanted]).delete()
        have = set(follow.asks.values_list("official_id", "jurisdiction"))
        for position, ask in enumerate(still_open, start=1):
            if (ask.official_id, ask.jurisdiction) not in have:
                Ask.objects.create(letter=follow, official=ask.official, jurisdiction=ask.jurisdiction,
                                   position=position, created_by=actor)
    return follow


def publish(follow: Letter, *, actor: str) -> Letter:
    """Open a drafted follow-up for signatures from now (its span kept); audited."""
    if not follow.draft:
        raise ValueError(f"{follow.slug!r} is not a draft")
    span = follow.deadline - timezone.localdate(follow.opens_at)
    now = timezone.now()
    with transaction.atomic():
        follow.draft, follow.opens_at = False, now
        follow.deadline = follow.original_deadline = timezone.localdate(now) + span
        follow.save(update_fields=["draft", "opens_at", "deadline", "original_deadline"])
        custody.append("campaign-publish", actor=actor, subject=follow.slug,
                       detail={"opens_at": now.isoformat(), "deadline": follow.deadline.isoformat()})
    return follow
