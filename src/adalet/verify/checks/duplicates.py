"""Near-duplicate images: two files whose perceptual hashes (imagehash.phash, 64 bits, computed at ingest) are
within MAX_DISTANCE bits: the same picture saved again, re-encoded or resized, under another name.

One finding per pair, on the later photo (by file-name time, then locator: the likelier re-save), naming the other,
with the identities the two file names carry (ID number, else name and birth date):

* different identities (warning, ``different_identities``): one picture filed for two people, the strongest sign
  of fabrication this check gives, but a warning: a clerk's misfiling does the same, and at one station's backdrop
  different people's photos reach this distance now and then (below);
* the same identity (info): one person's photo filed twice, which police systems do when they re-attach it;
* an identity unknown on either side (warning).

Pairs are found by multi-index hashing (`pairs_indexed`): the 64 bits cut into MAX_DISTANCE + 1 bands, a pair within
MAX_DISTANCE agrees exactly on at least one of them, so only pairs that share a band are compared; every pair within
the threshold is found, the same as comparing all pairs (`pairs_all`, NumPy in blocks: 50 million pairs for 10,000
images, 2.5·10^11 for 700,000), which tests/verify/test_near_duplicates_index.py checks. Identical bytes count as
distance 0.

MAX_DISTANCE, measured by ``bench/nearduplicates.py`` (its own Pillow mugshots, never the demo generator's: one
backdrop with a height chart and flash, 300 different people; 6 copies of each photo: re-encodes at quality 40-95,
double re-saves, resizes to 40-95 %, crops of up to 5 % a side, crops with resizes, brightness and contrast +-7 %).
Rule, fixed before measuring: the copies' 99th percentile C99 if it is below the different people's 0.1th
percentile D0.1, else D0.1 - 1. Development seed 16: different people p0 2, p0.1 4, p1 8, median 26 bits; copies
p50 0, p99 24 (re-encodes, re-saves, resizes and level changes at most 8, crops up to 32): not separated, so the
threshold is 4 - 1 = 3. Hold-out seed 1016, measured once at 3: 24 of 44,850 different-people pairs at or below it
(0.05 %), 460 of 1,800 copies above it (nearly all crops). So: re-encoded, resized and re-saved copies are found;
crops beyond a few pixels are not; and in a large collection shot at one station a pHash match between different
people is a lead for a reviewer, never proof.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator

import numpy as np
from django.utils.translation import gettext_noop as N_

from adalet.people.photonames import parse_photo_name
from adalet.verify.context import PhotoFacts, VerifyContext
from adalet.verify.findings import Absence, Finding, Severity, Words, words

MAX_DISTANCE = 3
METHOD = (
    "Finds every pair of images whose 64-bit perceptual hashes (computed at ingest) are within MAX_DISTANCE bits, "
    "by multi-index hashing (the hash cut into MAX_DISTANCE + 1 bands: such a pair agrees on one band exactly, so "
    "only pairs sharing a band need comparing); such a pair is the same picture re-saved, re-encoded or resized. "
    "The threshold comes from measured distances of different people photographed against one backdrop and of "
    "true copies (bench/nearduplicates.py); crops are not found."
)
STANDARD = (
    "warning: a copy filed under another identity (ID number, or name and birth date), or an identity unknown; "
    "info: a copy filed for the same person. Never an error: misfiling and look-alike photos at one station "
    "are innocent causes."
)
EXAMINED = {"photos": "images with a perceptual hash", "pairs": "pairs examined (each within the threshold found)"}
ABSENT = (
    Absence("near_duplicate", "pairs", f"No near-duplicate under a different or unknown identity: the {{photos:,}} "
            f"images' perceptual hashes were examined in {{pairs:,}} pairs, and no two within {MAX_DISTANCE} bits are "
            f"filed for different people.", ("error", "warning")),
)
BLOCK = 2048


def examined(ctx: VerifyContext) -> dict[str, int]:
    count = len(_hashes(ctx.photos)[0])
    return {"photos": count, "pairs": count * (count - 1) // 2}


def _order(photo: PhotoFacts) -> tuple[dt.datetime, str]:
    return (photo.name_time or dt.datetime.max, photo.locator)


def identity(photo: PhotoFacts) -> str | None:
    """Who the file name says the photo shows: the ID number, else name and birth date; None when it says neither."""
    parsed = parse_photo_name(photo.name)
    if parsed is None:
        return None
    if parsed.id_number:
        return parsed.id_number
    return f"{parsed.name} {parsed.birth}" if parsed.name and parsed.birth else None


def _identities(original: PhotoFacts, copy: PhotoFacts) -> tuple[Severity, Words, dict[str, object]]:
    first, second = identity(original), identity(copy)
    if first is None or second is None:
        return "warning", words(N_("identity unknown")), {"different_identities": None}
    if first == second:
        return "info", words(N_("filed for the same person")), {"different_identities": False, "identity": first}
    return "warning", words(N_("filed for another person ({first} and {second})"), first=first, second=second), {
        "different_identities": True, "identities": [first, second]}


def _hashes(photos: list[PhotoFacts]) -> tuple[list[PhotoFacts], np.ndarray]:
    kept, values = [], []
    for photo in photos:
        value = photo.metadata.get("phash")
        if isinstance(value, str) and len(value) == 16:
            kept.append(photo)
            values.append(int(value, 16))
    return kept, np.array(values, dtype=np.uint64)


def pairs_all(hashes: np.ndarray, max_distance: int = MAX_DISTANCE, block: int = BLOCK) -> Iterator[tuple[int, int, int]]:
    """(i, j, distance) of every pair i < j within ``max_distance`` bits, in order: every pair compared, with NumPy
    in blocks (the method before `pairs_indexed`, kept as its reference)."""
    for start in range(0, len(hashes), block):
        distances = np.bitwise_count(hashes[start : start + block, None] ^ hashes[None, :])
        rows, cols = np.nonzero(distances <= max_distance)
        for r, c in zip(rows.tolist(), cols.tolist(), strict=True):
            if c > start + r:
                yield start + r, c, int(distances[r, c])


def bands(max_distance: int = MAX_DISTANCE, bits: int = 64) -> list[tuple[int, int]]:
    """(shift, mask) of ``max_distance + 1`` bands of near-equal width that tile the hash's bits."""
    count = max_distance + 1
    widths = [bits // count + (1 if i < bits % count else 0) for i in range(count)]
    shifts = [sum(widths[:i]) for i in range(count)]
    return [(shift, (1 << width) - 1) for shift, width in zip(shifts, widths, strict=True)]


def _equal_pairs(values: np.ndarray) -> np.ndarray:
    """(i, j), i < j, of the positions whose values are equal, as an (n, 2) array: sorted once, then each run of
    equal values paired (its cost is the pairs it finds)."""
    order = np.argsort(values, kind="stable")
    ranked = values[order]
    starts = np.nonzero(ranked[:-1] == ranked[1:])[0]  # positions followed by an equal value
    found: list[np.ndarray] = []
    step = 1
    while starts.size:
        found.append(np.stack([order[starts], order[starts + step]], axis=1))
        step += 1
        starts = starts[starts + step < len(ranked)]
        starts = starts[ranked[starts] == ranked[starts + step]]
    if not found:
        return np.empty((0, 2), dtype=np.int64)
    pairs = np.concatenate(found)
    return np.sort(pairs, axis=1)


def pairs_indexed(hashes: np.ndarray, max_distance: int = MAX_DISTANCE) -> Iterator[tuple[int, int, int]]:
    """The same pairs as `pairs_all`, in the same order, without comparing all pairs: multi-index hashing. The 64
    bits are cut into ``max_distance + 1`` bands; two hashes within ``max_distance`` bits differ in at most that
    many bands, so they agree exactly on at least one (pigeonhole). The pairs that agree on a band are the
    candidates, and only they are compared."""
    count = len(hashes)
    if count < 2:
        return
    keys: list[np.ndarray] = []
    for shift, mask in bands(max_distance):
        pairs = _equal_pairs((hashes >> np.uint64(shift)) & np.uint64(mask))
        keys.append(pairs[:, 0].astype(np.int64) * count + pairs[:, 1])
    candidates = np.unique(np.concatenate(keys))  # each pair once, ordered by (i, j)
    first, second = candidates // count, candidates % count
    distances = np.bitwise_count(hashes[first] ^ hashes[second])
    near = distances <= max_distance
    yield from zip(first[near].tolist(), second[near].tolist(), distances[near].tolist(), strict=True)


def run(ctx: VerifyContext, pairs: Callable[[np.ndarray], Iterable[tuple[int, int, int]]] = pairs_indexed) -> Iterator[Finding]:
    photos, hashes = _hashes(sorted(ctx.photos, key=lambda p: p.locator))
    for first, second, distance in pairs(hashes):
        original, copy = sorted((photos[first], photos[second]), key=_order)
        severity, who, identities = _identities(original, copy)
        how = (words(N_("identical bytes")) if original.sha256 == copy.sha256
               else words(N_("{distance} of 64 hash bits differ"), distance=distance))
        yield Finding.said(
            "near_duplicate", severity,
            words(N_("the same image as {other} ({how}), {who}"), other=original.locator, how=how, who=who),
            copy.locator, id_number=copy.name_id,
            evidence={"other": original.locator, "distance": distance, "identical": original.sha256 == copy.sha256,
                      "max_distance": MAX_DISTANCE, **identities},
        )
