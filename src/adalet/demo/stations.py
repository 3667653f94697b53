"""Photo stations of a realistic leak: two or three cameras in use at once, with their clocks and firmware.

What real police photo sets show, and a realistic leak carries:

- Cameras side by side: a station has two or three cameras and a session uses two of them (or
  all three) at once, so photos of one session interleave cameras (A-B-A-B).
- Camera clocks: files are named in Beijing time (UTC+8) by the police system, but at each bureau's
  busiest station one camera keeps Xinjiang time (UTC+6), so its EXIF times are two hours behind the file names;
  another camera's clock drifts (up to ``MOST_DRIFT`` over the half year); the others are right.
- Firmware in EXIF Software: many makes write their firmware there ("Ver.1.01",
  "ILCE-6000 v3.21"), never an editor's name; one camera's firmware is updated during the period.
- Some cameras (compacts, phones) write no body serial number.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace

from adalet.demo.identities import ARCHIVE_DATE, Person
from adalet.demo.photos import EDITED_SHARE, SESSION_DAYS, Camera, Clock, Photo, plan_sessions

# make, model, digits of the body serial number (None: not written), firmware written as Software (None: none)
STATION_CAMERAS = (
    ("Canon", "Canon EOS 700D", 12, None),
    ("Canon", "Canon EOS 80D", 12, None),
    ("Canon", "Canon PowerShot SX620 HS", None, None),
    ("NIKON CORPORATION", "NIKON D5300", 7, "Ver.1.02"),
    ("NIKON CORPORATION", "NIKON D7200", 7, "Ver.1.01"),
    ("SONY", "ILCE-6000", 7, "ILCE-6000 v3.21"),
    ("FUJIFILM", "X-T20", None, "Digital Camera X-T20 Ver1.10"),
    ("HUAWEI", "ALP-AL00", None, "ALP-AL00 8.0.0.143(C00)"),
)
XINJIANG_TIME = Clock(offset=dt.timedelta(hours=-2))  # UTC+6 against file names in UTC+8
MOST_DRIFT = dt.timedelta(minutes=8)
FIRMWARE_UPDATE = "Ver.1.03"
SECOND_CAMERA_WEIGHT = 0.6  # the second camera's share of a two-camera session's photos (at most)


def _station_cameras(rng: random.Random) -> list[Camera]:
    cameras = []
    for make, model, digits, firmware in rng.sample(STATION_CAMERAS, rng.randint(2, 3)):
        serial = str(rng.randrange(10 ** (digits - 1), 10**digits)) if digits else None
        cameras.append(Camera(make, model, serial, firmware))
    return cameras


def _set_clocks(cameras: list[Camera], rng: random.Random) -> list[Camera]:
    """One camera on Xinjiang time, another drifting, the rest right; one firmware update among them."""
    order = rng.sample(range(len(cameras)), len(cameras))
    cameras = list(cameras)
    cameras[order[0]] = replace(cameras[order[0]], clock=XINJIANG_TIME)
    if len(order) > 1:
        days = (SESSION_DAYS[1] - SESSION_DAYS[0]).days
        drift = MOST_DRIFT * rng.uniform(0.4, 1.0) / days
        start = dt.timedelta(seconds=rng.randint(-40, 40))
        cameras[order[1]] = replace(cameras[order[1]], clock=Clock(start, drift if rng.random() < 0.5 else -drift))
    updatable = [i for i in order[1:] if cameras[i].firmware and cameras[i].firmware.startswith("Ver.")]
    if updatable:
        day = SESSION_DAYS[0] + dt.timedelta(days=rng.randint(30, 150))
        cameras[updatable[0]] = replace(cameras[updatable[0]], firmware_update=(day, FIRMWARE_UPDATE))
    return cameras


def plan_station_photos(subjects: Sequence[tuple[Person, bool]], rng: random.Random) -> list[Photo]:
    """Schedule one photo per (subject, in_records) pair into sessions, several cameras in use at each."""
    by_facility: dict[str, list[tuple[Person, bool]]] = defaultdict(list)
    for subject in subjects:
        by_facility[subject[0].facility].append(subject)
    stations = {facility: _station_cameras(rng) for facility in sorted(by_facility)}
    for bureau in sorted({person.bureau for person, _ in subjects}):  # the odd clocks at each bureau's busiest station
        busiest = max((f for f in sorted(by_facility) if by_facility[f][0][0].bureau == bureau), key=lambda f: len(by_facility[f]))
        stations[busiest] = _set_clocks(stations[busiest], rng)
    first, last = SESSION_DAYS
    window = [first + dt.timedelta(days=d) for d in range((last - first).days + 1)]
    photos: list[Photo] = []
    for facility in sorted(by_facility):
        members, cameras = by_facility[facility], stations[facility]
        sessions = plan_sessions(members, window, rng)
        for day in sorted(sessions):
            in_use = rng.sample(cameras, rng.randint(2, len(cameras)))
            weights = [1.0] + [rng.uniform(0.3, SECOND_CAMERA_WEIGHT / (1 - SECOND_CAMERA_WEIGHT))] * (len(in_use) - 1)
            edited_at = None
            if rng.random() < EDITED_SHARE:
                edit_day = min(day + dt.timedelta(days=rng.randint(0, 20)), ARCHIVE_DATE)
                edited_at = dt.datetime.combine(edit_day, dt.time(rng.randint(17, 22), rng.randint(0, 59)))
            taken_at = dt.datetime.combine(day, dt.time(9, 0)) + dt.timedelta(seconds=rng.randint(0, 5400))
            for person, in_records in sessions[day]:
                camera = rng.choices(in_use, weights)[0]
                photos.append(
                    Photo(
                        person,
                        in_records,
                        taken_at,
                        camera,
                        edited_at if in_records else None,
                        clock_offset=camera.clock.offset_at(taken_at),
                    )
                )
                taken_at += dt.timedelta(seconds=rng.randint(20, 150))
    return photos
