"""What of a collection a publication bundle may hold: what a visitor to the public site sees of it, nothing more.

The rules are the site's (adalet.web: privacy, collection_pages, item_pages, relatives), restated here without a
request because a bundle is read by anyone:

* nothing of a collection that is not published; nothing read from an item withheld until published;
* a record as a relative-search card shows it, and as the masked search passages of its spreadsheet show it: the
  name, birth year, sex, ethnicity, the county (a county's name, never an address), and each detention's facility,
  status and dates, every text masked (adalet.lib.personal.mask); never an ID number or an address;
* a file's original only when the document viewer would give it to a visitor: read in full without warnings, not an
  archive, not a photo, and no ID number or address in its name, text or metadata (`may_publish_original`); else its
  extracted text with personal numbers and addresses masked (a redacted derivative); a photo's stripped thumbnail
  only in a collection published with its photos;
* everything else that the collection holds (withheld, or with nothing a visitor may have) only as a salted-hash
  commitment (salts.py).
"""

from __future__ import annotations

import functools
import json
import mimetypes
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from adalet import __version__
from adalet.archive import reading
from adalet.archive.extractors.image import strip_jpeg
from adalet.archive.models import Collection, Item, ItemStatus
from adalet.archive.unread import unread_parts
from adalet.lib import personal
from adalet.names.counties import County, county_in, of_code
from adalet.people.models import Detention, Person, PersonKind

TOOL = f"adalet {__version__}"
_SPACES = re.compile(r"\s+")


class NotPublished(Exception):
    """The collection is not published: it has no public bundle."""


class PersonalDataLeft(Exception):
    """A text meant for the bundle still holds a personal number or an address: nothing is written (fail closed)."""


@dataclass
class PublicFile:
    """One file a visitor may have: the bytes as published and how they were derived from the original."""

    item_id: int
    name: str  # masked
    media_type: str
    form: str  # original | redacted-text | thumbnail
    data: bytes
    derivation: dict[str, Any] = field(default_factory=dict)

    @property
    def path(self) -> str:
        if self.form == "original":
            extension = mimetypes.guess_extension(self.media_type.split(";")[0]) or ".bin"
            return f"data/originals/{self.item_id}{extension}"
        if self.form == "thumbnail":
            return f"data/thumbnails/{self.item_id}.jpg"
        return f"data/redacted/{self.item_id}.txt"


def clean(text: str) -> str:
    """``text`` masked; PersonalDataLeft if a personal number or address still shows."""
    return _clean_short(text) if len(text) <= 200 else _clean(text)


@functools.lru_cache(maxsize=65536)
def _clean_short(text: str) -> str:
    """Names, statuses, facilities, sheets: short and often repeated."""
    return _clean(text)


def _clean(text: str) -> str:
    masked = personal.mask(text)
    if personal.find(masked) or personal.find_addresses(masked):
        raise PersonalDataLeft(f"masking left personal data in {masked[:40]!r}")
    return masked


def public_collection(name: str) -> Collection:
    collection = reading.collection(name)
    if not collection.is_public:
        raise NotPublished(f"collection {name!r} is not published: `adalet collection publish {name}` first")
    return collection


def record_id(item_id: int, sheet: str, row: int) -> str:
    """A record's id in bundles: where it was read (item, sheet, row), which stays when records are mapped again
    (a person's database id does not): "5:12", or "2:疏附县拘留所:12" for a sheet of a workbook."""
    return f"{item_id}:{clean(sheet)}:{row}" if sheet else f"{item_id}:{row}"


def _people(collection: Collection) -> QuerySet[Person]:
    return (
        Person.objects.filter(collection=collection, kind__in=(PersonKind.DETAINEE, PersonKind.RELATIVE),
                              source__isnull=False)
        .exclude(source__item__withheld=True)
    )


def count_records(collection: Collection) -> int:
    return _people(collection).count()


