"""Letters, their text versions, links and deadline extensions, and the signatures on them.

A signature moves through explicit states: pending (waiting for its email confirmation) → confirmed; or flagged
(held for review: its signer is told, confirming it does not make it count until a moderator releases it),
invalidated (by a moderator) or withdrawn (by its signer). Only confirmed signatures count; an organization counts
only once verified: approved by a moderator, or its name and mailbox domain match the registry of organizations
moderators approved before (``KnownOrganization``). A mailbox at the organization's web domain verifies the domain,
not the name. A signature keeps the language it was signed in, which its emails speak.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from adalet.sanctions.models import JURISDICTIONS

#: The jurisdictions as a sentence names them ("designated by the United States"), translated.
JURISDICTION_NAMES = {"us": _("the United States"), "eu": _("the European Union"), "uk": _("the United Kingdom"),
                      "ca": _("Canada")}


class Letter(models.Model):
    slug = models.SlugField(max_length=80, unique=True)
    title = models.CharField(max_length=300)
    recipients = models.TextField(help_text="One recipient per line.")
    body = models.TextField(help_text="Markdown.")
    version = models.PositiveIntegerField(default=1)
    opens_at = models.DateTimeField()
    deadline = models.DateField(help_text="The last day signatures are accepted, until 23:59:59 in the letter's time zone.")
    original_deadline = models.DateField()
    time_zone = models.CharField(max_length=64, default="UTC")
    closed_at = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    draft = models.BooleanField(default=False, help_text="Not listed, not signable, shown to staff only (a follow-up "
                                "drafted from a letter whose asks were partly fulfilled).")
    follows = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="follow_ups",
                                help_text="The letter this one follows up.")
    purged_at = models.DateTimeField(null=True, blank=True)
    created_by = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    language = models.CharField(max_length=8, choices=settings.LANGUAGES, default="en",
                                help_text="The language the letter is written in (its title and body above); its "
                                "translations are LetterTranslation rows.")
    goal = models.PositiveIntegerField(null=True, blank=True, help_text="The signatures hoped for, shown as progress.")

    class Meta:
        ordering = ["-opens_at"]

    def __str__(self) -> str:
        return self.title


class LetterLink(models.Model):
    """An official or a dossier the letter names, linked from its page."""

    class Kind(models.TextChoices):
        OFFICIAL = "official", "Official"
        DOSSIER = "dossier", "Dossier"
        OTHER = "other", "Other"

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="links")
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.OFFICIAL)
    label = models.CharField(max_length=200)
    url = models.CharField(max_length=500, help_text="A site path (/people/…) or an https:// address.")
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]


class LetterVersion(models.Model):
    """The text as it stood at each version; a signature records the version it endorsed."""

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    title = models.CharField(max_length=300)
    recipients = models.TextField()
    body = models.TextField()
    material = models.BooleanField(default=True)
    note = models.CharField(max_length=500, blank=True)
    created_by = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["letter", "number"], name="campaigns_one_text_per_version")]


class LetterTranslation(models.Model):
    """The letter's text in another language than its own, as it stood at each of that language's versions (1, 2,
    …): the newest row of a language is its current text (letters.translation)."""

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(max_length=8, choices=settings.LANGUAGES)
    version = models.PositiveIntegerField()
    title = models.CharField(max_length=300)
    body = models.TextField(help_text="Markdown.")
    material = models.BooleanField(default=True)
    note = models.CharField(max_length=500, blank=True)
    created_by = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["language", "version"]
        constraints = [models.UniqueConstraint(fields=["letter", "language", "version"],
                                               name="campaigns_one_translation_per_version")]


class DeadlineExtension(models.Model):
    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="extensions")
    previous_deadline = models.DateField()
    new_deadline = models.DateField()
    reason = models.CharField(max_length=500)
    extended_by = models.CharField(max_length=150, blank=True)
    extended_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["extended_at", "id"]


class Signature(models.Model):
    class Kind(models.TextChoices):
        INDIVIDUAL = "individual", "Individual"
        ORGANIZATION = "organization", "Organization"

    class State(models.TextChoices):
        PENDING = "pending", "Pending email confirmation"
        CONFIRMED = "confirmed", "Confirmed"
        FLAGGED = "flagged", "Held for moderation"
        INVALIDATED = "invalidated", "Invalidated"
        WITHDRAWN = "withdrawn", "Withdrawn"

    class Visibility(models.TextChoices):
        LISTED = "listed", "Listed by name"
        RECIPIENTS = "recipients", "Name withheld publicly, given to the recipients"
        HIDDEN = "hidden", "Name withheld from everyone, counted only"

    class Verification(models.TextChoices):
        NONE = "", "Not verified"
        MODERATOR = "moderator", "Approved by a moderator"
        REGISTRY = "registry", "Name and mailbox domain match an organization approved before"

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="signatures")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    state = models.CharField(max_length=16, choices=State.choices, default=State.PENDING, db_index=True)
    visibility = models.CharField(max_length=16, choices=Visibility.choices, default=Visibility.LISTED)
    name = models.CharField(max_length=200)
    title = models.CharField(max_length=200, blank=True)
    affiliation = models.CharField(max_length=200, blank=True)
    organization = models.CharField(max_length=200, blank=True)
    organization_key = models.CharField(max_length=200, blank=True)
    role = models.CharField(max_length=200, blank=True)
    website = models.CharField(max_length=300, blank=True)
    country = models.CharField(max_length=2)
    email = models.CharField(max_length=254)
    email_key = models.CharField(max_length=254, help_text="Normalized: what the mailbox provider delivers to one box.")
    email_domain = models.CharField(max_length=253)
    name_key = models.CharField(max_length=200)
    ip_hash = models.CharField(max_length=64, blank=True)
    logo = models.BinaryField(null=True, blank=True)
    logo_type = models.CharField(max_length=40, blank=True)
    verified_by = models.CharField(max_length=16, choices=Verification.choices, blank=True, default="")
    version = models.PositiveIntegerField(help_text="The text version this signature endorsed.")
    nonce = models.CharField(max_length=32, help_text="With SECRET_KEY, makes the signer's link; a new one voids it.")
    flag_reason = models.CharField(max_length=300, blank=True)
    seconds_to_submit = models.FloatField(null=True, blank=True)
    created_at = models.DateTimeField(db_index=True)
    email_confirmed_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    reconfirm_requested_at = models.DateTimeField(null=True, blank=True)
    language = models.CharField(max_length=8, choices=settings.LANGUAGES, default="en",
                                help_text="The language the signer signed in: their emails speak it.")

    class Meta:
        ordering = ["created_at", "id"]
        # Few indexes: each costs every signature an index write. Moderators' searches by IP, domain or time
        # window read one letter's signatures through the letter's index.
        indexes = [models.Index(fields=["organization_key"], condition=~Q(organization_key=""),
                                name="campaigns_signature_org_key")]
        constraints = [
            models.UniqueConstraint(
                fields=["letter", "kind", "email_key"],
                condition=~Q(state__in=["invalidated", "withdrawn"]),
                name="campaigns_one_live_signature_per_mailbox",
            )
        ]

    def __str__(self) -> str:
        return self.organization or self.name

    @property
    def counts(self) -> bool:
        if self.state != self.State.CONFIRMED:
            return False
        return self.kind == self.Kind.INDIVIDUAL or self.verified_by in VERIFIED


class ConfirmationDue(models.Model):
    """A signature whose confirmation email is still to be sent: written with the signature, deleted when a worker
    has sent it (notices.py). A table of its own, so that sending does not rewrite the signature's row.

    ``again``: the mailbox tried to sign a second time, and is told it has signed already (with its link). One row
    per signature at most: a notice already due is the one that goes."""

    signature = models.OneToOneField(Signature, on_delete=models.CASCADE, primary_key=True, related_name="+")
    # db_default too: signing.insert_unless_signed writes the row with its signature_id alone
    again = models.BooleanField(default=False, db_default=False)


#: What lists and counts an organization.
VERIFIED = (Signature.Verification.MODERATOR, Signature.Verification.REGISTRY)


def counted(queryset: models.QuerySet[Signature]) -> models.QuerySet[Signature]:
    """The signatures that count: confirmed, and for organizations verified."""
    return queryset.filter(state=Signature.State.CONFIRMED).filter(
        Q(kind=Signature.Kind.INDIVIDUAL) | Q(verified_by__in=VERIFIED)
    )


class Ask(models.Model):
    """An official of the registry that the letter asks a jurisdiction to designate, and what came of it
    (outcomes.py): open, or fulfilled on a date with the evidence (the gap matrix's basis and detail)."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        FULFILLED = "fulfilled", "Fulfilled"

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="asks")
    official = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    jurisdiction = models.CharField(max_length=4, choices=JURISDICTIONS)
    position = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    designated_on = models.DateField(null=True, blank=True)
    evidence = models.JSONField(default=dict, blank=True)
    fulfilled_at = models.DateTimeField(null=True, blank=True, help_text="When Adalet read the designation.")
    custody_seq = models.BigIntegerField(null=True, blank=True)
    created_by = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["letter", "official", "jurisdiction"],
                                               name="campaigns_one_ask_per_official_and_jurisdiction")]

    @property
    def jurisdiction_name(self) -> str:
        return str(JURISDICTION_NAMES.get(self.jurisdiction, self.jurisdiction))


