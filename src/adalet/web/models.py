"""The web app's own records: who may open which restricted collection, and recent queries counted per client.

Roles themselves are Django groups (see adalet.lib.roles and the 0002_roles migration); a `CollectionAccess` grants a
user one role in one collection. `ClientHit` rows let several server processes agree on a rate limit. A `Watch` is a
user's watch on an official, a facility or a saved search, and an `AlertDigest` one email of what was new
(web.alerts).
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
    correction, a removal). Never published: moderators answer it in the workspace (web.workspace.family_requests);
    the custody log keeps only that it came, its kind, each answer's status and a hash of its text and note
    (web.family, web.family_answers)."""

    class Status(models.TextChoices):
        OPEN = "open", "open"
        IN_PROGRESS = "in_progress", "in progress"
        DONE = "done", "done"
        DECLINED = "declined", "declined"

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
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN, db_index=True)
    team_note = models.TextField(blank=True, help_text="The last answer's note to the team (never to the requester).")
    answered_by = models.CharField(max_length=150, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
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


class Watch(models.Model):
    """A user's watch on an official, a facility or a saved search (exactly the one its kind names), with two marks
    of what was already shown: `seen` when the user last marked the workspace's list as seen, `emailed` when the last
    digest went out (web.alerts.changes says what a mark holds for each kind)."""

    class Kind(models.TextChoices):
        OFFICIAL = "official", "official"
        FACILITY = "facility", "facility"
        SEARCH = "search", "search"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="watches")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    official = models.ForeignKey("people.Person", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    facility = models.ForeignKey("people.Facility", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    saved_search = models.ForeignKey(SavedSearch, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    seen = models.JSONField(default=dict, help_text="What the workspace showed as seen (web.alerts.changes.mark).")
    emailed = models.JSONField(default=dict, help_text="What the last digest covered.")
    email = models.BooleanField(default=False, help_text="Whether digests of it are emailed.")
    language = models.CharField(max_length=20, default="en", help_text="The site's language when it was made: its digests'.")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "official"], name="watch_unique_official"),
            models.UniqueConstraint(fields=["user", "facility"], name="watch_unique_facility"),
            models.UniqueConstraint(fields=["user", "saved_search"], name="watch_unique_search"),
            models.CheckConstraint(name="watch_target_of_kind", condition=(
                models.Q(kind="official", official__isnull=False, facility__isnull=True, saved_search__isnull=True)
                | models.Q(kind="facility", facility__isnull=False, official__isnull=True, saved_search__isnull=True)
                | models.Q(kind="search", saved_search__isnull=False, official__isnull=True, facility__isnull=True))),
        ]

    @property
    def target_id(self) -> int:
        return int(self.official_id or self.facility_id or self.saved_search_id or 0)

    def __str__(self) -> str:
        return f"{self.user} watches {self.kind} {self.target_id}"


class AlertDigest(models.Model):
    """One digest email to a user: which watches it covered, from which mark to which (`covered`), and when it went.
    Its fingerprint (a hash of the user and `covered`) is unique, so two `adalet alerts send` running at once, on one
    machine or several, send the same digest once: the second one's claim fails."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    fingerprint = models.CharField(max_length=64, unique=True)
    covered = models.JSONField(default=list, help_text="[{watch, from, to}] per watch with news.")
    changes = models.PositiveIntegerField(default=0, help_text="How many lines of news it carried.")
    claimed_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"digest {self.pk} to {self.user}"
