"""The archive's date (``as_of``): the date the material speaks of, after which nothing in it can have happened, and
how well the evidence supports it.

Stated (``adalet verify --as-of``), it is used as given. Otherwise it is estimated from the times the files record:
their own (workbook and document ``modified``, EXIF times) and the modified times their archives record for them
(a zip's entries, ``members_modified``: CSV files carry no time of their own, their zip entry does). Each such time
says the file existed then, so the archive is no older than the latest of them. The estimate is robust, so that one
wrong clock does not move it: times further from the median than OUTLIER_SPREADS robust spreads are left out, and
the archive's date is the latest time left. The robust spread is the median absolute deviation scaled to a standard
deviation (x 1.4826), but never less than MIN_SPREAD: one leak's files span months to years, and a clock off by less
than a few years cannot be told from a late file by dates alone, so the estimate errs late (fewer date findings),
never early (false ones). The times left out are returned, for the report to show as context.

Support. An estimate can still come out early when the newest material records no time: a file with no time of
its own and none from an archive may hold later dates than every time recorded. So a date is judged against the
archive's date (``ArchiveDate.judges``) only when the date was given, or when the estimate rests on at least
MIN_TIMES times from MIN_TIMES different files and the date sits in a file whose own time (or its archive entry's)
was kept in the estimate. Anything else is not judged, and the report says so (``support``): a date check must
never fire on a date the evidence does not bound.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

OUTLIER_SPREADS = 3.5  # the usual cut for modified z-scores (Iglewicz and Hoaglin, 1993)
MAD_TO_SD = 1.4826  # the median absolute deviation of a normal distribution is 0.6745 standard deviations
MIN_SPREAD = dt.timedelta(days=365)
MIN_TIMES = 3
_EPOCH = dt.datetime(1970, 1, 1)  # times are naive: compared as seconds since this, with no time zone


@dataclass(frozen=True)
class ArchiveDate:
    date: dt.date
    source: str  # how it was found, for the report
    outliers: tuple[tuple[str, dt.datetime], ...] = ()  # (locator, recorded time) left out of the estimate
    supported: bool = True  # whether the evidence is enough to judge any date against it
    support: str = "given by the examiner: every date is judged against it"  # why, for the report
    dated: frozenset[str] | None = None  # files whose time was kept in the estimate; None: every file (given)

    def judges(self, locator: str) -> bool:
        """Whether a date in the file at ``locator`` may be judged against the archive's date (see the module)."""
        return self.supported and (self.dated is None or locator in self.dated)


def _parse(value: str) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(value[:19])
    except ValueError:
        return None


def member_times(archives: Iterable[tuple[str, dict[str, Any]]]) -> Iterator[tuple[str, str]]:
    """(member locator, ISO time) for every member time the archives record, from (archive locator, metadata)."""
    for locator, metadata in archives:
        entries = metadata.get("members_modified")
        for entry in entries if isinstance(entries, list) else ():
            if isinstance(entry, list) and len(entry) == 2 and all(isinstance(part, str) for part in entry):
                yield f"{locator}!/{entry[0]}", entry[1]


def _unsupported(date: dt.date, source: str, why: str, dated: Iterable[str] = ()) -> ArchiveDate:
    return ArchiveDate(date, source, supported=False, support=f"not enough to judge dates by: {why}",
                       dated=frozenset(dated))


def estimate(recorded: Iterable[tuple[str, str]], today: dt.date) -> ArchiveDate:
    """The archive's date from (locator, ISO time) pairs the files and their archives record; ``today`` when none."""
    times = [(locator, parsed) for locator, value in recorded if (parsed := _parse(value)) is not None]
    if not times:
        return _unsupported(today, "today (the files record no time)", "the files record no time")
    files = {locator for locator, _ in times}
    if len(times) < MIN_TIMES or len(files) < MIN_TIMES:
        latest = max(t for _, t in times)
        return _unsupported(
            latest.date(), f"latest time recorded in the files ({latest.isoformat()}; too few to be robust)",
            f"{len(times)} time{'s' if len(times) != 1 else ''} from {len(files)} file{'s' if len(files) != 1 else ''}, "
            f"fewer than {MIN_TIMES}", files,
        )
    seconds = [(t - _EPOCH).total_seconds() for _, t in times]
    median = statistics.median(seconds)
    deviation = statistics.median(abs(s - median) for s in seconds) * MAD_TO_SD
    limit = OUTLIER_SPREADS * max(deviation, MIN_SPREAD.total_seconds())
    kept = [(locator, t) for (locator, t), s in zip(times, seconds, strict=True) if abs(s - median) <= limit]
    outliers = tuple(pair for pair, s in zip(times, seconds, strict=True) if abs(s - median) > limit)
    latest = max(t for _, t in kept)
    middle = _EPOCH + dt.timedelta(seconds=median)
    dated = frozenset(locator for locator, _ in kept) - {locator for locator, _ in outliers}
    return ArchiveDate(
        latest.date(),
        f"latest of {len(kept)} times recorded in the files and their archives' entries ({latest.isoformat()}), "
        f"leaving out {len(outliers)} more than {OUTLIER_SPREADS} robust spreads ({limit / 86400:.0f} days) from "
        f"their median {middle.date().isoformat()}",
        outliers,
        supported=True,
        support=f"{len(kept)} times from {len(dated)} files; a date is judged against it only in a file whose own "
                "time, or its archive entry's, is among them",
        dated=dated,
    )


def given(date: dt.date) -> ArchiveDate:
    return ArchiveDate(date, "given")
