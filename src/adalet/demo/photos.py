"""Police photographs: JPEGs named ``<ID number>_<YYYYMMDDHHMMSS>.jpg`` with camera EXIF.

Each facility is a photo station with one to three cameras. Detainees are
photographed in sessions: on a session day the station shoots a run of
people a few dozen seconds apart, so timestamps come in runs. The EXIF block
carries Make, Model, BodySerialNumber, DateTimeOriginal (equal to the file
name's timestamp) and DateTime; Software appears only for cameras whose
firmware writes it or for runs later edited in Photoshop (only the photos of
recorded people of a run were edited). A few photos are named
``<name>_<birth date YYYYMMDD>_<YYYYMMDDHHMMSS>.jpg`` instead, and
``adalet.demo.planted`` bends some photos on purpose (camera clock off, EXIF
stripped, another camera, re-encoded copies under another name).

Images are portrait-like drawings in front of a height chart under uneven
lighting, with a placard held up: a booking number (random, unrelated to the
person) and the time. Never the resident ID number: published photos reach
visitors (gallery, relative-search cards) as thumbnails, and pixels cannot be
masked as the site masks ID numbers in text. ``PhotoRenderer`` keeps every
drawn image's perceptual hash (pHash, as ``imagehash.phash``) more than
``MIN_HASH_DISTANCE`` bits away from all earlier ones, redrawing when needed,
so only planted copies are near-duplicates.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import random
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import imagehash
import numpy as np
from PIL import Image, ImageChops, ImageDraw, ImageFont

from adalet.demo.identities import ARCHIVE_DATE, Person

SIZE = (360, 480)
QUALITY = 85
EXPORT_SIZE, EXPORT_QUALITY = (358, 441), 75  # the resident ID card photo's pixel size
SESSION_DAYS = (dt.date(2018, 1, 2), dt.date(2018, 7, 20))
PHOTOS_PER_SESSION = 120
EDITED_SHARE = 0.15
EDITOR = "Adobe Photoshop CS6 (Windows)"
# make, model, digits in the body serial number, firmware string written as Software (if any)
CAMERA_MODELS = (
    ("Canon", "Canon EOS 700D", 12, None),
    ("Canon", "Canon EOS 80D", 12, None),
    ("Canon", "Canon PowerShot SX620 HS", 12, None),
    ("NIKON CORPORATION", "NIKON D5300", 7, "Ver.1.02"),
    ("NIKON CORPORATION", "NIKON D7200", 7, "Ver.1.01"),
    ("SONY", "ILCE-6000", 7, "ILCE-6000 v3.21"),
)
EXIF_IFD = 0x8769
MAKE, MODEL, SOFTWARE, DATE_TIME = 0x010F, 0x0110, 0x0131, 0x0132
DATE_TIME_ORIGINAL, BODY_SERIAL_NUMBER = 0x9003, 0xA431
EXIF_TIME = "%Y:%m:%d %H:%M:%S"
NAME_TIME = "%Y%m%d%H%M%S"
MIN_HASH_DISTANCE = 10  # pHash bits between any two drawn images: more than this
LIGHT_GRID = (10, 12)  # random lighting values, smoothed over the image
LIGHT_DARKEST = 30

WALLS = ((214, 224, 236), (236, 236, 232), (196, 204, 210), (222, 232, 220))
SHIRTS = ((40, 52, 80), (70, 70, 70), (120, 40, 40), (30, 90, 60), (150, 140, 120), (200, 120, 40), (90, 60, 120))
SKIN = ((236, 200, 170), (222, 184, 150), (200, 160, 125), (176, 134, 100), (150, 110, 80))
HAIR = ((20, 18, 16), (50, 36, 28), (90, 70, 50), (140, 136, 130), (200, 200, 196))


@dataclass(frozen=True)
class Clock:
    """A camera's clock: ``offset`` from the time the files are named in, growing by ``drift_per_day``."""

    offset: dt.timedelta = dt.timedelta(0)
    drift_per_day: dt.timedelta = dt.timedelta(0)
    set_on: dt.date = SESSION_DAYS[0]  # when the clock was last set (offset then)

    def offset_at(self, when: dt.datetime) -> dt.timedelta:
        drift = self.drift_per_day * (when.date() - self.set_on).days
        return self.offset + dt.timedelta(seconds=round(drift.total_seconds()))


