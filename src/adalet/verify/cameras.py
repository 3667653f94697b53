"""Camera clocks: each camera's offset from the file names' time, inferred from its own photos.

Police systems name photos in Beijing time (UTC+8); many cameras in Xinjiang keep Xinjiang time (UTC+6), others
were never set or drift by minutes a month. So a camera's EXIF capture time differs from the file names by its own
offset, and only a photo departing from *its camera's* offset says something.

Model, per camera (EXIF make, model and body serial; without a serial, make and model *in one folder*):

* a camera is one device: a body serial names it; without one, EXIF cannot tell two devices of one model apart,
  and a model bought in bulk is in use at many stations at once, each set to its own clock (one on Xinjiang time,
  one on Beijing time), so photos of one model filed in different folders (stations) are different cameras,
  never one clock. Two serial-less devices of one model in one folder remain one camera: a limit, stated;

* a photo's *offset* is EXIF capture time minus file-name time (seconds; -7200 for a camera on UTC+6);
* the camera's offset is the median of its photos' offsets (robust to a few bad ones), its *drift* the median of
  its last NEIGHBOURS photos' offsets minus that of its first ones (in file-name order);
* a photo's *expected* offset is local, so that drift and a reset clock are followed: the median of up to
  NEIGHBOURS photos before it, and that of up to NEIGHBOURS after it (each side counted only with at least
  MIN_SIDE photos; with neither, the median of both together); its *departure* is the distance to the nearer one;
* the camera's *spread* is MAD_TO_SIGMA times the median departure (a robust standard deviation); its tolerance is
  SPREADS spreads, and never less than FLOOR (the seconds to minutes between pressing the shutter and the system
  naming the file);
* with fewer than MIN_PHOTOS photos no offset is inferred: such a camera is reported as too small to model, and
  none of its photos is judged on a guess.

The constants are stated, not fitted to any data set: FLOOR is the earlier fixed tolerance, SPREADS a conventional
robust cut (6 robust standard deviations), NEIGHBOURS and MIN_SIDE small enough to follow a clock reset within a
few photos and large enough that one or two altered photos cannot move a median.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext_noop as N_

from adalet.verify.context import PhotoFacts
from adalet.verify.findings import Words, words

MIN_PHOTOS = 5
NEIGHBOURS = 7
MIN_SIDE = 3
FLOOR = dt.timedelta(minutes=10).total_seconds()
SPREADS = 6.0
MAD_TO_SIGMA = 1.4826
NAME_UTC_HOURS = 8  # file names are in Beijing time
WHOLE_ZONE_SLACK = 5 * 60  # an offset this close to a quarter hour is a time zone, not a wrong clock

CameraKey = tuple[str, str, str, str]  # make, model, serial ("" when absent), folder (only without a serial)


@dataclass(frozen=True)
class ClockReading:
    """One photo seen against its camera's clock."""

    photo: PhotoFacts
    named: dt.datetime
    captured: dt.datetime
    offset: float  # EXIF capture time minus file-name time, seconds
    expected: float | None  # the local offset of its camera; None when the camera is too small to model
    departure: float | None