class Delivery(models.Model):
    """What was delivered (delivered.py): the letter's PDF and signatories' list as kept in the blob store, by hash,
    the text version they carry, to whom, when, how; bound to the custody record that states the same."""

    class Method(models.TextChoices):
        EMAIL = "email", _("by email")
        WEB_FORM = "web-form", _("through a web form")
        POST = "post", _("by post")
        HAND = "hand", _("by hand")

    letter = models.ForeignKey(Letter, on_delete=models.PROTECT, related_name="deliveries")
    recipients = models.TextField(help_text="One recipient per line.")
    method = models.CharField(max_length=16, choices=Method.choices)
    reference = models.CharField(max_length=300, blank=True, help_text="The recipient's reference or receipt.")
    delivered_at = models.DateTimeField()
    version = models.PositiveIntegerField(help_text="The text version delivered.")
    version_sha256 = models.CharField(max_length=64)
    signatories = models.PositiveIntegerField()
    pdf_sha256 = models.CharField(max_length=64)
    pdf_size = models.PositiveIntegerField(default=0)
    list_sha256 = models.CharField(max_length=64)
    recorded_by = models.CharField(max_length=150, blank=True)
    custody_seq = models.BigIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["delivered_at", "id"]

    @property
    def recipient_list(self) -> str:
        return "; ".join(line for line in self.recipients.splitlines() if line.strip())

    @property
    def method_name(self) -> str:
        return str(self.Method(self.method).label)


