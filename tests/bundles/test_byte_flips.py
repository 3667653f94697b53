"""1,000 random byte flips (seeded) in one generated bundle: each is detected, naming the file flipped. A file is
drawn first (every file as likely: tag files, manifests and the checkpoint as much as the payload), then a byte of it,
which is XORed with a random non-zero value; the bundle's verifier runs, then the byte is restored."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from adalet.bundles import verifier
from tests.bundles.conftest import Published

#: Byte flips in a bundle's files, caught by the verifier alone (bundles are made on both databases by the other
#: bundle tests).
pytestmark = pytest.mark.one_database

FLIPS = 1000
SEED = 18


def test_every_one_of_1000_random_byte_flips_is_detected(published: Published, tmp_path: Path) -> None:
    bundle = published.fresh_copy(tmp_path)
    assert verifier.verify(str(bundle)).startswith("OK: ")
    files = sorted(p for p in bundle.rglob("*") if p.is_file())
    assert len(files) > 20
    rng = random.Random(SEED)
    missed: list[str] = []
    for _ in range(FLIPS):
        path = rng.choice(files)
        original = path.read_bytes()
        offset = rng.randrange(len(original))
        flipped = bytearray(original)
        flipped[offset] ^= rng.randrange(1, 256)
        path.write_bytes(bytes(flipped))
        name = path.relative_to(bundle).as_posix()
        try:
            outcome = verifier.verify(str(bundle))
            missed.append(f"{name}@{offset}: {outcome}")
        except verifier.Failure as failure:
            if name not in str(failure):
                missed.append(f"{name}@{offset}: named another file: {failure}")
        finally:
            path.write_bytes(original)
    assert missed == []
    assert verifier.verify(str(bundle)).startswith("OK: ")  # every byte restored


def test_the_flips_would_be_missed_by_a_verifier_that_skipped_the_manifests(
    published: Published, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The test above can fail: without the manifests' hashes, flips in unsigned files (README, verifier, images,
    redacted texts) pass."""
    monkeypatch.setattr(verifier, "check_listed", lambda root, listed, name: None)
    monkeypatch.setattr(verifier, "check_files", lambda root, entries: None)
    bundle = published.fresh_copy(tmp_path)
    rng = random.Random(SEED)
    passed = 0
    for path in [bundle / "README.md", bundle / "verify" / "verify.py", *sorted((bundle / "data" / "redacted").iterdir())]:
        original = path.read_bytes()
        flipped = bytearray(original)
        flipped[rng.randrange(len(original))] ^= 0x20
        path.write_bytes(bytes(flipped))
        try:
            verifier.verify(str(bundle))
            passed += 1
        except verifier.Failure:
            pass
        path.write_bytes(original)
    assert passed >= 3
