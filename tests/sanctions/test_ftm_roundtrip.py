"""The officials registry through FollowTheMoney and back: `adalet officials export`, FtM's own `ftm validate`, then
`adalet officials import-ftm` into an empty registry, loses nothing. `registry()` reads every field of every row the
registry keeps (officials, posts, stated areas, designations, evidence), so a field added to one of those models and
not carried fails here; only this home's own numbering (row ids, custody log positions) is left out. Reading the
same file again changes nothing; a file referring to an entity it does not hold, or to evidence this archive does
not have, is one error naming it, and nothing of it is written."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import models
from django.utils import timezone

from adalet.archive.ingest import ingest
from adalet.archive.models import CustodyRecord, Item
from adalet.people.models import Person, PersonKind, Position, PostArea
from adalet.people.officials import PostSpec, add_post, parse_post, state_area, upsert_official
from adalet.sanctions.gaps import gap_matrix
from adalet.sanctions.models import Evidence, MatchStatus, OfficialMatch, ReferenceDesignation, SanctionedEntity
from adalet.sanctions.officials import add_evidence, load_registry
from tests.sanctions.conftest import FACTS

pytestmark = pytest.mark.django_db

FTM = Path(sys.executable).parent / "ftm"
OFFICIAL_KINDS = [PersonKind.OFFICIAL, PersonKind.ORGANIZATION]
#: This home's numbering: another home numbers its rows and its custody log its own way.
LOCAL_FIELDS = {"id", "custody_seq"}
#: Models of the people and sanctions apps that refer to a Person or a post but are not the registry, and why.
NOT_CARRIED = {
    "people.NameKey": "derived from names, rebuilt by the name index",
    "people.Detention": "a detainee's record", "people.Relative": "a detainee's relative",
    "people.PhotoLink": "a detainee's photo", "people.PersonLink": "detainees across collections",
    "people.Annotation": "a team's note on a detainee",
    "sanctions.OfficialMatch": "this home's review of the lists it imported (the designation it shows is exported)",
}


def natural(value: models.Model) -> Any:
    """A related row by what identifies it in any home."""
    if isinstance(value, Person):
        return value.name
    if isinstance(value, Item):
        return (value.locator, value.sha256)
    if isinstance(value, Position):
        return (value.person.name, value.title, value.organization, value.start)
    raise AssertionError(f"teach registry() how another home names a {type(value).__name__}")


def rows(query: models.QuerySet[Any]) -> list[dict[str, Any]]:
    """Every concrete field of every row but LOCAL_FIELDS; relations by their natural key."""
    found = []
    for row in query:
        fields = {}
        for field in type(row)._meta.concrete_fields:
            if field.name in LOCAL_FIELDS:
                continue
            related = getattr(row, field.name) if field.is_relation else None
            fields[field.name] = natural(related) if related is not None else getattr(row, field.attname)
        found.append(fields)
    return sorted(found, key=lambda r: json.dumps(r, default=str, ensure_ascii=False, sort_keys=True))


def registry() -> dict[str, list[dict[str, Any]]]:
    people = Person.objects.filter(kind__in=OFFICIAL_KINDS)
    return {
        "officials": rows(people),
        "posts": rows(Position.objects.filter(person__in=people)),
        "areas": rows(PostArea.objects.filter(position__person__in=people)),
        "designations": rows(ReferenceDesignation.objects.filter(official__in=people)),
        "evidence": rows(Evidence.objects.filter(official__in=people)),
    }


COMPARED = {"people.Person", "people.Position", "people.PostArea", "sanctions.ReferenceDesignation", "sanctions.Evidence"}


def test_every_model_that_refers_to_an_official_is_compared_or_said_not_to_be_carried() -> None:
    referring = {model._meta.label for model in apps.get_models() if model._meta.app_label in ("people", "sanctions")
                 for field in model._meta.concrete_fields
                 if field.is_relation and field.related_model in (Person, Position)}
    assert referring - COMPARED - set(NOT_CARRIED) == set()


def sourced(post: str) -> PostSpec:
    return replace(parse_post(post), source=f"Xinhua, appointment notice ({post.split('@')[0].strip()})")


def entities(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def write(path: Path, lines: list[dict[str, Any]]) -> Path:
    path.write_text("".join(json.dumps(e, ensure_ascii=False) + "\n" for e in lines), encoding="utf-8")
    return path


@pytest.fixture
def full_registry(tmp_path: Path) -> dict[str, list[dict[str, Any]]]:
    """The facts file's officials and designations, posts with their sources and a stated area, a designation with
    all an FtM Sanction states, names from two sources, and two speeches linked as evidence."""
    load_registry(FACTS)  # people and bodies, most without posts, with their reference designations
    chen, _ = upsert_official("CHEN Quanguo", other_names=["陈全国", "Chen Kuanguo"], birth="1955",
                              source="adalet officials add")
    add_post(chen, sourced("Party Secretary @ Xinjiang Uyghur Autonomous Region Party Committee : 2016-08-2021-12"))
    add_post(chen, sourced("Chairman @ 新疆生产建设兵团 : 2016-09-2021-12"))
    state_area(Position.objects.get(person=chen, title="Chairman"), "Ili Prefecture", source="Xinhua, 2016-09-01")
    bureau, _ = upsert_official("Xinjiang Public Security Bureau", other_names=["新疆维吾尔自治区公安厅"], organization=True)
    add_post(bureau, sourced("Member @ Xinjiang Political and Legal Affairs Commission : 2017"))
    ReferenceDesignation.objects.filter(official=chen, jurisdiction="us").update(
        authority="US Treasury (OFAC)", program="GLOMAG", reason="serious human rights abuse against ethnic minorities",
        source_url="https://home.treasury.gov/news/press-releases/sm1055")
    folder = tmp_path / "leak"
    folder.mkdir()
    (folder / "讲话.txt").write_text("自治区党委书记陈全国在会议上讲话，要求应收尽收。", encoding="utf-8")
    (folder / "通知.txt").write_text("兵团公安局关于集中教育转化的通知。", encoding="utf-8")
    ingest(folder, "speeches", ocr=False)
    for name, who in (("讲话.txt", chen), ("通知.txt", chen), ("通知.txt", bureau)):
        add_evidence(who, Item.objects.get(name=name).locator, f"{name}: orders detention", "researcher@lab")
    before = registry()
    assert all(before.values()), {k: len(v) for k, v in before.items()}
    return before


def exported_and_validated(tmp_path: Path) -> Path:
    assert FTM.exists(), f"followthemoney's CLI is not installed beside {sys.executable}"
    exported = tmp_path / "officials.ftm.jsonl"
    call_command("officials", "export", "--out", str(exported))
    validated = tmp_path / "validated.ftm.jsonl"
    checked = subprocess.run(
        [str(FTM), "validate", "-i", str(exported), "-o", str(validated)], capture_output=True, text=True, timeout=120
    )
    assert checked.returncode == 0, checked.stderr
    assert [e["id"] for e in entities(validated)] == [e["id"] for e in entities(exported)]
    return validated


def empty_registry() -> None:
    Person.objects.filter(kind__in=OFFICIAL_KINDS).delete()
    assert not any(registry().values())


def test_export_validate_import_loses_nothing(tmp_path: Path, full_registry: dict[str, list[dict[str, Any]]]) -> None:
    validated = exported_and_validated(tmp_path)
    rows_out = entities(validated)
    by_id = {e["id"]: e for e in rows_out}
    chairman = next(e for e in rows_out if e["schema"] == "Position" and e["properties"]["name"] == ["Chairman"])
    (unit_id,) = chairman["properties"]["organization"]
    assert by_id[unit_id]["properties"]["name"] == ["新疆生产建设兵团"]
    assert chairman["properties"]["subnationalArea"] == ["Ili Prefecture"]
    sanction = next(e for e in rows_out if e["schema"] == "Sanction" and e["properties"].get("program") == ["GLOMAG"])
    assert by_id[sanction["properties"]["entity"][0]]["properties"]["name"] == ["CHEN Quanguo"]
    assert (sanction["properties"]["country"], sanction["properties"]["listingDate"]) == (["us"], ["2020-07-09"])
    assert sanction["properties"]["sourceUrl"] == ["https://home.treasury.gov/news/press-releases/sm1055"]
    documented = [e for e in rows_out if e["schema"] == "Documentation"]
    assert len(documented) == 3 and all(by_id[d["properties"]["document"][0]]["properties"]["contentHash"]
                                        for d in documented)

    empty_registry()
    call_command("officials", "import-ftm", str(validated))
    assert registry() == full_registry


def test_reading_the_same_file_again_changes_nothing(tmp_path: Path, full_registry: dict[str, list[dict[str, Any]]]) -> None:
    validated = exported_and_validated(tmp_path)
    empty_registry()
    call_command("officials", "import-ftm", str(validated))
    once, logged = registry(), CustodyRecord.objects.count()
    assert once == full_registry
    call_command("officials", "import-ftm", str(validated))
    assert registry() == once and CustodyRecord.objects.count() == logged


def test_a_reference_to_an_entity_not_in_the_file_is_named_and_nothing_is_written(
        tmp_path: Path, full_registry: dict[str, list[dict[str, Any]]]) -> None:
    validated = exported_and_validated(tmp_path)
    lines = entities(validated)
    sanction = next(e for e in lines if e["schema"] == "Sanction" and e["properties"].get("program") == ["GLOMAG"])
    (chen_id,) = sanction["properties"]["entity"]
    document_id = next(e["id"] for e in lines if e["schema"] == "Document")
    empty_registry()
    logged = CustodyRecord.objects.count()
    for missing in (chen_id, document_id):  # the official a designation names; the document of an evidence link
        broken = write(tmp_path / "broken.jsonl", [e for e in lines if e["id"] != missing])
        with pytest.raises(CommandError) as refused:
            call_command("officials", "import-ftm", str(broken))
        message = str(refused.value)
        assert "\n" not in message and f"refers to '{missing}'" in message and "nothing imported" in message
        assert message.startswith("broken.jsonl line ")
        assert not any(registry().values()) and CustodyRecord.objects.count() == logged
    Item.objects.filter(name="通知.txt").update(sha256="0" * 64)  # evidence this archive does not hold
    with pytest.raises(CommandError, match=r"document '[0-9a-f]+' \(SHA-256 [0-9a-f]{64}, '通知.txt'\) is not in this "
                                           r"archive; ingest it first; nothing imported"):
        call_command("officials", "import-ftm", str(validated))
    assert not any(registry().values()) and CustodyRecord.objects.count() == logged


def test_a_confirmed_list_match_comes_back_as_the_designation_it_shows(tmp_path: Path) -> None:
    """The lists and this home's review of its matches are not the registry: a designation the gap matrix shows from a
    confirmed match comes back as a stated designation with the same date, naming the list entry it came from."""
    official, _ = upsert_official("SUN Listedonly", other_names=["孙只在名单"], birth="1960")
    now = timezone.now()
    entry = SanctionedEntity.objects.create(
        authority="us-ofac", source_id="ofac-99001", schema="Person", caption="SUN, Listedonly", names=["SUN, Listedonly"],
        programs=["GLOMAG"], content_hash="x", listed_on=date(2022, 12, 9), listed_on_source="list", first_seen=now,
        last_changed=now)
    OfficialMatch.objects.create(official=official, entity=entry, score=1.0, name="SUN, Listedonly",
                                 status=MatchStatus.CONFIRMED)
    before = {c: cell.date for c, cell in gap_matrix(people=[official])[0].cells.items()}
    assert before == {"us": "2022-12-09", "eu": None, "uk": None, "ca": None}
    validated = exported_and_validated(tmp_path)
    (sanction,) = [e for e in entities(validated) if e["schema"] == "Sanction"]
    assert sanction["properties"]["authorityId"] == ["ofac-99001"] and sanction["properties"]["country"] == ["us"]

    empty_registry()
    call_command("officials", "import-ftm", str(validated))
    back = gap_matrix(people=[Person.objects.get(name="SUN Listedonly")])[0].cells
    assert {c: cell.date for c, cell in back.items()} == before
    assert (back["us"].basis, back["us"].detail) == ("reference", "list: ofac-99001 (GLOMAG)")
