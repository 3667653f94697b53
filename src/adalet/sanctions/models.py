"""Sanctions records: list entries, their designations, and the imports that brought and changed them.

Field names follow FollowTheMoney where it has one (``schema``, ``caption``, ``authority``, ``program``,
``listingDate`` → ``listed_on``).
"""

from __future__ import annotations

from django.db import models


class ImportRun(models.Model):
    """One import of one authority's list: what was read, and what it changed."""

    authority = models.CharField(max_length=64)  # e.g. "us-ofac"
    fmt = models.CharField(max_length=16)  # "ofac", "ftm"
    source = models.TextField()  # the path given
    sha256 = models.JSONField(default=dict)  # file name → SHA-256 of the file read
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True)
    added = models.IntegerField(default=0)
    removed = models.IntegerField(default=0)
    amended = models.IntegerField(default=0)
    unchanged = models.IntegerField(default=0)
    problems = models.JSONField(default=list)  # "line 12: reason", one per rejected row or warning
    changed = models.BooleanField(default=False)  # any entity added, removed or amended

    class Meta:
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.authority} import #{self.pk}"


class SanctionedEntity(models.Model):
    """One entry of one authority's list (a person, organisation, vessel…), current or removed."""

    authority = models.CharField(max_length=64)
    source_id = models.CharField(max_length=200)  # "ofac-29220"
    schema = models.CharField(max_length=32)  # FtM schema: Person, Organization, Vessel, Airplane, LegalEntity
    caption = models.TextField()
    names = models.JSONField(default=list)  # primary name first, then aliases
    name_keys = models.JSONField(default=list)  # blocking keys of each name (same order), computed at import
    birth_dates = models.JSONField(default=list)  # "1955", "1958-01", "1973-12-23"
    nationalities = models.JSONField(default=list)
    programs = models.JSONField(default=list)
    remarks = models.TextField(blank=True)
    properties = models.JSONField(default=dict)  # FtM properties as published
    raw = models.JSONField(default=dict)  # the source record(s) as read
    content_hash = models.CharField(max_length=64)  # of the normalised record: equal hash, no amendment
    listed_on = models.DateField(null=True)
    listed_on_source = models.CharField(max_length=16, blank=True)  # "list", "dates-file" or "first-seen"
    first_seen = models.DateTimeField()
    last_changed = models.DateTimeField()
    removed_on = models.DateField(null=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["authority", "source_id"], name="sanctions_entity_unique")]

    def __str__(self) -> str:
        return f"{self.caption} ({self.source_id})"


class Designation(models.Model):
    """An authority's designation of an entity under one program."""

    entity = models.ForeignKey(SanctionedEntity, on_delete=models.CASCADE, related_name="designations")
    authority = models.CharField(max_length=64)
    program = models.CharField(max_length=100)
    listed_on = models.DateField(null=True)
    removed_on = models.DateField(null=True)
    source_record = models.CharField(max_length=200)  # the list's own id for the record

    class Meta:
        constraints = [models.UniqueConstraint(fields=["entity", "program"], name="sanctions_designation_unique")]

    def __str__(self) -> str:
        return f"{self.authority} {self.program}: {self.entity.caption}"


class ChangeRecord(models.Model):
    """What one import changed about one entity."""

    ADDED, REMOVED, AMENDED = "added", "removed", "amended"
    CHANGES = [(ADDED, ADDED), (REMOVED, REMOVED), (AMENDED, AMENDED)]

    run = models.ForeignKey(ImportRun, on_delete=models.CASCADE, related_name="changes")
    entity = models.ForeignKey(SanctionedEntity, on_delete=models.CASCADE, related_name="changes")
    change = models.CharField(max_length=8, choices=CHANGES)
    fields = models.JSONField(default=list)  # names of the fields that changed (amended)
    at = models.DateTimeField()

    class Meta:
        ordering = ["id"]


JURISDICTIONS = (("us", "United States"), ("eu", "European Union"), ("uk", "United Kingdom"), ("ca", "Canada"))


class ReferenceDesignation(models.Model):
    """A designation of an official as a reference file states it (e.g. xinjiang_designations.csv), not from a list."""

    official = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    jurisdiction = models.CharField(max_length=4, choices=JURISDICTIONS)
    listed_on = models.DateField()
    source = models.TextField(help_text="The file and its own source note.")
    # As an FtM ``Sanction`` states them (adalet officials import-ftm); empty when the file gives none
    authority = models.CharField(max_length=200, blank=True, help_text="Who designated: 'US Treasury (OFAC)'.")
    program = models.CharField(max_length=200, blank=True, help_text="The program or regime: 'GLOMAG'.")
    reason = models.TextField(blank=True, help_text="Why, as the designation states it.")
    source_url = models.URLField(max_length=500, blank=True, help_text="Where the designation is published.")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["official", "jurisdiction"], name="refdesignation_unique")]


class MatchStatus(models.TextChoices):
    PROPOSED = "proposed"
    CONFIRMED = "confirmed"
    REJECTED = "rejected"


class OfficialMatch(models.Model):
    """An official matched to a list entity by name (and birth), with its explanation; counts once a human confirms."""

    official = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    entity = models.ForeignKey(SanctionedEntity, on_delete=models.CASCADE, related_name="official_matches")
    score = models.FloatField()
    name = models.TextField(help_text="The list name that matched best.")
    explanation = models.JSONField(default=list)
    status = models.CharField(max_length=10, choices=MatchStatus.choices, default=MatchStatus.PROPOSED)
    reviewer = models.CharField(max_length=200, blank=True)
    reviewed_at = models.DateTimeField(null=True)
    custody_seq = models.BigIntegerField(null=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["official", "entity"], name="officialmatch_unique")]


class Evidence(models.Model):
    """An archive item that documents an official's conduct (a speech, an order), linked by a researcher (audited)."""

    official = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    item = models.ForeignKey("archive.Item", on_delete=models.PROTECT, related_name="+")
    note = models.TextField(help_text="What the item shows about the official.")
    added_by = models.CharField(max_length=200)
    added_at = models.DateTimeField(auto_now_add=True)
    custody_seq = models.BigIntegerField(null=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["official", "item"], name="evidence_unique")]


class ListSource(models.Model):
    """A configured source of a list (``adalet sanctions fetch``): what was last fetched from it, and who is fetching.

    ``files`` maps each file's name to its URL, SHA-256 (the bytes are in the blob store under it), size, ETag and
    Last-Modified as the server sent them, from the fetch that was last imported; ``run`` is that import. A failed
    or refused fetch changes neither: it sets ``outcome`` and ``message`` only. ``claimed_by`` and ``claimed_at``
    are the claim of the process fetching now (one at a time, on any machine); ``next_due`` is when the worker's
    schedule fetches again.
    """

    IMPORTED, UNCHANGED, FAILED, REFUSED = "imported", "unchanged", "failed", "refused"

    name = models.CharField(max_length=64, unique=True)
    files = models.JSONField(default=dict)
    run = models.ForeignKey(ImportRun, null=True, on_delete=models.SET_NULL, related_name="+")
    fetched_at = models.DateTimeField(null=True)  # the last fetch that ended, whatever its outcome
    imported_at = models.DateTimeField(null=True)  # the last fetch that brought new bytes in
    outcome = models.CharField(max_length=12, blank=True)
    message = models.TextField(blank=True)
    claimed_by = models.CharField(max_length=200, blank=True)
    claimed_at = models.DateTimeField(null=True)
    next_due = models.DateTimeField(null=True)

    def __str__(self) -> str:
        return f"list source {self.name}"
