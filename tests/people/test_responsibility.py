"""Responsibility counts against an oracle: a generated leak with known truth (overlapping posts, a gap in a career,
a post ending the day before an admission, a prefecture-level unit over several counties, month precision), counted
by plain loops over the raw rows written here, never by the code under test; moving a post's end by one day moves
the counts exactly as the oracle says; an unknown unit is an error naming it; the JSON's keys are exact."""

from __future__ import annotations

import datetime as dt
import io
import json
import random
from dataclasses import dataclass

import pytest
from django.core.management import CommandError, call_command

from adalet.archive import bindings, search
from adalet.archive.models import Collection, IngestRun, Item, Passage
from adalet.people import responsibility
from adalet.people.locate import LocateError, locate_all, state_county
from adalet.people.models import Detention, Facility, Person, PhotoLink, Position, SourceRow
from adalet.people.officials import PostSpec, add_post, state_area, upsert_official

pytestmark = pytest.mark.django_db

D = dt.date
ILI = {"特克斯县", "昭苏县", "巩留县"}  # the Ili counties this leak's facilities are in
# facility name -> its county as this test knows it (by name, by ASPI's county column, stated, unknown)
FACILITIES = {"特克斯县看守所": "特克斯县", "昭苏县拘留所": "昭苏县", "疏附县第一看守所": "疏附县",
              "Tekes Facility #7": "特克斯县", "某职业技能教育培训中心": "巩留县", "无名中心": ""}


@dataclass
class Raw:
    pk: int
    collection: int
    facility: str
    admitted: dt.date | None
    released: dt.date | None
    detained: bool | None


@dataclass
class Post:
    spec: PostSpec
    counties: set[str]
    first: dt.date
    last: dt.date


# CHEN Test's career: Tekes (day start, month end) overlapping Ili (month start, day end), a gap of six months, then
# Shufu through its prefecture's name (month start, day end); the oracle's tenures are written out by hand.
CAREER = [
    Post(PostSpec("局长", "特克斯县公安局", "2017-03-15", "2018-06"), {"特克斯县"}, D(2017, 3, 15), D(2018, 6, 30)),
    Post(PostSpec("Director", "Ili Kazakh Autonomous Prefecture Public Security Bureau", "2018-03", "2019-02-27"),
         ILI | {"伊宁市", "伊宁县", "察布查尔锡伯自治县", "霍城县", "新源县", "尼勒克县", "奎屯市", "霍尔果斯市"},
         D(2018, 3, 1), D(2019, 2, 27)),
    Post(PostSpec("书记", "喀什地区疏附县公安局", "2019-09", "2020-01-10"), {"疏附县"}, D(2019, 9, 1), D(2020, 1, 10)),
]


def oracle(rows: list[Raw], posts: list[Post], collection: int | None = None) -> tuple[list[tuple[int, int]], set, set]:
    """Per post and in total, by plain loops: (admitted, held) counts per post, the admitted and held sets."""
    per_post, admitted_all, held_all = [], set(), set()
    for post in posts:
        admitted, held = set(), set()
        for r in rows:
            if collection is not None and r.collection != collection:
                continue
            if FACILITIES[r.facility] not in post.counties or r.admitted is None:
                continue
            if post.first <= r.admitted <= post.last:
                admitted.add(r.pk)
            if r.admitted <= post.last and (
                r.admitted >= post.first or (r.released is not None and r.released >= post.first)
                or (r.released is None and r.detained is True)
            ):
                held.add(r.pk)
        per_post.append((len(admitted), len(held)))
        admitted_all |= admitted
        held_all |= held
    return per_post, admitted_all, held_all


