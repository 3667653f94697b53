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
