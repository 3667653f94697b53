"""Photos from a database export: no EXIF, named by the ID number only, at the ID-photo size.

Police systems keep a portrait per person and export it without the camera's metadata, named
``<ID number>.jpg`` and resized to the resident ID card's 358 x 441 pixels; leaks mix such exports
with the cameras' own files. ``export_some`` turns ``EXPORT_SHARE`` of the photos (clean ones of
recorded people, at most one per person, never the original of a planted copy) into exports of
one export run per bureau, a few days before the archive date.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import replace

from adalet.demo.identities import ARCHIVE_DATE
from adalet.demo.photos import Photo

EXPORT_SHARE = 0.1


def export_some(photos: Sequence[Photo], rng: random.Random) -> list[Photo]:
    photos = list(photos)
    copied = {photo.copy_of.key for photo in photos if photo.copy_of}
    runs = {
        bureau: dt.datetime.combine(ARCHIVE_DATE - dt.timedelta(days=rng.randint(1, 20)), dt.time(rng.randint(9, 18)))
        for bureau in sorted({photo.subject.bureau for photo in photos})
    }
    candidates = [
        i
        for i, photo in enumerate(photos)
        if photo.problem is None and photo.in_records and not photo.named_by_name and photo.key not in copied
    ]
    exported: set[str] = set()
    wanted = round(EXPORT_SHARE * len(photos))
    for i in rng.sample(candidates, len(candidates)):
        if len(exported) >= wanted:
            break
        photo = photos[i]
        if photo.subject.id_number in exported:
            continue
        exported.add(photo.subject.id_number)
        photos[i] = replace(photo, has_exif=False, exported_at=runs[photo.subject.bureau])
    return photos