@pytest.fixture
def leak() -> tuple[list[Raw], list[int]]:
    rng = random.Random(19)
    collections = [Collection.objects.create(name=f"leak{n}") for n in (1, 2)]
    facilities = {}
    for name in FACILITIES:
        aspi = name.startswith("Tekes Facility")
        facilities[name] = Facility.objects.create(name=name, county="Tekes" if aspi else "",
                                                   external_id="aspi:7" if aspi else "")
    state_county("某职业技能教育培训中心", "Tokkuztara", source="test")
    rows: list[Raw] = []
    planted = [  # (facility, admitted, released, detained)
        ("特克斯县看守所", D(2018, 7, 1), None, False),  # the day after post 1 ends (inside post 2)
        ("特克斯县看守所", D(2018, 6, 30), D(2018, 7, 2), False),  # the last day of post 1's month
        ("昭苏县拘留所", D(2018, 2, 28), None, True),  # the day before post 2 starts, still held
        ("昭苏县拘留所", D(2018, 2, 28), D(2018, 2, 28), False),  # released the day before post 2
        ("疏附县第一看守所", D(2020, 1, 11), None, False),  # the day after post 3 ends
        ("疏附县第一看守所", D(2019, 5, 1), D(2019, 8, 31), False),  # within the career's gap
        ("疏附县第一看守所", D(2019, 5, 1), None, None),  # unknown status, unknown release
        ("特克斯县看守所", None, None, True),  # no admission date
    ]
    for _ in range(400):
        admitted = D(2016, 1, 1) + dt.timedelta(days=rng.randint(0, 5 * 365)) if rng.random() > 0.05 else None
        released = admitted + dt.timedelta(days=rng.randint(0, 700)) if admitted and rng.random() < 0.5 else None
        planted.append((rng.choice(list(FACILITIES)), admitted, released, rng.choice([True, False, None])))
    run = {c.pk: IngestRun.objects.create(collection=c, root_path="/leak", actor="test") for c in collections}
    items = {c.pk: Item.objects.create(collection=c, run=run[c.pk], locator=f"{c.name}/list.xlsx", path="list.xlsx",
                                       name="list.xlsx", sha256=f"{c.pk:064x}") for c in collections}
    # written in bulk and bound on the custody log in one record, as records map writes a sheet's rows
    with bindings.operation(actor="test", subject="leak") as op:
        owners = [collections[0] if n % 4 else collections[1] for n in range(len(planted))]
        sources = SourceRow.objects.bulk_create([
            SourceRow(collection=c, item=items[c.pk], locator="l", sheet="s", row=n + 2) for n, c in enumerate(owners)])
        people = Person.objects.bulk_create([
            Person(collection=c, name=f"P{n}", id_number=f"65{n:016d}") for n, c in enumerate(owners)])
        detentions = Detention.objects.bulk_create([
            Detention(person=person, facility=facilities[facility], admitted=admitted, released=released,
                      detained=detained, source=source)
            for person, source, (facility, admitted, released, detained) in zip(people, sources, planted, strict=True)])
        for model, made in ((SourceRow, sources), (Person, people), (Detention, detentions)):
            op.bind_pks(model, [m.pk for m in made])
    for detention, collection, (facility, admitted, released, detained) in zip(detentions, owners, planted, strict=True):
        rows.append(Raw(detention.pk, collection.pk, facility, admitted, released, detained))
    return rows, [c.pk for c in collections]


def career(name: str = "CHEN Test") -> Person:
    person, _ = upsert_official(name, other_names=["陈测试"])
    for post in CAREER:
        add_post(person, post.spec)
    return person


def counts(result: responsibility.Responsibility) -> list[tuple[int, int]]:
    per_post = [(p.admitted, p.held) for p in result.posts]
    assert per_post == [(len(result.ids("admitted", p)), len(result.ids("held", p))) for p in result.posts]
    return per_post


