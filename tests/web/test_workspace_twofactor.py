"""The second factor: enrol a TOTP device with a real code, then sign-in asks for one; wrong codes are refused and
end the attempt; staff can be required to use it (ADALET_REQUIRE_2FA_FOR_STAFF); enrolment is audited."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.web.workspace_fixtures import PASSWORD, custody, make_user

pytestmark = pytest.mark.django_db


def code(device: TOTPDevice, drift: int = 0) -> str:
    """The code an authenticator app shows now (drift 1: the next one, which the device also accepts)."""
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=drift):06d}"


def confirmed_device(user: User) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


def test_enrol_with_a_code_then_sign_in_asks_for_one(client: Client) -> None:
    user = make_user("rahile")
    client.force_login(user)
    assert "Set up a second factor" in client.get("/workspace/security/").content.decode()
    client.post("/workspace/security/", {"action": "start"})
    device = TOTPDevice.objects.get(user=user)
    page = client.get("/workspace/security/").content.decode()
    assert not device.confirmed and "otpauth://totp/Adalet%3Arahile?secret=" in page and "issuer=Adalet" in page
    secret = re.search(r'<code class="secret">([A-Z2-7 ]+)</code>', page).group(1)
    assert secret.replace(" ", "") in page.replace("&amp;", "&")  # the same key as in the address
    wrong = f"{(int(code(device)) + 1) % 1_000_000:06d}"
    assert client.post("/workspace/security/", {"action": "confirm", "code": wrong}).status_code == 400
    device.refresh_from_db()
    assert not device.confirmed
    device.throttle_reset()
    confirmed = client.post("/workspace/security/", {"action": "confirm", "code": code(device)})
    assert confirmed.status_code == 302
    device.refresh_from_db()
    assert device.confirmed and [r.actor for r in custody("2fa-enrol")] == ["rahile"]
    client.post("/logout/")

    step_one = client.post("/login/", {"username": "rahile", "password": PASSWORD, "next": "/workspace/"})
    assert step_one.status_code == 302 and step_one["Location"] == "/login/code/"
    assert client.get("/workspace/").status_code == 302  # not signed in yet
    signed_in = client.post("/login/code/", {"code": code(device, drift=1)})
    assert signed_in.status_code == 302 and signed_in["Location"] == "/workspace/"
    dashboard = client.get("/workspace/")
    assert dashboard.status_code == 200 and dashboard.wsgi_request.user.is_verified()


def test_without_a_device_sign_in_is_one_step(client: Client) -> None:
    make_user("rahile")
    TOTPDevice.objects.create(user=User.objects.get(username="rahile"), name="unfinished", confirmed=False)
    answer = client.post("/login/", {"username": "rahile", "password": PASSWORD})
    assert answer.status_code == 302 and answer["Location"] == "/"
    assert client.get("/workspace/").status_code == 200


def test_a_wrong_code_is_refused_and_five_end_the_attempt(client: Client, settings: Any) -> None:
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # the count of wrong codes is what is tested here, not django-otp's delay
    device = confirmed_device(make_user("rahile"))
    client.post("/login/", {"username": "rahile", "password": PASSWORD})
    right = code(device)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    for _ in range(4):
        refused = client.post("/login/code/", {"code": wrong})
        assert refused.status_code == 400 and "That code is not right" in refused.content.decode()
    ended = client.post("/login/code/", {"code": wrong})
    assert ended.status_code == 400 and "sign in again" in ended.content.decode()
    assert client.post("/login/code/", {"code": right}).status_code == 302  # back to the password
    assert client.get("/workspace/").status_code == 302


def test_a_code_works_once(client: Client) -> None:
    device = confirmed_device(make_user("rahile"))
    client.post("/login/", {"username": "rahile", "password": PASSWORD})
    now = code(device)
    assert client.post("/login/code/", {"code": now}).status_code == 302
    client.post("/logout/")
    client.post("/login/", {"username": "rahile", "password": PASSWORD})
    assert client.post("/login/code/", {"code": now}).status_code == 400


def test_accounts_can_be_required_to_use_a_second_factor(client: Client, settings: Any) -> None:
    """Required, an account with a role (not only staff) signed in with its password is sent to the second factor."""
    settings.ADALET_REQUIRE_2FA_FOR_STAFF = True
    staff = make_user("boss", is_staff=True)
    researcher = make_user("rahile", group="researcher")
    client.force_login(researcher)
    sent = client.get("/workspace/")
    assert sent.status_code == 302 and sent["Location"] == "/workspace/security/"
    client.force_login(staff)
    sent = client.get("/workspace/")
    assert sent.status_code == 302 and sent["Location"] == "/workspace/security/"
    device = confirmed_device(staff)
    assert "Code, to verify this session" in client.get("/workspace/security/").content.decode()
    assert client.post("/workspace/security/", {"action": "verify", "code": code(device)}).status_code == 302
    assert client.get("/workspace/").status_code == 200
    settings.ADALET_REQUIRE_2FA_FOR_STAFF = False
    other = Client()
    other.force_login(staff)
    assert other.get("/workspace/").status_code == 200


def test_removing_the_second_factor_needs_a_code_and_is_audited(client: Client) -> None:
    user = make_user("rahile")
    device = confirmed_device(user)
    client.force_login(user)
    assert client.post("/workspace/security/", {"action": "remove", "code": "12"}).status_code == 400
    device.throttle_reset()
    assert client.post("/workspace/security/", {"action": "remove", "code": code(device)}).status_code == 302
    assert not TOTPDevice.objects.filter(user=user).exists() and [r.actor for r in custody("2fa-remove")] == ["rahile"]


def test_the_admin_signs_in_through_the_site_and_obeys_the_second_factor_rule(client: Client, settings: Any) -> None:
    """The admin has no password-only door: it sends visitors to /login/, and staff without a verified code
    (when required) to the security page; a signed-in non-staff user is refused, not asked to sign in again."""
    sent = client.get("/admin/")
    assert sent.status_code == 302 and sent["Location"].startswith("/admin/login/")
    sent = client.get(sent["Location"])
    assert sent.status_code == 302 and sent["Location"].startswith("/login/?next=/admin/")
    researcher = make_user("rahile", group="researcher")
    client.force_login(researcher)
    assert client.get("/admin/login/").status_code == 403
    settings.ADALET_REQUIRE_2FA_FOR_STAFF = True
    staff = make_user("boss", is_staff=True, is_superuser=True)
    client.force_login(staff)
    sent = client.get("/admin/", follow=True)
    assert sent.redirect_chain[-1][0] == "/workspace/security/"
    device = confirmed_device(staff)
    assert client.post("/workspace/security/", {"action": "verify", "code": code(device)}).status_code == 302
    assert client.get("/admin/").status_code == 200
    settings.ADALET_REQUIRE_2FA_FOR_STAFF = False
    other = Client()
    other.force_login(staff)
    assert other.get("/admin/").status_code == 200
