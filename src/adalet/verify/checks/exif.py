"""EXIF of photos: present, capture time equal to the file name's time, no editor's software tag, the same camera
as its neighbours in a session, and capture times that never go backwards within one camera.

* ``exif_missing`` (warning): a photo (named like one) with no EXIF at all: stripped, or not from a camera.
* ``exif_time_mismatch`` (error): DateTimeOriginal more than TOLERANCE from the file name's timestamp.
* ``exif_editor`` (warning): Software names an image editor (EDITORS); camera firmware strings are not flagged.
* ``exif_camera_run`` (warning): within a session (one folder, one day, in file-name time order), a photo whose
  camera (make, model, serial) differs from the photos just before and after it, which agree with each other.
* ``exif_time_order`` (warning): within one camera (by serial, else model), in file-name order, a capture time
  earlier than the one before it (photos already flagged for a mismatch are left out).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterator

from adalet.verify.context import PhotoFacts, VerifyContext
from adalet.verify.findings import Finding

TOLERANCE = dt.timedelta(minutes=10)
EDITORS = re.compile(
    r"photoshop|lightroom|gimp|paint\.net|picasa|snapseed|pixelmator|affinity|acdsee|photoscape|faststone|"
    r"irfanview|美图|meitu|光影魔术手|photodirector|luminar|capture one|darktable|facetune|picsart",
    re.I,
)


def run(ctx: VerifyContext) -> Iterator[Finding]:
    photos = [p for p in ctx.photos if p.name_time is not None]
    mismatched: set[int] = set()
    for photo in photos:
        if not photo.has_exif:
            yield Finding("exif_missing", "warning", "no EXIF: stripped, or not from a camera", photo.locator,
                          id_number=photo.name_id)
            continue
        software = str(photo.metadata.get("software") or "")
        if EDITORS.search(software):
            yield Finding("exif_editor", "warning", f"saved by an image editor: {software}", photo.locator,
                          id_number=photo.name_id, evidence={"software": software})
        captured, named = photo.capture_time, photo.name_time
        if captured is not None and named is not None and abs(captured - named) > TOLERANCE:
            mismatched.add(photo.item_id)
            yield Finding(
                "exif_time_mismatch", "error",
                f"EXIF capture time {captured} but the file name says {photo.name_time}",
                photo.locator, id_number=photo.name_id,
                evidence={"capture_time": captured, "name_time": photo.name_time,
                          "difference_seconds": int((captured - named).total_seconds())},
            )
    yield from _camera_runs(photos)
    yield from _time_order([p for p in photos if p.item_id not in mismatched and p.capture_time and p.camera])


def _camera_runs(photos: list[PhotoFacts]) -> Iterator[Finding]:
    sessions: dict[tuple[str, dt.date], list[PhotoFacts]] = defaultdict(list)
    for photo in photos:
        named = photo.name_time
        if photo.camera and named is not None:
            sessions[(photo.folder, named.date())].append(photo)
    for run in sessions.values():
        run.sort(key=lambda p: (p.name_time, p.locator))
        for before, photo, after in zip(run, run[1:], run[2:]):
            camera, session_camera = photo.camera, before.camera
            if camera and session_camera and session_camera == after.camera and camera != session_camera:
                yield Finding(
                    "exif_camera_run", "warning",
                    f"camera {' '.join(filter(None, camera[1:]))} between two photos from "
                    f"{' '.join(filter(None, session_camera[1:]))}",
                    photo.locator, id_number=photo.name_id,
                    evidence={"camera": camera, "session_camera": session_camera,
                              "before": before.locator, "after": after.locator},
                )


def _time_order(photos: list[PhotoFacts]) -> Iterator[Finding]:
    """*photos*: those with a camera and a capture time."""
    by_camera: dict[str, list[tuple[PhotoFacts, dt.datetime]]] = defaultdict(list)
    for photo in photos:
        if photo.camera is not None and photo.capture_time is not None:
            make, model, serial = photo.camera
            by_camera[serial or f"{make} {model}"].append((photo, photo.capture_time))
    for camera, shots in by_camera.items():
        shots.sort(key=lambda shot: (shot[0].name_time, shot[0].locator))
        latest: tuple[PhotoFacts, dt.datetime] | None = None
        for photo, captured in shots:
            if latest is not None and captured < latest[1]:
                yield Finding(
                    "exif_time_order", "warning",
                    f"captured {captured}, before {latest[1]} of the previous photo by camera {camera}",
                    photo.locator, id_number=photo.name_id,
                    evidence={"camera": camera, "previous": latest[0].locator},
                )
            elif latest is None or captured > latest[1]:
                latest = (photo, captured)
