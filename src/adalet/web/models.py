"""The web app's own records: who may open which restricted collection, and recent queries counted per client.

Roles themselves are Django groups (see adalet.lib.roles and the 0002_roles migration); a `CollectionAccess` grants a
user one role in one collection. `ClientHit` rows let several server processes agree on a rate limit.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from adalet.lib.roles import Role


class CollectionAccess(models.Model):
    """A user's role in one collection (published or not)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="collection_access")
    collection = models.ForeignKey("archive.Collection", on_delete=models.CASCADE, related_name="+")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.VIEWER)
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "collection"], name="collectionaccess_unique")]

    def __str__(self) -> str:
        return f"{self.user} {self.role} in {self.collection}"


class ClientHit(models.Model):
    """One rate-limited request: which limit, which client (a salted hash of the address, never the address)."""

    bucket = models.CharField(max_length=50)
    client = models.CharField(max_length=64)
    at = models.DateTimeField(db_index=True)

    class Meta:
        indexes = [models.Index(fields=["bucket", "client", "at"])]


class RelativeRequest(models.Model):
    """What a family member asks of the staff from /relatives/next/ ("this is my relative", what they know, a
    correction, a removal). Never published: staff read it in the admin; the custody log keeps only that it came,
    its kind and a hash of its text (web.family)."""

    class Kind(models.TextChoices):
        RELATIVE = "relative", "this is my relative"
        INFORMATION = "information", "what I know"
        CORRECTION = "correction", "a correction"
        REMOVAL = "removal", "a removal"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    person = models.ForeignKey("people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                               help_text="The published record the request came from, when it came from one.")
    name = models.CharField(max_length=200, help_text="How the requester asks to be addressed.")
    contact = models.CharField(max_length=300, help_text="How to reach them, as they gave it.")
    relation = models.CharField(max_length=100, blank=True)
    message = models.TextField()
    language = models.CharField(max_length=20)
    received_at = models.DateTimeField(auto_now_add=True)
    handled = models.BooleanField(default=False)
    custody_seq = models.BigIntegerField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"


class SavedSearch(models.Model):
    """A signed-in user's search, kept to be told of new matches: the items that arrived after `seen_item` (the newest
    item when the user last looked) and that the search finds among those the user may open (web.workspace.saved)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_searches")
    query = models.CharField(max_length=500)
    kind = models.CharField(max_length=20, blank=True, help_text="A family of media types (archive.mediatypes).")
    collection = models.CharField(max_length=200, blank=True, help_text="A collection's name, or every one.")
    created_at = models.DateTimeField(auto_now_add=True)
    seen_item = models.BigIntegerField(default=0, help_text="The newest item's id when the user last looked.")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "query", "kind", "collection"], name="savedsearch_unique")]
