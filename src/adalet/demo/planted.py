"""Planted problems: spreadsheet rows and photos bent on purpose, each to trigger exactly one ``verify`` check.

Rows (one problem per row, never of a person who is photographed, never of a minor):

    id_checksum            wrong check character (birth date and sex digits still agree with the row)
    id_stated_birth_date   出生日期 some days or years off the number's birth date
    id_stated_sex          性别 opposite to the parity of the number's 17th digit
    id_address             住址 in another county than the number's region code
    impossible_age         入所时间 before the birth date, or born 1901-1906 (more than 110 years old)
    date_after_archive     入所时间 days to months after ARCHIVE_DATE

Photos (one problem per photo, never on an edited one unless it is ``exif_editor``):

    photo_without_record   the subject is in no spreadsheet (planned by the leak: 5% of photos)
    exif_editor            Software is Photoshop (the edited runs of ``plan_photos``; one more if none)
    exif_time_mismatch     DateTimeOriginal hours or days off the file name's timestamp, beyond the camera's
                           own clock offset (a realistic camera on Xinjiang time or drifting is not a problem)
    exif_missing           no EXIF at all
    near_duplicate         a re-encoded (maybe resized) copy of another photo under the name of a recorded
                           person with no photo of their own, a few seconds after the session's last photo

Another camera in the middle of a session is not planted: police stations use cameras side by side, so it is no
sign of anything (issue 16). Everything else stays clean. Shares are of rows or photos, rounded, but at least one of each kind once
there are ``MIN_PEOPLE`` rows or ``MIN_PHOTOS`` photos (and people to spare for them). ``plant_photos``
also names ``NAMED_BY_NAME_SHARE`` of the clean photos of recorded people by name and birth date.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace

from stdnum.cn import ric

from adalet.demo.custody import ONLY_FOR_SEX
from adalet.demo.identities import ARCHIVE_DATE, Person, check_digit, resident_id
from adalet.demo.photos import Photo
from adalet.demo.places import COUNTIES, County, region_names

SEVERITY = {
    "id_checksum": "error",
    "id_stated_birth_date": "warning",
    "id_stated_sex": "warning",
    "id_address": "warning",
    "impossible_age": "error",
    "date_after_archive": "error",
    "photo_without_record": "warning",
    "exif_editor": "warning",
    "exif_time_mismatch": "warning",  # a file renamed at a late import is an innocent cause: never an error
    "exif_missing": "info",  # coverage (what the leak holds), not a sign of forgery
    "near_duplicate": "warning",
}
CHECKS = tuple(SEVERITY)
ROW_SHARES = {
    "id_checksum": 0.01,
    "id_stated_birth_date": 0.005,
    "id_stated_sex": 0.005,
    "id_address": 0.005,
    "impossible_age": 0.003,  # admitted before birth
    "very_old": 0.002,  # also impossible_age
    "date_after_archive": 0.003,
}
PHOTO_SHARES = {"exif_time_mismatch": 0.01, "exif_missing": 0.01, "near_duplicate": 0.01}
NAMED_BY_NAME_SHARE = 0.02  # of the photos of recorded people
MIN_PEOPLE, MIN_PHOTOS = 50, 40
MAX_AGE = 110
COPY_QUALITIES = (60, 70, 75, 92, 95)
COPY_SCALES = (1.0, 0.96, 0.9)


def _count(share: float, total: int, minimum_total: int) -> int:
    return max(round(share * total), 1 if total >= minimum_total else 0)


def _age(person: Person) -> int:
    born = person.birth_date
    return ARCHIVE_DATE.year - born.year - ((ARCHIVE_DATE.month, ARCHIVE_DATE.day) < (born.month, born.day))


def _county(person: Person) -> County:
    return next(county for county in COUNTIES if county.name == person.county)


def _days(rng: random.Random, most_years: int) -> dt.timedelta:
    """Some days, or some years and days."""
    if rng.random() < 0.5:
        return dt.timedelta(days=rng.randint(1, 60))
    return dt.timedelta(days=365 * rng.randint(1, most_years) + rng.randint(0, 60))


@dataclass
class _RowPlanter:
    rng: random.Random
    used_ids: set[str]  # every ID number in the leak: planted ones stay unique

    def id_checksum(self, person: Person) -> Person | None:
        right = check_digit(person.id_number[:17])
        wrong = self.rng.choice([c for c in "0123456789X" if c != right])
        return replace(person, id_number=person.id_number[:17] + wrong)

    def id_stated_birth_date(self, person: Person) -> Person | None:
        if not 25 <= _age(person) <= 75:  # stated age stays adult and possible
            return None
        shift = _days(self.rng, 5)
        return replace(person, birth_date=person.birth_date + (shift if self.rng.random() < 0.5 else -shift))

    def id_stated_sex(self, person: Person) -> Person | None:
        if person.reason in ONLY_FOR_SEX:
            return None
        return replace(person, sex="女" if person.sex == "男" else "男")

    def id_address(self, person: Person) -> Person | None:
        names = region_names(person.id_number[:6])
        others = [
            county
            for county in COUNTIES
            if county.name not in person.county and person.county not in county.name and county.named_by_code(2000)
        ]
        county = self.rng.choice(others)
        address = county.address(self.rng)
        if any(name in address for name in names):
            return None
        return replace(person, address=address)

    def impossible_age(self, person: Person) -> Person | None:
        return replace(person, admitted=person.birth_date - _days(self.rng, 10))

    def very_old(self, person: Person) -> Person | None:
        county = _county(person)
        year = self.rng.randint(1901, 1906)
        if not county.named_by_code(year):
            return None
        born = dt.date(year, 1, 1) + dt.timedelta(days=self.rng.randint(0, 364))
        sequence = int(person.id_number[14:17])
        for _ in range(500):
            id_number = resident_id(county.code_for(year), born, sequence)
            if id_number not in self.used_ids and ric.is_valid(id_number):
                self.used_ids.add(id_number)
                return replace(person, id_number=id_number, birth_date=born)
            sequence = sequence + 2 if sequence < 997 else 2 - sequence % 2  # same parity (sex), never 000
        return None

    def date_after_archive(self, person: Person) -> Person | None:
        return replace(person, admitted=ARCHIVE_DATE + dt.timedelta(days=self.rng.randint(1, 150)))


def _edit_a_run(photos: list[Photo], rng: random.Random) -> None:
    """Make one session an edited run (as ``plan_photos`` does for some), so that small leaks have one too."""
    day = rng.choice(sorted({(photo.subject.facility, photo.taken_at.date()) for photo in photos}))
    edit_day = min(day[1] + dt.timedelta(days=rng.randint(0, 20)), ARCHIVE_DATE)
    edited_at = dt.datetime.combine(edit_day, dt.time(rng.randint(17, 22), rng.randint(0, 59)))
    for i, photo in enumerate(photos):
        if (photo.subject.facility, photo.taken_at.date()) == day and photo.in_records:
            photos[i] = replace(photo, edited_at=edited_at)


def plant_rows(
    records: Sequence[Person], photographed: Iterable[str], used_ids: set[str], rng: random.Random
) -> dict[Person, tuple[Person, str]]:
    """Which rows to bend: each chosen person → (the row as written, its check). ``photographed``: ID numbers."""
    excluded = set(photographed)
    pool = [person for person in records if person.id_number not in excluded and _age(person) >= 18]
    planter = _RowPlanter(rng, used_ids)
    planted: dict[Person, tuple[Person, str]] = {}
    for kind, share in ROW_SHARES.items():
        wanted = _count(share, len(records), MIN_PEOPLE)
        candidates = [person for person in pool if person not in planted]
        bend: Callable[[Person], Person | None] = getattr(planter, kind)
        for person in rng.sample(candidates, len(candidates)):
            if wanted <= 0:
                break
            row = bend(person)
            if row is not None:
                planted[person] = (row, "impossible_age" if kind == "very_old" else kind)
                wanted -= 1
    return planted


def plant_photos(
    shots: Sequence[Photo], spare: Sequence[Person], name_pairs: Counter[tuple[str, dt.date]], rng: random.Random
) -> list[Photo]:
    """The photos with planted problems marked and applied, near-duplicate copies added after their session.

    ``spare``: recorded people with no photo and no planted row (copies are named after them);
    ``name_pairs``: how many rows state each (name, birth date), so photos are only named by unique pairs.
    """
    photos = list(shots)
    if len(shots) >= MIN_PHOTOS and not any(photo.edited_at for photo in shots):
        _edit_a_run(photos, rng)
    for i, photo in enumerate(photos):
        if not photo.in_records:
            photos[i] = replace(photo, problem="photo_without_record")
        elif photo.edited_at:
            photos[i] = replace(photo, problem="exif_editor")
    sessions: dict[tuple[str, dt.date], list[int]] = defaultdict(list)
    for i, photo in enumerate(photos):
        sessions[photo.subject.facility, photo.taken_at.date()].append(i)
    models: dict[str, set[str]] = defaultdict(set)
    for photo in photos:
        models[photo.subject.facility].add(photo.camera.model)

    def clean(i: int) -> bool:
        return photos[i].problem is None

    reserved: set[int] = set()

    for kind in ("exif_time_mismatch", "exif_missing"):
        candidates = [i for i in range(len(photos)) if clean(i) and i not in reserved]
        for i in rng.sample(candidates, min(len(candidates), _count(PHOTO_SHARES[kind], len(shots), MIN_PHOTOS))):
            if kind == "exif_missing":
                photos[i] = replace(photos[i], has_exif=False, problem=kind)
            else:
                offset = dt.timedelta(hours=rng.randint(1, 9)) if rng.random() < 0.5 else dt.timedelta(days=rng.randint(1, 4))
                offset = offset if rng.random() < 0.5 else -offset  # off the camera's own clock
                photos[i] = replace(photos[i], clock_offset=photos[i].clock_offset + offset, problem=kind)

    # near-duplicates: copies of clean photos, named after spare people of the same facility
    copies: dict[tuple[str, dt.date], list[Photo]] = defaultdict(list)
    originals: set[int] = set()
    by_facility: dict[str, list[Person]] = defaultdict(list)
    for person in spare:
        by_facility[person.facility].append(person)
    wanted = _count(PHOTO_SHARES["near_duplicate"], len(shots), MIN_PHOTOS)
    candidates = [i for i in range(len(photos)) if clean(i) and i not in reserved]
    for i in rng.sample(candidates, len(candidates)):
        if wanted <= 0:
            break
        original = photos[i]
        session = (original.subject.facility, original.taken_at.date())
        names = [p for p in by_facility[original.subject.facility] if p.admitted <= original.taken_at.date()]
        if not names:
            continue
        subject = rng.choice(names)
        by_facility[subject.facility].remove(subject)
        last = copies[session][-1] if copies[session] else photos[sessions[session][-1]]
        taken_at = last.taken_at + dt.timedelta(seconds=rng.randint(3, 20))
        copies[session].append(
            Photo(
                subject,
                True,
                taken_at,
                original.camera,
                None,
                clock_offset=original.camera.clock.offset_at(taken_at),
                copy_of=original,
                copy_quality=rng.choice(COPY_QUALITIES),
                copy_scale=rng.choice(COPY_SCALES),
                problem="near_duplicate",
            )
        )
        originals.add(i)
        wanted -= 1

    recorded = sum(photo.in_records for photo in shots)
    candidates = [
        i
        for i in range(len(photos))
        if clean(i)
        and i not in originals
        and name_pairs[photos[i].subject.name, photos[i].subject.birth_date] == 1
    ]
    for i in rng.sample(candidates, min(len(candidates), _count(NAMED_BY_NAME_SHARE, recorded, MIN_PHOTOS))):
        photos[i] = replace(photos[i], named_by_name=True)

    planned: list[Photo] = []
    for session, members in sessions.items():
        planned += [photos[i] for i in members] + copies[session]
    return planned
