"""Posts in and out as FollowTheMoney (Position, Occupancy, Membership; the unit an Organization, a stated area as
subnationalArea), all or nothing; and the demo's officials: fictional, marked so in every name, with posts over the
synthetic leak's counties, so that responsibility counts its records."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from followthemoney import model

from adalet.archive.models import Item
from adalet.demo.officials import MARK, MARK_ZH, POSTS, entities, names
from adalet.people.models import Detention, Person, Position, PostArea
from adalet.people.officials import OfficialError, PostSpec, add_post, state_area, upsert_official
from adalet.people.units import of_unit
from adalet.sanctions import ftm_export
from adalet.sanctions.ftm_posts import import_posts
from tests.web.conftest import build_leak

pytestmark = pytest.mark.django_db


def posts_of(name: str) -> list[tuple[str, str, str, str, str]]:
    person = Person.objects.get(name=name)
    return sorted((p.title, p.organization, p.start, p.end, PostArea.objects.filter(position=p).values_list(
        "area", flat=True).first() or "") for p in Position.objects.filter(person=person))


def test_posts_go_out_and_come_back_as_followthemoney(tmp_path: Path) -> None:
    chen, _ = upsert_official("CHEN Test", other_names=["陈测试"], birth="1955")
    add_post(chen, PostSpec("Party Secretary", "新疆维吾尔自治区党委", "2016-08", "2021-12"))
    inspector = add_post(chen, PostSpec("Inspector", "某某督察组", "2018-03-05", ""))
    state_area(inspector, "特克斯县; Ili Prefecture")
    before = posts_of("CHEN Test")
    stream = io.StringIO()
    ftm_export.write_jsonl(stream)
    exported = [json.loads(line) for line in stream.getvalue().splitlines()]
    for entity in exported:
        model.get_proxy(entity)  # each one a valid FtM entity
    units = {e["properties"]["name"][0] for e in exported if e["schema"] == "Organization"}
    assert units == {"新疆维吾尔自治区党委", "某某督察组"}
    assert {e["properties"].get("subnationalArea", [""])[0] for e in exported if e["schema"] == "Position"} == {
        "", "特克斯县; Ili Prefecture"}
    path = tmp_path / "officials.ftm.jsonl"
    path.write_text(stream.getvalue(), encoding="utf-8")
    Person.objects.all().delete()
    report = import_posts(path)
    assert (report.officials, report.posts) == (1, 2)
    assert posts_of("CHEN Test") == before
    assert Person.objects.get(name="CHEN Test").birth == "1955"


def test_a_membership_is_a_post_and_an_unknown_unit_writes_nothing(tmp_path: Path) -> None:
    def entity(schema: str, key: str, **props: object) -> str:
        return json.dumps({"id": key, "schema": schema, "properties": {k: [v] for k, v in props.items()}})

    lines = [entity("Person", "p1", name="LI Member"), entity("Organization", "o1", name="喀什地区政法委"),
             entity("Membership", "m1", member="p1", organization="o1", role="书记", startDate="2017-01")]
    path = tmp_path / "members.jsonl"
    path.write_text("\n".join(lines), encoding="utf-8")
    assert import_posts(path).posts == 1
    assert posts_of("LI Member") == [("书记", "喀什地区政法委", "2017-01", "", "")]
    assert of_unit("喀什地区政法委").level == "prefecture"
    lines += [entity("Person", "p2", name="WU Nowhere"), entity("Organization", "o2", name="Ministry of Truth"),
              entity("Membership", "m2", member="p2", organization="o2", role="chief", startDate="2017")]
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(OfficialError, match="Ministry of Truth"):
        import_posts(path)
    assert not Person.objects.filter(name="WU Nowhere").exists()


def test_the_demo_officials_are_fictional_in_every_name_and_stable_per_seed() -> None:
    made = list(entities(7))
    people = [e for e in made if e["schema"] == "Person"]
    assert len(people) == len(POSTS) == len(set(names(7)))
    assert names(7) == names(7) != names(8)
    for person in people:
        assert person["properties"]["name"][0].endswith(MARK)
        assert all(alias.endswith(MARK_ZH) for alias in person["properties"]["alias"])
        assert "Fictional" in person["properties"]["notes"][0]
    demo_counties = {"特克斯县", "疏附县"}
    for unit in {e["properties"]["name"][0] for e in made if e["schema"] == "Organization"}:
        assert of_unit(unit).counties >= {"特克斯县"} or of_unit(unit).counties & demo_counties


def test_the_demo_loads_its_officials_and_responsibility_counts_the_synthetic_records(tmp_path: Path) -> None:
    collection = build_leak(tmp_path / "leak")
    call_command("officials", "demo", "--seed", "7", stdout=io.StringIO())
    counted = 0
    for person in Person.objects.filter(kind="official"):
        assert MARK in person.name
        out = io.StringIO()
        call_command("officials", "responsibility", str(person.pk), "--collection", collection.name, "--json",
                     stdout=out)
        data = json.loads(out.getvalue())
        counted += data["held_during_tenure"]["count"]
        rows = data["held_during_tenure"]["detentions"]
        assert {r["source"]["sha256"] for r in rows} <= set(Item.objects.values_list("sha256", flat=True))
        assert all(Detention.objects.get(pk=r["detention"]).person.collection_id == collection.pk for r in rows)
    assert counted > 0