@dataclass(frozen=True)
class CameraClock:
    key: CameraKey
    readings: tuple[ClockReading, ...]  # in file-name order
    offset: float | None  # seconds; None: too few photos
    spread: float | None
    tolerance: float | None
    drift: float | None

    @property
    def label(self) -> str:
        make, model, serial, folder = self.key
        name = model if make and model.lower().startswith(make.split()[0].lower()) else " ".join(filter(None, (make, model)))
        if serial:
            return f"{name or 'camera'} #{serial}"
        return f"{name or 'camera'} in {folder.rpartition('!/')[2]}" if folder else name or "camera"

    @property
    def modelled(self) -> bool:
        return self.offset is not None

    @property
    def utc_hours(self) -> float | None:
        """The time zone the camera keeps (UTC+h, to a quarter hour), when its offset is one and not zero."""
        if self.offset is None or abs(self.offset) < 30 * 60:
            return None
        quarters = round(self.offset / 900)
        if abs(self.offset - quarters * 900) > WHOLE_ZONE_SLACK:
            return None
        return NAME_UTC_HOURS + quarters / 4

    def describe(self) -> str:
        return self.described().english()

    def described(self) -> Words:
        """The camera's clock in words (``describe``'s sentence as a translatable template and its params)."""
        count = len(self.readings)
        first, last = self.readings[0].named, self.readings[-1].named
        span = words(N_("{count} photo, {first} to {last}") if count == 1 else N_("{count} photos, {first} to {last}"),
                     count=count, first=f"{first:%Y-%m-%d}", last=f"{last:%Y-%m-%d}")
        if self.offset is None:
            return words(N_("camera {camera} ({span}): too few photos to model this camera's clock (under {minimum}); "
                            "its times are not judged"), camera=self.label, span=span, minimum=MIN_PHOTOS)
        zone = self.utc_hours
        if zone is not None:
            clock = words(N_("keeps UTC{zone} ({relative} relative to the file names' Beijing time; measured "
                             "{measured})"), zone=f"{zone:+g}", relative=duration((zone - NAME_UTC_HOURS) * 3600),
                          measured=duration(self.offset))
        elif abs(self.offset) < 60:
            clock = words(N_("agrees with the file names' time"))
        else:
            clock = words(N_("runs {offset} relative to the file names' time"), offset=duration(self.offset))
        template = (N_("camera {camera} ({span}): {clock}, drifting {drift} over the period; spread {spread}, "
                       "tolerance {tolerance}") if self.drift and abs(self.drift) >= 60 else
                    N_("camera {camera} ({span}): {clock}; spread {spread}, tolerance {tolerance}"))
        return words(template, camera=self.label, span=span, clock=clock, drift=duration(self.drift or 0),
                     spread=duration(self.spread or 0, signed=False), tolerance=duration(self.tolerance or 0, signed=False))

    def evidence(self) -> dict[str, object]:
        return {
            "camera": {"make": self.key[0], "model": self.key[1], "serial": self.key[2], "folder": self.key[3] or None},
            "label": self.label,
            "photos": len(self.readings),
            "first": self.readings[0].named,
            "last": self.readings[-1].named,
            "modelled": self.modelled,
            "offset_seconds": _rounded(self.offset),
            "utc_hours": self.utc_hours,
            "spread_seconds": _rounded(self.spread),
            "tolerance_seconds": _rounded(self.tolerance),
            "drift_seconds": _rounded(self.drift),
        }


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def duration(seconds: float, *, signed: bool = True) -> str:
    """-7200 -> "-2 h"; 750 -> "+12 min 30 s" ("12 min 30 s" unsigned)."""
    sign = ("-" if seconds < 0 else "+") if signed else ""
    whole = round(abs(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    parts = [f"{hours} h" if hours else "", f"{minutes} min" if minutes else "", f"{secs} s" if secs or not whole else ""]
    return sign + " ".join(p for p in parts if p)


def _expected(offsets: list[float], index: int) -> float:
    before = offsets[max(0, index - NEIGHBOURS) : index]
    after = offsets[index + 1 : index + 1 + NEIGHBOURS]
    sides = [statistics.median(side) for side in (before, after) if len(side) >= MIN_SIDE]
    if not sides:
        return statistics.median(before + after)
    return min(sides, key=lambda median: abs(offsets[index] - median))


def _model(key: CameraKey, shots: list[tuple[PhotoFacts, dt.datetime, dt.datetime]]) -> CameraClock:
    shots.sort(key=lambda shot: (shot[1], shot[0].locator))
    offsets = [(captured - named).total_seconds() for _photo, named, captured in shots]
    if len(shots) < MIN_PHOTOS:
        readings = tuple(ClockReading(p, n, c, o, None, None) for (p, n, c), o in zip(shots, offsets, strict=True))
        return CameraClock(key, readings, None, None, None, None)
    expected = [_expected(offsets, i) for i in range(len(offsets))]
    departures = [abs(o - e) for o, e in zip(offsets, expected, strict=True)]
    spread = MAD_TO_SIGMA * statistics.median(departures)
    tolerance = max(FLOOR, SPREADS * spread)
    drift = statistics.median(offsets[-NEIGHBOURS:]) - statistics.median(offsets[:NEIGHBOURS])
    readings = tuple(
        ClockReading(p, n, c, o, e, d)
        for (p, n, c), o, e, d in zip(shots, offsets, expected, departures, strict=True)
    )
    return CameraClock(key, readings, statistics.median(offsets), spread, tolerance, drift)


def camera_clocks(photos: Iterable[PhotoFacts]) -> list[CameraClock]:
    """Every camera with photos carrying both a file-name time and an EXIF capture time, by label."""
    by_camera: dict[CameraKey, list[tuple[PhotoFacts, dt.datetime, dt.datetime]]] = defaultdict(list)
    for photo in photos:
        camera, named, captured = photo.camera, photo.name_time, photo.capture_time
        if camera is not None and named is not None and captured is not None:
            by_camera[(*camera, "" if camera[2] else photo.folder)].append((photo, named, captured))
    return sorted((_model(key, shots) for key, shots in by_camera.items()), key=lambda clock: (clock.label, clock.key))
