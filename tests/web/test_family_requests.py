"""The workspace's queue of families' requests: requests sent through /relatives/next/ itself, listed newest first
for moderators, narrowed by kind and status, answered with a status and a note (on the custody log, the note only as a
hash), a removal answered by withholding the record's file (nothing deleted); and the attack: visitors, accounts
without a role and researchers get 404 everywhere, and a requester's contact is in no page the cache keeps."""

from __future__ import annotations

import hashlib
import io
import itertools
import json
import pickle
import zlib
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.cache import cache
from django.test import Client

from adalet.archive.models import Collection, CustodyRecord, IngestRun, Item
from adalet.people.models import Person, SourceRow
from adalet.web.family import searchable_record
from adalet.web.models import RelativeRequest
from tests.web.relatives_fixtures import NAME, Family, make_family
from tests.web.workspace_fixtures import custody, make_user

pytestmark = pytest.mark.django_db
_addresses = itertools.count(1)
CONTACT = "aygul.family@example.org"
MESSAGE = "Please stop showing my brother's record: it puts our family at home at risk."


@pytest.fixture
def family(db: None) -> Family:
    return make_family()


def send(kind: str, record: Person | None, contact: str = CONTACT) -> RelativeRequest:
    """A request as a family sends it: through the form, anonymously (a new address each, under the rate limit)."""
    fields = {"kind": kind, "name": "Aygul", "contact": contact, "relation": "sister", "message": MESSAGE}
    if record is not None:
        fields["record"] = record.pk
    answer = Client().post("/relatives/next/", fields, REMOTE_ADDR=f"203.0.113.{next(_addresses) % 250 + 1}")
    assert answer.status_code == 302, answer.content
    return RelativeRequest.objects.order_by("-pk").first()


def detail(record: CustodyRecord) -> dict:
    return json.loads(record.body)["detail"]


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def moderator() -> Client:
    return signed_in(make_user("mod", group="moderator"))


def with_source(person: Person, collection: Collection) -> Item:
    """The person read from a row of a file (as a mapping makes it): the file a removal withholds."""
    run = IngestRun.objects.create(collection=collection)
    item = Item.objects.create(collection=collection, run=run, locator="leak/名单.xlsx", path="名单.xlsx", name="名单.xlsx",
                               sha256="ab" * 32, status="done")
    person.source = SourceRow.objects.create(collection=collection, item=item, locator=item.locator, row=7)
    person.save(update_fields=["source"])
    return item


def test_moderators_see_open_requests_newest_first_with_kind_language_record_and_age(family: Family) -> None:
    first = send("relative", family.shufu)
    second = send("correction", family.moved)
    third = send("information", None)
    client = moderator()
    page = client.get("/workspace/family-requests/")
    text = page.content.decode()
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    order = [text.index(f'id="family-request-{r.pk}"') for r in (third, second, first)]
    assert order == sorted(order)  # newest first
    assert f'href="/people/{family.shufu.pk}/"' in text  # the record's page, which a moderator may open
    assert "A correction" in text and "none named" in text and " ago</time>" in text
    assert CONTACT not in text  # the contact only on the request's own page
    narrowed = client.get("/workspace/family-requests/?kind=correction").content.decode()
    assert f'id="family-request-{second.pk}"' in narrowed and f'id="family-request-{first.pk}"' not in narrowed
    dashboard = client.get("/workspace/").content.decode()
    assert 'id="family-requests-count">3<' in dashboard


def test_a_record_the_moderator_may_not_open_is_not_named(family: Family) -> None:
    sent = send("information", family.shufu)
    client = moderator()
    assert NAME in client.get(f"/workspace/family-requests/{sent.pk}/").content.decode()
    Collection.objects.filter(pk=family.collection.pk).update(is_public=False)  # withdrawn since: closed to them
    for path in ("/workspace/family-requests/", f"/workspace/family-requests/{sent.pk}/"):
        text = client.get(path).content.decode()
        assert NAME not in text and "a record you may not open" in text and f"/people/{family.shufu.pk}/" not in text, path


