"""The archive's date (``as_of``): the date the material speaks of, after which nothing in it can have happened.

Stated (``adalet verify --as-of``), it is used as given. Otherwise it is estimated from the times the files record
(workbook and document ``modified``, EXIF times), robustly, so that one wrong clock does not move it: times further
from the median than OUTLIER_SPREADS robust spreads are left out, and the archive's date is the latest time left.
The robust spread is the median absolute deviation scaled to a standard deviation (x 1.4826), but never less than
MIN_SPREAD: one leak's files span months to years, and a clock off by less than a few years cannot be told from a
late file by dates alone, so the estimate errs late (fewer date findings), never early (false ones). The times left
out are returned, for the report to show as context. With fewer than MIN_TIMES times there is nothing to be robust
with: the latest is used.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Iterable
from dataclasses import dataclass

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


def _parse(value: str) -> dt.datetime | None:
    try:
        return dt.datetime.fromisoformat(value[:19])
    except ValueError:
        return None


def estimate(recorded: Iterable[tuple[str, str]], today: dt.date) -> ArchiveDate:
    """The archive's date from (locator, ISO time) pairs the files record; ``today`` when they record none."""
    times = [(locator, parsed) for locator, value in recorded if (parsed := _parse(value)) is not None]
    if not times:
        return ArchiveDate(today, "today (the files record no time)")
    if len(times) < MIN_TIMES:
        latest = max(t for _, t in times)
        return ArchiveDate(latest.date(), f"latest time recorded in the files ({latest.isoformat()}; too few to be robust)")
    seconds = [(t - _EPOCH).total_seconds() for _, t in times]
    median = statistics.median(seconds)
    deviation = statistics.median(abs(s - median) for s in seconds) * MAD_TO_SD
    limit = OUTLIER_SPREADS * max(deviation, MIN_SPREAD.total_seconds())
    kept = [t for (_, t), s in zip(times, seconds, strict=True) if abs(s - median) <= limit]
    outliers = tuple(pair for pair, s in zip(times, seconds, strict=True) if abs(s - median) > limit)
    latest = max(kept)
    middle = _EPOCH + dt.timedelta(seconds=median)
    return ArchiveDate(
        latest.date(),
        f"latest of {len(kept)} times recorded in the files ({latest.isoformat()}), leaving out {len(outliers)} more "
        f"than {OUTLIER_SPREADS} robust spreads ({limit / 86400:.0f} days) from their median "
        f"{middle.date().isoformat()}",
        outliers,
    )


def given(date: dt.date) -> ArchiveDate:
    return ArchiveDate(date, "given")
