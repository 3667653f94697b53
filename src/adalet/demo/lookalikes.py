"""How close (pHash bits) each photo is to the nearest photo of another person, copies of it left out."""

from __future__ import annotations

import io

import imagehash
import numpy as np
from PIL import Image

BLOCK = 1024  # rows of the distance matrix computed at once


def phash_bits(jpeg: bytes) -> int:
    return int(str(imagehash.phash(Image.open(io.BytesIO(jpeg)))), 16)


def nearest_other_person(hashes: list[int], people: list[str], copy_groups: list[str]) -> list[int | None]:
    """For each photo, the least pHash distance to a photo of another person outside its copy group.

    ``people[i]``: whose photo i is (ID number); ``copy_groups[i]``: the same value for an original and its
    planted copies (which are filed under other people), else unique. None when there is no other photo.
    """
    if len(hashes) < 2:
        return [None] * len(hashes)
    bits = np.array(hashes, dtype=np.uint64)
    owners, groups = np.array(people), np.array(copy_groups)
    nearest: list[int | None] = []
    for start in range(0, len(bits), BLOCK):
        block = slice(start, start + BLOCK)
        distances = np.bitwise_count(bits[block, None] ^ bits[None, :]).astype(np.int64)
        same = (owners[block, None] == owners[None, :]) | (groups[block, None] == groups[None, :])
        distances[same] = 65
        nearest += [None if d == 65 else int(d) for d in distances.min(axis=1)]
    return nearest
