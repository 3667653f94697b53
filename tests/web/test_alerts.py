"""Alerts (issue 21): a signed-in user watches an official, a facility or a saved search and is told what is new, in
the workspace (masked as their pages are) and by one emailed digest (`adalet alerts send`, and the task queued after a
list update), which a second run, or a second process at the same time, does not send again."""

from __future__ import annotations

import re
import threading
from email import message_from_string
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.test import Client

from adalet.archive.ingest import ingest
from adalet.archive.models import Collection, Item
from adalet.people.models import Facility
from adalet.people.officials import official
from adalet.sanctions.officials import add_evidence, load_registry
from adalet.web.alerts import digest
from adalet.web.models import AlertDigest, Watch
from tests.web.conftest import ID_NUMBER, build_leak

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "sanctions"
ID = "65412719930319002X"
IMMEDIATE_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend", "QUEUES": []}}


@pytest.fixture
def mailbox(settings: Any, tmp_path: Path) -> Path:
    """Emails written as files, as the project's file backend writes them."""
    folder = tmp_path / "mail"
    folder.mkdir()
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(folder)
    return folder


def emails(folder: Path) -> list[Any]:
    """Every message the file backend wrote (one file per connection, messages apart by a line of dashes)."""
    found = []
    for path in sorted(folder.iterdir()):
        for part in path.read_text(encoding="utf-8").split("-" * 79):
            if part.strip():
                found.append(message_from_string(part.strip()))
    return found


def body(message: Any) -> str:
    return message.get_payload(decode=True).decode("utf-8")


def account(name: str, group: str | None = None, *, staff: bool = False) -> tuple[User, Client]:
    user = User.objects.create_user(name, email=f"{name}@example.org", password="pw-for-tests-only", is_staff=staff)
    if group:
        user.groups.add(Group.objects.get(name=group))
    client = Client()
    client.force_login(user)
    return user, client


def watch_with_email(client: Client, kind: str, target: int) -> Watch:
    """Watch with the page's button, then ask for email on /workspace/watches/."""
    assert client.post("/workspace/watch/", {"kind": kind, "id": target, "action": "watch"}).status_code == 302
    made = Watch.objects.get(user_id=client.session["_auth_user_id"], kind=kind)
    assert client.post("/workspace/watches/", {"id": made.pk, "action": "email-on"}).status_code == 302
    return made


@pytest.mark.django_db
def test_a_designation_update_is_one_alert_and_one_email_and_a_second_send_sends_nothing(
        settings: Any, mailbox: Path, django_capture_on_commit_callbacks: Any) -> None:
    settings.TASKS = IMMEDIATE_TASKS  # the digest queued after the update runs at once
    load_registry(FIXTURES / "officials.csv")
    hu = official("HU Lianhe")
    user, client = account("watcher")
    page = client.get(f"/officials/{hu.pk}/").content.decode()
    assert 'action="/workspace/watch/"' in page and "csrfmiddlewaretoken" in page
    watch_with_email(client, "official", hu.pk)
    assert "Nothing new since you last looked." in client.get("/workspace/watches/").content.decode()
    assert "Watching" in client.get(f"/officials/{hu.pk}/").content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        load_registry(FIXTURES / "designations_update_2023-12-08.csv")

    listed = client.get("/workspace/watches/").content.decode()
    assert listed.count("New designation by United States on 2023-12-08.") == 1  # one alert, in the workspace
    assert "جازا تىزىملىكىگە كىرگۈزدى" in client.get("/ug/workspace/watches/").content.decode()  # in Uyghur too
    (sent,) = emails(mailbox)  # and one email, sent by the task the update queued
    assert sent["To"] == "watcher@example.org" and sent["Content-Language"] == "en"
    text = body(sent)
    assert "HU Lianhe" in text and "New designation by United States on 2023-12-08." in text
    assert f"/officials/{hu.pk}/" in text and "/workspace/watches/" in text
    assert AlertDigest.objects.filter(user=user, sent_at__isnull=False, changes=1).count() == 1

    call_command("alerts", "send")  # what was sent is recorded: nothing new
    with django_capture_on_commit_callbacks(execute=True):
        load_registry(FIXTURES / "designations_update_2023-12-08.csv")  # the same update again changes nothing
    call_command("alerts", "send")
    assert len(emails(mailbox)) == 1 and AlertDigest.objects.count() == 1

    # the workspace keeps its own mark: still shown there until marked seen
    assert "New designation by United States" in client.get("/workspace/watches/").content.decode()
    client.post("/workspace/watches/", {"id": Watch.objects.get(user=user).pk, "action": "seen"})
    assert "Nothing new since you last looked." in client.get("/workspace/watches/").content.decode()


