"""API tokens: made in the workspace (shown once) or by `adalet token create`, kept only as a hash; a token gives
the API its user's visibility; a wrong or revoked token is refused; anonymous callers still see public data."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client

from adalet.api import tokens
from adalet.api.models import ApiToken
from adalet.archive.models import Collection
from adalet.lib.roles import Role
from tests.web.conftest import build_leak
from tests.web.workspace_fixtures import custody, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def collections(tmp_path: Path) -> tuple[Collection, Collection]:
    """A restricted collection (the demo leak) and a published one."""
    restricted = build_leak(tmp_path / "leak", "restricted-leak", public=False)
    published = Collection.objects.create(name="published-notes", is_public=True)
    return restricted, published


def names(response: object) -> set[str]:
    return {c["name"] for c in response.json()}  # type: ignore[attr-defined]


def bearer(token: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def test_a_token_sees_what_its_user_may_open(collections: tuple[Collection, Collection]) -> None:
    restricted, _ = collections
    user = make_user("rahile", grants={restricted: Role.RESEARCHER})
    _, raw = tokens.create(user, "notebook", actor="rahile")
    api = Client()
    assert names(api.get("/api/collections")) == {"published-notes"}
    assert names(api.get("/api/collections", **bearer(raw))) == {"published-notes", "restricted-leak"}
    hits = api.get("/api/search", {"q": "在押"}, **bearer(raw)).json()
    assert hits["total"] > 0 and {h["collection"] for h in hits["hits"]} == {"restricted-leak"}
    assert api.get("/api/search", {"q": "在押"}).json()["total"] == 0  # anonymous: the leak is not published
    token = ApiToken.objects.get()
    assert token.digest == hashlib.sha256(raw.encode()).hexdigest() and raw not in str(token.__dict__.values())
    assert token.last_used_at is not None


def test_a_wrong_or_revoked_token_is_refused(collections: tuple[Collection, Collection]) -> None:
    restricted, _ = collections
    user = make_user("rahile", grants={restricted: Role.RESEARCHER})
    token, raw = tokens.create(user, "notebook", actor="rahile")
    api = Client()
    assert api.get("/api/collections", **bearer(raw[:-1] + ("A" if raw[-1] != "A" else "B"))).status_code == 401
    assert api.get("/api/collections", HTTP_AUTHORIZATION="Basic cmFoaWxlOnB3").status_code == 401
    tokens.revoke(token, actor="admin")
    refused = api.get("/api/collections", **bearer(raw))
    assert refused.status_code == 401 and "restricted-leak" not in refused.content.decode()
    user.is_active = False
    user.save()
    _, other = tokens.create(user, "another", actor="rahile")
    assert api.get("/api/collections", **bearer(other)).status_code == 401  # a deactivated user's token


def test_the_workspace_shows_a_new_token_once_and_revokes_it(collections: tuple[Collection, Collection]) -> None:
    restricted, _ = collections
    user = make_user("rahile", grants={restricted: Role.RESEARCHER})
    page = Client()
    page.force_login(user)
    made = page.post("/workspace/tokens/", {"name": "R notebook"})
    raw = made.context["made"]["raw"]
    assert made.status_code == 200 and raw in made.content.decode() and "no-store" in made["Cache-Control"]
    assert raw not in page.get("/workspace/tokens/").content.decode()  # shown once
    assert "restricted-leak" in names(Client().get("/api/collections", **bearer(raw)))
    token = ApiToken.objects.get(user=user)
    stranger = Client()
    stranger.force_login(make_user("someone"))
    assert stranger.post(f"/workspace/tokens/{token.pk}/revoke/").status_code == 404
    page.post(f"/workspace/tokens/{token.pk}/revoke/")
    assert Client().get("/api/collections", **bearer(raw)).status_code == 401
    assert [r.actor for r in custody("api-token-create")] == ["rahile"]
    assert [r.actor for r in custody("api-token-revoke")] == ["rahile"] and raw not in custody("api-token-create")[0].body


def test_the_token_command_creates_lists_and_revokes(collections: tuple[Collection, Collection]) -> None:
    restricted, _ = collections
    make_user("rahile", grants={restricted: Role.RESEARCHER})
    out, err = io.StringIO(), io.StringIO()
    call_command("token", "create", "rahile", "--name", "script", stdout=out, stderr=err)
    raw = out.getvalue().strip()
    assert raw.startswith("adt_") and "shown once" in err.getvalue()
    assert "restricted-leak" in names(Client().get("/api/collections", **bearer(raw)))
    listing = io.StringIO()
    call_command("token", "list", "rahile", stdout=listing)
    prefix = ApiToken.objects.get().prefix
    assert f"{prefix}…" in listing.getvalue() and raw not in listing.getvalue()
    call_command("token", "revoke", prefix, stdout=io.StringIO())
    assert Client().get("/api/collections", **bearer(raw)).status_code == 401
    with pytest.raises(Exception, match="no user named"):
        call_command("token", "create", "nobody", stdout=io.StringIO(), stderr=io.StringIO())


def test_anonymous_callers_still_see_public_data(collections: tuple[Collection, Collection]) -> None:
    api = Client()
    assert api.get("/api/collections").status_code == 200 and names(api.get("/api/collections")) == {"published-notes"}
    assert api.get("/api/search", {"q": "anything"}).status_code == 200


def test_a_signed_in_session_keeps_working_without_a_token(collections: tuple[Collection, Collection]) -> None:
    restricted, _ = collections
    session = Client()
    session.force_login(make_user("rahile", grants={restricted: Role.VIEWER}))
    assert "restricted-leak" in names(session.get("/api/collections"))
