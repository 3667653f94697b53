"""The person page (/people/ID/), cross-collection links and the team's tags and notes, as each role meets them:
visitors, accounts without a role, viewers and researchers of another collection get the same 404 as for an unknown
person; researchers see every fact linked to its row, ID numbers masked; staff see them in full, logged. Links to
other collections and notes show only to those who may see them; nothing is public until published."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import translation

from adalet.archive.models import Collection, CustodyRecord
from adalet.lib.roles import Role
from adalet.people.models import Annotation, Detention, LinkStatus, Person, PersonKind, PersonLink
from adalet.people.personlinks import xref_people
from adalet.web.person_pages import people_of_hits
from adalet.web.relatives import reader_spellings
from tests.web.conftest import ID_NUMBER, published  # noqa: F401
from tests.web.workspace_fixtures import make_user

pytestmark = pytest.mark.django_db


def signed_in(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def detained(collection: Collection) -> Person:
    """A photographed detainee with a detention row and an ID number."""
    held = Detention.objects.filter(person__collection=collection).values_list("person_id", flat=True)
    found = (
        Person.objects.filter(pk__in=held, collection=collection, photo_links__isnull=False)
        .exclude(id_number="")
        .exclude(name__regex=r"^[A-Za-z ]+$")
        .order_by("pk")
        .first()
    )
    assert found is not None, "the demo leak has photographed detainees"
    return found


def test_only_researchers_and_above_open_a_person_page(published: Collection) -> None:  # noqa: F811
    person = detained(published)
    other = Collection.objects.create(name="elsewhere")
    url = f"/people/{person.pk}/"
    refused = {
        "visitor": None,
        "no role": make_user("norole"),
        "viewer": make_user("viewer1", group=Role.VIEWER),
        "viewer here": make_user("viewer2", grants={published: Role.VIEWER}),
        "researcher elsewhere": make_user("elsewhere", grants={other: Role.RESEARCHER}),
    }
    for who, user in refused.items():
        assert signed_in(user).get(url).status_code == 404, who
    researcher = signed_in(make_user("rahile", grants={published: Role.RESEARCHER}))
    assert researcher.get("/people/99999999/").status_code == 404
    official = Person.objects.create(kind=PersonKind.OFFICIAL, name="CHEN Quanguo", collection=published)
    assert researcher.get(f"/people/{official.pk}/").status_code == 404

    page = researcher.get(url)
    html = page.content.decode()
    assert page.status_code == 200 and person.name in html
    assert not re.search(ID_NUMBER, html) and person.id_number[:6] + "•" in html  # masked as everywhere
    source = person.source
    row_link = f"/items/{source.item_id}/#sheet-1-row-{source.row}"
    assert row_link in html and f"row {source.row}, column" in html
    item_page = researcher.get(f"/items/{source.item_id}/").content.decode()
    assert f'id="sheet-1-row-{source.row}"' in item_page  # the link lands on the row
    uyghur, _latin = reader_spellings(person.name)
    assert uyghur and f'<span lang="ug" dir="rtl">{uyghur}</span>' in html  # the name in Arabic script, marked so
    detentions = page.context["detentions"]
    assert len(detentions) == person.detentions.count() > 0 and all(d["cell"]["href"].startswith("/items/") for d in detentions)
    admitted = [d["admitted"] for d in detentions if d["admitted"]]
    assert admitted == sorted(admitted)  # over time
    assert len(page.context["timeline"]["bars"]) == len(admitted) and 'figure class="person-timeline"' in html
    assert page.context["photos"]["confirmed"] == [] and page.context["photos"]["proposed"]  # not yet reviewed
    uyghur_page = researcher.get(url, HTTP_ACCEPT_LANGUAGE="ug").content.decode()
    assert 'dir="rtl"' in uyghur_page and "ۋاقىت بويىچە تۇتۇپ تۇرۇشلار" in uyghur_page  # detentions over time
    assert "سۈرەت باغلىنىشى تەكشۈرۈشنى كۈتمەكتە" in uyghur_page  # the plural of the photo links awaiting review
    assert "历次拘押（按时间）" in researcher.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    prefixed = researcher.get(f"/ug{url}").content.decode()  # the Uyghur address: its links stay in Uyghur
    assert "ۋاقىت بويىچە تۇتۇپ تۇرۇشلار" in prefixed and f'href="/ug/items/{source.item_id}/#sheet-1-row-' in prefixed

    # a search hit on the person's row names them, for those who may open the page
    hit = SimpleNamespace(item_id=source.item_id, sheet=source.sheet or "any sheet", rows=[source.row])
    with translation.override("en"):  # outside a request: the language a page would set
        for_researcher = people_of_hits(page.wsgi_request, [hit, SimpleNamespace(item_id=source.item_id, sheet="", rows=[])])
    assert [p["href"] for p in for_researcher[0]] == [url] and for_researcher[1] == []
    assert people_of_hits(signed_in(refused["viewer here"]).get("/").wsgi_request, [hit]) == [[]]
    searched = researcher.get("/search", {"q": person.name}).content.decode()
    assert '<p class="people">' in searched and f'href="{url}"' in searched  # the search page links the row's person
    assert f'href="{url}"' not in Client().get("/search", {"q": person.name}).content.decode()

    staff = signed_in(make_user("admin1", is_staff=True))
    before = CustodyRecord.objects.filter(action="view-personal-data").count()
    assert person.id_number in staff.get(url).content.decode()
    assert CustodyRecord.objects.filter(action="view-personal-data").count() == before + 1

    # relative search: the card links to the page for a researcher, never for a visitor
    query = {"name": person.name, "birth_year": person.birth_date.year}
    assert url in researcher.post("/relatives/", query).content.decode()
    assert url not in Client().post("/relatives/", query).content.decode()


def test_links_to_other_collections_show_to_whom_may_open_both(published: Collection) -> None:  # noqa: F811
    person = detained(published)
    other = Collection.objects.create(name="second-leak", title="Second leak")
    twin = Person.objects.create(collection=other, name=person.name, id_number=person.id_number, birth_date=person.birth_date)
    xref_people(actor="tester")
    link = PersonLink.objects.get(first=person, second=twin)
    assert link.method == "id_number" and link.evidence["records"][0]["row"] == person.source.row

    only_here = signed_in(make_user("here", grants={published: Role.RESEARCHER}))
    both = signed_in(make_user("both", grants={published: Role.RESEARCHER, other: Role.RESEARCHER}))
    html = only_here.get(f"/people/{person.pk}/").content.decode()
    assert "Second leak" not in html and f"/people/{twin.pk}/" not in html  # neither the record nor its collection
    assert only_here.get(f"/people/{twin.pk}/").status_code == 404
    assert only_here.post(f"/workspace/person-links/{link.pk}/", {"decision": "confirmed"}).status_code == 404
    assert "Second leak" not in only_here.get("/workspace/person-links/").content.decode()

    page = both.get(f"/people/{person.pk}/")
    assert [p["person"] for p in page.context["elsewhere"]["proposed"]] == [twin.pk]
    assert "Second leak" in both.get("/workspace/person-links/").content.decode()
    answer = both.post(
        f"/workspace/person-links/{link.pk}/", {"decision": "confirmed", "note": "same number", "next": f"/people/{person.pk}/"}
    )
    assert answer.status_code == 302 and answer["Location"] == f"/people/{person.pk}/"
    link.refresh_from_db()
    assert link.status == LinkStatus.CONFIRMED and link.reviewed_by == "both"
    assert CustodyRecord.objects.filter(action="person-link-review").count() == 1
    page = both.get(f"/people/{twin.pk}/")  # and from the other side
    assert [p["person"] for p in page.context["elsewhere"]["confirmed"]] == [person.pk]
    assert not page.context["elsewhere"]["proposed"]
    assert f"/people/{twin.pk}/" not in only_here.get(f"/people/{person.pk}/").content.decode()


def test_tags_and_notes_are_the_teams_until_published(published: Collection) -> None:  # noqa: F811
    person = detained(published)
    item_id = person.source.item_id
    researcher = signed_in(make_user("rahile", grants={published: Role.RESEARCHER}))
    viewer = signed_in(make_user("viewer2", grants={published: Role.VIEWER}))
    visitor = Client()
    secret = f"Brother says he was moved; his number is {person.id_number}"

    for client, expected in ((visitor, 302), (viewer, 404)):  # sign-in first; then the researcher role
        answer = client.post("/workspace/annotations/", {"person": person.pk, "kind": "note", "text": "x"})
        assert answer.status_code == expected
        answer = client.post("/workspace/annotations/", {"item": item_id, "kind": "tag", "text": "x"})
        assert answer.status_code == expected
    assert not Annotation.objects.exists()

    back = researcher.post(
        "/workspace/annotations/", {"person": person.pk, "kind": "note", "text": secret, "next": f"/people/{person.pk}/"}
    )
    assert back.status_code == 302 and back["Location"] == f"/people/{person.pk}/"
    researcher.post("/workspace/annotations/", {"person": person.pk, "kind": "tag", "text": "family contacted"})
    researcher.post("/workspace/annotations/", {"item": item_id, "kind": "note", "text": secret})
    assert CustodyRecord.objects.filter(action="annotation-add").count() == 3
    html = researcher.get(f"/people/{person.pk}/").content.decode()
    assert "Brother says he was moved" in html and "family contacted" in html
    assert person.id_number not in html  # a note's text is masked as every text is

    assert "Brother says" in viewer.get(f"/items/{item_id}/").content.decode()  # the team: a role in the collection
    assert "Brother says" not in visitor.get(f"/items/{item_id}/").content.decode()
    assert "Brother says" not in signed_in(make_user("norole")).get(f"/items/{item_id}/").content.decode()

    notes = f"/workspace/collections/{published.name}/notes/"
    listed = researcher.get(notes).content.decode()
    assert listed.count("Brother says he was moved") == 2 and "family contacted</bdi> (1)" in listed
    assert f"/people/{person.pk}/" in researcher.get(notes + "?tag=family+contacted").content.decode()
    seen_by_viewer = viewer.get(notes).content.decode()  # the team, but not the person pages
    assert seen_by_viewer.count("Brother says he was moved") == 1 and f"/people/{person.pk}/" not in seen_by_viewer
    assert signed_in(make_user("outsider")).get(notes).status_code == 404  # a published collection, no role in it

    on_item = Annotation.objects.get(item_id=item_id)
    assert viewer.post(f"/workspace/annotations/{on_item.pk}/publish/", {"publish": "1"}).status_code == 404
    researcher.post(f"/workspace/annotations/{on_item.pk}/publish/", {"publish": "1"})
    shown = visitor.get(f"/items/{item_id}/").content.decode()
    assert "Brother says" in shown and person.id_number not in shown and '<form class="annotate"' not in shown
    assert CustodyRecord.objects.filter(action="annotation-publish").count() == 1
