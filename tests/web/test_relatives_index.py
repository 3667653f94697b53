"""Relative search from the name index (adalet.people.namekeys): the same cards as computing everyone's keys, on
generated people queried in every script; kept current when people are saved, mapped again or removed; and a
search over people the index lacks (never indexed, or indexed by other keys) refuses, never "no relatives"."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import random
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import translation

from adalet.archive.ingest import ingest
from adalet.archive.models import Collection
from adalet.demo.identities import PersonFactory
from adalet.names import variants
from adalet.people import namekeys
from adalet.people.models import NameKey, Person, PersonKind
from adalet.people.records import map_collection
from adalet.web.relatives import county_of, find_relatives
from tests.people.test_records import messy_workbook

pytestmark = pytest.mark.django_db

YEARS = range(1978, 1983)  # few years, so that each has many people to tell apart
ARABIC = re.compile(r"[\u0600-\u06FF]")


def generated(collection: Collection, count: int, seed: int, kind: PersonKind = PersonKind.DETAINEE) -> list[Person]:
    """``count`` generated people, some recorded twice (the second time without the interpunct, as another clerk
    typed it), written without signals and indexed afterwards, as `records map` writes them."""
    rng = random.Random(seed)
    factory = PersonFactory(rng)
    people = []
    for _ in range(count):
        made = factory.make()
        born = made.birth_date.replace(year=rng.choice(YEARS), day=min(made.birth_date.day, 28))
        names = [{"name": made.name, "source": "record"}]
        if "·" in made.name and rng.random() < 0.3:
            names.append({"name": made.name.replace("·", ""), "source": "record"})
        people.append(
            Person(
                collection=collection,
                kind=kind,
                name=made.name,
                names=names,
                id_number=made.id_number,
                birth_date=born,
                address=made.address,
            )
        )
    created = Person.objects.bulk_create(people)
    namekeys.rebuild(collection)
    return created


def queries(person: Person, rng: random.Random) -> list[tuple[str, int, str, bool]]:
    """What a relative might type for this person: the characters, Latin and Arabic spellings, the name without
    its interpunct, a Latin spelling with a letter dropped; the right year or the next, a county or none."""
    derived = variants(person.name)
    latin = [v for v in derived if not ARABIC.search(v)]
    arabic = [v for v in derived if ARABIC.search(v)]
    typed = [person.name, person.name.replace("·", ""), *latin[:2], *arabic[:1]]
    if latin and len(latin[0]) > 5:
        cut = rng.randrange(1, len(latin[0]) - 1)
        typed.append(latin[0][:cut] + latin[0][cut + 1 :])
    year = person.birth_date.year
    county = county_of(person.address) if rng.random() < 0.3 else ""
    return [(name, year + rng.choice((0, 0, 1)), county, rng.random() < 0.5) for name in typed]


def both(name: str, year: int, county: str = "", around: bool = False) -> tuple[list[object], list[object]]:
    indexed = find_relatives(name, year, county, around=around)
    scanned = find_relatives(name, year, county, around=around, scan=True)
    return [dataclasses.asdict(c) for c in indexed], [dataclasses.asdict(c) for c in scanned]


def test_the_index_finds_what_the_full_scan_finds_for_generated_names_in_every_script() -> None:
    public = Collection.objects.create(name="index-public", is_public=True)
    hidden = Collection.objects.create(name="index-hidden", is_public=False)
    people = generated(public, 400, seed=11)
    generated(public, 40, seed=12, kind=PersonKind.RELATIVE)
    generated(public, 20, seed=13, kind=PersonKind.OFFICIAL)  # never searched, by either method
    generated(hidden, 60, seed=14)
    rng = random.Random(5)
    asked = found = 0
    for person in rng.sample(people, 60):
        for name, year, county, around in queries(person, rng):
            indexed, scanned = both(name, year, county, around)
            assert indexed == scanned, (name, year, county, around)
            asked += 1
            found += any(card["person_id"] == person.pk for card in indexed)
    for name in ("吐尔逊·艾买提", "Tursun Ehmet", "王伟", "Wang Wei", "ئەركىن", "Mehmet Tursun", "Zhang San"):
        for year in YEARS:
            indexed, scanned = both(name, year, around=True)
            assert indexed == scanned, (name, year)
    assert asked >= 300 and found >= asked * 0.7  # most queries find their person: the comparison is not empty


def test_a_person_saved_alone_is_indexed_under_the_names_it_has_now() -> None:
    public = Collection.objects.create(name="index-save", is_public=True)
    person = Person.objects.create(
        collection=public,
        name="艾尔肯·阿不力孜",
        birth_date=dt.date(1980, 5, 1),
        names=[{"name": "艾尔肯·阿不力孜", "source": "record"}],
    )
    assert [c.person_id for c in find_relatives("Erkin Abliz", 1980)] == [person.pk]
    person.name, person.names = "吐尔逊·艾买提", [{"name": "吐尔逊·艾买提", "source": "record"}]
    person.save()
    assert find_relatives("Erkin Abliz", 1980) == []
    assert [c.person_id for c in find_relatives("Tursun Ehmet", 1980)] == [person.pk]
    stored = set(NameKey.objects.filter(person=person).values_list("key", flat=True))
    assert stored == namekeys.keys_of(person.name, person.names) | {namekeys.stamp()}
    person.delete()
    assert not NameKey.objects.exists()


def test_mapping_again_replaces_the_index_rows_with_the_people(tmp_path: Path) -> None:
    folder = tmp_path / "leak"
    folder.mkdir()
    messy_workbook(folder / "名单.xlsx")
    ingest(folder, "messy-index", ocr=False)
    map_collection("messy-index")
    expected = {(p.pk, k) for p in Person.objects.all() for k in namekeys.keys_of(p.name, p.names) | {namekeys.stamp()}}
    assert set(NameKey.objects.values_list("person_id", "key")) == expected
    map_collection("messy-index")  # the old people's rows go with them (SQLite gives the new people their ids)
    expected = {(p.pk, k) for p in Person.objects.all() for k in namekeys.keys_of(p.name, p.names) | {namekeys.stamp()}}
    assert set(NameKey.objects.values_list("person_id", "key")) == expected and NameKey.objects.count() == len(expected)
    born = NameKey.objects.filter(person__name="阿不都热依木·艾买提").values_list("born", flat=True).distinct()
    assert list(born) == [dt.date(1985, 3, 12)]


def test_people_missing_from_the_index_make_the_search_refuse_until_it_is_rebuilt(client: Client) -> None:
    public = Collection.objects.create(name="index-missing", is_public=True)
    people = generated(public, 50, seed=21)
    person = people[0]
    year = person.birth_date.year
    with translation.override("en"):
        expected = find_relatives(person.name, year)
    assert any(c.person_id == person.pk for c in expected)
    NameKey.objects.filter(person=person).delete()
    with pytest.raises(namekeys.NameIndexMissing, match="adalet records index-names"):
        find_relatives(person.name, year)
    page = client.post("/relatives/", {"name": person.name, "birth_year": year})
    assert page.status_code == 503 and "while its index is rebuilt" in page.content.decode()
    assert find_relatives(person.name, year + 5) == find_relatives(person.name, year + 5, scan=True)  # others: fine
    out = io.StringIO()
    call_command("records", "index-names", "index-missing", stdout=out)
    assert out.getvalue().startswith("50 people indexed")
    with translation.override("en"):  # the page's request left its own language active
        assert find_relatives(person.name, year) == expected


def test_an_index_made_by_other_keys_is_refused_as_missing() -> None:
    public = Collection.objects.create(name="index-stale", is_public=True)
    person = generated(public, 5, seed=31)[0]
    NameKey.objects.filter(key=namekeys.stamp()).update(key="#an-older-version")
    with pytest.raises(namekeys.NameIndexMissing):
        find_relatives(person.name, person.birth_date.year)
    assert namekeys.rebuild() == 5
    assert [c.person_id for c in find_relatives(person.name, person.birth_date.year)][:1] == [person.pk]
    moved = person.birth_date.replace(year=person.birth_date.year + 2)
    Person.objects.filter(pk=person.pk).update(birth_date=moved)  # no signal: the index still has the old date
    with pytest.raises(namekeys.NameIndexMissing):
        find_relatives(person.name, moved.year)
    old = person.birth_date.year  # a stamp too many there: harmless, the people searched are as they are now
    assert find_relatives(person.name, old) == find_relatives(person.name, old, scan=True)
    Person.objects.get(pk=person.pk).save()
    assert [c.person_id for c in find_relatives(person.name, moved.year)][:1] == [person.pk]