def test_counts_equal_the_oracle_per_post_and_in_total(leak: tuple[list[Raw], list[int]]) -> None:
    rows, collections = leak
    official = career()
    result = responsibility.compute(official, documents=False)
    per_post, admitted, held = oracle(rows, CAREER)
    assert counts(result) == per_post
    assert (result.ids("admitted"), result.ids("held")) == (admitted, held)
    assert (result.admitted, result.held) == (len(admitted), len(held))
    assert result.people == len(held)  # one detention per person in this leak
    assert all(a > 0 and h > a for a, h in per_post)  # every post counts something, and held exceeds admitted
    first, second = result.posts[0], result.posts[1]
    assert result.ids("admitted", first) & result.ids("admitted", second)  # overlapping posts share detentions,
    assert result.admitted < sum(a for a, _ in per_post)  # counted once in the total
    assert (first.tenure.first, first.tenure.last) == (D(2017, 3, 15), D(2018, 6, 30))  # month precision: whole month
    # one collection only
    only = responsibility.compute(official, [collections[1]], documents=False)
    assert counts(only) == oracle(rows, CAREER, collections[1])[0]


def test_moving_a_posts_end_by_one_day_changes_the_counts_as_the_oracle_says(leak: tuple[list[Raw], list[int]]) -> None:
    rows, _ = leak
    official = career()
    before = responsibility.compute(official, documents=False)
    for end, last in (("2018-07-01", D(2018, 7, 1)), ("2018-06-29", D(2018, 6, 29))):
        Position.objects.filter(person=official, title="局长").update(end=end)
        moved = [Post(CAREER[0].spec, CAREER[0].counties, CAREER[0].first, last), *CAREER[1:]]
        after = responsibility.compute(official, documents=False)
        want = oracle(rows, moved)
        assert counts(after) == want[0]
        assert counts(after)[0] != counts(before)[0]  # the planted rows on 2018-06-30 and 2018-07-01 move
        expected = (want[0][0][0] - oracle(rows, CAREER)[0][0][0], want[0][0][1] - oracle(rows, CAREER)[0][0][1])
        assert (after.posts[0].admitted - before.posts[0].admitted, after.posts[0].held - before.posts[0].held) == expected
        assert expected != (0, 0)
        total = (len(want[1]) - len(oracle(rows, CAREER)[1]), len(want[2]) - len(oracle(rows, CAREER)[2]))
        assert (after.admitted - before.admitted, after.held - before.held) == total


def test_a_stated_jurisdiction_replaces_the_units_and_facilities_are_located(leak: tuple[list[Raw], list[int]]) -> None:
    rows, _ = leak
    person, _ = upsert_official("WANG Stated")
    position = add_post(person, PostSpec("Inspector", "某某督察组", "2018", "2018"))
    with pytest.raises(responsibility.ResponsibilityError, match="某某督察组"):
        responsibility.compute(person, documents=False)
    state_area(position, "特克斯县; Tokkuztara")
    result = responsibility.compute(person, documents=False)
    assert counts(result) == oracle(rows, [Post(PostSpec("", ""), {"特克斯县", "巩留县"}, D(2018, 1, 1), D(2018, 12, 31))])[0]
    assert result.posts[0].area.how == "stated"
    nowhere, _ = upsert_official("ZHAO Hotan")
    add_post(nowhere, PostSpec("局长", "和田地区公安局", "2017", "2018"))  # an area where no facility of the leak is
    empty = responsibility.compute(nowhere, documents=False)
    assert (counts(empty), empty.admitted, empty.held, empty.people, empty.posts[0].facilities) == ([(0, 0)], 0, 0, 0, [])
    located = {place.name: (place.county, place.how) for place in locate_all().values()}
    assert located["Tekes Facility #7"] == ("特克斯县", "aspi")
    assert located["某职业技能教育培训中心"] == ("巩留县", "stated")
    assert located["特克斯县看守所"] == ("特克斯县", "name")
    assert located["无名中心"] == ("", "")
    with pytest.raises(LocateError, match="no facility"):
        state_county("nowhere", "Tekes", "test")