@dataclass(frozen=True)
class Camera:
    make: str
    model: str
    serial: str | None  # None: the camera writes no BodySerialNumber
    firmware: str | None
    clock: Clock = Clock()
    firmware_update: tuple[dt.date, str] | None = None  # (from when, the new firmware string)

    def firmware_at(self, day: dt.date) -> str | None:
        if self.firmware_update and day >= self.firmware_update[0]:
            return self.firmware_update[1]
        return self.firmware

    def to_dict(self) -> dict[str, str | None]:
        return {"make": self.make, "model": self.model, "serial": self.serial}


@dataclass(frozen=True)
class Photo:
    subject: Person
    in_records: bool  # whether the subject is in the spreadsheets
    taken_at: dt.datetime  # the file name's timestamp
    camera: Camera  # the camera in the EXIF
    edited_at: dt.datetime | None  # when the run was re-saved in Photoshop
    clock_offset: dt.timedelta = dt.timedelta(0)  # camera clock error: DateTimeOriginal is taken_at + this
    has_exif: bool = True
    named_by_name: bool = False  # <name>_<birth date>_<time>.jpg instead of <ID number>_<time>.jpg
    copy_of: Photo | None = None  # a re-encoded copy of this photo's image
    copy_quality: int = QUALITY
    copy_scale: float = 1.0
    problem: str | None = None  # the planted problem's check (adalet.demo.planted)
    exported_at: dt.datetime | None = None  # from a database export: no EXIF, named <ID number>.jpg, ID-photo size

    @property
    def key(self) -> str:
        """The ID-based file name, whatever the photo is called: seeds its drawing."""
        return f"{self.subject.id_number}_{self.taken_at:{NAME_TIME}}.jpg"

    @property
    def file_name(self) -> str:
        if self.exported_at:
            return f"{self.subject.id_number}.jpg"
        if self.named_by_name:
            return f"{self.subject.name}_{self.subject.birth_date:%Y%m%d}_{self.taken_at:{NAME_TIME}}.jpg"
        return self.key

    @property
    def path(self) -> str:
        """The member path inside the bureau's photo zip."""
        return f"{self.subject.facility}/{self.file_name}"

    @property
    def exif_taken_at(self) -> dt.datetime | None:
        return self.taken_at + self.clock_offset if self.has_exif else None

    @property
    def software(self) -> str | None:
        if not self.has_exif:
            return None
        return EDITOR if self.edited_at else self.camera.firmware_at(self.taken_at.date())

    def exif(self) -> Image.Exif | None:
        if not self.has_exif:
            return None
        shot = self.taken_at + self.clock_offset
        exif = Image.Exif()
        exif[MAKE] = self.camera.make
        exif[MODEL] = self.camera.model
        if self.software:
            exif[SOFTWARE] = self.software
        exif[DATE_TIME] = (self.edited_at or shot).strftime(EXIF_TIME)
        exif_ifd = exif.get_ifd(EXIF_IFD)
        exif_ifd[DATE_TIME_ORIGINAL] = shot.strftime(EXIF_TIME)
        if self.camera.serial:
            exif_ifd[BODY_SERIAL_NUMBER] = self.camera.serial
        return exif

    def to_dict(self) -> dict[str, Any]:
        exif_taken_at = self.exif_taken_at
        return {
            "file_name": self.file_name,
            "path": self.path,
            "named_by": "name" if self.named_by_name else "id_number",
            "id_number": None if self.named_by_name else self.subject.id_number,
            "name": self.subject.name if self.named_by_name else None,
            "birth_date": self.subject.birth_date.isoformat() if self.named_by_name else None,
            "person_id_number": self.subject.id_number,
            "in_records": self.in_records,
            "facility": self.subject.facility,
            "taken_at": None if self.exported_at else self.taken_at.isoformat(),
            "exported_at": self.exported_at and self.exported_at.isoformat(),
            "exif_taken_at": exif_taken_at and exif_taken_at.isoformat(),
            "camera": self.camera.to_dict() if self.has_exif else None,
            "software": self.software,
            "edited_at": self.edited_at and self.edited_at.isoformat(),
        }


