"""Facilities: the detention facilities the ASPI Xinjiang Data Project located (`adalet facilities import-aspi FILE`),
and the facilities the leak's records name, with how many detentions each holds.

ASPI's camp dataset (CampDataset_v1.csv, https://xjdp.aspi.org.au/) has one row per facility found on satellite
imagery: ``Number``, ``Name_Code`` (e.g. "Konasheher Facility #1"), ``Lat``, ``Long``, ``Prefecture``, ``County`` and
``Tier`` (security features, 1 lowest to 4 highest), among other columns. The file is read where it is given, never
copied; each facility keeps ``aspi:<Number>`` and the file's name, and each import goes on the custody log with the
file's SHA-256. Importing again updates the same facilities.
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.db.models import Count, Q

from adalet.archive import bindings, custody
from adalet.people.models import Detention, Facility

ASPI_COLUMNS = ("Number", "Name_Code", "Lat", "Long", "Prefecture", "County", "Tier")
ASPI_PREFIX = "aspi:"
ASPI_CITATION = "Australian Strategic Policy Institute (ASPI), Xinjiang Data Project: detention facilities dataset"
ASPI_URL = "https://xjdp.aspi.org.au/"
TIERS = (1, 2, 3, 4)


class FacilityError(ValueError):
    """A dataset file that cannot be read."""


@dataclass
class AspiImport:
    file: str
    sha256: str
    created: int = 0
    updated: int = 0
    problems: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class FacilityPoint:
    """A facility with coordinates, as the map draws it."""

    name: str
    prefecture: str
    county: str
    tier: int | None
    latitude: float
    longitude: float


@dataclass(frozen=True)
class RecordFacility:
    """A facility the records name, with its detention rows (``held``: those whose status means held)."""

    name: str
    kind: str
    county: str
    records: int
    held: int
    id: int = 0  # the Facility's


def import_aspi(path: Path, actor: str) -> AspiImport:
    """Create or update ASPI's facilities from its CSV file; rows that cannot be read are reported, not guessed."""
    try:
        data = path.read_bytes()
        text = data.decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise FacilityError(f"cannot read {path}: {error}") from None
    reader = csv.DictReader(text.splitlines())
    missing = [c for c in ASPI_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise FacilityError(f"{path.name}: no {', '.join(missing)} column: is this ASPI's camp dataset?")
    report = AspiImport(path.name, hashlib.sha256(data).hexdigest())
    with transaction.atomic(), bindings.operation(actor, path.name):  # one binding for the whole file
        for line, row in enumerate(reader, start=2):
            try:
                created = _store(row, path.name)
            except ValueError as error:
                report.problems.append(f"{path.name} line {line}: {error}")
                continue
            report.created += created
            report.updated += not created
        custody.append(
            "facilities-import", actor=actor, subject=path.name,
            detail={"dataset": "aspi", "sha256": report.sha256, "created": report.created, "updated": report.updated,
                    "problems": len(report.problems)},
        )
    return report


def _store(row: dict[str, str], file_name: str) -> bool:
    number = (row.get("Number") or "").strip()
    name = " ".join((row.get("Name_Code") or "").split())
    if not number or not name:
        raise ValueError("no Number or Name_Code")
    latitude, longitude = _coordinate(row, "Lat", 90), _coordinate(row, "Long", 180)
    tier_text = (row.get("Tier") or "").strip()
    if tier_text and tier_text not in {str(t) for t in TIERS}:
        raise ValueError(f"Tier {tier_text!r} is not 1, 2, 3 or 4")
    values = {
        "name": name[:300], "prefecture": (row.get("Prefecture") or "").strip()[:200],
        "county": (row.get("County") or "").strip()[:200], "latitude": latitude, "longitude": longitude,
        "tier": int(tier_text) if tier_text else None, "source": f"{ASPI_CITATION}, {file_name} #{number}",
    }
    external_id = ASPI_PREFIX + number
    facility = Facility.objects.filter(external_id=external_id).first() or Facility.objects.filter(name=values["name"]).first()
    created = facility is None
    facility = facility or Facility(external_id=external_id)
    for key, value in values.items():
        setattr(facility, key, value)
    facility.external_id = external_id
    facility.save()
    return created


def _coordinate(row: dict[str, str], column: str, limit: float) -> float:
    text = (row.get(column) or "").strip()
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"{column} {text!r} is not a number") from None
    if not -limit <= value <= limit:
        raise ValueError(f"{column} {value} is out of range")
    return value


def mapped_facilities() -> list[FacilityPoint]:
    """Every facility with coordinates (ASPI's, and any other located one), by prefecture, county and name."""
    rows = Facility.objects.filter(latitude__isnull=False, longitude__isnull=False).order_by("prefecture", "county", "name")
    return [
        FacilityPoint(f.name, f.prefecture, f.county, f.tier, f.latitude, f.longitude)  # type: ignore[arg-type]
        for f in rows.only("name", "prefecture", "county", "tier", "latitude", "longitude")
    ]


def record_facilities(collection_ids: Sequence[int]) -> list[RecordFacility]:
    """The facilities named in the records of these collections, most detentions first."""
    rows = (
        Detention.objects.filter(person__collection_id__in=list(collection_ids), facility__isnull=False)
        .exclude(source__item__withheld=True)  # rows of items withheld until published are not counted
        .values("facility_id", "facility__name", "facility__kind", "facility__county")
        .annotate(records=Count("pk"), held=Count("pk", filter=Q(detained=True)))
        .order_by("-records", "facility__name")
    )
    return [
        RecordFacility(r["facility__name"], r["facility__kind"], r["facility__county"], r["records"], r["held"],
                       r["facility_id"])
        for r in rows
    ]
