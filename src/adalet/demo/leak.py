"""Writes a whole synthetic leak: nested zips of spreadsheets, photos and documents, plus its manifest.

Layout of ``out_dir``::

    xinjiang-police-files.zip
        疏附县/人员信息/*.xlsx, *.csv    spreadsheets of detainees
        疏附县/照片.zip                  a zip in the zip: <facility>/<ID>_<YYYYMMDDHHMMSS>.jpg
                                         (a few <name>_<birth date>_<YYYYMMDDHHMMSS>.jpg)
        特克斯县/...                     the same for the Tekes bureau
        讲话/*.docx, *.pdf               speeches
        通知/*.docx, *.pdf               notices
        扫描件/*.pdf                     scanned notices, images only
    manifest.json                        the ground truth (see adalet.demo.manifest)

Some rows and photos carry planted problems (adalet.demo.planted), listed in
the manifest's ``planted``. Everything random comes from RNGs seeded from
``seed`` and every timestamp from the generated data, so the same arguments
give byte-identical files.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import tempfile
import warnings
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

from adalet.demo.backdrop import BackdropRenderer
from adalet.demo.custody import BUREAUS, DETAINED_STATUSES
from adalet.demo.documents import DocumentFile, ScanRenderer, cjk_font, plan_documents
from adalet.demo.exports import export_some
from adalet.demo.identities import ARCHIVE_DATE, Person, PersonFactory
from adalet.demo.irregularities import (
    LOOK_ALIKE_NEAR,
    PHOTO_TAGS,
    interleaved_sessions,
    photo_irregularities,
    row_irregularities,
)
from adalet.demo.lookalikes import nearest_other_person, phash_bits
from adalet.demo.manifest import Manifest
from adalet.demo.namevariants import list_again
from adalet.demo.photos import Photo, PhotoRenderer, plan_photos
from adalet.demo.planted import SEVERITY, plant_photos, plant_rows
from adalet.demo.seeds import seed_role
from adalet.demo.sheets import LAYOUTS, RESIDENCE_LAYOUTS, SheetFile, plan_sheets
from adalet.demo.stations import plan_station_photos
from adalet.demo.zips import ZipWriter

LEAK_ZIP = "xinjiang-police-files.zip"
MANIFEST = "manifest.json"
UNRECORDED_SHARE = 0.05  # photos whose ID number is in no spreadsheet
ROWS_PER_SHEET = 500  # for the default number of spreadsheets


def _rng(seed: int, purpose: str) -> random.Random:
    return random.Random(f"{seed}/{purpose}")  # str seeds are hashed with SHA-512: stable across runs


def _photo_subjects(
    records: Sequence[Person], factory: PersonFactory, count: int, rng: random.Random
) -> list[tuple[Person, bool]]:
    """Who is in the photos: mostly recorded people (repeats only when photos outnumber them), some nobody recorded."""
    unrecorded = round(count * UNRECORDED_SHARE)
    recorded = count - unrecorded
    chosen = rng.sample(records, min(recorded, len(records))) + rng.choices(records, k=max(0, recorded - len(records)))
    return [(person, True) for person in chosen] + [(factory.make(), False) for _ in range(unrecorded)]


class _Progress:
    def __init__(self, total: int, callback: Callable[[int, int], None] | None) -> None:
        self.total, self.done, self._callback = total, 0, callback

    def step(self) -> None:
        self.done += 1
        if self._callback:
            self._callback(self.done, self.total)


def write_leak(
    out_dir: Path,
    *,
    people: int = 300,
    photos: int = 200,
    docs: int = 10,
    sheets: int | None = None,
    seed: int = 1,
    realistic: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> Manifest:
    """Write the leak into ``out_dir`` and return its manifest (also written as ``manifest.json``).

    ``people`` rows spread over ``sheets`` spreadsheet files (default: one per
    500 rows, at least 3), ``photos`` photos of which 5% show people in no
    spreadsheet, ``docs`` documents of which every tenth is a scan (left out,
    with a warning, when no CJK font is installed). ``progress(done, total)``
    is called after each file.

    ``realistic`` adds the ordinary irregularities of real police files (see
    adalet.demo.irregularities): region codes in force when the number was
    assigned, current residences apart from the registration, people on two
    lists with the name spelled differently, stations with two or three
    cameras in use at once (one on Xinjiang time, one drifting), firmware
    strings, one backdrop per station, and database exports without EXIF.
    """
    if people < 1 or photos < 0 or docs < 0 or (sheets is not None and sheets < 1):
        raise ValueError("need people >= 1, sheets >= 1, photos >= 0 and docs >= 0")
    font = cjk_font()
    if font is None and docs >= 10:
        warnings.warn("no CJK font found (install fonts-noto-cjk): the leak has no scanned documents", stacklevel=2)
    factory = PersonFactory(_rng(seed, "people"), realistic=realistic)
    records = [factory.make() for _ in range(people)]
    layouts = LAYOUTS + RESIDENCE_LAYOUTS * 2 if realistic else LAYOUTS
    sheet_files = plan_sheets(
        records, sheets or min(people, max(3, math.ceil(people / ROWS_PER_SHEET))), _rng(seed, "sheets"), layouts
    )
    subjects = _photo_subjects(records, factory, photos, _rng(seed, "subjects"))
    planter = _rng(seed, "planted")
    photographed = {person.id_number for person, _ in subjects}
    bent = plant_rows(records, photographed, photographed | {p.id_number for p in records}, planter)
    sheet_files = [f.with_people({person: row for person, (row, _) in bent.items()}) for f in sheet_files]
    problems = {row: check for row, check in bent.values()}
    rows = [bent[person][0] if person in bent else person for person in records]
    second_rows: dict[Person, Person] = {}
    if realistic:
        sheet_files, second_rows = list_again(sheet_files, [p for p in records if p not in bent], _rng(seed, "listings"))
    plan = plan_station_photos if realistic else plan_photos
    shots = plant_photos(
        plan(subjects, _rng(seed, "photos")),
        [person for person in records if person.id_number not in photographed and person not in bent],
        Counter((row.name, row.birth_date) for row in rows),
        planter,
    )
    if realistic:
        shots = export_some(shots, _rng(seed, "exports"))
    documents = plan_documents(docs, _rng(seed, "documents"), scans=font is not None)
    tracker = _Progress(len(sheet_files) + len(shots) + len(documents), progress)
    manifest = Manifest(seed=seed, archive_date=ARCHIVE_DATE, realistic=realistic, seed_role=seed_role(seed))
    renderer = BackdropRenderer() if realistic else PhotoRenderer()  # one for the whole leak, drawing in order
    twice = {person.id_number for person in second_rows}
    interleaved = interleaved_sessions(shots)
    hashes: list[int] = []
    out_dir.mkdir(parents=True, exist_ok=True)
    with ZipWriter(out_dir / LEAK_ZIP) as leak:
        for bureau in BUREAUS.values:
            files = [f for f in sheet_files if f.path.startswith(f"{bureau.name}/")]
            _write_sheets(leak, files, problems, twice, set(second_rows), manifest, tracker)
            album_data = _write_photos(
                leak,
                f"{bureau.name}/照片.zip",
                [s for s in shots if s.subject.bureau == bureau.name],
                interleaved,
                renderer,
                seed,
                manifest,
                tracker,
            )
            hashes += [phash_bits(data) for data in album_data]
        _write_documents(leak, documents, ScanRenderer(font) if font else None, seed, manifest, tracker)
    manifest.zips.insert(0, {"archive": [LEAK_ZIP], "files": leak.files})
    _record_look_alikes(manifest, hashes, realistic)
    manifest.write(out_dir / MANIFEST)
    return manifest


def _planted(check: str, archive: list[str], path: str, id_number: str, **more: object) -> dict[str, object]:
    entry = {"check": check, "severity": SEVERITY[check], "archive": archive, "path": path, "sheet": None, "row": None}
    return {**entry, "id_number": id_number, "other": None, **more}


def _write_sheets(
    leak: ZipWriter,
    files: list[SheetFile],
    problems: dict[Person, str],
    listed_twice: set[str],
    name_variants: set[Person],
    manifest: Manifest,
    tracker: _Progress,
) -> None:
    for sheet_file in files:
        leak.add(sheet_file.path, sheet_file.render(), sheet_file.modified)
        manifest.spreadsheets.append({"archive": [LEAK_ZIP], **sheet_file.to_dict()})
        for person, sheet, row in sheet_file.rows():
            source = {"archive": [LEAK_ZIP], "path": sheet_file.path, "sheet": sheet, "row": row}
            irregular = row_irregularities(
                person,
                sheet_file.columns,
                listed_twice=person.id_number in listed_twice,
                name_variant=person in name_variants,
            )
            manifest.people.append(
                {
                    **person.to_dict(),
                    "detained": person.status in DETAINED_STATUSES,
                    "source": source,
                    "planted": problems.get(person),
                    "irregularities": irregular,
                }
            )
            if person in problems:
                manifest.planted.append(
                    _planted(problems[person], [LEAK_ZIP], sheet_file.path, person.id_number, sheet=sheet, row=row)
                )
        tracker.step()


def _write_photos(
    leak: ZipWriter,
    name: str,
    shots: list[Photo],
    interleaved: set[tuple[str, dt.date]],
    renderer: PhotoRenderer,
    seed: int,
    manifest: Manifest,
    tracker: _Progress,
) -> list[bytes]:
    """Write the bureau's photo zip; the photos' bytes, in order."""
    if not shots:
        return []
    archive = [LEAK_ZIP, name]
    copied = {shot.copy_of.path for shot in shots if shot.copy_of}
    originals: dict[str, bytes] = {}
    written: list[bytes] = []
    with tempfile.TemporaryFile() as buffer:
        with ZipWriter(buffer) as album:
            for shot in shots:
                if shot.copy_of:
                    data = renderer.recompress(originals[shot.copy_of.path], shot)
                else:
                    data = renderer.render(shot, _rng(seed, f"photo/{shot.key}"))
                if shot.path in copied:
                    originals[shot.path] = data
                if shot.exported_at:
                    data = renderer.export(data)
                written.append(data)
                album.add(shot.path, data, _file_time(shot))
                exif_taken_at = shot.exif_taken_at
                irregular = photo_irregularities(
                    shot,
                    interleaved=(shot.subject.facility, shot.taken_at.date()) in interleaved,
                    shared_backdrop=isinstance(renderer, BackdropRenderer),
                    look_alike_distance=None,  # set once every photo is drawn (_record_look_alikes)
                )
                manifest.photos.append(
                    {
                        "archive": archive,
                        **shot.to_dict(),
                        "clock_offset_seconds": exif_taken_at and int((exif_taken_at - shot.taken_at).total_seconds()),
                        "copy_of": shot.copy_of.path if shot.copy_of else None,
                        "planted": shot.problem,
                        "irregularities": irregular,
                    }
                )
                if shot.problem:
                    other = {"archive": archive, "path": shot.copy_of.path} if shot.copy_of else None
                    manifest.planted.append(_planted(shot.problem, archive, shot.path, shot.subject.id_number, other=other))
                tracker.step()
        size = buffer.tell()
        buffer.seek(0)
        leak.add_stream(name, buffer, size, max(_file_time(shot) for shot in shots))
    manifest.zips.append({"archive": [LEAK_ZIP, name], "files": album.files})
    return written


def _file_time(shot: Photo) -> dt.datetime:
    return shot.exported_at or shot.edited_at or shot.taken_at


def _record_look_alikes(manifest: Manifest, hashes: list[int], realistic: bool) -> None:
    """Each photo's ``look_alike_distance`` (pHash bits to the nearest other person's photo), and its tag."""
    photos = manifest.photos
    groups = [photo["copy_of"] or photo["path"] for photo in photos]
    nearest = nearest_other_person(hashes, [photo["person_id_number"] for photo in photos], groups)
    for photo, distance in zip(photos, nearest, strict=True):
        photo["look_alike_distance"] = distance
        if distance is not None and distance <= LOOK_ALIKE_NEAR:
            photo["irregularities"] = [t for t in PHOTO_TAGS if t in photo["irregularities"] or t == "look_alike"]


def _write_documents(
    leak: ZipWriter,
    documents: list[DocumentFile],
    scanner: ScanRenderer | None,
    seed: int,
    manifest: Manifest,
    tracker: _Progress,
) -> None:
    for document in documents:
        leak.add(document.path, document.render(scanner, _rng(seed, f"document/{document.path}")), document.saved)
        manifest.documents.append({"archive": [LEAK_ZIP], **document.to_dict()})
        tracker.step()
