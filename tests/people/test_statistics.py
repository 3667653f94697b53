"""A collection's detention statistics: held detentions by facility, age band on admission and sex, counted the way
xref counts photos; impossible ages are unknown, not minors."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from adalet.people.models import Detention
from adalet.people.statistics import detention_statistics
from adalet.people.xref import AGE_BANDS, age_band, age_on
from tests.web.conftest import build_leak

pytestmark = pytest.mark.django_db


def test_statistics_count_every_held_detention_once_in_each_breakdown(tmp_path: Path) -> None:
    collection = build_leak(tmp_path / "leak")
    stats = detention_statistics(collection.pk)
    held = Detention.objects.filter(person__collection=collection, detained=True).select_related("person", "facility")
    assert stats.records == Detention.objects.filter(person__collection=collection).count() > stats.held == held.count() > 0
    for breakdown in (stats.by_facility, stats.by_age_band, stats.by_sex):
        assert sum(breakdown.values()) == stats.held
    assert list(stats.by_facility.values()) == sorted(stats.by_facility.values(), reverse=True)
    order = [name for _, name in AGE_BANDS] + ["unknown"]
    assert list(stats.by_age_band) == sorted(stats.by_age_band, key=order.index)
    ages = [age_on(d.person.birth_date, d.admitted) for d in held]
    assert stats.by_age_band.get("45-59", 0) == sum(1 for a in ages if age_band(a) == "45-59" and 0 <= a <= 110)
    assert stats.minors == sum(1 for a in ages if a is not None and 0 <= a < 18)
    assert stats.by_sex == {k: v for k, v in stats.by_sex.items() if k in ("male", "female", "unknown")}
    assert stats.people_held == len({d.person_id for d in held})


def test_an_admission_before_birth_is_an_unknown_age_not_a_minor(tmp_path: Path) -> None:
    collection = build_leak(tmp_path / "leak")
    before = detention_statistics(collection.pk)
    detention = Detention.objects.filter(
        person__collection=collection, detained=True, person__birth_date__isnull=False, admitted__isnull=False
    ).select_related("person").order_by("pk").first()
    born = detention.person.birth_date
    was_minor = 0 <= age_on(born, detention.admitted) < 18
    detention.admitted = born - dt.timedelta(days=400)
    detention.save()
    after = detention_statistics(collection.pk)
    assert after.minors == before.minors - was_minor
    assert after.by_age_band.get("unknown", 0) == before.by_age_band.get("unknown", 0) + 1


def test_an_empty_collection_has_no_figures() -> None:
    stats = detention_statistics(999999)
    assert (stats.records, stats.held, stats.by_facility) == (0, 0, {})
