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

import math
import random
import tempfile
import warnings
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

from adalet.demo.custody import BUREAUS, DETAINED_STATUSES
from adalet.demo.documents import DocumentFile, ScanRenderer, cjk_font, plan_documents
from adalet.demo.identities import ARCHIVE_DATE, Person, PersonFactory
from adalet.demo.manifest import Manifest
from adalet.demo.photos import Photo, PhotoRenderer, plan_photos
from adalet.demo.planted import SEVERITY, plant_photos, plant_rows
from adalet.demo.sheets import SheetFile, plan_sheets
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
    progress: Callable[[int, int], None] | None = None,
) -> Manifest:
    """Write the leak into ``out_dir`` and return its manifest (also written as ``manifest.json``).

    ``people`` rows spread over ``sheets`` spreadsheet files (default: one per
    500 rows, at least 3), ``photos`` photos of which 5% show people in no
    spreadsheet, ``docs`` documents of which every tenth is a scan (left out,
    with a warning, when no CJK font is installed). ``progress(done, total)``
    is called after each file.
    """
    if people < 1 or photos < 0 or docs < 0 or (sheets is not None and sheets < 1):
        raise ValueError("need people >= 1, sheets >= 1, photos >= 0 and docs >= 0")
    font = cjk_font()
    if font is None and docs >= 10:
        warnings.warn("no CJK font found (install fonts-noto-cjk): the leak has no scanned documents", stacklevel=2)
    factory = PersonFactory(_rng(seed, "people"))
    records = [factory.make() for _ in range(people)]
    sheet_files = plan_sheets(
        records, sheets or min(people, max(3, math.ceil(people / ROWS_PER_SHEET))), _rng(seed, "sheets")
    )
    subjects = _photo_subjects(records, factory, photos, _rng(seed, "subjects"))
    planter = _rng(seed, "planted")
    photographed = {person.id_number for person, _ in subjects}
    bent = plant_rows(records, photographed, photographed | {p.id_number for p in records}, planter)
    sheet_files = [f.with_people({person: row for person, (row, _) in bent.items()}) for f in sheet_files]
    problems = {row: check for row, check in bent.values()}
    rows = [bent[person][0] if person in bent else person for person in records]
    shots = plant_photos(
        plan_photos(subjects, _rng(seed, "photos")),
        [person for person in records if person.id_number not in photographed and person not in bent],
        Counter((row.name, row.birth_date) for row in rows),
        planter,
    )
    documents = plan_documents(docs, _rng(seed, "documents"), scans=font is not None)
    tracker = _Progress(len(sheet_files) + len(shots) + len(documents), progress)
    manifest = Manifest(seed=seed, archive_date=ARCHIVE_DATE)
    renderer = PhotoRenderer()  # one for the whole leak: no two drawn photos look alike
    out_dir.mkdir(parents=True, exist_ok=True)
    with ZipWriter(out_dir / LEAK_ZIP) as leak:
        for bureau in BUREAUS.values:
            files = [f for f in sheet_files if f.path.startswith(f"{bureau.name}/")]
            _write_sheets(leak, files, problems, manifest, tracker)
            _write_photos(
                leak,
                f"{bureau.name}/照片.zip",
                [s for s in shots if s.subject.bureau == bureau.name],
                renderer,
                seed,
                manifest,
                tracker,
            )
        _write_documents(leak, documents, ScanRenderer(font) if font else None, seed, manifest, tracker)
    manifest.zips.insert(0, {"archive": [LEAK_ZIP], "files": leak.files})
    manifest.write(out_dir / MANIFEST)
    return manifest


def _planted(check: str, archive: list[str], path: str, id_number: str, **more: object) -> dict[str, object]:
    entry = {"check": check, "severity": SEVERITY[check], "archive": archive, "path": path, "sheet": None, "row": None}
    return {**entry, "id_number": id_number, "other": None, **more}


def _write_sheets(
    leak: ZipWriter, files: list[SheetFile], problems: dict[Person, str], manifest: Manifest, tracker: _Progress
) -> None:
    for sheet_file in files:
        leak.add(sheet_file.path, sheet_file.render(), sheet_file.modified)
        manifest.spreadsheets.append({"archive": [LEAK_ZIP], **sheet_file.to_dict()})
        for person, sheet, row in sheet_file.rows():
            source = {"archive": [LEAK_ZIP], "path": sheet_file.path, "sheet": sheet, "row": row}
            manifest.people.append({**person.to_dict(), "detained": person.status in DETAINED_STATUSES, "source": source})
            if person in problems:
                manifest.planted.append(
                    _planted(problems[person], [LEAK_ZIP], sheet_file.path, person.id_number, sheet=sheet, row=row)
                )
        tracker.step()


def _write_photos(
    leak: ZipWriter,
    name: str,
    shots: list[Photo],
    renderer: PhotoRenderer,
    seed: int,
    manifest: Manifest,
    tracker: _Progress,
) -> None:
    if not shots:
        return
    archive = [LEAK_ZIP, name]
    copied = {shot.copy_of.path for shot in shots if shot.copy_of}
    originals: dict[str, bytes] = {}
    with tempfile.TemporaryFile() as buffer:
        with ZipWriter(buffer) as album:
            for shot in shots:
                if shot.copy_of:
                    data = renderer.recompress(originals[shot.copy_of.path], shot)
                else:
                    data = renderer.render(shot, _rng(seed, f"photo/{shot.key}"))
                if shot.path in copied:
                    originals[shot.path] = data
                album.add(shot.path, data, shot.edited_at or shot.taken_at)
                manifest.photos.append({"archive": archive, **shot.to_dict()})
                if shot.problem:
                    other = {"archive": archive, "path": shot.copy_of.path} if shot.copy_of else None
                    manifest.planted.append(_planted(shot.problem, archive, shot.path, shot.subject.id_number, other=other))
                tracker.step()
        size = buffer.tell()
        buffer.seek(0)
        leak.add_stream(name, buffer, size, max(shot.edited_at or shot.taken_at for shot in shots))
    manifest.zips.append({"archive": [LEAK_ZIP, name], "files": album.files})


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