@pytest.mark.django_db
def test_the_dashboard_counts_the_users_own_watches_by_kind_in_words() -> None:
    load_registry(FIXTURES / "officials.csv")
    user, owner = account("owner")
    assert "Nothing watched yet" in owner.get("/workspace/").content.decode()
    for name in ("HU Lianhe", "ZHU Hailun"):
        owner.post("/workspace/watch/", {"kind": "official", "id": official(name).pk, "action": "watch"})
    _, other = account("other")
    other.post("/workspace/watch/", {"kind": "official", "id": official("HU Lianhe").pk, "action": "watch"})
    page = owner.get("/workspace/").content.decode()
    assert re.search(r'id="watching-officials"><a href="/workspace/watches/">2 officials watched</a>', page)
    assert "watching-facilities" not in page and "Nothing watched yet" not in page
    alone = other.get("/workspace/").content.decode()  # another user's watches are not counted
    assert "1 official watched<" in alone
    assert "1 ئەمەلدارنى كۆزىتىۋاتىسىز" in other.get("/ug/workspace/").content.decode()


@pytest.mark.django_db
def test_anonymous_watch_is_refused_and_anothers_watch_is_not_touched(client: Client) -> None:
    load_registry(FIXTURES / "officials.csv")
    hu = official("HU Lianhe")
    assert 'action="/workspace/watch/"' not in client.get(f"/officials/{hu.pk}/").content.decode()
    answer = client.post("/workspace/watch/", {"kind": "official", "id": hu.pk, "action": "watch"})
    assert answer.status_code == 302 and "/login/" in answer["Location"]
    assert not Watch.objects.exists()
    user, owner = account("owner")
    guarded = Client(enforce_csrf_checks=True)
    guarded.force_login(user)
    assert guarded.post("/workspace/watch/", {"kind": "official", "id": hu.pk}).status_code == 403  # no CSRF token
    assert not Watch.objects.exists()
    owner.post("/workspace/watch/", {"kind": "official", "id": hu.pk, "action": "watch"})
    mine = Watch.objects.get(user=user)
    _, other = account("other")
    for action in ("stop", "seen", "email-on"):
        assert other.post("/workspace/watches/", {"id": mine.pk, "action": action}).status_code == 404
    assert Watch.objects.filter(pk=mine.pk, email=False).exists()
    assert owner.get("/workspace/watch/").status_code == 405
    assert owner.post("/workspace/watch/", {"kind": "official", "id": 999999}).status_code == 404


@pytest.mark.django_db
def test_evidence_alert_is_masked_for_a_user_without_role_and_the_email_names_no_file(
        tmp_path: Path, mailbox: Path) -> None:
    folder = tmp_path / "files"
    folder.mkdir()
    (folder / f"{ID}_转移.txt").write_text("转移名单\n", encoding="utf-8")
    ingest(folder, "files", ocr=False)
    Collection.objects.filter(name="files").update(is_public=True)
    item = Item.objects.get(collection__name="files", name__startswith=ID)
    load_registry(FIXTURES / "officials.csv")
    hu = official("HU Lianhe")
    roleless, roleless_client = account("roleless")
    staff, staff_client = account("staffer", staff=True)
    for client in (roleless_client, staff_client):
        watch_with_email(client, "official", hu.pk)

    add_evidence(hu, item.locator, "lists the transfer", actor="researcher")

    seen = roleless_client.get("/workspace/watches/").content.decode()
    assert "1 new document linked as evidence." in seen and f'href="/items/{item.pk}/"' in seen
    assert not re.search(ID_NUMBER, seen) and "654127••••" in seen  # masked as their pages are
    assert ID in staff_client.get("/workspace/watches/").content.decode()  # staff see it, as on their pages
    call_command("alerts", "send")
    sent = emails(mailbox)
    assert sorted(m["To"] for m in sent) == ["roleless@example.org", "staffer@example.org"]
    for message in sent:  # titles and links only: never an ID number nor a file's name, whoever reads it
        text = body(message)
        assert "1 new document linked as evidence." in text and "HU Lianhe" in text
        assert not re.search(r"[0-9]{10,}", text) and "转移" not in text


