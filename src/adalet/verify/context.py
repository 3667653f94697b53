"""What the checks look at: a collection's photos and mapped rows, read once through the archive and people apps."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from itertools import chain
from typing import Any

from adalet.archive import reading
from adalet.people.facts import RowFacts, row_facts
from adalet.people.photonames import parse_photo_name
from adalet.verify import archive_date
from adalet.verify.archive_date import ArchiveDate


@dataclass(frozen=True)
class PhotoFacts:
    item_id: int
    locator: str
    name: str
    folder: str  # the locator without the file name: photos of one station
    sha256: str
    metadata: dict[str, Any]

    @property
    def name_id(self) -> str | None:
        parsed = parse_photo_name(self.name)
        return parsed.id_number if parsed else None

    @property
    def name_time(self) -> dt.datetime | None:
        parsed = parse_photo_name(self.name)
        return parsed.taken if parsed else None

    @cached_property
    def capture_time(self) -> dt.datetime | None:
        value = self.metadata.get("capture_time")
        try:
            return dt.datetime.fromisoformat(value[:19]) if isinstance(value, str) else None
        except ValueError:
            return None

    @property
    def has_exif(self) -> bool:
        return bool(self.metadata.get("exif"))

    @property
    def camera(self) -> tuple[str, str, str] | None:
        make, model, serial = (str(self.metadata.get(k) or "") for k in ("camera_make", "camera_model", "camera_serial"))
        return (make, model, serial) if (make or model or serial) else None


@dataclass
class VerifyContext:
    collection: Any
    as_of: dt.date
    as_of_source: str
    photos: list[PhotoFacts] = field(default_factory=list)
    rows: list[RowFacts] = field(default_factory=list)
    clock_outliers: tuple[tuple[str, dt.datetime], ...] = ()  # recorded times left out of the archive's date
    dating: ArchiveDate | None = None  # how the date was found and what it may judge; None: given

    @classmethod
    def load(cls, collection: Any, as_of: dt.date | None = None) -> VerifyContext:
        """The collection's photos and rows; the archive's date as given, else estimated (verify.archive_date) from
        the times the files record and those their archives record for them."""
        photos = [
            PhotoFacts(i.id, i.locator, i.name, i.locator.rpartition("/")[0], i.sha256, i.metadata)
            for i in reading.items(collection, "image")
        ]
        rows = list(row_facts(collection))
        archives = ((item.locator, item.metadata) for item in reading.items(collection, "archive"))
        found = archive_date.given(as_of) if as_of is not None else archive_date.estimate(
            chain(reading.recorded_times(collection), archive_date.member_times(archives)), dt.date.today()
        )
        return cls(collection, found.date, found.source, photos, rows, found.outliers, found)

    def judges_dates(self, locator: str) -> bool:
        """Whether dates in the file at ``locator`` may be judged against the archive's date (ArchiveDate.judges)."""
        return self.dating is None or self.dating.judges(locator)

    @cached_property
    def birth_by_id(self) -> dict[str, dt.date]:
        """Birth dates by ID number from the rows (parsed number, stated birth date or the number's)."""
        births: dict[str, dt.date] = {}
        for row in self.rows:
            number = row.values.get("id_number")
            born = row.date("birth_date")
            if number and born:
                births.setdefault(number, born)
        return births

    @cached_property
    def recorded_ids(self) -> set[str]:
        return {row.values["id_number"] for row in self.rows if row.values.get("id_number")}
