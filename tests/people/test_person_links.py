"""The same person in two collections (`adalet xref people`): linked by an equal ID number or by name (any script) and
birth date, never within one collection nor across different ID numbers; reviewers' decisions survive a rerun and go
on the custody log with the evidence. Tags and notes: validated, audited by the hash of their text, never published
by default."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from io import StringIO

import pytest
from django.core.management import call_command

from adalet.archive import custody
from adalet.archive.models import Collection, CustodyRecord
from adalet.people import annotations, personlinks
from adalet.people.models import LinkStatus, Person, PersonKind, PersonLink

pytestmark = pytest.mark.django_db

BORN = dt.date(1984, 3, 9)


def person(collection: Collection, name: str, id_number: str = "", born: dt.date | None = BORN, **extra: object) -> Person:
    return Person.objects.create(collection=collection, name=name, id_number=id_number, birth_date=born, **extra)


@pytest.fixture
def two() -> tuple[Collection, Collection]:
    return Collection.objects.create(name="police-files"), Collection.objects.create(name="karakax-list")


def pairs() -> set[tuple[str, str, str]]:
    return {(link.first.name, link.second.name, link.method) for link in PersonLink.objects.select_related("first", "second")}


def test_links_by_id_number_and_by_name_across_scripts_and_birth_date(two: tuple[Collection, Collection]) -> None:
    a, b = two
    person(a, "艾尔肯·吐尼亚孜", "653101198403091234")
    person(b, "Erkin Tuniyaz", "653101198403091234", born=None)  # the same number: linked whatever else differs
    person(a, "阿依古丽·买买提")
    person(b, "Aygul Memet")  # no number on either side: name and birth date
    person(a, "努尔·依力哈木", "653121198403090011")
    person(b, "Nur Ilham", "653121198403090029")  # different numbers: two people, however alike their names
    person(b, "阿依古丽·买买提", born=dt.date(1990, 1, 1))  # another birth date
    person(a, "Ablet Kerim")
    person(a, "阿布来提·克热木")  # the same person twice in one collection: not a link between collections
    person(a, "Aygul Memet", kind=PersonKind.OFFICIAL)  # officials are not records of the detained
    report = personlinks.xref_people(actor="tester")
    assert pairs() == {("艾尔肯·吐尼亚孜", "Erkin Tuniyaz", "id_number"), ("阿依古丽·买买提", "Aygul Memet", "name_birth_date")}
    assert report.proposed == 2 and report.by_method == {"id_number": 1, "name_birth_date": 1}
    by_name = PersonLink.objects.get(method="name_birth_date")
    assert by_name.score >= personlinks.NAME_THRESHOLD and by_name.evidence["explanation"]
    assert [r["collection"] for r in by_name.evidence["records"]] == ["police-files", "karakax-list"]
    assert all(link.status == LinkStatus.PROPOSED and link.first_id < link.second_id for link in PersonLink.objects.all())
    logged = CustodyRecord.objects.filter(action="xref-people").get()
    assert custody.record_detail(logged)["proposed"] == 2


def test_decisions_are_audited_final_and_kept_by_a_rerun(two: tuple[Collection, Collection]) -> None:
    a, b = two
    person(a, "艾尔肯·吐尼亚孜", "653101198403091234")
    person(b, "Erkin Tuniyaz", "653101198403091234")
    person(a, "阿依古丽·买买提")
    person(b, "Aygul Memet")
    personlinks.xref_people(actor="tester")
    by_id, by_name = PersonLink.objects.get(method="id_number"), PersonLink.objects.get(method="name_birth_date")
    personlinks.review_link(by_id.pk, LinkStatus.CONFIRMED, "reviewer-1", "same number, same county")
    personlinks.review_link(by_name.pk, LinkStatus.REJECTED, "reviewer-1")
    with pytest.raises(personlinks.ReviewError):
        personlinks.review_link(by_id.pk, LinkStatus.REJECTED, "reviewer-2")
    with pytest.raises(personlinks.ReviewError):
        personlinks.review_link(by_id.pk, "maybe", "reviewer-2")
    review = custody.record_detail(CustodyRecord.objects.filter(action="person-link-review").order_by("seq").first())
    assert review["decision"] == "confirmed" and review["note"] == "same number, same county" and review["evidence"]
    report = personlinks.xref_people(actor="tester")
    assert report.kept == 2 and report.proposed == 0
    assert dict(PersonLink.objects.values_list("method", "status")) == {"id_number": "confirmed", "name_birth_date": "rejected"}
    assert personlinks.other(by_id, by_id.first) == by_id.second


def test_the_command_line_limits_to_collections_and_prints_json(two: tuple[Collection, Collection]) -> None:
    a, b = two
    c = Collection.objects.create(name="third")
    person(a, "艾尔肯·吐尼亚孜", "653101198403091234")
    person(b, "Erkin Tuniyaz", "653101198403091234")
    person(c, "Erkin Tuniyaz", "653101198403091234")
    out = StringIO()
    call_command("xref", "people", "--collection", "police-files", "--collection", "karakax-list", "--json", stdout=out)
    assert json.loads(out.getvalue())["proposed"] == 1
    out = StringIO()
    call_command("xref", "people", stdout=out)
    assert "3 links proposed" in out.getvalue() and PersonLink.objects.count() == 3


def test_tags_and_notes_are_checked_audited_and_unpublished_by_default(two: tuple[Collection, Collection]) -> None:
    a, b = two
    someone = person(a, "Erkin Tuniyaz")
    note = annotations.add(collection=a, person=someone, kind="note", text="  Cousin in Almaty confirms.  ", author="r1")
    assert note.text == "Cousin in Almaty confirms." and not note.published
    tag = annotations.add(collection=a, person=someone, kind="tag", text=" to   verify ", author="r1")
    assert tag.text == "to verify"
    for kind, text, collection in (
        ("tag", "to verify", a),
        ("tag", "", a),
        ("tag", "x" * 61, a),
        ("label", "x", a),
        ("note", "elsewhere", b),
    ):
        with pytest.raises(annotations.AnnotationError):
            annotations.add(collection=collection, person=someone, kind=kind, text=text, author="r1")
    assert [x.kind for x in annotations.of(person=someone)] == ["tag", "note"]
    logged = custody.record_detail(CustodyRecord.objects.filter(action="annotation-add").order_by("seq").first())
    assert logged["sha256"] == hashlib.sha256(b"Cousin in Almaty confirms.").hexdigest()
    assert "Almaty" not in json.dumps(logged)  # the permanent log keeps the hash, never the text
    annotations.set_published(note.pk, True, "r2")
    assert list(annotations.of(person=someone, published_only=True)) == [note]
    annotations.remove(tag.pk, "r2")
    actions = list(CustodyRecord.objects.filter(action__startswith="annotation-").values_list("action", flat=True))
    assert actions == ["annotation-add", "annotation-add", "annotation-publish", "annotation-remove"]
