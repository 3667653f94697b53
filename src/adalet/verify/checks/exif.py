"""EXIF of photos: editors' signatures, capture times against each camera's own clock, and order within each camera.

Evidence standard of each finding:

* ``exif_missing`` (info, coverage): a photo (named like one) with no EXIF at all. Exports from police systems and
  messengers strip EXIF, so this says what the leak lets us check, never whether it is genuine.
* ``exif_editor`` (warning): Software carries an image editor's signature (``verify/data/software.tsv``, where
  the signatures and their sources are kept): the file was re-saved by an editor, which genuine records show
  too (a rotation, an export), so a sign worth a look, not proof of alteration. Camera firmware ("Ver.1.01",
  "V1.0.3", "Firmware 2.1") and unknown strings are never flagged.
* ``exif_camera_clock`` (info): one per camera (make, model, body serial; make and model in one folder without a
  serial, since one model is in use at many stations, each clock set apart): its clock's offset from the file
  names' Beijing time, spread, tolerance and drift ("keeps UTC+6"), or that it has too few photos to model
  (``adalet.verify.cameras`` states the model).
* ``exif_time_mismatch`` (warning): a photo whose offset departs from its camera's local offset by more than the
  camera's tolerance. A camera on another time zone, a wrong or drifting clock are no finding; a photo of a camera
  with too few photos to model is never judged. Unusual rather than impossible in genuine records (a file named
  at a late import), hence a warning.
* ``exif_time_order`` (warning): within one camera's own sequence (file-name order), a capture time earlier than
  an earlier-named photo's by more than the camera's tolerance (photos already flagged for a mismatch left out).
  Several cameras used side by side in one session are normal and never compared with each other.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.utils.translation import gettext_noop as N_

from adalet.verify.cameras import CameraClock, camera_clocks, duration
from adalet.verify.context import VerifyContext
from adalet.verify.findings import Absence, Finding, words
from adalet.verify.software import classify, readable

METHOD = (
    "Reads each photo's EXIF. The Software tag is compared with documented editor and firmware signatures "
    "(verify/data/software.tsv). Photos are grouped by camera (make, model, body serial; without a serial, make and model in one "
    "folder, as one model is in use at many stations with clocks set apart); each camera's clock offset "
    "from the file names' Beijing time is inferred from its own photos (median, with a robust spread, followed "
    "locally so drift and resets are tolerated), and each photo is compared with its camera's local offset and "
    "with the capture order of that camera's other photos."
)
STANDARD = (
    "warning: an image editor's signature (a re-save, not proof of alteration); a photo departing from its "
    "camera's clock beyond the camera's tolerance; a capture earlier than an earlier-named photo of the same camera "
    "beyond that tolerance. info: each camera's clock (offset, spread, drift, or too few photos to model); "
    "a photo without EXIF (coverage). Never an error: a wrong clock or a late import is an innocent cause."
)
COVERAGE = frozenset({"exif_missing"})
EXAMINED = {
    "photos": "photos named with an ID number and a time",
    "with_exif": "of them with EXIF",
    "with_software": "with a Software tag",
    "cameras": "cameras",
    "modelled": "cameras with enough photos to model their clock",
    "judged": "photos judged against their camera's clock",
}
ABSENT = (
    Absence("exif_missing", "photos", "Every one of the {photos:,} photos carries EXIF."),
    Absence("exif_editor", "with_exif", "No photo carries an image editor's signature: {with_software:,} of the "
            "{with_exif:,} photos with EXIF have a Software tag, and none names an editor."),
    Absence("exif_time_mismatch", "judged", "No photo departs from its camera's clock beyond the camera's tolerance: "
            "{judged:,} photos judged against the clocks of {modelled:,} cameras."),
    Absence("exif_time_order", "judged", "No photo was captured before an earlier-named photo of the same camera "
            "beyond the camera's tolerance."),
)


def examined(ctx: VerifyContext) -> dict[str, int]:
    photos = [p for p in ctx.photos if p.name_time is not None]
    with_exif = [p for p in photos if p.has_exif]
    clocks = camera_clocks(with_exif)
    return {
        "photos": len(photos),
        "with_exif": len(with_exif),
        "with_software": sum(1 for p in with_exif if p.metadata.get("software")),
        "cameras": len(clocks),
        "modelled": sum(1 for c in clocks if c.modelled),
        "judged": sum(len(c.readings) for c in clocks if c.modelled),
    }


def run(ctx: VerifyContext) -> Iterator[Finding]:
    photos = [p for p in ctx.photos if p.name_time is not None]
    for photo in photos:
        if not photo.has_exif:
            yield Finding.said("exif_missing", "info", words(N_(
                "no EXIF (stripped by an export, or not from a camera): coverage, its time and camera cannot be checked")),
                photo.locator, id_number=photo.name_id, evidence={"coverage": True})
            continue
        software = readable(str(photo.metadata.get("software") or ""))  # a Chinese editor's name as written
        verdict = classify(software)
        if verdict.kind == "editor":
            yield Finding.said("exif_editor", "warning",
                               words(N_("saved by an image editor ({editor}): {software}"), editor=verdict.name,
                                     software=software),
                               photo.locator, id_number=photo.name_id, evidence={"software": software, "editor": verdict.name})
    for clock in camera_clocks(p for p in photos if p.has_exif):
        yield Finding.said("exif_camera_clock", "info", clock.described(), clock.readings[0].photo.locator,
                           evidence=clock.evidence())
        if clock.modelled:
            yield from _clock_findings(clock)


def _clock_findings(clock: CameraClock) -> Iterator[Finding]:
    tolerance = clock.tolerance or 0.0
    mismatched = set()
    for reading in clock.readings:
        if reading.departure is not None and reading.expected is not None and reading.departure > tolerance:
            mismatched.add(reading.photo.item_id)
            yield Finding.said(
                "exif_time_mismatch", "warning",
                words(N_("EXIF capture time {captured} is {offset} from the file name's {named}, but camera {camera} "
                         "runs {expected} here (tolerance {tolerance})"),
                      captured=reading.captured, offset=duration(reading.offset), named=reading.named,
                      camera=clock.label, expected=duration(reading.expected),
                      tolerance=duration(tolerance, signed=False)),
                reading.photo.locator, id_number=reading.photo.name_id,
                evidence={"capture_time": reading.captured, "name_time": reading.named, "camera": clock.label,
                          "offset_seconds": reading.offset, "camera_offset_seconds": reading.expected,
                          "departure_seconds": reading.departure, "tolerance_seconds": tolerance},
            )
    latest = None
    for reading in clock.readings:
        if reading.photo.item_id in mismatched:
            continue
        if latest is not None and (latest.captured - reading.captured).total_seconds() > tolerance:
            yield Finding.said(
                "exif_time_order", "warning",
                words(N_("captured {captured}, {gap} before {previous} of the earlier-named photo by camera {camera}"),
                      captured=reading.captured,
                      gap=duration((latest.captured - reading.captured).total_seconds(), signed=False),
                      previous=latest.captured, camera=clock.label),
                reading.photo.locator, id_number=reading.photo.name_id,
                evidence={"camera": clock.label, "previous": latest.photo.locator, "tolerance_seconds": tolerance},
            )
        if latest is None or reading.captured > latest.captured:
            latest = reading