def records(collection: Collection) -> Iterator[tuple[tuple[int, str, int], dict[str, Any]]]:
    """((item, sheet, row), the record as published) for every record a visitor may find."""
    people = (
        _people(collection)
        .order_by("pk")
        .values_list("pk", "kind", "name", "birth_date", "birth", "sex", "ethnicity", "address", "id_number",
                     "source__item_id", "source__sheet", "source__row")
    )
    detentions: dict[int, list[dict[str, Any]]] = {}
    held = (
        Detention.objects.filter(person__collection=collection)
        .exclude(source__item__withheld=True)
        .order_by("person_id", "admitted", "source__item_id", "source__row", "pk")
        .values_list("person_id", "facility__name", "status", "detained", "admitted", "released")
    )
    for person_id, facility, status, detained, admitted, released in held.iterator(chunk_size=5000):
        detentions.setdefault(person_id, []).append({
            "facility": clean(facility or ""), "status": clean(status or ""), "detained": detained,
            "admitted": admitted.isoformat() if admitted else None, "released": released.isoformat() if released else None,
        })
    for row in people.iterator(chunk_size=5000):
        pk, kind, name, birth_date, birth, sex, ethnicity, address, id_number, item_id, sheet, row_number = row
        county = _county_of_address(address or "") or (of_code(id_number[:6]) if id_number else None)
        year = birth_date.year if birth_date else (int(birth[:4]) if birth[:4].isdigit() else None)
        yield (item_id, sheet or "", row_number), {
            "type": "record", "id": record_id(item_id, sheet or "", row_number), "kind": kind, "name": clean(name),
            "birth_year": year, "sex": sex, "ethnicity": clean(ethnicity), "county": county.name if county else "",
            "detentions": detentions.get(pk, []),
            "source": {"item": item_id, "sheet": clean(sheet or ""), "row": row_number},
        }


def _county_of_address(address: str) -> County | None:
    """The county an address starts with (names.counties.county_in), which only its start decides: the region, the
    prefecture and the county fit in its first 40 characters (spaces left out), the rest is the house."""
    return _county_of_start(_SPACES.sub("", address)[:40])


@functools.lru_cache(maxsize=4096)
def _county_of_start(start: str) -> County | None:
    return county_in(start)


def _items(collection: Collection) -> Iterator[Item]:
    yield from Item.objects.filter(collection=collection).order_by("pk").iterator(chunk_size=2000)


def may_publish_original(item: Item, text: str | None) -> bool:
    """The document viewer's rule for a visitor's download (web.item_pages.hides_nothing), for a published item."""
    if item.status != ItemStatus.DONE or item.warnings or not item.sha256 or item.media_type == "application/zip":
        return False
    if item.media_type.startswith("image/") or text is None or Item.objects.filter(parent_id=item.pk).exists():
        return False
    shown = [item.name, item.locator, text, json.dumps(item.metadata, ensure_ascii=False)]
    if any(personal.find(part) or personal.find_addresses(part) for part in shown):
        return False
    try:
        with reading.open_original(item.pk) as stream:
            return not unread_parts(item.media_type, stream)
    except reading.ArchiveReadError:
        return False


def public_form(collection: Collection, item: Item) -> PublicFile | None:
    """The file a visitor may have of a published item, or None when they may have nothing of it."""
    if item.withheld or item.status != ItemStatus.DONE:
        return None
    name = clean(item.name)
    derived = {"from_sha256": item.sha256, "extractor": item.extractor, "tool": TOOL}
    if item.media_type.startswith("image/"):
        if not collection.photos_public:
            return None
        thumbnail = strip_jpeg(reading.derivative_bytes(item.pk, "thumbnail") or b"")
        if not thumbnail:
            return None
        steps = [f"thumbnail made at extraction ({item.extractor} extractor)",
                 "every segment but the picture removed (adalet.archive.extractors.image.strip_jpeg)"]
        return PublicFile(item.pk, name, "image/jpeg", "thumbnail", thumbnail, {**derived, "steps": steps})
    text = reading.item_text(item.pk)
    if may_publish_original(item, text):
        data = reading.original_bytes(reading.item_view(item.pk))
        return PublicFile(item.pk, name, item.media_type, "original", data, {"original": True, "tool": TOOL})
    if text is None:
        return None
    steps = [f"text extracted ({item.extractor} extractor)",
             "personal numbers and addresses masked (adalet.lib.personal.mask)"]
    data = clean(text).encode("utf-8")
    return PublicFile(item.pk, name, "text/plain; charset=utf-8", "redacted-text", data, {**derived, "steps": steps})


def files(collection: Collection) -> Iterator[tuple[Item, PublicFile | None]]:
    """Every item of the collection with what a visitor may have of it (None: a commitment only)."""
    for item in _items(collection):
        yield item, public_form(collection, item)
