"""Fixtures for the sanctions tests: the slice of the real OFAC SDN list kept in tests/fixtures, imported once per
session, and the officials' facts file beside it."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import RESTORERS

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "sanctions"
OFAC = FIXTURES / "ofac_sdn"
FACTS = FIXTURES / "officials.csv"
SLICE_ENTRIES = 2481  # entries in the slice's sdn.csv (make_ofac_slice.py: 315 GLOMAG, 2,166 others)


def us_designations() -> list[dict[str, str]]:
    """Rows of the facts file with a US (OFAC) designation date, with their ent_num."""
    with open(FACTS, encoding="utf-8", newline="") as stream:
        rows = [r for r in csv.DictReader(stream) if r["us_ofac"].strip()]
    for r in rows:
        r["ent_num"] = re.search(r"SDN entry (\d+)", r["source"]).group(1)  # type: ignore[union-attr]
    return rows


@pytest.fixture(scope="session")
def ofac_dir() -> Path:
    return OFAC


@pytest.fixture(scope="session")
def listed_dates(ofac_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A dates file (ent_num, listed_on) built from the facts file: the CSV set itself has no listing dates."""
    path = tmp_path_factory.mktemp("dates") / "listed.csv"
    with open(path, "w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["ent_num", "listed_on"])
        for r in us_designations():
            writer.writerow([r["ent_num"], r["us_ofac"]])
    return path


def _import_sdn(ofac_dir: Path, listed_dates: Path) -> int:
    from django.core.management import call_command

    from adalet.sanctions.models import ImportRun

    call_command("sanctions", "import", "ofac", str(ofac_dir), "--listed-dates", str(listed_dates), "--json")
    run = ImportRun.objects.order_by("-id").first()
    assert run is not None
    return run.pk


@pytest.fixture(scope="session")
def sdn_import(django_db_setup: None, django_db_blocker: pytest.FixtureRequest, ofac_dir: Path,
               listed_dates: Path) -> Iterator[dict[str, int]]:
    """The full SDN list imported once per session ({"run": id}); imported again before the next test that needs it
    when a transactional test has emptied the tables (tests/conftest.py RESTORERS)."""
    from adalet.sanctions.models import ImportRun, SanctionedEntity

    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        held = {"run": _import_sdn(ofac_dir, listed_dates)}

    def restore(item: pytest.Item) -> bool:
        if "imported_sdn" not in getattr(item, "fixturenames", ()):
            return False  # not needed yet: asked again at the next test
        if not ImportRun.objects.filter(pk=held["run"]).exists():
            held["run"] = _import_sdn(ofac_dir, listed_dates)
        return True

    RESTORERS["sdn"] = restore
    yield held
    del RESTORERS["sdn"]
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        ImportRun.objects.all().delete()
        SanctionedEntity.objects.all().delete()


@pytest.fixture
def imported_sdn(sdn_import: dict[str, int]) -> int:
    """The id of the session's SDN import (kept across tests: each test's own changes roll back)."""
    return sdn_import["run"]


@pytest.fixture
def no_lists(db: None) -> None:
    """The sanctions tables as a new installation has them, whatever an earlier test on this worker imported (the
    session's SDN list is kept across tests): deleted inside the test's transaction, so it comes back after."""
    from adalet.sanctions.models import ImportRun, SanctionedEntity

    SanctionedEntity.objects.all().delete()
    ImportRun.objects.all().delete()
