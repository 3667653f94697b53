"""Letters as organizers make them: creation with their first text version, material edits that ask existing
signers to re-confirm, and the figures a page shows (counts, the public list)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import transaction
from django.db.models import Count, Q

from adalet.archive import custody
from adalet.campaigns import deadlines, notices
from adalet.campaigns.models import Letter, LetterLink, LetterTranslation, LetterVersion, Signature, counted


@dataclass
class Draft:
    slug: str
    title: str
    recipients: str
    body: str
    opens_at: datetime
    deadline: date
    time_zone: str = "UTC"
    links: list[tuple[str, str, str]] = field(default_factory=list)  # (kind, label, url)


def create(draft: Draft, *, actor: str) -> Letter:
    deadlines.zone(draft.time_zone)
    if Letter.objects.filter(slug=draft.slug).exists():
        raise ValueError(f"a letter called {draft.slug!r} exists already")
    if draft.opens_at.date() > draft.deadline:
        raise ValueError("the deadline is before the opening")
    with transaction.atomic():
        letter = Letter.objects.create(
            slug=draft.slug, title=draft.title, recipients=draft.recipients, body=draft.body, opens_at=draft.opens_at,
            deadline=draft.deadline, original_deadline=draft.deadline, time_zone=draft.time_zone, created_by=actor,
        )
        record_version(letter, actor=actor, material=True, note="first text")
        for position, (kind, label, url) in enumerate(draft.links):
            LetterLink.objects.create(letter=letter, kind=kind, label=label, url=url, position=position)
        custody.append("campaign-create", actor=actor, subject=letter.slug, detail={
            "title": letter.title, "opens_at": letter.opens_at.isoformat(), "deadline": letter.deadline.isoformat(),
            "time_zone": letter.time_zone,
        })
    return letter


def record_version(letter: Letter, *, actor: str, material: bool, note: str = "") -> LetterVersion:
    return LetterVersion.objects.create(
        letter=letter, number=letter.version, title=letter.title, recipients=letter.recipients, body=letter.body,
        material=material, note=note, created_by=actor,
    )


def revise(letter: Letter, *, title: str, recipients: str, body: str, material: bool, note: str, actor: str) -> int:
    """Save a new text version; after a material edit, signers of earlier versions are asked to re-confirm.
    Returns how many were asked."""
    if (title, recipients, body) == (letter.title, letter.recipients, letter.body):
        return 0
    with transaction.atomic():
        letter.title, letter.recipients, letter.body, letter.version = title, recipients, body, letter.version + 1
        letter.save(update_fields=["title", "recipients", "body", "version"])
        record_version(letter, actor=actor, material=material, note=note)
        custody.append("campaign-revise", actor=actor, subject=letter.slug,
                       detail={"version": letter.version, "material": material, "note": note})
        if not material:
            return 0
        asked = list(letter.signatures.filter(
            state__in=[Signature.State.CONFIRMED, Signature.State.FLAGGED], version__lt=letter.version))
        Signature.objects.filter(id__in=[s.id for s in asked]).update(reconfirm_requested_at=deadlines.now())
    notices.send_to_signers(letter, "reconfirm", asked, {"note": note})
    return len(asked)


def tally(letter: Letter) -> dict[str, int]:
    """Confirmed individuals, verified organizations, and how many of them are counted with their name withheld."""
    withheld = ~Q(visibility=Signature.Visibility.LISTED)
    figures = counted(letter.signatures).aggregate(
        individuals=Count("id", filter=Q(kind=Signature.Kind.INDIVIDUAL)),
        organizations=Count("id", filter=Q(kind=Signature.Kind.ORGANIZATION)),
        individuals_withheld=Count("id", filter=Q(kind=Signature.Kind.INDIVIDUAL) & withheld),
        organizations_withheld=Count("id", filter=Q(kind=Signature.Kind.ORGANIZATION) & withheld),
    )
    return {**figures, "total": figures["individuals"] + figures["organizations"]}


def public_list(letter: Letter) -> dict[str, list[Signature]]:
    """Who is listed by name on the public page: counted, confirmed by email, and chose to be listed."""
    listed = counted(letter.signatures).filter(visibility=Signature.Visibility.LISTED).defer("logo")
    return {
        "organizations": list(listed.filter(kind=Signature.Kind.ORGANIZATION).order_by("organization")),
        "individuals": list(listed.filter(kind=Signature.Kind.INDIVIDUAL).order_by("email_confirmed_at", "id")),
    }


def informed_signers(letter: Letter) -> list[Signature]:
    """Who is told of an extension: every signer whose signature is still live (pending, confirmed or held)."""
    live = [Signature.State.PENDING, Signature.State.CONFIRMED, Signature.State.FLAGGED]
    return list(letter.signatures.filter(state__in=live).defer("logo"))


def extend(letter: Letter, new_deadline: date, *, reason: str, actor: str, base_url: str | None = None) -> int:
    """Extend the deadline (kept with its reason) and tell every live signer; returns how many were told."""
    extension = deadlines.extend(letter, new_deadline, reason=reason, actor=actor)
    return notices.send_to_signers(letter, "extended", informed_signers(letter), {"extension": extension}, base_url)


# --- the text in other languages -------------------------------------------------------------------------------


def translations(letter: Letter) -> dict[str, LetterTranslation]:
    """Each language's current text (its newest version), by language code."""
    current: dict[str, LetterTranslation] = {}
    for found in letter.translations.order_by("language", "version"):
        current[found.language] = found
    return current


def translate(letter: Letter, language: str, *, title: str, body: str, material: bool, note: str, actor: str,
              base_url: str | None = None) -> int:
    """Save the letter's text in *language* (another than its own) as that language's next version; audited.
    After a material change of a text that existed, the signers who signed in that language (they read the earlier
    text) are asked to re-confirm. Returns how many were asked; an unchanged text saves nothing."""
    if language == letter.language:
        raise ValueError("the letter's own language is revised with letters.revise")
    before = translations(letter).get(language)
    if before is not None and (before.title, before.body) == (title, body):
        return 0
    with transaction.atomic():
        saved = LetterTranslation.objects.create(
            letter=letter, language=language, version=(before.version + 1) if before else 1, title=title, body=body,
            material=material, note=note, created_by=actor)
        custody.append("campaign-translate", actor=actor, subject=letter.slug, detail={
            "language": language, "version": saved.version, "material": material, "note": note})
        if before is None or not material:
            return 0
        asked = list(letter.signatures.filter(
            state__in=[Signature.State.CONFIRMED, Signature.State.FLAGGED], language=language,
            created_at__lt=saved.created_at))
        Signature.objects.filter(id__in=[s.id for s in asked]).update(reconfirm_requested_at=deadlines.now())
    notices.send_to_signers(letter, "reconfirm", asked, {"note": note}, base_url)
    return len(asked)


@dataclass(frozen=True)
class Text:
    """What a reader is shown: the letter's title and body in one language, and whether that is the letter's own."""

    language: str
    title: str
    body: str
    original: bool


def text_for(letter: Letter, language: str) -> Text:
    """The letter in *language* when it has that text, else in its own language."""
    if language != letter.language:
        found = translations(letter).get(language)
        if found is not None:
            return Text(language, found.title, found.body, original=False)
    return Text(letter.language, letter.title, letter.body, original=True)