def _cameras(rng: random.Random) -> list[Camera]:
    cameras = []
    for make, model, digits, firmware in rng.sample(CAMERA_MODELS, rng.randint(1, 3)):
        cameras.append(Camera(make, model, str(rng.randrange(10 ** (digits - 1), 10**digits)), firmware))
    return cameras


def plan_sessions(members: Sequence[tuple[Person, bool]], window: Sequence[dt.date],
                  rng: random.Random) -> dict[dt.date, list[tuple[Person, bool]]]:
    """One facility's photo sessions: days drawn from ``window`` (one per PHOTOS_PER_SESSION people), each person on
    a session day after their admission (or on the admission day when none is left)."""
    days = sorted(rng.sample(window, min(len(window), math.ceil(len(members) / PHOTOS_PER_SESSION))))
    sessions: dict[dt.date, list[tuple[Person, bool]]] = defaultdict(list)
    for person, in_records in members:
        open_days = [day for day in days if day >= person.admitted]
        sessions[rng.choice(open_days) if open_days else person.admitted].append((person, in_records))
    return sessions


def plan_photos(subjects: Sequence[tuple[Person, bool]], rng: random.Random) -> list[Photo]:
    """Schedule one photo per (subject, in_records) pair into sessions at the subject's facility."""
    by_facility: dict[str, list[tuple[Person, bool]]] = defaultdict(list)
    for subject in subjects:
        by_facility[subject[0].facility].append(subject)
    first, last = SESSION_DAYS
    window = [first + dt.timedelta(days=d) for d in range((last - first).days + 1)]
    photos: list[Photo] = []
    for facility in sorted(by_facility):
        members = by_facility[facility]
        cameras = _cameras(rng)
        sessions = plan_sessions(members, window, rng)
        for day in sorted(sessions):
            camera = rng.choice(cameras)
            edited_at = None
            if rng.random() < EDITED_SHARE:
                edit_day = min(day + dt.timedelta(days=rng.randint(0, 20)), ARCHIVE_DATE)
                edited_at = dt.datetime.combine(edit_day, dt.time(rng.randint(17, 22), rng.randint(0, 59)))
            taken_at = dt.datetime.combine(day, dt.time(9, 0)) + dt.timedelta(seconds=rng.randint(0, 5400))
            for person, in_records in sessions[day]:
                photos.append(Photo(person, in_records, taken_at, camera, edited_at if in_records else None))
                taken_at += dt.timedelta(seconds=rng.randint(20, 150))
    return photos


