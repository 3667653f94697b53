"""People and what the records say of them: persons, facilities, detentions, relatives, posts, photo links.

Every fact read from a spreadsheet points at its `SourceRow` (the item, sheet and row it came from; the row
keeps which column held each field), so any statement can be traced to the cell that made it. Photo links
carry their evidence and wait for a human to confirm them.
"""

from __future__ import annotations

from django.db import models


class PersonKind(models.TextChoices):
    DETAINEE = "detainee"
    OFFICIAL = "official"
    RELATIVE = "relative"
    ORGANIZATION = "organization"  # a body in the officials registry (a bureau, the XPCC)


class SourceRow(models.Model):
    """One spreadsheet row that was read into records."""

    collection = models.ForeignKey("archive.Collection", on_delete=models.CASCADE, related_name="+")
    item = models.ForeignKey("archive.Item", on_delete=models.PROTECT, related_name="+")
    locator = models.TextField(help_text="The item's locator, kept with the row for reports.")
    sheet = models.CharField(max_length=300, blank=True, help_text="Worksheet name; empty for CSV.")
    row = models.PositiveIntegerField(help_text="1-based, title and header rows counted.")
    # {field: {"column": "C", "value": "6531..."}} as found, before parsing
    cells = models.JSONField(default=dict)
    values = models.JSONField(default=dict, help_text="The fields as parsed (dates ISO, sex M/F, ID numbers upper-case).")
    problems = models.JSONField(default=list, help_text="Cells that could not be read: field, column, value, reason.")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["item", "sheet", "row"], name="sourcerow_unique_cell")]

    def cell(self, field: str) -> str:
        """Where a field came from, as a reader cites it: 'sheet 看守所, row 12, column C'."""
        where = f"sheet {self.sheet}, " if self.sheet else ""
        column = self.cells.get(field, {}).get("column", "?")
        return f"{self.locator}: {where}row {self.row}, column {column}"


class Person(models.Model):
    """A person as the records name them. Detainees are one per ID number within a collection."""

    collection = models.ForeignKey(
        "archive.Collection", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=PersonKind.choices, default=PersonKind.DETAINEE)
    name = models.CharField(max_length=500, help_text="As written in the first record.")
    # [{"name": "...", "source": "record|derived|alias"}]: every form the records give
    names = models.JSONField(default=list)
    id_number = models.CharField(max_length=32, blank=True, db_index=True)
    birth_date = models.DateField(null=True, blank=True)
    birth = models.CharField(max_length=10, blank=True, help_text="Birth as known when not a full date: 1955, 1958-01.")
    sex = models.CharField(max_length=1, blank=True, help_text="M, F or empty.")
    ethnicity = models.CharField(max_length=100, blank=True)
    address = models.TextField(blank=True)
    source = models.ForeignKey(SourceRow, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["collection", "birth_date"])]

    def __str__(self) -> str:
        return self.name


