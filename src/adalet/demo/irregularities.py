"""The benign irregularities a clean row or photo carries, named so a false alarm can be traced to its cause.

Rows:

    region_code_after_birth   the ID's region code came into force after the birth year (it is the code
                              in force when the number was assigned: adalet.demo.issuance)
    region_code_superseded    the ID's region code was no longer in force at the archive date (654127)
    residence_elsewhere       the row's 现住址 is in another county than its 户籍地
    listed_twice              the person (ID number) has a row in another file too
    name_variant              this row writes the name without its interpunct, or with another dot

Photos:

    camera_xinjiang_time      the camera keeps UTC+6: EXIF times two hours behind the file name's
    camera_clock_drift        the camera's clock drifts: EXIF minutes off, more as the months pass
    cameras_interleaved       the photo's session used two or three cameras at once
    firmware_software         EXIF Software holds the camera's firmware string
    firmware_updated          the camera's firmware string changed during the period
    camera_without_serial     the camera writes no BodySerialNumber
    shared_backdrop           the station's wall, framing and flash, as in other people's photos
    look_alike                another person's photo is within LOOK_ALIKE_NEAR pHash bits
    database_export           no EXIF, named <ID number>.jpg, at the ID-photo size (adalet.demo.exports)
    named_by_name             named <name>_<birth date>_<time>.jpg

Planted rows and photos get their irregularities too (context for a reviewer); a false alarm is a
finding on a row or photo whose manifest entry has ``planted`` None.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence

from adalet.demo.identities import ARCHIVE_DATE, Person
from adalet.demo.photos import EDITOR, Photo
from adalet.demo.regioncodes import came_into_force_after, in_force
from adalet.demo.sheets import RESIDENCE_COLUMN

ROW_TAGS = ("region_code_after_birth", "region_code_superseded", "residence_elsewhere", "listed_twice", "name_variant")
PHOTO_TAGS = (
    "camera_xinjiang_time",
    "camera_clock_drift",
    "cameras_interleaved",
    "firmware_software",
    "firmware_updated",
    "camera_without_serial",
    "shared_backdrop",
    "look_alike",
    "database_export",
    "named_by_name",
)
LOOK_ALIKE_NEAR = 12  # pHash bits
XINJIANG_OFFSET = dt.timedelta(hours=-2)


def row_irregularities(
    person: Person, columns: Sequence[str], *, listed_twice: bool, name_variant: bool
) -> list[str]:
    code, born = person.id_number[:6], person.birth_date
    tags = {
        "region_code_after_birth": came_into_force_after(code, born.year),
        "region_code_superseded": not in_force(code, ARCHIVE_DATE.year),
        "residence_elsewhere": RESIDENCE_COLUMN in columns and person.residence is not None,
        "listed_twice": listed_twice,
        "name_variant": name_variant,
    }
    return [tag for tag in ROW_TAGS if tags[tag]]


def interleaved_sessions(photos: Sequence[Photo]) -> set[tuple[str, dt.date]]:
    """(facility, day) of the sessions whose photos come from more than one camera."""
    cameras: dict[tuple[str, dt.date], set[tuple[str, str, str | None]]] = defaultdict(set)
    for photo in photos:
        if photo.has_exif:
            camera = photo.camera
            cameras[photo.subject.facility, photo.taken_at.date()].add((camera.make, camera.model, camera.serial))
    return {session for session, seen in cameras.items() if len(seen) > 1}


def photo_irregularities(
    photo: Photo, *, interleaved: bool, shared_backdrop: bool, look_alike_distance: int | None
) -> list[str]:
    camera, exif = photo.camera, photo.has_exif
    software = photo.software
    update = camera.firmware_update
    tags = {
        "camera_xinjiang_time": exif and camera.clock.offset == XINJIANG_OFFSET,
        "camera_clock_drift": exif and bool(camera.clock.drift_per_day),
        "cameras_interleaved": exif and interleaved,
        "firmware_software": bool(software) and software != EDITOR,
        "firmware_updated": exif and update is not None and photo.taken_at.date() >= update[0],
        "camera_without_serial": exif and camera.serial is None,
        "shared_backdrop": shared_backdrop,
        "look_alike": look_alike_distance is not None and look_alike_distance <= LOOK_ALIKE_NEAR,
        "database_export": photo.exported_at is not None,
        "named_by_name": photo.named_by_name,
    }
    return [tag for tag in PHOTO_TAGS if tags[tag]]