def test_a_request_is_answered_done_with_a_note_on_the_custody_log_without_its_words(family: Family) -> None:
    sent = send("relative", family.shufu)
    client = moderator()
    shown = client.get(f"/workspace/family-requests/{sent.pk}/").content.decode()
    assert CONTACT in shown and MESSAGE.replace("'", "&#x27;") in shown
    assert detail(custody("view-personal-data")[-1])["request"] == sent.pk  # opening it is a view of personal data
    note = "Called Aygul back; she confirmed her brother's birth date."
    answer = client.post(f"/workspace/family-requests/{sent.pk}/answer/", {"status": "done", "note": note})
    assert answer.status_code == 302 and answer["Location"] == f"/workspace/family-requests/{sent.pk}/"
    sent.refresh_from_db()
    assert (sent.status, sent.team_note, sent.answered_by) == ("done", note, "mod")
    (record,) = custody("relative-request-answer")
    assert detail(record) == {"request": sent.pk, "kind": "relative", "record": family.shufu.pk, "from": "open",
                             "to": "done", "note_sha256": hashlib.sha256(note.encode()).hexdigest()}
    assert not any(secret in record.body for secret in (note, CONTACT, MESSAGE, "Aygul"))
    assert f'id="family-request-{sent.pk}"' not in client.get("/workspace/family-requests/").content.decode()
    done = client.get("/workspace/family-requests/?status=done").content.decode()
    assert f'id="family-request-{sent.pk}"' in done


def test_an_unknown_status_changes_nothing(family: Family) -> None:
    sent = send("relative", family.shufu)
    answer = moderator().post(f"/workspace/family-requests/{sent.pk}/answer/", {"status": "deleted", "note": "x"},
                              HTTP_HX_REQUEST="true")
    assert answer.status_code == 200 and 'role="alert"' in answer.content.decode()
    sent.refresh_from_db()
    assert sent.status == "open" and custody("relative-request-answer") == []


def test_a_removal_withholds_the_records_file_and_deletes_nothing(family: Family) -> None:
    item = with_source(family.shufu, family.collection)
    sent = send("removal", family.shufu)
    assert sent.person == family.shufu and searchable_record(family.shufu.pk) is not None
    granted = signed_in(make_user("granted", grants={family.collection: "researcher"}))  # sees no withheld file
    assert granted.get(f"/people/{family.shufu.pk}/").status_code == 200
    client = moderator()
    assert "Withhold the record" in client.get(f"/workspace/family-requests/{sent.pk}/").content.decode()
    client.post(f"/workspace/family-requests/{sent.pk}/answer/", {"action": "withhold"})
    item.refresh_from_db()
    assert item.withheld and Person.objects.filter(pk=family.shufu.pk).exists()
    assert searchable_record(family.shufu.pk) is None  # the relative search no longer shows it
    (record,) = custody("withhold-item")
    assert (detail(record)["request"], detail(record)["item"], record.actor) == (sent.pk, item.pk, "mod")
    again = client.post(f"/workspace/family-requests/{sent.pk}/answer/", {"action": "withhold"}, HTTP_HX_REQUEST="true")
    assert 'role="alert"' in again.content.decode() and len(custody("withhold-item")) == 1
    assert granted.get(f"/people/{family.shufu.pk}/").status_code == 404


def test_publishing_the_collection_again_keeps_a_requested_removal_withheld(family: Family) -> None:
    from django.core.management import call_command

    item = with_source(family.shufu, family.collection)
    waiting = Item.objects.create(collection=family.collection, run=item.run, locator="leak/later.csv", path="later.csv",
                                  name="later.csv", sha256="cd" * 32, status="done", withheld=True)  # awaits review
    moderator().post(f"/workspace/family-requests/{send('removal', family.shufu).pk}/answer/", {"action": "withhold"})
    out = io.StringIO()
    call_command("collection", "publish", family.collection.name, stdout=out)
    item.refresh_from_db()
    waiting.refresh_from_db()
    assert item.withheld and not waiting.withheld
    assert "1 withheld item(s) published; 1 withheld at a family's request stay withheld" in out.getvalue()
    assert detail(custody("publish")[-1])["items_kept_withheld"] == [item.pk]


