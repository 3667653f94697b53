"""Importing one list from files on disk: parse it by its format, then apply it (:func:`import_list`).

The one way a list comes in, whoever asks: ``adalet sanctions import`` (a path given by hand) and
``adalet sanctions fetch`` (files just downloaded, :mod:`adalet.sanctions.fetch`). Formats:

* ``ofac``: a directory with OFAC's ``sdn.csv`` (and ``add.csv``, ``alt.csv``), optionally a listing-dates file;
* ``ftm``: FollowTheMoney JSON lines (the authority: given, else the file's first dataset; either must read as a
  dataset name, ``-`` standing for ``_``: ``us-ofac`` serves as ``us_ofac_sdn``, ``Peer FtM test`` is refused);
* ``eu``, ``uk``, ``canada``: the FSF XML or an EU annex CSV, the FCDO XML, the SEMA XML (the authority: given, else
  the format's own, ``eu-oj-<celex>`` for an annex).

Whatever the format, the authority (given or read) must read as a dataset name, as for FtM; else nothing is imported.

:func:`parse_list` and :func:`refuse_shrink` are separate so that a fetch can refuse a list that parses to far
fewer entries than the authority has now (a broken download must not de-list everyone) before anything is written.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from adalet.sanctions.importers import canada, eu, ftm, ofac, uk
from adalet.sanctions.importers.apply import apply
from adalet.sanctions.importers.records import ListImportError, Parsed
from adalet.sanctions.models import ImportRun, SanctionedEntity
from adalet.sanctions.screening import dataset_name

FORMATS = ("ofac", "ftm", "eu", "uk", "canada")
XML_READERS = {"eu": eu, "uk": uk, "canada": canada}


class ListShrunk(ListImportError):
    """A list that parses to far fewer entries than its authority has now (refused unless accepted)."""


@dataclass
class ParsedList:
    """A list read from disk, with the authority it will be imported under."""

    fmt: str
    path: Path
    parsed: Parsed
    authority: str
    listed_dates: dict[str, date] | None

    @property
    def entries(self) -> int:
        """Entries the list holds: readable records and malformed ones whose id was read (kept as they are)."""
        return len(self.parsed.records) + len(self.parsed.held)


def parse_list(fmt: str, path: Path, authority: str | None = None, listed_dates: Path | None = None) -> ParsedList:
    """Read *path* as *fmt*; raises :class:`ListImportError` (one line) when it cannot be imported at all."""
    if fmt not in FORMATS:
        raise ListImportError(f"unknown list format {fmt!r} (one of {', '.join(FORMATS)})")
    dates = None
    if authority is not None and fmt != "ofac":
        check_authority(authority)
    if fmt == "ofac":
        dates = ofac.read_listed_dates(listed_dates) if listed_dates else None
        parsed, authority = ofac.parse(path), ofac.AUTHORITY
    elif fmt in XML_READERS:
        reader = XML_READERS[fmt]
        parsed = reader.parse(path)
        authority = authority or reader.authority_for(parsed)
    else:
        parsed = ftm.parse(path)
        authority = authority or ftm_authority(parsed)
    check_authority(authority, given_as=f"{fmt} authority read from {path.name}")
    return ParsedList(fmt, path, parsed, authority, dates)


def check_authority(authority: str, given_as: str = "--authority") -> None:
    """Every list's authority names the dataset its entries are served under (yente's rule for a dataset name, after
    ``-`` → ``_``: lowercase ``[a-z0-9_]``), whatever the format and whether given or read from the file; raises
    :class:`ListImportError` (one line) when it cannot be one."""
    problem = ftm.dataset_name_problem(dataset_name(authority))
    if problem:
        raise ListImportError(f"{given_as} {authority!r}: {problem}; nothing imported")



def ftm_authority(parsed: Parsed) -> str:
    """The first dataset named by a record of an FtM file, else ``ftm``."""
    for rec in parsed.records:
        datasets = rec.raw.get("datasets") or []
        if isinstance(datasets, list) and datasets:
            return str(datasets[0])
    return "ftm"


def current_entries(authority: str) -> int:
    """How many entries of *authority*'s list are current (not removed)."""
    return SanctionedEntity.objects.filter(authority=authority, removed_on__isnull=True).count()


def refuse_shrink(parsed: ParsedList, min_share: float) -> None:
    """Raise :class:`ListShrunk` when *parsed* holds fewer than *min_share* of the authority's current entries."""
    current = current_entries(parsed.authority)
    if current and parsed.entries < current * min_share:
        raise ListShrunk(
            f"{parsed.authority}: the new list has {parsed.entries} entries, the current one {current} (under "
            f"{min_share:.0%}); refused, nothing changed (if the list really shrank: --accept-shrink)"
        )


def apply_list(
    parsed: ParsedList, source: str | None = None, progress: Callable[[int, int], None] | None = None
) -> ImportRun:
    """Apply a parsed list; *source* is what the run records as read (default: the path)."""
    total = len(parsed.parsed.records)
    return apply(parsed.authority, parsed.fmt, source or str(parsed.path), parsed.parsed, parsed.listed_dates,
                 progress=(lambda n: progress(n, total)) if progress else None)


def import_list(
    fmt: str,
    path: Path,
    authority: str | None = None,
    listed_dates: Path | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ImportRun:
    """Parse *path* as *fmt* and apply it: the finished :class:`ImportRun` (``adalet sanctions import``)."""
    return apply_list(parse_list(fmt, path, authority, listed_dates), progress=progress)
