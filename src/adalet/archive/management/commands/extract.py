"""adalet extract COLLECTION: extract whatever the collection still has pending, alongside other workers.

A disk that fills or fails stops it with one line (exit 1), the items at work left pending for the next run.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from adalet.archive.blobstore import BlobStore
from adalet.archive.environment import fault_of, is_environmental
from adalet.archive.ingest import IngestError, Progress, collection_named, extract_collection, summarise


class Command(BaseCommand):
    help = "Extract the pending items of a collection (resumes an interrupted ingest without re-reading files)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("collection")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            collection = collection_named(options["collection"], create=False)
        except IngestError as error:
            raise CommandError(str(error)) from None
        try:
            extract_collection(collection, BlobStore(), Progress())
        except Exception as error:
            if not is_environmental(error):
                raise
            raise CommandError(fault_of(error).line()) from None
        summary = summarise(collection)
        self.stdout.write(f"{collection.name}: " + ", ".join(f"{k}: {v}" for k, v in sorted(summary.statuses.items())))
