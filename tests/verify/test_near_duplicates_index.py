"""Near-duplicates by multi-index hashing find exactly the pairs that comparing all pairs finds, in the same order,
on random hashes, clustered hashes (stations whose photos share most bits) and exact copies; and the findings of
the check are the same either way, identical bytes included."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib

import numpy as np
import pytest

from adalet.verify.checks import duplicates
from adalet.verify.context import PhotoFacts
from tests.verify.photofiles import context, id_name

START = dt.datetime(2018, 3, 1, 9)


def flip(value: np.uint64, bits: int, rng: np.random.Generator) -> np.uint64:
    """``value`` with ``bits`` distinct bits flipped."""
    for bit in rng.choice(64, size=bits, replace=False):
        value ^= np.uint64(1) << np.uint64(int(bit))
    return value


def random_hashes(count: int, rng: np.random.Generator) -> np.ndarray:
    """Random hashes with copies planted at every distance from 0 to 6 bits (so both sides of any threshold)."""
    hashes = rng.integers(0, 2**64, size=count, dtype=np.uint64)
    for index in rng.choice(count, size=count // 5, replace=False):
        hashes[index] = flip(hashes[rng.integers(count)], int(rng.integers(0, 7)), rng)
    return hashes


def clustered_hashes(count: int, rng: np.random.Generator) -> np.ndarray:
    """Stations: a few centres, each photo a centre with up to 8 bits flipped; one station whose photos all agree
    on 48 bits (one band shared by hundreds), and runs of identical hashes."""
    centres = rng.integers(0, 2**64, size=12, dtype=np.uint64)
    hashes = np.array([flip(centres[rng.integers(12)], int(rng.integers(0, 9)), rng) for _ in range(count)])
    crowd = rng.choice(count, size=count // 4, replace=False)
    hashes[crowd] = (centres[0] & np.uint64(2**48 - 1)) | (
        rng.integers(0, 2**16, size=crowd.size, dtype=np.uint64) << np.uint64(48)
    )
    hashes[rng.choice(count, size=40, replace=False)] = hashes[0]
    return hashes


@pytest.mark.parametrize("max_distance", [0, 1, 3, 5, 7])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_indexed_pairs_are_all_pairs_on_random_and_clustered_hashes(max_distance: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    for hashes in (random_hashes(1500, rng), clustered_hashes(1200, rng)):
        expected = list(duplicates.pairs_all(hashes, max_distance, block=257))
        assert list(duplicates.pairs_indexed(hashes, max_distance)) == expected
        assert len(expected) > 10  # pairs to find, at this threshold too


def test_bands_tile_the_hash() -> None:
    for max_distance in range(0, 12):
        bands = duplicates.bands(max_distance)
        assert len(bands) == max_distance + 1
        assert sum(mask << shift for shift, mask in bands) == 2**64 - 1  # every bit in exactly one band
        assert max(m.bit_length() for _, m in bands) - min(m.bit_length() for _, m in bands) <= 1


def test_small_and_empty_sets() -> None:
    for hashes in (np.array([], dtype=np.uint64), np.array([7], dtype=np.uint64), np.array([7, 7], dtype=np.uint64)):
        assert list(duplicates.pairs_indexed(hashes)) == list(duplicates.pairs_all(hashes))


def photo(n: int, value: int, data: bytes, *, person: int | None = None) -> PhotoFacts:
    name = id_name(n if person is None else person, START + dt.timedelta(minutes=n))
    return PhotoFacts(
        n, f"leak.zip!/站/{n:05d}-{name}", name, "leak.zip!/站", hashlib.sha256(data).hexdigest(), {"phash": f"{value:016x}"}
    )


def test_the_check_reports_the_same_findings_either_way_identical_bytes_included() -> None:
    rng = np.random.default_rng(9)
    hashes = clustered_hashes(600, rng)
    photos = [photo(n, int(h), f"photo {n}".encode(), person=n % 450) for n, h in enumerate(hashes)]
    photos.append(photo(900, int(hashes[3]), b"photo 3", person=3))  # the same bytes again, filed for the same person
    photos.append(photo(901, int(hashes[5]), b"photo 5", person=460))  # the same bytes, filed for someone else
    photos.append(photo(902, 0, b"no hash", person=470))
    photos[-1].metadata.pop("phash")
    indexed = [dataclasses.asdict(f) for f in duplicates.run(context(photos))]
    everything = [dataclasses.asdict(f) for f in duplicates.run(context(photos), pairs=duplicates.pairs_all)]
    assert indexed == everything and len(indexed) > 100
    identical = [f for f in indexed if f["evidence"]["identical"]]
    assert {f["item"] for f in identical} >= {photos[-3].locator, photos[-2].locator}
    assert all(f["evidence"]["distance"] == 0 and "identical bytes" in f["message"] for f in identical)
    assert {f["severity"] for f in indexed} == {"info", "warning"}