class NameKey(models.Model):
    """A blocking key (adalet.names.blocking) of one of a person's recorded name forms, with the person's collection
    and birth date: what relative search looks names up by (adalet.people.namekeys). Derived from Person.name and
    Person.names, rebuilt with them; each indexed person also has one row whose key is the index's stamp."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+", db_index=False)
    collection = models.ForeignKey(
        "archive.Collection", null=True, blank=True, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    key = models.CharField(max_length=40)
    born = models.DateField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["key", "collection", "born"], name="namekey_key_collection_born")]
        constraints = [models.UniqueConstraint(fields=["person", "key"], name="namekey_person_key")]


class Facility(models.Model):
    """A place of detention, by the name the records use, or as a dataset locates it (ASPI's, see facilities.py)."""

    name = models.CharField(max_length=300, unique=True)
    kind = models.CharField(max_length=100, blank=True, help_text="看守所, 拘留所, 培训中心, ...")
    prefecture = models.CharField(max_length=200, blank=True)
    county = models.CharField(max_length=200, blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    tier = models.PositiveSmallIntegerField(null=True, blank=True, help_text="ASPI's security tier, 1 (lowest) to 4.")
    external_id = models.CharField(max_length=100, blank=True, db_index=True, help_text="Its id in a dataset: aspi:12.")
    source = models.TextField(blank=True, help_text="Where the facility is known from.")

    def __str__(self) -> str:
        return self.name


class Detention(models.Model):
    """A record of a person held (or released) at a facility, as one row states it."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="detentions")
    facility = models.ForeignKey(Facility, null=True, blank=True, on_delete=models.PROTECT, related_name="detentions")
    status = models.CharField(max_length=200, blank=True, help_text="As written: 在押, 已释放, ...")
    detained = models.BooleanField(null=True, help_text="Whether the status (or facility) means held; None: unknown.")
    admitted = models.DateField(null=True, blank=True)
    released = models.DateField(null=True, blank=True)
    reason = models.TextField(blank=True)
    source = models.ForeignKey(SourceRow, on_delete=models.CASCADE, related_name="detentions")


class Relative(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="relatives")
    name = models.CharField(max_length=500)
    relation = models.CharField(max_length=100, blank=True)
    id_number = models.CharField(max_length=32, blank=True)
    source = models.ForeignKey(SourceRow, on_delete=models.CASCADE, related_name="+")


class Position(models.Model):
    """A post held by an official (used by the sanctions registry)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="positions")
    title = models.CharField(max_length=500)
    organization = models.CharField(max_length=500, blank=True)
    start = models.CharField(max_length=10, blank=True, help_text="YYYY, YYYY-MM or YYYY-MM-DD.")
    end = models.CharField(max_length=10, blank=True)
    source = models.TextField(blank=True)


class LinkStatus(models.TextChoices):
    PROPOSED = "proposed"
    CONFIRMED = "confirmed"
    REJECTED = "rejected"


class PhotoLink(models.Model):
    """A photo (an archive item) linked to a person record, with the evidence; a human confirms or rejects it."""

    collection = models.ForeignKey("archive.Collection", on_delete=models.CASCADE, related_name="+")
    photo = models.ForeignKey("archive.Item", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="photo_links")
    method = models.CharField(max_length=30, help_text="id_number (exact) or name_birth_date.")
    score = models.FloatField()
    evidence = models.JSONField(default=dict)
    status = models.CharField(max_length=20, choices=LinkStatus.choices, default=LinkStatus.PROPOSED)
    reviewed_by = models.CharField(max_length=200, blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["photo", "person"], name="photolink_unique")]


class PostArea(models.Model):
    """The area a post answers for, as the user stated it (``--jurisdiction``), when its unit's name does not say."""

    position = models.OneToOneField(Position, on_delete=models.CASCADE, related_name="stated_area")
    area = models.TextField(help_text="Places in any script, ';' apart: 特克斯县; 昭苏县, or Ili Prefecture.")
    source = models.TextField(blank=True, help_text="Who stated it, and from what.")


class FacilityPlace(models.Model):
    """The county a facility is in, as the user stated it (its name and ASPI's dataset are read otherwise)."""

    facility = models.OneToOneField(Facility, on_delete=models.CASCADE, related_name="stated_place")
    county = models.CharField(max_length=200, help_text="The county's Chinese name as adalet.names.counties gives it.")
    source = models.TextField(blank=True, help_text="Who stated it, and from what.")


class PersonLink(models.Model):
    """The same person in two collections, proposed by `adalet xref people` with its evidence; a reviewer confirms
    or rejects it (people/personlinks.py). ``first`` is the record with the lower id."""

    first = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    method = models.CharField(max_length=30, help_text="id_number (equal) or name_birth_date.")
    score = models.FloatField()
    evidence = models.JSONField(default=dict)
    status = models.CharField(max_length=20, choices=LinkStatus.choices, default=LinkStatus.PROPOSED)
    reviewed_by = models.CharField(max_length=200, blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["first", "second"], name="personlink_unique")]


class AnnotationKind(models.TextChoices):
    TAG = "tag"
    NOTE = "note"


class Annotation(models.Model):
    """A tag or a note a collection's team puts on an item or a person (people/annotations.py): read by those who
    hold a role in the collection, public only once published."""

    collection = models.ForeignKey("archive.Collection", on_delete=models.CASCADE, related_name="+")
    item = models.ForeignKey("archive.Item", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.CASCADE, related_name="annotations")
    kind = models.CharField(max_length=10, choices=AnnotationKind.choices)
    text = models.TextField()
    author = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)
    published = models.BooleanField(default=False)

    class Meta:
        indexes = [models.Index(fields=["item", "kind"]), models.Index(fields=["collection", "kind"], name="people_anno_collect_kind_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(item__isnull=False) | models.Q(person__isnull=False), name="annotation_has_subject"
            )
        ]
