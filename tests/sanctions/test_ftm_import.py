"""FtM JSON lines (the OpenSanctions export format): entities, their Sanction records, bad lines."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command

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
