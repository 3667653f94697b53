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

#: The persona walks (test_personas.py): one walk per persona at desktop in a rotating language in `make test`;
#: ADALET_PERSONAS=all (`make screenshots`) runs every language at both widths; ADALET_PERSONAS=0 leaves them out.
collect_ignore = ["test_personas.py"] if os.environ.get("ADALET_PERSONAS") == "0" else []

#: A full resident ID number standing alone: not 18 digits inside a longer run of letters and digits (a SHA-256 in hex
#: holds such a run in about one page in a hundred, which is provenance, not a leak).
ID_NUMBER = r"(?<![0-9A-Za-z])[0-9]{17}[0-9Xx](?![0-9A-Za-z])"


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