def test_an_unknown_unit_is_an_error_naming_it() -> None:
    person, _ = upsert_official("LI Unknown")
    out = io.StringIO()
    call_command("officials", "responsibility", "LI Unknown", stdout=out)
    assert "no posts recorded, so nothing is counted" in out.getvalue()
    call_command("officials", "add", "LI Stated", "--post", "Chief @ Ministry of Truth : 2018-2019",
                 "--jurisdiction", "Tekes; 昭苏县", stdout=io.StringIO())
    assert Position.objects.get(person__name="LI Stated").stated_area.area == "Tekes; 昭苏县"
    with pytest.raises(CommandError, match="Atlantis"):
        call_command("officials", "add", "LI Nowhere", "--post", "Chief @ Ministry of Truth : 2018-2019",
                     "--jurisdiction", "Atlantis", stdout=io.StringIO())
    assert not Person.objects.filter(name="LI Nowhere").exists()
    add_post(person, PostSpec("Chief", "Ministry of Truth", "2018-01", "2019-01"))
    with pytest.raises(CommandError, match="Ministry of Truth"):
        call_command("officials", "responsibility", "LI Unknown", stdout=io.StringIO())
    with pytest.raises(CommandError, match="Ministry of Truth"):
        call_command("officials", "add", "LI Other", "--post", "Chief @ Ministry of Truth : 2018-2019",
                     stdout=io.StringIO())
    add_post(person, PostSpec("Chief", "特克斯县公安局", "", "2019-01"))
    Position.objects.filter(organization="Ministry of Truth").delete()
    with pytest.raises(CommandError, match="without a start date"):
        call_command("officials", "responsibility", "LI Unknown", stdout=io.StringIO())


def test_json_has_exactly_its_keys_with_sources_photos_and_documents(leak: tuple[list[Raw], list[int]]) -> None:
    rows, collections = leak
    career()
    held_person = Detention.objects.filter(pk=min(oracle(rows, CAREER)[2])).values_list("person_id", flat=True)[0]
    collection = Collection.objects.get(pk=collections[0])
    run = IngestRun.objects.first()
    photo = Item.objects.create(collection=collection, run=run, locator="leak1/p.jpg", path="p.jpg", name="p.jpg",
                                sha256="a" * 64)
    other = Item.objects.create(collection=collection, run=run, locator="leak1/q.jpg", path="q.jpg", name="q.jpg",
                                sha256="b" * 64)
    PhotoLink.objects.create(collection=collection, photo=photo, person_id=held_person, method="id_number", score=1)
    PhotoLink.objects.create(collection=collection, photo=other, person_id=held_person, method="id_number", score=1,
                             status="rejected")
    memo = Item.objects.create(collection=collection, run=run, locator="leak1/memo.txt", path="memo.txt",
                               name="memo.txt", sha256="c" * 64, media_type="text/plain")
    search.index([Passage.objects.create(item=memo, collection=collection, media_type="text/plain", ordinal=0,
                                         text="会议由陈测试同志主持")])
    out = io.StringIO()
    call_command("officials", "responsibility", "CHEN Test", "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert list(data) == ["official", "admitted_during_tenure", "held_during_tenure", "people", "photos", "posts",
                          "facilities", "documents"]
    _, admitted, held = oracle(rows, CAREER)
    assert data["admitted_during_tenure"]["count"] == len(admitted)
    assert {d["detention"] for d in data["held_during_tenure"]["detentions"]} == held
    row = data["held_during_tenure"]["detentions"][0]
    source = SourceRow.objects.get(detentions__pk=row["detention"])
    assert row["source"] == {"item": source.item_id, "locator": "l", "sheet": "s", "row": source.row,
                             "sha256": source.item.sha256}
    assert [p["item"] for p in data["photos"]] == [photo.pk]
    assert [d["locator"] for d in data["documents"]] == ["leak1/memo.txt"]
    assert data["documents"][0]["sha256"] == "c" * 64
    assert len(data["people"]) == len({r.pk for r in rows if r.pk in held})
    assert [(p["admitted_during_tenure"], p["held_during_tenure"]) for p in data["posts"]] == oracle(rows, CAREER)[0]
    assert "whole month" in data["posts"][0]["tenure"]["precision"]
    assert sum(f["held_during_tenure"] for f in data["facilities"]) == len(held)
