"""The moderators' queues in the workspace: official name matches (from a real FtM list import and the officials
registry) and organizations that signed a letter; moderators decide, others read matches only, every decision on
the custody log once."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client
from django.utils.html import escape

from adalet.campaigns.models import Letter, Signature
from adalet.people.officials import upsert_official
from adalet.sanctions.models import OfficialMatch
from adalet.sanctions.officials import match_officials
from tests.campaigns.conftest import clock, confirm_last, letter, quick_forms, sign  # noqa: F401
from tests.web.workspace_fixtures import custody, make_user

pytestmark = pytest.mark.django_db

PERSON = {"id": "eu-fsf-zhu", "schema": "Person", "datasets": ["eu_fsf"], "caption": "Zhu Hailun",
          "properties": {"name": ["Zhu Hailun"], "alias": ["朱海仑"], "birthDate": ["1958-01"], "nationality": ["cn"]}}
SANCTION = {"id": "eu-sanc-zhu", "schema": "Sanction", "datasets": ["eu_fsf"],
            "properties": {"entity": ["eu-fsf-zhu"], "authority": ["European Union"], "program": ["EU 2020/1998"],
                           "listingDate": ["2021-03-22"]}}


@pytest.fixture
def proposed_match(tmp_path: Path) -> OfficialMatch:
    path = tmp_path / "eu.jsonl"
    path.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in (PERSON, SANCTION)) + "\n", encoding="utf-8")
    call_command("sanctions", "import", "ftm", str(path), "--json", stdout=io.StringIO())
    official, _ = upsert_official("ZHU Hailun", other_names=["朱海仑"], birth="1958-01", source="test")
    # other tests' lists may be in the database too (the SDN import is shared): take the EU entity's match
    (match,) = [m for m in match_officials([official]) if m.entity.source_id == "eu-fsf-zhu"]
    assert match.status == "proposed"
    return match


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_moderator_confirms_an_official_match_with_its_explanation(proposed_match: OfficialMatch) -> None:
    client = signed_in(make_user("moderator", group="moderator"))
    page = client.get("/workspace/officials/").content.decode()
    assert f'id="official-match-{proposed_match.pk}"' in page and "Zhu Hailun" in page and "eu-fsf-zhu" in page
    # the page shows the match's whole explanation, each reason as its line: the name and the birth date
    assert "birth date agrees: 1958-01 / 1958-01" in proposed_match.explanation
    assert any("Zhu Hailun" in reason for reason in proposed_match.explanation if "birth date" not in reason)
    shown = re.findall(r"<li>(.*?)</li>", page.split('class="explanation"', 1)[1].split("</ul>", 1)[0])
    assert shown == [escape(reason) for reason in proposed_match.explanation]
    answer = client.post(f"/workspace/officials/{proposed_match.pk}/", {"decision": "confirmed"}, HTTP_HX_REQUEST="true")
    assert answer.status_code == 200 and 'class="review confirmed"' in answer.content.decode()
    proposed_match.refresh_from_db()
    assert (proposed_match.status, proposed_match.reviewer) == ("confirmed", "moderator")
    (record,) = custody("official-match-review")
    assert record.actor == "moderator" and proposed_match.custody_seq == record.seq
    again = client.post(f"/workspace/officials/{proposed_match.pk}/", {"decision": "rejected"})
    assert again.status_code == 302 and len(custody("official-match-review")) == 1
    assert "already confirmed by moderator" in client.get("/workspace/officials/").content.decode()


def test_a_researcher_reads_official_matches_but_cannot_decide(proposed_match: OfficialMatch) -> None:
    client = signed_in(make_user("researcher", group="researcher"))
    page = client.get("/workspace/officials/").content.decode()
    assert "Zhu Hailun" in page and 'class="decide"' not in page
    assert client.post(f"/workspace/officials/{proposed_match.pk}/", {"decision": "confirmed"}).status_code == 403
    assert client.get("/workspace/signatures/").status_code == 403
    proposed_match.refresh_from_db()
    assert proposed_match.status == "proposed"


def test_a_moderator_approves_one_organization_and_rejects_another(client: Client, letter: Letter) -> None:  # noqa: F811
    sign(client, "organization", email="director@gmail.com")
    confirm_last(client)
    sign(client, "organization", organization="Impostor Front", email="someone@gmail.com",
         website="https://impostor.example.org", ip="203.0.113.8")
    genuine, impostor = Signature.objects.order_by("pk")
    moderator = signed_in(make_user("moderator", group="moderator"))
    queue = moderator.get("/workspace/signatures/").content.decode()
    assert "Uyghur Rights Watch" in queue and "Impostor Front" in queue and "director@gmail.com" not in queue
    assert moderator.get("/workspace/").context["signatures"] == 2
    moderator.post(f"/workspace/signatures/{genuine.pk}/", {"decision": "approve"})
    answer = moderator.post(f"/workspace/signatures/{impostor.pk}/", {"decision": "reject", "note": "no such group"},
                            HTTP_HX_REQUEST="true")
    assert answer.status_code == 200 and 'class="review invalidated"' in answer.content.decode()
    genuine.refresh_from_db()
    impostor.refresh_from_db()
    assert genuine.verified_by == "moderator" and genuine.counts and impostor.state == "invalidated"
    assert [r.actor for r in custody("campaign-approve")] == ["moderator"]
    (rejected,) = custody("campaign-invalidate")
    assert rejected.actor == "moderator" and "no such group" in rejected.body
    assert "Uyghur Rights Watch" in client.get("/letters/letter-2022/").content.decode()
    assert moderator.post(f"/workspace/signatures/{genuine.pk}/", {"decision": "approve"}).status_code == 404
