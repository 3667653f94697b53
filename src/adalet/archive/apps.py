"""The evidence archive's app: its collections, runs, items, derivatives and passages are bound on the custody log."""

from django.apps import AppConfig


class ArchiveConfig(AppConfig):
    name = "adalet.archive"
    label = "archive"
    verbose_name = "Evidence archive"

    def ready(self) -> None:
        from adalet.archive import bindings
        from adalet.archive.models import Collection, Derivative, IngestRun, Item, Passage

        bindings.register(Collection, exclude=["created_at"])
        bindings.register(IngestRun, exclude=["started_at", "finished_at"])
        # claims (who holds it, since when, how often, processing rather than pending) and times are work state,
        # not facts: claiming and releasing work changes no binding; what extraction found (status, text) does
        bindings.register(
            Item,
            exclude=["ingested_at", "claimed_by", "claimed_at", "attempts", "extracted_at"],
            equivalent={"status": {"processing": "pending"}},
        )
        bindings.register(Derivative, exclude=["created_at"])
        bindings.register(Passage)
