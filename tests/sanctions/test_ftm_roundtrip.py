"""The officials registry through FollowTheMoney and back: `adalet officials export`, FtM's own `ftm validate`, then
`adalet officials import-ftm` into an empty registry, loses nothing of the officials and their posts: each post's
``Position`` keeps its organization, its ``Occupancy`` ties the holder to it with the dates and the source."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from adalet.people.models import Person, PersonKind, Position
from adalet.people.officials import PostSpec, add_post, parse_post, state_area, upsert_official
from adalet.sanctions.officials import load_registry
from tests.sanctions.conftest import FACTS

pytestmark = pytest.mark.django_db

FTM = Path(sys.executable).parent / "ftm"


def registry() -> list[tuple[Any, ...]]:
    """What the registry holds of each official: kind, names, birth, and each post with its unit, dates, area, source."""
    rows = []
    for person in Person.objects.filter(kind__in=[PersonKind.OFFICIAL, PersonKind.ORGANIZATION]).order_by("name"):
        posts = sorted(
            (p.title, p.organization, p.start, p.end, getattr(getattr(p, "stated_area", None), "area", ""), p.source)
            for p in Position.objects.filter(person=person).select_related("stated_area")
        )
        rows.append((person.kind, [n["name"] for n in person.names], person.birth, posts))
    return rows


def sourced(post: str) -> PostSpec:
    return replace(parse_post(post), source=f"Xinhua, appointment notice ({post.split('@')[0].strip()})")


def entities(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_export_validate_import_loses_nothing(tmp_path: Path) -> None:
    assert FTM.exists(), f"followthemoney's CLI is not installed beside {sys.executable}"
    load_registry(FACTS)  # the officials facts file: people and bodies, most without posts
    chen, _ = upsert_official("CHEN Quanguo", other_names=["陈全国"], birth="1955")
    add_post(chen, sourced("Party Secretary @ Xinjiang Uyghur Autonomous Region Party Committee : 2016-08-2021-12"))
    add_post(chen, sourced("Chairman @ 新疆生产建设兵团 : 2016-09-2021-12"))
    state_area(Position.objects.get(person=chen, title="Chairman"), "Ili Prefecture", source="test")
    bureau, _ = upsert_official("Xinjiang Public Security Bureau", other_names=["新疆维吾尔自治区公安厅"], organization=True)
    add_post(bureau, sourced("Member @ Xinjiang Political and Legal Affairs Commission : 2017"))
    before = registry()
    assert len(before) > 10 and any(kind == PersonKind.ORGANIZATION for kind, *_ in before)

    exported = tmp_path / "officials.ftm.jsonl"
    call_command("officials", "export", "--out", str(exported))
    rows = entities(exported)
    by_id = {e["id"]: e for e in rows}
    chairman = next(e for e in rows if e["schema"] == "Position" and e["properties"]["name"] == ["Chairman"])
    (unit_id,) = chairman["properties"]["organization"]
    assert by_id[unit_id]["schema"] == "Organization" and by_id[unit_id]["properties"]["name"] == ["新疆生产建设兵团"]
    occupancy = next(e for e in rows if e["schema"] == "Occupancy" and e["properties"]["post"] == [chairman["id"]])
    assert by_id[occupancy["properties"]["holder"][0]]["properties"]["name"] == ["CHEN Quanguo"]
    assert occupancy["properties"]["startDate"] == ["2016-09"] and occupancy["properties"]["endDate"] == ["2021-12"]

    validated = tmp_path / "validated.ftm.jsonl"
    checked = subprocess.run(
        [str(FTM), "validate", "-i", str(exported), "-o", str(validated)], capture_output=True, text=True, timeout=120
    )
    assert checked.returncode == 0, checked.stderr
    assert {e["id"] for e in entities(validated)} == set(by_id)

    Person.objects.filter(kind__in=[PersonKind.OFFICIAL, PersonKind.ORGANIZATION]).delete()
    assert registry() == []
    call_command("officials", "import-ftm", str(validated))
    assert registry() == before
