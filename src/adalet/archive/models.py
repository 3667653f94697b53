"""The evidence archive's records: collections, ingest runs, items, derivatives, search passages and
the custody log.

Originals live in the content-addressed blob store (see blobstore.py); these rows say what each
blob is, where it was found, who brought it in, what was extracted from it, and every action taken.
Other apps read the archive through its functions (ingest, search, custody), not these tables.
"""

from __future__ import annotations

from django.db import models


class Collection(models.Model):
    """A body of leaked material ingested together (e.g. "xinjiang-police-files")."""

    name = models.CharField(max_length=200, unique=True)
    title = models.CharField(max_length=500, blank=True)
    description = models.TextField(blank=True)
    # Personal data is never public by default: a collection is published deliberately.
    is_public = models.BooleanField(default=False)
    # Photos of people are published apart, on purpose (`adalet collection publish NAME --photos`): a published
    # collection shows its documents and figures, not faces.
    photos_public = models.BooleanField(default=False)
    # What arrives in a published collection (an upload, a later ingest) stays withheld from visitors until someone
    # publishes it (`adalet collection publish`), unless the collection says new items are published as they come.
    publish_new_items = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.name


class IngestRun(models.Model):
    """One `adalet ingest`: the provenance statement for what it brought in."""

    collection = models.ForeignKey(Collection, on_delete=models.PROTECT, related_name="runs")
    root_path = models.TextField(help_text="The folder, file or archive given to ingest.")
    source = models.TextField(blank=True, help_text="How the material was obtained.")
    actor = models.CharField(max_length=200, help_text="Who ingested it.")
    ocr = models.BooleanField(default=True, help_text="Whether pages without a text layer are OCRed.")
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"run {self.pk} of {self.collection.name}"


class ItemStatus(models.TextChoices):
    PENDING = "pending"
    PROCESSING = "processing"
    DONE = "done"
    FAILED = "failed"
    UNSUPPORTED = "unsupported"


TERMINAL_STATUSES = (ItemStatus.DONE, ItemStatus.FAILED, ItemStatus.UNSUPPORTED)


class Item(models.Model):
    """One original: a file of the leak or a member of an archive inside it."""

    collection = models.ForeignKey(Collection, on_delete=models.PROTECT, related_name="items")
    run = models.ForeignKey(IngestRun, on_delete=models.PROTECT, related_name="items")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    # Where it was found, through every enclosing archive: "leak.zip!/疏附县/照片.zip!/6531....jpg".
    locator = models.TextField()
    path = models.TextField(help_text="Its path inside its parent archive or the ingested folder.")
    name = models.CharField(max_length=1000)
    sha256 = models.CharField(max_length=64, blank=True, help_text="Empty when the bytes could not be read.")
    size = models.BigIntegerField(null=True)
    media_type = models.CharField(max_length=200, blank=True)
    depth = models.PositiveSmallIntegerField(default=0)
    status = models.CharField(max_length=20, choices=ItemStatus.choices, default=ItemStatus.PENDING)
    extractor = models.CharField(max_length=50, blank=True)
    failure_code = models.CharField(max_length=50, blank=True)
    failure_reason = models.TextField(blank=True)
    warnings = models.JSONField(default=list, blank=True)
    metadata = models.JSONField(default=dict, blank=True)
    text_length = models.IntegerField(default=0)
    ingested_at = models.DateTimeField(auto_now_add=True)
    ingest_record = models.BigIntegerField(null=True, help_text="Custody record (seq) that logged its ingest.")
    # Work claims: which worker holds the item, since when, how many times it was claimed.
    claimed_by = models.CharField(max_length=200, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    extracted_at = models.DateTimeField(null=True, blank=True)
    # Arrived in a published collection and not yet published: only those who may review it see it.
    withheld = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["collection", "locator", "sha256"], name="item_unique_locator_hash"),
        ]
        indexes = [
            models.Index(fields=["collection", "status"]),
            models.Index(fields=["run", "status"]),
            models.Index(fields=["sha256"]),
            # the few withheld items, found without reading every item (search leaves them out for visitors)
            models.Index(fields=["collection"], condition=models.Q(withheld=True), name="item_withheld"),
        ]

    def __str__(self) -> str:
        return self.locator


class Derivative(models.Model):
    """A file derived from an original (text, table, thumbnail, OCR), stored apart from originals."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="derivatives")
    kind = models.CharField(max_length=50)
    media_type = models.CharField(max_length=200)
    sha256 = models.CharField(max_length=64)
    size = models.BigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["item", "kind"], name="derivative_unique_kind")]


class Passage(models.Model):
    """A searchable span of an item's text (a page, a block of rows), at most a few thousand characters.

    The engine-specific index (SQLite FTS5 table or PostgreSQL tsvector table) is keyed by its id.
    """

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="passages")
    collection = models.ForeignKey(Collection, on_delete=models.CASCADE, related_name="+")
    media_type = models.CharField(max_length=200)
    ordinal = models.PositiveIntegerField()
    label = models.CharField(max_length=200, blank=True, help_text="Page 3, sheet 1 rows 1-40, ...")
    text = models.TextField()

    class Meta:
        indexes = [models.Index(fields=["collection", "media_type"])]


class CustodyRecord(models.Model):
    """One entry of the tamper-evident custody log. `digest` covers `body` and `previous`."""

    seq = models.BigIntegerField(unique=True)
    at = models.DateTimeField()
    actor = models.CharField(max_length=200)
    action = models.CharField(max_length=50)
    subject = models.CharField(max_length=500, blank=True)
    body = models.TextField(help_text="Canonical JSON of the record, exactly as hashed.")
    previous = models.CharField(max_length=64)
    digest = models.CharField(max_length=64)

    class Meta:
        ordering = ["seq"]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.subject}"


class Checkpoint(models.Model):
    """A signed checkpoint of the custody log (checkpoints.py): its first `size` records have Merkle root `root`.

    `note` is the signed note exactly as signed (co-signatures added later are not written back here);
    `timestamps` the RFC 3161 answers of the configured authorities over the note's text, as
    lib/timestamps.Stamp.as_json gives them."""

    origin = models.CharField(max_length=200)
    size = models.BigIntegerField()
    root = models.CharField(max_length=64, help_text="The Merkle root, hex.")
    note = models.TextField()
    timestamps = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["size", "id"]

    def __str__(self) -> str:
        return f"checkpoint of {self.size} records, root {self.root[:16]}…"
