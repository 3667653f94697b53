"""The workspace's collection queues: the dashboard, photo links and verification findings decided by researchers
(with and without htmx), read-only for viewers, 404 for collections closed to the user, every decision audited."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from django.test import Client

from adalet.archive.models import Collection
from adalet.lib.roles import Role
from adalet.people.models import LinkStatus, PhotoLink
from adalet.verify import review as finding_review
from adalet.verify.models import SignOff
from tests.web.conftest import ID_NUMBER
from tests.web.workspace_fixtures import custody, make_user, restricted  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def researcher(restricted: Collection) -> User:  # noqa: F811
    return make_user("rahile", grants={restricted: Role.RESEARCHER})


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def first_proposed(collection: Collection) -> PhotoLink:
    return PhotoLink.objects.filter(collection=collection, status=LinkStatus.PROPOSED).order_by("photo__locator").first()


def test_the_workspace_needs_sign_in(client: Client, restricted: Collection) -> None:  # noqa: F811
    for url in ("/workspace/", f"/workspace/collections/{restricted.name}/photo-links/", "/workspace/upload/"):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/login/?next=/workspace/")


def test_the_dashboard_lists_openable_collections_with_what_waits(restricted: Collection, researcher: User) -> None:  # noqa: F811
    Collection.objects.create(name="closed-to-her")
    page = signed_in(researcher).get("/workspace/")
    html = page.content.decode()
    row = next(r for r in page.context["rows"] if r["collection"] == restricted)
    assert row["role"] == "researcher" and row["can_decide"]
    assert row["photo_links"] == PhotoLink.objects.filter(collection=restricted, status="proposed").count() > 0
    assert row["findings"] == finding_review.pending_findings(restricted).count() > 0
    assert "closed-to-her" not in html and f"/workspace/collections/{restricted.name}/photo-links/" in html
    assert page.context["signatures"] is None  # not a moderator: the signatures queue is not offered


def test_a_researcher_confirms_a_photo_link_without_javascript(restricted: Collection, researcher: User) -> None:  # noqa: F811
    client = signed_in(researcher)
    queue = client.get(f"/workspace/collections/{restricted.name}/photo-links/")
    link = first_proposed(restricted)
    html = queue.content.decode()
    assert f'id="photo-link-{link.pk}"' in html and link.evidence["file_name"] in html  # unmasked for a researcher
    assert f"row {link.evidence['record']['row']}" in html and f"column {link.evidence['record']['column']}" in html
    viewed = custody("view-personal-data")[-1]
    assert viewed.actor == "rahile" and link.photo.locator in viewed.body
    answer = client.post(f"/workspace/collections/{restricted.name}/photo-links/{link.pk}/",
                         {"decision": "confirmed", "note": "same face as the file photo",
                          "next": f"/workspace/collections/{restricted.name}/photo-links/"})
    assert answer.status_code == 302 and answer["Location"] == f"/workspace/collections/{restricted.name}/photo-links/"
    link.refresh_from_db()
    assert (link.status, link.reviewed_by) == ("confirmed", "rahile") and link.reviewed_at
    record = custody("photo-link-review")[-1]
    assert record.actor == "rahile" and '"decision":"confirmed"' in record.body and "same face" in record.body
    after = client.get(f"/workspace/collections/{restricted.name}/photo-links/?status=confirmed").content.decode()
    assert "Photo link confirmed." in after and f'id="photo-link-{link.pk}"' in after


def test_with_htmx_the_answer_is_the_row_alone(restricted: Collection, researcher: User) -> None:  # noqa: F811
    client = signed_in(researcher)
    link = first_proposed(restricted)
    answer = client.post(f"/workspace/collections/{restricted.name}/photo-links/{link.pk}/", {"decision": "rejected"},
                         HTTP_HX_REQUEST="true")
    html = answer.content.decode()
    assert answer.status_code == 200 and html.startswith(f'<li class="review rejected" id="photo-link-{link.pk}">')
    assert "<html" not in html and "<form" not in html and "rahile" in html
    again = client.post(f"/workspace/collections/{restricted.name}/photo-links/{link.pk}/", {"decision": "confirmed"},
                        HTTP_HX_REQUEST="true")
    assert again.status_code == 200 and "already rejected by rahile" in again.content.decode()
    link.refresh_from_db()
    assert link.status == "rejected" and len(custody("photo-link-review")) == 1


def test_a_viewer_reads_the_queue_with_id_numbers_masked_and_cannot_decide(restricted: Collection) -> None:  # noqa: F811
    viewer = make_user("visitor", grants={restricted: Role.VIEWER})
    client = signed_in(viewer)
    html = client.get(f"/workspace/collections/{restricted.name}/photo-links/").content.decode()
    assert "<form class=\"decide\"" not in html and "deciding needs the researcher role" in html
    assert not re.search(ID_NUMBER, html)
    link = first_proposed(restricted)
    assert client.post(f"/workspace/collections/{restricted.name}/photo-links/{link.pk}/",
                       {"decision": "confirmed"}).status_code == 403
    assert client.post(f"/workspace/collections/{restricted.name}/findings/{finding_review.pending_findings(restricted)[0].key}/",
                       {"decision": "confirmed"}).status_code == 403
    link.refresh_from_db()
    assert link.status == "proposed" and not custody("photo-link-review")


def test_a_collection_closed_to_the_user_is_not_found(restricted: Collection) -> None:  # noqa: F811
    stranger = make_user("stranger", group="researcher")  # a researcher, but not in this restricted collection
    client = signed_in(stranger)
    link = first_proposed(restricted)
    key = finding_review.pending_findings(restricted)[0].key
    for url in (f"/workspace/collections/{restricted.name}/photo-links/", f"/workspace/collections/{restricted.name}/findings/",
                "/workspace/collections/no-such/photo-links/"):
        assert client.get(url).status_code == 404
    assert client.post(f"/workspace/collections/{restricted.name}/photo-links/{link.pk}/",
                       {"decision": "confirmed"}).status_code == 404
    assert client.post(f"/workspace/collections/{restricted.name}/findings/{key}/", {"decision": "confirmed"}).status_code == 404
    assert restricted.name not in client.get("/workspace/").content.decode()


def test_findings_are_signed_off_as_real_problems_or_false_alarms_with_a_note(restricted: Collection,  # noqa: F811
                                                                             researcher: User) -> None:
    client = signed_in(researcher)
    url = f"/workspace/collections/{restricted.name}/findings/"
    first, second = list(finding_review.pending_findings(restricted)[:2])
    assert f'id="finding-{first.key}"' in client.get(url).content.decode()
    refused = client.post(f"{url}{second.key}/", {"decision": "dismissed", "note": ""}, HTTP_HX_REQUEST="true")
    assert refused.status_code == 200 and "A false alarm needs a note saying why." in refused.content.decode()
    client.post(f"{url}{first.key}/", {"decision": "confirmed", "note": "checked against the paper file"})
    client.post(f"{url}{second.key}/", {"decision": "dismissed", "note": "the clerk's known typo"})
    decisions = dict(SignOff.objects.filter(collection=restricted).values_list("key", "decision"))
    assert decisions == {first.key: "confirmed", second.key: "dismissed"}
    assert [r.actor for r in custody("verify-signoff")] == ["rahile", "rahile"]
    pending = finding_review.pending_findings(restricted)
    assert not pending.filter(key__in=[first.key, second.key]).exists()
    decided = client.get(f"{url}?status=decided").content.decode()
    assert "the clerk&#x27;s known typo" in decided and "false alarm" in decided
    twice = client.post(f"{url}{first.key}/", {"decision": "dismissed", "note": "changed my mind"}, HTTP_HX_REQUEST="true")
    assert "already signed off by rahile" in twice.content.decode() and len(custody("verify-signoff")) == 2


def test_workspace_pages_keep_the_strict_policy(restricted: Collection, researcher: User) -> None:  # noqa: F811
    client = signed_in(researcher)
    for url in ("/workspace/", f"/workspace/collections/{restricted.name}/photo-links/",
                f"/workspace/collections/{restricted.name}/findings/", "/workspace/officials/", "/workspace/upload/",
                "/workspace/tokens/", "/workspace/security/"):
        response = client.get(url)
        assert response.status_code == 200, url
        policy = response["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "style-src 'self'" in policy and "unsafe" not in policy
        html = response.content.decode()
        assert not re.search(r"<style|\sstyle=|\son[a-z]+=", html, re.I), url
        assert all(re.fullmatch(r'<script src="/static/web/(vendor/htmx\.min|choose)\.js" defer>', tag)
                   for tag in re.findall(r"<script[^>]*>", html)), url
        assert '"includeIndicatorStyles": false' in html


def test_the_workspace_speaks_uyghur_and_chinese(restricted: Collection, researcher: User) -> None:  # noqa: F811
    client = signed_in(researcher)
    uyghur = client.get(f"/workspace/collections/{restricted.name}/photo-links/", HTTP_ACCEPT_LANGUAGE="ug").content.decode()
    assert 'dir="rtl"' in uyghur and "سۈرەت باغلىنىشلىرى" in uyghur and "جەزملەش" in uyghur
    chinese = client.get("/workspace/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "工作区" in chinese and "待审核的照片关联" in chinese