@pytest.mark.django_db
def test_a_facility_hears_of_new_records_masked_and_visitors_see_no_button(tmp_path: Path, mailbox: Path) -> None:
    build_leak(tmp_path / "one", "first")
    visitor_page = Client().get("/facilities/").content.decode()
    assert 'action="/workspace/watch/"' not in visitor_page
    viewer, viewer_client = account("viewer9", "viewer")
    researcher, researcher_client = account("researcher9", "researcher")
    page = viewer_client.get("/facilities/").content.decode()
    facility_id = int(re.findall(r'name="kind" value="facility"><input type="hidden" name="id" value="(\d+)"', page)[0])
    facility = Facility.objects.get(pk=facility_id)
    for client in (viewer_client, researcher_client):
        watch_with_email(client, "facility", facility_id)
    assert "Nothing new" in viewer_client.get("/workspace/watches/").content.decode()

    second = build_leak(tmp_path / "two", "second")  # a new ingest, mapped: new records at the same facilities
    new = facility.detentions.filter(person__collection=second).count()
    assert new > 0
    line = f"{new} new detention record{'s' if new > 1 else ''}."
    for client, names in ((viewer_client, False), (researcher_client, True)):
        listed = client.get("/workspace/watches/").content.decode()
        assert line in listed and not re.search(ID_NUMBER, listed)
        person = facility.detentions.filter(person__collection=second).order_by("pk").first().person
        assert (person.name in listed) is names  # names only for researchers and above
    call_command("alerts", "send")
    sent = emails(mailbox)
    assert len(sent) == 2
    for message in sent:
        text = body(message)
        assert line in text and not re.search(r"[0-9]{10,}", text) and person.name not in text


@pytest.mark.django_db(transaction=True, available_apps=list(django_settings.INSTALLED_APPS))
def test_two_sends_at_once_send_the_digest_once(mailbox: Path) -> None:
    """Two processes' sends, as two threads with their own database connections, started together."""
    _check_concurrent_sends(mailbox)


@pytest.mark.django_db
def test_a_digest_claimed_by_another_process_is_not_sent_again(mailbox: Path) -> None:
    load_registry(FIXTURES / "officials.csv")
    hu = official("HU Lianhe")
    user, client = account("watcher2")
    watch_with_email(client, "official", hu.pk)
    load_registry(FIXTURES / "designations_update_2023-12-08.csv")
    watches = list(Watch.objects.filter(user=user, email=True).order_by("pk"))
    AlertDigest.objects.create(user=user, fingerprint=digest.fingerprint(user.pk, watches))  # the other's claim
    assert digest.send_to(user) is None and emails(mailbox) == []
    AlertDigest.objects.all().delete()
    assert digest.send_to(user) == 1 and len(emails(mailbox)) == 1


def _check_concurrent_sends(mailbox: Path) -> None:
    load_registry(FIXTURES / "officials.csv")
    hu = official("HU Lianhe")
    user, client = account("watcher3")
    watch_with_email(client, "official", hu.pk)
    load_registry(FIXTURES / "designations_update_2023-12-08.csv")
    start = threading.Barrier(2)
    outcomes: list[Any] = []

    def send() -> None:
        from django.db import connection as own

        try:
            start.wait()
            outcomes.append(digest.send_all())
        finally:
            own.close()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(r.sent for r in outcomes) == 1 and len(emails(mailbox)) == 1
    assert AlertDigest.objects.filter(user=user).count() == 1


@pytest.mark.django_db
def test_a_saved_search_emailed_tells_of_new_items_without_its_words(tmp_path: Path, mailbox: Path) -> None:
    word = "qv9alertword"
    build_leak(tmp_path / "leak")
    user, client = account("journalist", "researcher")
    client.post("/workspace/searches/", {"action": "save", "q": f"{word} {ID}"[:40]})
    client.post("/workspace/searches/", {"action": "save", "q": word})
    saved = user.saved_searches.get(query=word)
    assert client.post("/workspace/watches/", {"action": "email-search", "id": saved.pk}).status_code == 302
    call_command("alerts", "send")
    assert emails(mailbox) == []  # nothing new yet
    late = tmp_path / "late"
    late.mkdir()
    (late / f"{ID}.txt").write_text(f"转移名单 {word} 身份证 {ID}\n", encoding="utf-8")
    ingest(late, "demo", ocr=False)
    listed = client.get("/workspace/watches/").content.decode()
    assert "1 new item matches." in listed and "654127••••" in listed and not re.search(ID_NUMBER, listed)
    call_command("alerts", "send")
    call_command("alerts", "send")
    (sent,) = emails(mailbox)
    text = body(sent)
    assert "1 new item matches." in text and "/workspace/searches/" in text
    assert word not in text and not re.search(r"[0-9]{10,}", text)  # neither the search's words nor the file's name
