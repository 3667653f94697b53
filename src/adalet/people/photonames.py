"""Police photo file names, read once for linking (xref) and for checks (verify).

Three forms: ``<resident ID number>_<YYYYMMDDHHMMSS>.jpg`` (the 2022 leak's), ``<resident ID
number>.jpg`` (a database export: the portrait kept per person, no capture time) and
``<name>_<birth date YYYYMMDD>[_<YYYYMMDDHHMMSS>].jpg``. Pure Python.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

_EXT = r"\.(?:jpe?g|png|tiff?|bmp|webp)"
ID_PHOTO = re.compile(r"(?P<id>[0-9]{17}[0-9Xx])(?:_(?P<ts>[0-9]{14})(?:[_.-].*)?)?" + _EXT, re.I)
NAME_PHOTO = re.compile(r"(?P<name>[^_/]+)_(?P<birth>[0-9]{8})(?:_(?P<ts>[0-9]{14}))?" + _EXT, re.I)


@dataclass(frozen=True)
class PhotoName:
    id_number: str | None  # upper-case X
    name: str | None
    birth: str | None  # YYYYMMDD as written
    taken: dt.datetime | None  # None when absent or not a real time


@lru_cache(maxsize=65536)
def parse_photo_name(file_name: str) -> PhotoName | None:
    """What a photo's file name says, or None when it follows neither form."""
    match = ID_PHOTO.fullmatch(file_name)
    if match:
        return PhotoName(match["id"].upper(), None, None, _time(match["ts"]))
    match = NAME_PHOTO.fullmatch(file_name)
    if match:
        return PhotoName(None, match["name"], match["birth"], _time(match["ts"]))
    return None


def _time(text: str | None) -> dt.datetime | None:
    if not text:
        return None
    try:
        return dt.datetime.strptime(text, "%Y%m%d%H%M%S")
    except ValueError:
        return None
