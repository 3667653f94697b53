"""adalet reindex: build the full-text index again from every passage (after changing ADALET_INDEX_KEY or the
SECRET_KEY it derives from, whose keyed-hash tokens of personal numbers the index holds)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from adalet.archive import search
from adalet.archive.models import Passage


class Command(BaseCommand):
    help = "Index every passage again (run after changing ADALET_INDEX_KEY or ADALET_SECRET_KEY)."

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            done = search.rebuild(Passage.objects)
        self.stdout.write(f"{done} passages indexed again")