class PhotoRenderer:
    """Draws portrait-like JPEGs, each far (pHash) from all drawn before; backgrounds are drawn once per wall colour.

    One renderer should draw all the photos of a leak, in a fixed order, so the redraws are reproducible.
    """

    def __init__(self) -> None:
        self._font = ImageFont.load_default(size=15)
        self._backgrounds = [self._background(wall) for wall in WALLS]
        self._hashes = np.zeros(0, dtype=np.uint64)

    def _background(self, wall: tuple[int, int, int]) -> Image.Image:
        image = Image.new("RGB", SIZE, wall)
        draw = ImageDraw.Draw(image)
        small = ImageFont.load_default(size=9)
        draw.rectangle((0, 0, 34, SIZE[1]), fill=(250, 250, 246))
        for i, y in enumerate(range(20, 420, 10)):
            draw.line((0, y, 14 if i % 5 else 24, y), fill=(30, 30, 30), width=1)
            if i % 5 == 0:
                draw.text((16, y - 14), str(200 - i), fill=(30, 30, 30), font=small)
        return image

    min_hash_distance = MIN_HASH_DISTANCE

    def render(self, photo: Photo, rng: random.Random) -> bytes:
        """The photo's JPEG, redrawn (from the same ``rng``) while its pHash is near an earlier photo's."""
        while True:
            data = self._draw(photo, rng)
            bits = np.uint64(int(str(imagehash.phash(Image.open(io.BytesIO(data)))), 16))
            if not len(self._hashes) or int(np.bitwise_count(self._hashes ^ bits).min()) > self.min_hash_distance:
                self._hashes = np.append(self._hashes, bits)
                return data

    @staticmethod
    def export(drawn: bytes) -> bytes:
        """A database export of a drawn photo: resized to the ID-photo size, re-encoded, no EXIF."""
        image = Image.open(io.BytesIO(drawn)).resize(EXPORT_SIZE, Image.Resampling.LANCZOS)
        return _jpeg(image, EXPORT_QUALITY, None)

    @staticmethod
    def recompress(original: bytes, photo: Photo) -> bytes:
        """A copy of another photo's image: re-encoded at ``photo.copy_quality``, scaled by ``photo.copy_scale``."""
        image = Image.open(io.BytesIO(original))
        if photo.copy_scale != 1.0:
            size = (round(image.width * photo.copy_scale), round(image.height * photo.copy_scale))
            image = image.resize(size, Image.Resampling.LANCZOS)
        return _jpeg(image, photo.copy_quality, photo.exif())

    def _draw(self, photo: Photo, rng: random.Random) -> bytes:
        image = self._backgrounds[sum(photo.subject.facility.encode()) % len(WALLS)].copy()  # one wall per station
        self._portrait(image, photo, rng)
        image = ImageChops.multiply(image, self._light(photo, rng))
        return _jpeg(image, QUALITY, photo.exif())

    def _light(self, photo: Photo, rng: random.Random) -> Image.Image:
        """Uneven flash and a stained wall: smooth random light, which also sets the images' pHashes apart."""
        light = Image.new("L", LIGHT_GRID)
        light.putdata([rng.randint(LIGHT_DARKEST, 255) for _ in range(LIGHT_GRID[0] * LIGHT_GRID[1])])
        return light.resize(SIZE, Image.Resampling.BICUBIC).convert("RGB")

    def _portrait(self, image: Image.Image, photo: Photo, rng: random.Random) -> None:
        """The person in front of the height chart, holding the placard, drawn onto ``image``."""
        draw = ImageDraw.Draw(image)
        dx, dy = rng.randint(-20, 20), rng.randint(-15, 25)
        width, height = rng.randint(100, 130), rng.randint(140, 175)
        cx, top = 190 + dx, 110 + dy
        draw.ellipse((cx - 150, top + height + 40, cx + 150, top + height + 330), fill=rng.choice(SHIRTS))
        skin, hair = rng.choice(SKIN), rng.choice(HAIR)
        if photo.subject.sex == "女":  # long hair behind the head
            draw.rounded_rectangle(
                (cx - width // 2 - 12, top - 4, cx + width // 2 + 12, top + height + 50), 40, fill=hair
            )
        draw.rectangle((cx - 24, top + height - 20, cx + 24, top + height + 60), fill=skin)
        draw.ellipse((cx - width // 2, top, cx + width // 2, top + height), fill=skin)
        draw.chord((cx - width // 2 - 4, top - 6, cx + width // 2 + 4, top + height // 2), 180, 360, fill=hair)
        eye_y = top + height * 11 // 20
        for side in (-1, 1):
            draw.ellipse(
                (cx + side * width // 5 - 6, eye_y - 4, cx + side * width // 5 + 6, eye_y + 4), fill=(40, 30, 30)
            )
        mouth_y = top + height * 4 // 5
        draw.line((cx - 14, mouth_y, cx + 14, mouth_y + rng.randint(-2, 2)), fill=(120, 60, 60), width=3)
        draw.rectangle((60, 420, 340, 470), fill=(255, 255, 255), outline=(0, 0, 0))
        draw.text((70, 425), f"No. {rng.randint(1, 99999):05d}", fill=(0, 0, 0), font=self._font)  # not the ID
        draw.text((70, 447), f"{photo.taken_at:%Y-%m-%d %H:%M:%S}", fill=(0, 0, 0), font=self._font)


def _jpeg(image: Image.Image, quality: int, exif: Image.Exif | None) -> bytes:
    buffer = io.BytesIO()
    if exif is None:
        image.save(buffer, "JPEG", quality=quality)
    else:
        image.save(buffer, "JPEG", quality=quality, exif=exif)
    return buffer.getvalue()
