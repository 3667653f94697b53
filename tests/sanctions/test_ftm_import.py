"""FtM JSON lines (the OpenSanctions export format): entities, their Sanction records, bad lines."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from adalet.sanctions import screening
from adalet.sanctions.models import Designation, ImportRun, SanctionedEntity

pytestmark = pytest.mark.django_db

PERSON = {"id": "eu-fsf-zhu", "schema": "Person", "datasets": ["eu_fsf"], "caption": "Zhu Hailun",
          "properties": {"name": ["Zhu Hailun"], "alias": ["朱海仑"], "birthDate": ["1958-01"], "nationality": ["cn"]}}
SANCTION = {"id": "eu-sanc-zhu", "schema": "Sanction", "datasets": ["eu_fsf"],
            "properties": {"entity": ["eu-fsf-zhu"], "authority": ["European Union"], "program": ["EU 2020/1998"],
                           "listingDate": ["2021-03-22"]}}


def write(path: Path, lines: list[object]) -> Path:
    path.write_text("\n".join(x if isinstance(x, str) else json.dumps(x, ensure_ascii=False) for x in lines) + "\n",
                    encoding="utf-8")
    return path


def test_entities_with_their_sanctions(tmp_path: Path) -> None:
    path = write(tmp_path / "eu.jsonl", [PERSON, SANCTION, "{broken", {"id": "x", "schema": "Person", "properties": {}}])
    call_command("sanctions", "import", "ftm", str(path), "--json")
    run = ImportRun.objects.get(authority="eu_fsf")
    assert (run.authority, run.added) == ("eu_fsf", 1)
    assert run.problems[0].startswith("line 3: not JSON") and run.problems[1] == "line 4: x has no name; skipped"
    zhu = SanctionedEntity.objects.get(source_id="eu-fsf-zhu")
    assert zhu.listed_on == date(2021, 3, 22) and zhu.listed_on_source == "list"
    assert zhu.names == ["Zhu Hailun", "朱海仑"] and zhu.birth_dates == ["1958-01"]
    assert Designation.objects.get(entity=zhu).program == "EU 2020/1998"
    best = screening.current_index().screen(screening.Query(["朱海仑"], "Person", ["1958"]))[0]
    assert best.entry.id == "eu-fsf-zhu" and best.match and best.entry.datasets == ["eu_fsf"]

    call_command("sanctions", "import", "ftm", str(path), "--json")
    assert ImportRun.objects.filter(authority="eu_fsf").first().changed is False  # type: ignore[union-attr]
    write(path, [{**PERSON, "properties": {**PERSON["properties"], "alias": []}}, SANCTION])
    call_command("sanctions", "import", "ftm", str(path), "--json")
    latest = ImportRun.objects.filter(authority="eu_fsf").first()
    assert latest is not None and (latest.added, latest.removed, latest.amended) == (0, 0, 1)


SEEN = {"first_seen": "2021-03-22T10:15:00", "last_seen": "2024-01-05T06:07:08", "last_change": "2023-11-30T12:00:00"}


def test_datasets_and_first_and_last_seen_kept_as_given(tmp_path: Path) -> None:
    """Not replaced by the --authority text and the import time: served by screening and the yente API as given."""
    person, other = {**PERSON, **SEEN}, {**PERSON, "id": "eu-fsf-bad", "first_seen": "yesterday"}
    path = write(tmp_path / "eu.jsonl", [person, SANCTION, other])
    call_command("sanctions", "import", "ftm", str(path), "--authority", "peer-list", "--json")
    run = ImportRun.objects.get(authority="peer-list")
    assert "line 3: first_seen 'yesterday' is not a timestamp; Adalet's own used" in run.problems
    entries = {e.id: e for e in screening.current_index().entries}
    zhu = entries["eu-fsf-zhu"]
    assert zhu.datasets == ["eu_fsf"] and zhu.authority == "peer-list"
    assert (zhu.first_seen, zhu.last_seen, zhu.last_change) == tuple(SEEN.values())
    assert entries["eu-fsf-bad"].first_seen == SanctionedEntity.objects.get(source_id="eu-fsf-bad").first_seen.isoformat()
    served = Client().get("/yente/entities/eu-fsf-zhu").json()
    assert served["datasets"] == ["eu_fsf"]
    assert (served["first_seen"], served["last_seen"], served["last_change"]) == tuple(SEEN.values())
    assert served["properties"]["sanctions"][0]["properties"]["program"] == ["EU 2020/1998"]
    catalog = Client().get("/yente/catalog").json()["current"]
    assert "eu_fsf" in catalog and "peer_list" not in catalog

    # OpenSanctions moves last_seen every day: kept as the latest file gives it, without an amendment
    write(path, [{**person, "last_seen": "2024-02-01T00:00:00"}, SANCTION, other])
    call_command("sanctions", "import", "ftm", str(path), "--authority", "peer-list", "--json")
    again = ImportRun.objects.filter(authority="peer-list").first()
    assert again is not None and (again.added, again.amended, again.removed, again.unchanged) == (0, 0, 0, 2)
    assert again.changed and not again.changes.filter(entity__source_id="eu-fsf-zhu").exists()
    assert {e.id: e for e in screening.current_index().entries}["eu-fsf-zhu"].last_seen == "2024-02-01T00:00:00"


def test_dataset_names_are_checked(tmp_path: Path) -> None:
    """yente's and nomenklatura's rule: a dataset name is lowercase [a-z0-9_]; anything else is refused, one line."""
    path = write(tmp_path / "peer.jsonl", [PERSON, SANCTION])
    runs, entities = ImportRun.objects.count(), SanctionedEntity.objects.count()
    with pytest.raises(CommandError) as refused:
        call_command("sanctions", "import", "ftm", str(path), "--authority", "Peer FtM test", "--json")
    assert str(refused.value) == ("--authority 'Peer FtM test': 'Peer FtM test' is not a dataset name (lowercase "
                                  "letters, digits and _ only, e.g. 'peer_ftm_test'); nothing imported")
    write(path, [{**PERSON, "datasets": ["Peer FtM test"]}, SANCTION])
    with pytest.raises(CommandError, match=r"^peer.jsonl line 1: 'Peer FtM test' is not a dataset name .*nothing imported$"):
        call_command("sanctions", "import", "ftm", str(path), "--json")
    write(path, [PERSON, {**SANCTION, "datasets": ["eu-fsf"]}])
    with pytest.raises(CommandError, match=r"line 2: 'eu-fsf' is not a dataset name .*'eu_fsf'"):
        call_command("sanctions", "import", "ftm", str(path), "--authority", "eu-fsf", "--json")
    assert (ImportRun.objects.count(), SanctionedEntity.objects.count()) == (runs, entities)