class Response(models.Model):
    """A recipient's response to a delivered letter: text and/or a file (kept in the blob store by hash)."""

    letter = models.ForeignKey(Letter, on_delete=models.PROTECT, related_name="responses")
    delivery = models.ForeignKey(Delivery, null=True, blank=True, on_delete=models.PROTECT, related_name="responses")
    recipient = models.CharField(max_length=300)
    received_on = models.DateField()
    text = models.TextField(blank=True)
    file_name = models.CharField(max_length=255, blank=True)
    file_sha256 = models.CharField(max_length=64, blank=True)
    file_size = models.PositiveBigIntegerField(default=0)
    recorded_by = models.CharField(max_length=150, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)
    custody_seq = models.BigIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["received_on", "id"]


class OutcomeNotice(models.Model):
    """A signatory to be told (or told, ``sent_at``) that an ask of the letter they signed was fulfilled: one row per
    signature and ask, so each is told once however many processes see the update."""

    signature = models.ForeignKey(Signature, on_delete=models.CASCADE, related_name="+")
    ask = models.ForeignKey(Ask, on_delete=models.CASCADE, related_name="notices")
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["signature", "ask"], name="campaigns_one_notice_per_ask")]
        indexes = [models.Index(fields=["sent_at"], name="campaigns_outcome_unsent", condition=Q(sent_at=None))]


class KnownOrganization(models.Model):
    """The registry of organizations: a name (normalized as ``guard.name_key``) and the web domain a moderator
    approved it with. A later signature with the same name from a confirmed mailbox at that domain (or a subdomain)
    is verified without a moderator; any other (the same name at another domain) waits for one."""

    name = models.CharField(max_length=200)
    name_key = models.CharField(max_length=200)
    domain = models.CharField(max_length=253)
    approved_by = models.CharField(max_length=150, blank=True)
    approved_at = models.DateTimeField()

    class Meta:
        ordering = ["name", "domain"]
        constraints = [models.UniqueConstraint(fields=["name_key", "domain"], name="campaigns_one_registry_entry")]

    def __str__(self) -> str:
        return f"{self.name} ({self.domain})"


class RateCounter(models.Model):
    """Attempts per key (client IP hash, email domain, letter and name) in one fixed time window: one row,
    incremented atomically by every server process, so limits hold however many processes serve."""

    key = models.CharField(max_length=120)
    window = models.BigIntegerField(help_text="Start of the window, in seconds since the epoch.")
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "window"], name="campaigns_one_counter_per_window")]
