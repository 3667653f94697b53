"""Fixtures of the security walk: the world (tests/security/world.py) built once per module inside a transaction that
is rolled back after the module, its blob store kept for the module's tests, and sessions signed in for real.

Each test runs in its own savepoint (pytest-django's ``db``) inside the module's transaction, and the walk runs every
request in a savepoint of its own that is rolled back: each request meets the world as it was built.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import transaction
from django.test import Client, override_settings
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.security.world import PASSWORD, World, build_world

PENDING = "adalet_2fa_pending"  # adalet.web.workspace.twofactor.PENDING: the password given, the code not yet


@pytest.fixture(scope="module")
def world_blobs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("security-blobs")


@pytest.fixture(autouse=True)
def isolated_blobs(world_blobs: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The module's blob store, where the world's originals and derivatives are (overrides tests/conftest.py's)."""
    monkeypatch.setenv("ADALET_BLOBS", str(world_blobs))
    return world_blobs


#: Argon2 costs half a second a password: the walk signs in a dozen times and sets passwords through the admin. The
#: rule under test is not the hash's (MD5 here: test accounts only).
FAST_HASHES = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: object, world_blobs: Path,
          tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    patch = pytest.MonkeyPatch()
    patch.setenv("ADALET_BLOBS", str(world_blobs))
    with FAST_HASHES, django_db_blocker.unblock():  # type: ignore[attr-defined]
        outer = transaction.atomic()
        outer.__enter__()
        try:
            yield build_world(tmp_path_factory.mktemp("security-world"))
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            patch.undo()


def code(device: TOTPDevice) -> str:
    """The code an authenticator app shows now."""
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def password_sign_in(user: object, address: str) -> Client:
    """Signed in through the real sign-in form with the password (a confirmed device: the code is then asked)."""
    client = Client(REMOTE_ADDR=address, raise_request_exception=False)  # a crash is an answer: a 500
    answer = client.post("/login/", {"username": user.get_username(), "password": PASSWORD})  # type: ignore[attr-defined]
    assert answer.status_code == 302, f"the password sign-in of {user} failed: {answer.status_code}"
    return client


def verified_sign_in(user: object, address: str) -> Client:
    """Password, then a real TOTP code of a confirmed device: a session whose second factor is verified."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first() or TOTPDevice.objects.create(
        user=user, name="phone", confirmed=True)
    client = password_sign_in(user, address)
    assert client.session.get(PENDING), "a user with a confirmed device should be asked for a code"
    answer = client.post("/login/code/", {"code": code(device)})
    assert answer.status_code == 302, f"the code was refused: {answer.status_code}"
    assert client.session.get("_auth_user_id") == str(user.pk)  # type: ignore[attr-defined]
    assert client.session.get("otp_device_id") == device.persistent_id
    return client
