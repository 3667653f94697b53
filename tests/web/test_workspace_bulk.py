"""Review queues narrowed and decided in bulk: photo links by method and score, findings by check and severity; one
decision and note on the ticked rows or on all shown, each on the custody log as a single decision is; the role
rules of single decisions (404 closed collection, 403 below researcher); a finding's cell links to its row."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from django.test import Client

from adalet.archive.models import Collection, Item
from adalet.lib.roles import Role
from adalet.people.models import LinkStatus, PhotoLink
from adalet.verify import review as finding_review
from adalet.verify.models import SignOff
from adalet.web.workspace import queues
from tests.web.workspace_fixtures import custody, make_user, restricted  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def researcher(restricted: Collection) -> User:  # noqa: F811
    return make_user("rahile", grants={restricted: Role.RESEARCHER})


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def proposed(collection: Collection) -> list[PhotoLink]:
    return list(PhotoLink.objects.filter(collection=collection, status=LinkStatus.PROPOSED).order_by("photo__locator", "pk"))


# Each test builds the demo leak (10-15 s), so each walks several steps on it; the steps are the functions below.


def test_photo_links_narrow_and_bulk_decisions_keep_the_role_rules(
    restricted: Collection,  # noqa: F811
    researcher: User,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    bulk_decisions_keep_the_role_rules(restricted)  # first: it asserts nothing was decided
    photo_links_narrow_by_method_and_score_and_page(restricted, researcher, monkeypatch)


def test_ticked_links_then_all_shown_are_decided_each_audited(restricted: Collection, researcher: User) -> None:  # noqa: F811
    one_decision_on_the_ticked_links_each_audited(restricted, researcher)
    all_shown_decides_every_waiting_row_of_the_page(restricted, researcher)


def test_findings_link_to_their_rows_narrow_by_check_and_are_signed_off_together(
    restricted: Collection,  # noqa: F811
    researcher: User,
) -> None:
    a_finding_cell_links_to_its_row_in_the_viewer(restricted, researcher)
    findings_narrow_by_check_and_are_signed_off_together(restricted, researcher)


def photo_links_narrow_by_method_and_score_and_page(
    restricted: Collection,  # noqa: F811
    researcher: User,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    links = proposed(restricted)
    methods = {link.method for link in links}
    assert len(links) >= 3 and methods  # the demo leak proposes links to decide
    method = sorted(methods)[0]
    low = sorted(link.score for link in links if link.method == method)[0]
    wanted = {link.pk for link in links if link.method == method and link.score >= low}
    client = signed_in(researcher)
    url = f"/workspace/collections/{restricted.name}/photo-links/"
    page = client.get(url, {"method": method, "min_score": f"{low}"})
    shown = {row["id"] for row in page.context["rows"]}
    assert shown == wanted and page.context["shown"] == [row["id"] for row in page.context["rows"]]
    assert client.get(url, {"method": method, "min_score": "1.01"}).context["narrowing"].min_score is None  # out of range
    assert not client.get(url, {"max_score": f"{min(link.score for link in links) - 0.001}"}).context["rows"]
    monkeypatch.setattr(queues, "PER_PAGE", 2)
    first = client.get(url, {"method": method}).content.decode()
    assert len([link for link in links if link.method == method]) > 2
    assert f"?status=proposed&amp;method={method}&amp;page=2" in first  # the next page keeps the narrowing


def one_decision_on_the_ticked_links_each_audited(restricted: Collection, researcher: User) -> None:  # noqa: F811
    first, second, third = proposed(restricted)[:3]
    client = signed_in(researcher)
    url = f"/workspace/collections/{restricted.name}/photo-links/"
    client.post(f"{url}{third.pk}/", {"decision": "rejected"})  # decided alone first: a bulk decision skips it
    answer = client.post(
        f"{url}decide/",
        {
            "decision": "confirmed",
            "note": "faces match the file photos",
            "chosen": [first.pk, second.pk, third.pk, 999999],
            "next": f"{url}?method=x",
        },
        follow=True,
    )
    assert answer.redirect_chain[0] == (f"{url}?method=x", 302)
    html = answer.content.decode()
    assert "2 decisions recorded, each on the custody log." in html and "2 were skipped" in html
    assert dict(PhotoLink.objects.filter(pk__in=[first.pk, second.pk, third.pk]).values_list("pk", "status")) == {
        first.pk: "confirmed",
        second.pk: "confirmed",
        third.pk: "rejected",
    }
    records = custody("photo-link-review")
    assert len(records) == 3 and all(r.actor == "rahile" for r in records)
    assert [f'"link":{first.pk},' in records[1].body, f'"link":{second.pk},' in records[2].body] == [True, True]
    assert all("faces match the file photos" in r.body for r in records[1:])


def all_shown_decides_every_waiting_row_of_the_page(restricted: Collection, researcher: User) -> None:  # noqa: F811
    client = signed_in(researcher)
    url = f"/workspace/collections/{restricted.name}/photo-links/"
    page = client.get(url)
    shown = page.context["shown"]
    assert shown and 'id="bulk-decide"' in page.content.decode() and 'form="bulk-decide"' in page.content.decode()
    before = len(custody("photo-link-review"))
    client.post(f"{url}decide/", {"decision": "rejected", "all_shown": "1", "shown": shown, "chosen": [shown[0]]})
    assert set(PhotoLink.objects.filter(pk__in=shown).values_list("status", flat=True)) == {"rejected"}
    assert len(custody("photo-link-review")) == before + len(shown)


def bulk_decisions_keep_the_role_rules(restricted: Collection) -> None:  # noqa: F811
    link = proposed(restricted)[0]
    key = finding_review.pending_findings(restricted)[0].key
    viewer = signed_in(make_user("viewer", grants={restricted: Role.VIEWER}))
    stranger = signed_in(make_user("stranger", group="researcher"))  # a researcher, not in this collection
    for client, status in ((viewer, 403), (stranger, 404)):
        assert (
            client.post(
                f"/workspace/collections/{restricted.name}/photo-links/decide/", {"decision": "confirmed", "chosen": [link.pk]}
            ).status_code
            == status
        )
        assert (
            client.post(
                f"/workspace/collections/{restricted.name}/findings/decide/", {"decision": "confirmed", "chosen": [key]}
            ).status_code
            == status
        )
    html = viewer.get(f"/workspace/collections/{restricted.name}/photo-links/").content.decode()
    assert 'id="bulk-decide"' not in html and 'name="chosen"' not in html
    link.refresh_from_db()
    assert link.status == "proposed" and not custody("photo-link-review") and not SignOff.objects.exists()


def findings_narrow_by_check_and_are_signed_off_together(restricted: Collection, researcher: User) -> None:  # noqa: F811
    client = signed_in(researcher)
    url = f"/workspace/collections/{restricted.name}/findings/"
    check = finding_review.check_names(restricted)[0]
    wanted = list(finding_review.pending_findings(restricted).filter(check_name=check).values_list("key", flat=True))
    page = client.get(url, {"check": check})
    assert [row["key"] for row in page.context["rows"]] == wanted[: queues.PER_PAGE]
    keys = wanted[:2] if len(wanted) > 1 else wanted
    refused = client.post(f"{url}decide/", {"decision": "dismissed", "chosen": keys}, follow=True)
    assert "A false alarm needs a note saying why." in refused.content.decode() and not SignOff.objects.exists()
    client.post(f"{url}decide/", {"decision": "dismissed", "note": "the clerk's known typo", "chosen": keys})
    assert dict(SignOff.objects.values_list("key", "decision")) == {k: "dismissed" for k in keys}
    assert [r.actor for r in custody("verify-signoff")] == ["rahile"] * len(keys)
    again = client.post(f"{url}decide/", {"decision": "confirmed", "chosen": keys}, follow=True).content.decode()
    assert "were skipped" in again or "was skipped" in again
    assert SignOff.objects.count() == len(keys)


def a_finding_cell_links_to_its_row_in_the_viewer(restricted: Collection, researcher: User) -> None:  # noqa: F811
    client = signed_in(researcher)
    finding = finding_review.pending_findings(restricted).exclude(row=None).first()
    assert finding is not None
    page = client.get(f"/workspace/collections/{restricted.name}/findings/", {"check": finding.check_name})
    item = Item.objects.get(collection=restricted, locator=finding.item)
    anchor = re.search(rf'<dd class="cell"><a href="/items/{item.pk}/#(sheet-\d+-row-{finding.row})">', page.content.decode())
    assert anchor, "the finding's cell is a link to its row"
    viewer = client.get(f"/items/{item.pk}/").content.decode()
    assert f'<tr id="{anchor.group(1)}">' in viewer and f'<th scope="row">{finding.row}</th>' in viewer
