"""One backdrop for everyone: the mugshots of one station share wall, framing and flash.

A station photographs everyone against the same wall and height chart, from the same distance,
under the same flash, so photos of different people are close in perceptual hash (pHash), much
closer than the default renderer's (which lights each photo at random and keeps them more than
10 bits apart). ``BackdropRenderer`` lights every photo of a station with the station's fixed
flash pattern, varied only a little per photo (the person's own shading), and keeps different
people's drawings more than ``LOOK_ALIKE_FLOOR`` bits apart: a drawing is a cartoon, and the
floor stands for the detail that tells two real faces apart, so that a re-encoded copy of one
photo (``near_duplicate``, at most a few bits) remains a different thing from a look-alike. The
distance of each photo to its nearest look-alike is recorded in the manifest
(``look_alike_distance``), so that a threshold can be measured rather than assumed.
"""

from __future__ import annotations

import hashlib
import random

from PIL import Image, ImageChops

from adalet.demo.photos import SIZE, Photo, PhotoRenderer

LOOK_ALIKE_FLOOR = 6
FLASH_GRID, FLASH_DARKEST = (4, 5), 150  # the station's flash and wall, fixed
SHADING_GRID, SHADING_DARKEST = (5, 6), 170  # the person's own shading, a little different in each photo


def _smooth_light(rng: random.Random, grid: tuple[int, int], darkest: int) -> Image.Image:
    light = Image.new("L", grid)
    light.putdata([rng.randint(darkest, 255) for _ in range(grid[0] * grid[1])])
    return light.resize(SIZE, Image.Resampling.BICUBIC)


class BackdropRenderer(PhotoRenderer):
    """Draws every photo of a station under the station's flash; different people stay > LOOK_ALIKE_FLOOR bits apart."""

    min_hash_distance = LOOK_ALIKE_FLOOR

    def __init__(self) -> None:
        super().__init__()
        self._flashes: dict[str, Image.Image] = {}

    def _flash(self, facility: str) -> Image.Image:
        if facility not in self._flashes:
            seed = int.from_bytes(hashlib.sha256(facility.encode()).digest()[:8], "big")
            self._flashes[facility] = _smooth_light(random.Random(seed), FLASH_GRID, FLASH_DARKEST)
        return self._flashes[facility]

    def _light(self, photo: Photo, rng: random.Random) -> Image.Image:
        shading = _smooth_light(rng, SHADING_GRID, SHADING_DARKEST)
        return ImageChops.multiply(self._flash(photo.subject.facility), shading).convert("RGB")
