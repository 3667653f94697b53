"""A family's "what next" (/relatives/next/): organisations as links (not endorsements) in English, Uyghur and Chinese,
linked from the relative search's results; a request to staff stored, never published, audited without its text,
a record attached only when a relative search could show it (same answer otherwise), rate-limited."""

from __future__ import annotations

import itertools

import pytest
from django.contrib.auth.models import User
from django.test import Client

from adalet.archive.models import CustodyRecord
from adalet.web.family import ORGANISATIONS, REQUESTS_PER_HOUR
from adalet.web.models import RelativeRequest
from tests.web.relatives_fixtures import NAME, Family, make_family
from tests.web.workspace_fixtures import make_user

pytestmark = pytest.mark.django_db
_addresses = itertools.count(1)
MESSAGE = "My brother, taken in May 2017; his wife has his papers."
CONTACT = "aygul@example.org"


@pytest.fixture
def family(db: None) -> Family:
    return make_family()


def send(client: Client, address: str | None = None, **fields: object) -> object:
    wanted = {"kind": "relative", "name": "Aygul", "contact": CONTACT, "relation": "sister", "message": MESSAGE} | fields
    remote = address or f"203.0.113.{next(_addresses) % 250 + 1}"
    return client.post("/relatives/next/", wanted, REMOTE_ADDR=remote)


def test_the_page_lists_organisations_as_links_in_three_languages(client: Client) -> None:
    page = client.get("/relatives/next/")
    text = page.content.decode()
    assert page.status_code == 200 and "not as endorsements" in text and "no-store" in page["Cache-Control"]
    for name, address, _about in ORGANISATIONS:
        assert (
            f'<a href="{address}" rel="noopener noreferrer external" referrerpolicy="no-referrer" lang="en" dir="ltr">{name}</a>'
            in text
        )
    assert {address for _n, address, _a in ORGANISATIONS} >= {"https://uhrp.org/", "https://www.hrw.org/"}
    uyghur = client.get("/relatives/next/", HTTP_ACCEPT_LANGUAGE="ug").content.decode()
    assert 'dir="rtl"' in uyghur and "كېيىن نېمە قىلالايسىز" in uyghur and "not as endorsements" not in uyghur
    assert 'lang="en" dir="ltr">Human Rights Watch</a>' in uyghur
    chinese = client.get("/relatives/next/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "接下来您可以做什么" in chinese and "不代表认可" in chinese


def test_search_results_link_to_it(client: Client, family: Family) -> None:
    text = client.post("/relatives/", {"name": NAME, "birth_year": 1980}).content.decode()
    assert f'href="/relatives/next/?record={family.shufu.pk}#request"' in text
    assert 'class="what-next"><a href="/relatives/next/">' in text
    assert f"?record={family.hidden.pk}" not in text


def test_a_request_is_kept_for_staff_and_audited_without_its_text(client: Client, family: Family) -> None:
    answer = send(client, record=family.shufu.pk)
    assert answer.status_code == 302 and answer["Location"] == "/relatives/next/?sent=1#request"
    made = RelativeRequest.objects.get()
    assert (made.kind, made.person, made.contact, made.message, made.status) == (
        "relative",
        family.shufu,
        CONTACT,
        MESSAGE,
        "open",
    )
    record = CustodyRecord.objects.get(action="relative-request")
    assert made.custody_seq == record.seq and record.actor == "anonymous"
    assert f'"record":{family.shufu.pk}' in record.body and '"sha256":"' in record.body
    assert not any(secret in record.body for secret in (MESSAGE, CONTACT, "Aygul", "sister"))
    shown = client.get("/relatives/next/?sent=1").content.decode()
    assert "Your request was received." in shown and MESSAGE not in shown
    # never published: the admin is for staff; a researcher without staff status, or a visitor, is sent away
    researcher = make_user("rahile", group="researcher")
    for who in (None, researcher):
        other = Client()
        if who:
            other.force_login(who)
        response = other.get(f"/admin/web/relativerequest/{made.pk}/change/")
        assert response.status_code == 302 and MESSAGE not in response.content.decode()
    staff = Client()
    staff.force_login(User.objects.create_superuser("admin", password="a long admin password 1"))
    assert MESSAGE in staff.get(f"/admin/web/relativerequest/{made.pk}/change/").content.decode()


def test_a_record_a_search_could_not_show_is_dropped_with_the_same_answer(client: Client, family: Family) -> None:
    hidden = send(client, record=family.hidden.pk, kind="removal")  # a record of an unpublished collection
    unknown = send(client, record=999_999, kind="correction")
    assert hidden.status_code == unknown.status_code == 302 and hidden["Location"] == unknown["Location"]
    assert list(RelativeRequest.objects.order_by("pk").values_list("kind", "person")) == [("removal", None), ("correction", None)]
    assert all('"record":null' in r.body for r in CustodyRecord.objects.filter(action="relative-request"))


def test_requests_are_limited_per_connection_and_incomplete_ones_kept_nowhere(client: Client) -> None:
    incomplete = send(client, contact="")
    assert incomplete.status_code == 400 and not RelativeRequest.objects.exists()
    assert not CustodyRecord.objects.filter(action="relative-request").exists()
    for _ in range(REQUESTS_PER_HOUR):
        assert send(client, address="192.0.2.7").status_code == 302
    refused = send(client, address="192.0.2.7")
    assert refused.status_code == 429 and "Too many requests" in refused.content.decode()
    assert RelativeRequest.objects.count() == REQUESTS_PER_HOUR
    assert send(client, address="192.0.2.8").status_code == 302  # another connection is not held back
