"""One rule for privilege (adalet.web.secondfactor): with a second factor required, an account signed in with its
password alone is a visitor on the site, the API and the admin until it gives a code; then it is itself again.

The unpublished item holds an ID number: the password-only session must answer what an anonymous visitor gets
(404), the verified session the item itself (the positive control that proves the item is there to leak).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from adalet.archive.ingest import ingest
from adalet.archive.models import Item

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
ID_NUMBER = "654127198507150033"


def code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


@pytest.fixture
def unpublished_item(tmp_path: Path) -> Item:
    folder = tmp_path / "leak"
    folder.mkdir()
    (folder / "roster.txt").write_text(f"在押人员 阿布都热合曼 身份证号 {ID_NUMBER} 特克斯县\n", encoding="utf-8")
    ingest(folder, "closed-leak", ocr=False, source="test")
    return Item.objects.get(name="roster.txt")


@pytest.fixture
def required(settings: Any) -> None:
    settings.ADALET_REQUIRE_2FA_FOR_STAFF = True


def sign_in(client: Client, username: str) -> Any:
    return client.post("/login/", {"username": username, "password": PASSWORD})


def test_password_only_staff_without_a_device_is_a_visitor_until_enrolled(
        client: Client, unpublished_item: Item, required: None) -> None:
    User.objects.create_user("boss", password=PASSWORD, is_staff=True, is_superuser=True)
    sent = sign_in(client, "boss")
    assert sent.status_code == 302 and sent["Location"] == "/workspace/security/"  # straight to enrolment
    anonymous = Client()
    for url in (f"/items/{unpublished_item.pk}/", f"/items/{unpublished_item.pk}/original",
                ):
        assert client.get(url).status_code == anonymous.get(url).status_code == 404, url
    assert "roster.txt" not in client.get("/search", {"q": "特克斯县"}).content.decode()
    assert client.get("/admin/")["Location"].startswith("/admin/login/")
    assert client.get("/admin/login/")["Location"] == "/workspace/security/"
    assert client.get("/login/")["Location"] == "/workspace/security/"
    header = client.get("/").content.decode()
    assert "Finish signing in" in header and "Sign out" in header

    client.post("/workspace/security/", {"action": "start"})
    device = TOTPDevice.objects.get(user__username="boss")
    assert client.post("/workspace/security/", {"action": "confirm", "code": code(device)}).status_code == 302
    page = client.get(f"/items/{unpublished_item.pk}/")
    assert page.status_code == 200 and ID_NUMBER in page.content.decode()  # staff, verified: unmasked
    assert "roster.txt" in client.get("/search", {"q": "特克斯县"}).content.decode()
    assert client.get("/admin/").status_code == 200


def test_a_session_from_before_the_requirement_is_a_visitor_until_it_gives_a_code(
        client: Client, unpublished_item: Item, settings: Any) -> None:
    boss = User.objects.create_user("boss", password=PASSWORD, is_staff=True)
    device = TOTPDevice.objects.create(user=boss, name="phone", confirmed=True)
    client.force_login(boss)  # signed in with the password while nothing more was asked
    assert client.get(f"/items/{unpublished_item.pk}/").status_code == 200
    settings.ADALET_REQUIRE_2FA_FOR_STAFF = True
    assert client.get(f"/items/{unpublished_item.pk}/").status_code == 404
    assert client.get("/workspace/")["Location"] == "/workspace/security/"
    assert "Code, to verify this session" in client.get("/workspace/security/").content.decode()
    assert client.post("/workspace/security/", {"action": "verify", "code": code(device)}).status_code == 302
    assert client.get(f"/items/{unpublished_item.pk}/").status_code == 200


def test_a_role_holder_signed_in_with_the_password_only_has_no_role(
        client: Client, unpublished_item: Item, required: None) -> None:
    from django.contrib.auth.models import Group

    researcher = User.objects.create_user("rahile", password=PASSWORD)
    researcher.groups.add(Group.objects.get(name="researcher"))
    sign_in(client, "rahile")
    assert client.get("/workspace/")["Location"] == "/workspace/security/"
    assert client.get("/api/collections").json() == Client().get("/api/collections").json()


def test_with_a_device_the_password_alone_signs_nobody_in(client: Client, required: None) -> None:
    boss = User.objects.create_user("boss", password=PASSWORD, is_staff=True)
    device = TOTPDevice.objects.create(user=boss, name="phone", confirmed=True)
    assert sign_in(client, "boss")["Location"] == "/login/code/"
    assert "_auth_user_id" not in client.session
    assert client.post("/login/code/", {"code": code(device)}).status_code == 302
    assert client.get("/workspace/").status_code == 200
