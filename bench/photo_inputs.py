"""Realistic photo inputs for the ingest benches, made apart from the code they measure.

Two kinds, as leaks hold them:
* ``mugshot``: the resident ID card photo's size (358×441), JPEG quality 75, about 20-30 kB; every other one carries
  camera EXIF (Make, Model, DateTimeOriginal, BodySerialNumber), the rest none (exported or stripped copies);
* ``camera``: a 12-megapixel camera original (4000×3000), JPEG quality 90-92, 2.5-4 MB, with a camera's EXIF: Make,
  Model, Orientation (1, 6, 8 or 3: held upright, turned either way, upside down), DateTimeOriginal with its offset,
  exposure, GPS and an 8 kB MakerNote of binary data, as cameras write.

Pixels are smooth scenes (bicubic-enlarged colour fields) with finer texture and sensor-like grain, so the JPEGs
compress as photographs do (neither flat colour nor pure noise). Each file differs (its own seed). Files are written
once per (kind, count, seed) under the given folder and reused.

    python bench/photo_inputs.py OUT --kind mugshot --count 300
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import random
from pathlib import Path

import numpy as np
from PIL import Image

KINDS = ("mugshot", "camera")
MAKE, MODEL, ORIENTATION, SOFTWARE, DATE_TIME = 0x010F, 0x0110, 0x0112, 0x0131, 0x0132
EXIF_IFD, GPS_IFD = 0x8769, 0x8825
EXPOSURE_TIME, F_NUMBER, ISO, DATE_TIME_ORIGINAL, OFFSET_TIME_ORIGINAL = 0x829A, 0x829D, 0x8827, 0x9003, 0x9011
MAKER_NOTE, BODY_SERIAL_NUMBER = 0x927C, 0xA431
CAMERAS = (("Canon", "Canon EOS 80D"), ("NIKON CORPORATION", "NIKON D7200"), ("SONY", "ILCE-6000"))
ORIENTATIONS = (1, 6, 8, 3)


def scene(rng: np.random.Generator, width: int, height: int, detail: int, grain: float) -> Image.Image:
    """A photograph-like RGB image: colour fields enlarged bicubically, finer texture, luminance grain."""
    fields = rng.integers(0, 256, (max(2, height // detail), max(2, width // detail), 3), dtype=np.uint8)
    base = np.asarray(Image.fromarray(fields).resize((width, height), Image.Resampling.BICUBIC), dtype=np.float32)
    texture = rng.integers(0, 256, (height // 8, width // 8, 3), dtype=np.uint8)
    fine = np.asarray(Image.fromarray(texture).resize((width, height), Image.Resampling.BILINEAR), dtype=np.float32)
    pixels = base * 0.8 + fine * 0.2 + rng.normal(0, grain, (height, width, 1)).astype(np.float32)
    return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8))


def camera_exif(rng: random.Random, taken: dt.datetime, orientation: int | None, gps: bool) -> Image.Exif:
    exif = Image.Exif()
    make, model = rng.choice(CAMERAS)
    exif[MAKE], exif[MODEL] = make, model
    exif[DATE_TIME] = taken.strftime("%Y:%m:%d %H:%M:%S")
    if orientation is not None:
        exif[ORIENTATION] = orientation
    sub = exif.get_ifd(EXIF_IFD)
    sub[DATE_TIME_ORIGINAL] = taken.strftime("%Y:%m:%d %H:%M:%S")
    sub[BODY_SERIAL_NUMBER] = f"{rng.randrange(10**11, 10**12)}"
    if gps:
        sub[OFFSET_TIME_ORIGINAL] = "+08:00"
        sub[EXPOSURE_TIME], sub[F_NUMBER], sub[ISO] = 1 / rng.choice((60, 125, 250)), rng.choice((2.8, 4.0, 5.6)), 400
        sub[MAKER_NOTE] = rng.randbytes(8192)
        place = exif.get_ifd(GPS_IFD)
        place[1], place[2] = "N", (43.0, float(rng.randrange(60)), rng.randrange(6000) / 100)
        place[3], place[4] = "E", (87.0, float(rng.randrange(60)), rng.randrange(6000) / 100)
    return exif


def photo(kind: str, index: int, seed: int) -> bytes:
    """One JPEG of the kind, the same bytes for the same (kind, index, seed)."""
    rng = random.Random(f"{kind}-{seed}-{index}")
    pixels = np.random.default_rng(rng.randrange(2**32))
    taken = dt.datetime(2018, 3, 1, 9) + dt.timedelta(seconds=rng.randrange(120 * 86400))
    buffer = io.BytesIO()
    if kind == "mugshot":
        image = scene(pixels, 358, 441, detail=30, grain=rng.uniform(3.5, 5.5))
        exif = camera_exif(rng, taken, None, gps=False) if index % 2 == 0 else Image.Exif()
        image.save(buffer, "JPEG", quality=75, exif=exif)
    elif kind == "camera":
        image = scene(pixels, 4000, 3000, detail=rng.choice((60, 80)), grain=rng.uniform(3.0, 5.0))
        exif = camera_exif(rng, taken, ORIENTATIONS[index % len(ORIENTATIONS)], gps=True)
        image.save(buffer, "JPEG", quality=rng.choice((90, 92)), exif=exif)
    else:
        raise ValueError(f"no kind {kind!r}; there are {', '.join(KINDS)}")
    return buffer.getvalue()


def folder(root: Path, kind: str, count: int, seed: int = 1) -> Path:
    """A folder of *count* photos of the kind (made once, then reused)."""
    out = root / f"{kind}-{count}-{seed}"
    done = out.with_name(out.name + ".complete")
    if not done.exists():
        out.mkdir(parents=True, exist_ok=True)
        for index in range(count):
            (out / f"{kind}-{index:05d}.jpg").write_bytes(photo(kind, index, seed))
        done.touch()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--kind", choices=KINDS, required=True)
    parser.add_argument("--count", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    made = folder(args.out, args.kind, args.count, args.seed)
    sizes = [p.stat().st_size for p in made.glob("*.jpg")]
    print(f"{made}: {len(sizes)} files, {sum(sizes) / len(sizes) / 1e3:,.0f} kB each on average")


if __name__ == "__main__":
    main()
