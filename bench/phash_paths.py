"""How far the pHash moves with the way pixels are decoded and reduced, against the near-duplicate check's tolerance.

For each photo (bench/photo_inputs.py's mugshots and camera originals, and any folder given), the bits in which these
pHashes differ from the one ingest records (`draft` DCT scaling to at least 256 px, then
`adalet.archive.extractors.image.perceptual_hash`):
* ``full decode``: every pixel decoded (what ingest does for a scan when OCR is on, and tests/verify's photofiles);
* ``from the thumbnail``: the pHash taken from the 256 px thumbnail's image instead of the decoded one (would save one
  reduction of the decoded image per photo).
Prints, per set and path, how many photos differ and by how many bits; the near-duplicate check's tolerance is
`adalet.verify.checks.duplicates.MAX_DISTANCE` bits.

    python bench/phash_paths.py [--mugshots 300] [--cameras 40] [FOLDER ...]
"""

from __future__ import annotations

import argparse
import os
import sys
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from photo_inputs import folder  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
VAR = Path(os.environ.get("ADALET_HOME", ROOT / "var" / "bench")).resolve() / "ingest-kinds"
ORIENTATION = 0x0112


def hashes(path: Path) -> tuple[int, int, int]:
    """(as ingest records it, from a full decode, from the thumbnail's image) for one photo."""
    import imagehash
    from PIL import Image

    from adalet.archive.extractors.image import _ORIENTATION, THUMBNAIL_SIZE, _rgb, perceptual_hash

    def upright(image: Any, orientation: Any) -> Any:
        return image.transpose(getattr(Image.Transpose, _ORIENTATION[orientation])) if orientation in _ORIENTATION else image

    with Image.open(path) as image:
        orientation = image.getexif().get(ORIENTATION)
        image.draft("RGB", (THUMBNAIL_SIZE, THUMBNAIL_SIZE))
        image.load()
        recorded = int(perceptual_hash(image, orientation), 16)
        thumb = image.copy()
        thumb.thumbnail((THUMBNAIL_SIZE, THUMBNAIL_SIZE), resample=Image.Resampling.BILINEAR, reducing_gap=2.0)
        thumb = upright(thumb, orientation)
        thumb.thumbnail((128, 128), resample=Image.Resampling.BILINEAR)
        from_thumbnail = int(str(imagehash.phash(_rgb(thumb))), 16)
    with Image.open(path) as image:
        image.load()
        full = int(perceptual_hash(image, orientation), 16)
    return recorded, full, from_thumbnail


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="*", type=Path)
    parser.add_argument("--mugshots", type=int, default=300)
    parser.add_argument("--cameras", type=int, default=40)
    args, _ = parser.parse_known_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "adalet.settings")
    import django

    django.setup()
    from adalet.verify.checks.duplicates import MAX_DISTANCE

    sets = [
        ("mugshots", folder(VAR / "inputs", "mugshot", args.mugshots)),
        ("camera", folder(VAR / "inputs", "camera", args.cameras)),
    ]
    sets += [(str(f), f) for f in args.folders]
    print(f"near-duplicate tolerance: {MAX_DISTANCE} bits")
    for name, where in sets:
        photos = sorted(p for p in where.rglob("*") if p.suffix.lower() in (".jpg", ".jpeg"))
        full, thumb = Counter(), Counter()
        for photo in photos:
            recorded, from_full, from_thumbnail = hashes(photo)
            full[bin(recorded ^ from_full).count("1")] += 1
            thumb[bin(recorded ^ from_thumbnail).count("1")] += 1
        for path, counts in (("full decode", full), ("from the thumbnail", thumb)):
            moved = ", ".join(f"{n} by {bits} bits" for bits, n in sorted(counts.items()) if bits)
            print(f"{name} ({len(photos)} photos), {path}: {len(photos) - counts[0]} differ{': ' + moved if moved else ''}")


if __name__ == "__main__":
    main()
