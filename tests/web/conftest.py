"""Web fixtures: a small synthetic leak, ingested, mapped to records, photos linked, verified and published."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from adalet.archive.ingest import ingest
from adalet.archive.models import Collection
from adalet.demo.leak import LEAK_ZIP, write_leak
from adalet.people.models import Person
from adalet.people.records import map_collection
from adalet.people.xref import xref_photos
from adalet.verify.runner import verify_collection

#: The persona walks (test_personas.py) run under `make screenshots` (ADALET_PERSONAS set), not in `make test`: in a
#: CI run their module-wide committed world, flushed at its end, was followed on the same worker by full-text
#: index collisions (IntegrityError on archive_search_fts) in 32 later tests, not reproduced alone; until that is
#: understood they stay out of the shared run.
collect_ignore = [] if os.environ.get("ADALET_PERSONAS") else ["test_personas.py"]

ID_NUMBER = r"[0-9]{17}[0-9Xx]"


def build_leak(folder: Path, name: str = "demo", *, public: bool = True, photos: bool = True) -> Collection:
    write_leak(folder, people=60, photos=12, docs=1, seed=3)
    ingest(folder / LEAK_ZIP, name, ocr=False)
    map_collection(name)
    xref_photos(name)
    verify_collection(name)
    collection = Collection.objects.get(name=name)
    collection.is_public = public
    collection.photos_public = public and photos
    collection.title = "Demo leak <b>synthetic</b>"
    collection.save()
    return collection


@pytest.fixture
def published(tmp_path: Path) -> Collection:
    """The published demo collection (the test needs a database marker)."""
    return build_leak(tmp_path / "leak")


def photographed_person(collection: Collection) -> Person:
    """A detainee of the collection with a linked photo and a name written in characters."""
    return (
        Person.objects.filter(collection=collection, photo_links__isnull=False, birth_date__isnull=False)
        .exclude(name__regex=r"^[A-Za-z ]+$")
        .order_by("pk")
        .first()
    )