def test_lifting_a_requested_removal_gives_the_file_back_on_the_custody_log(family: Family) -> None:
    from django.core.management import call_command
    from django.core.management.base import CommandError

    item = with_source(family.shufu, family.collection)
    waiting = Item.objects.create(collection=family.collection, run=item.run, locator="leak/later.csv", path="later.csv",
                                  name="later.csv", sha256="cd" * 32, status="done", withheld=True)  # awaits review
    moderator().post(f"/workspace/family-requests/{send('removal', family.shufu).pk}/answer/", {"action": "withhold"})
    granted = signed_in(make_user("granted", grants={family.collection: "researcher"}))
    assert granted.get(f"/people/{family.shufu.pk}/").status_code == 404
    name = family.collection.name
    for refused, reason, message in ((waiting.pk, "no", "not withheld at a family's request"),
                                     (item.pk, "  ", "say why"), (10**9, "no", "no item")):
        with pytest.raises(CommandError, match=message):
            call_command("collection", "lift-removal", name, str(refused), "--reason", reason)
    assert custody("lift-removal") == []
    out = io.StringIO()
    call_command("collection", "lift-removal", name, str(item.pk), "--reason", "Aygul withdrew it by phone", stdout=out)
    item.refresh_from_db()
    assert not item.withheld and f"item {item.pk} (" in out.getvalue() and "custody log" in out.getvalue()
    (record,) = custody("lift-removal")
    assert detail(record)["item"] == item.pk and "Aygul" not in record.body
    assert detail(record)["reason_sha256"] == hashlib.sha256(b"Aygul withdrew it by phone").hexdigest()
    assert granted.get(f"/people/{family.shufu.pk}/").status_code == 200
    with pytest.raises(CommandError, match="nothing to lift"):  # once is enough
        call_command("collection", "lift-removal", name, str(item.pk), "--reason", "again")
    out = io.StringIO()
    call_command("collection", "publish", name, stdout=out)  # later publications treat it as any item
    assert "family's request" not in out.getvalue() and "items_kept_withheld" not in detail(custody("publish")[-1])


def test_only_a_removal_can_withhold(family: Family) -> None:
    item = with_source(family.shufu, family.collection)
    sent = send("correction", family.shufu)
    client = moderator()
    assert "Withhold the record" not in client.get(f"/workspace/family-requests/{sent.pk}/").content.decode()
    client.post(f"/workspace/family-requests/{sent.pk}/answer/", {"action": "withhold"})
    item.refresh_from_db()
    assert not item.withheld and custody("withhold-item") == []


def test_visitors_accounts_without_a_role_and_researchers_get_404(family: Family) -> None:
    sent = send("removal", family.shufu)
    outsiders = {
        "visitor": Client(),
        "no role": signed_in(make_user("plain")),
        "researcher": signed_in(make_user("researcher", group="researcher")),
        "researcher here": signed_in(make_user("granted", grants={family.collection: "researcher"})),
    }
    for who, client in outsiders.items():
        for path in ("/workspace/family-requests/", f"/workspace/family-requests/{sent.pk}/",
                     f"/workspace/family-requests/{sent.pk + 1000}/"):
            answer = client.get(path)
            assert answer.status_code == 404 and CONTACT not in answer.content.decode(), (who, path)
        posted = client.post(f"/workspace/family-requests/{sent.pk}/answer/", {"status": "done", "action": "answer"})
        assert posted.status_code == 404, who
        assert "family-requests-count" not in client.get("/workspace/").content.decode(), who
    sent.refresh_from_db()
    assert sent.status == "open" and custody("relative-request-answer") == []


def cached_pages() -> list[bytes]:
    """Every page the page cache holds (the file cache's entries: an expiry, then the zlib of the pickled value)."""
    pages = []
    for path in Path(cache._dir).glob("*.djcache"):  # type: ignore[attr-defined]
        with path.open("rb") as stored:
            pickle.load(stored)  # the expiry
            value = pickle.loads(zlib.decompress(stored.read()))
        if isinstance(value, tuple) and len(value) == 3 and isinstance(value[1], bytes):
            pages.append(value[1])
    return pages


@pytest.mark.django_db(transaction=True, available_apps=list(settings.INSTALLED_APPS))
@pytest.mark.skipif(bool(getattr(settings, "REDIS_URL", "")), reason="reads the file cache's entries")
def test_a_requesters_contact_is_in_no_cached_page(family: Family) -> None:
    """Committed, as the site runs (the cache keeps nothing made inside an open transaction): a moderator reads and
    answers the request, visitors ask for every address around it; the cache holds pages, none with the contact."""
    sent = send("removal", family.shufu)
    staff = moderator()
    assert CONTACT in staff.get(f"/workspace/family-requests/{sent.pk}/").content.decode()
    staff.post(f"/workspace/family-requests/{sent.pk}/answer/", {"status": "in_progress", "note": CONTACT})
    visitor = Client()
    for path in ("/", "/relatives/next/", f"/relatives/next/?record={family.shufu.pk}", "/workspace/family-requests/",
                 f"/workspace/family-requests/{sent.pk}/", f"/people/{family.shufu.pk}/"):
        for _ in range(2):
            assert CONTACT not in visitor.get(path).content.decode(), path
    stored = cached_pages()
    assert stored, "the home page at least is kept for visitors"
    assert not any(CONTACT.encode() in page for page in stored)
