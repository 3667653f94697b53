"""Sign-in and the site's defences: Argon2 hashes, lockout after five failures per username and address,
a strict Content-Security-Policy with nothing inline, cookies out of scripts' reach."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User
from django.test import Client, override_settings

from adalet.archive.models import Collection

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery staple"


@pytest.fixture
def researcher() -> User:
    return User.objects.create_user("researcher", password=PASSWORD)


def test_passwords_are_hashed_with_argon2() -> None:
    """With the site's own setting (the tests' accounts are hashed with MD5: tests/conftest.py)."""
    from adalet import settings as site

    with override_settings(PASSWORD_HASHERS=site.PASSWORD_HASHERS):
        researcher = User.objects.create_user("researcher", password=PASSWORD)
        assert researcher.password.startswith("argon2$") and researcher.check_password(PASSWORD)


def test_sign_in_and_out(client: Client, researcher: User) -> None:
    page = client.get("/login/")
    assert page.status_code == 200 and 'name="password"' in page.content.decode()
    signed_in = client.post("/login/", {"username": "researcher", "password": PASSWORD}, follow=True)
    assert signed_in.context["user"].is_authenticated and "Sign out" in signed_in.content.decode()
    assert client.post("/logout/", follow=True).context["user"].is_anonymous


def test_five_failures_lock_the_username_from_that_address(client: Client, researcher: User) -> None:
    for _ in range(4):
        assert client.post("/login/", {"username": "researcher", "password": "wrong"}).status_code == 200
    assert client.post("/login/", {"username": "researcher", "password": "wrong"}).status_code == 429  # the fifth
    locked = client.post("/login/", {"username": "researcher", "password": PASSWORD})
    assert locked.status_code == 429 and "15 minutes" in locked.content.decode()
    elsewhere = Client(REMOTE_ADDR="10.1.2.3")
    assert elsewhere.post("/login/", {"username": "researcher", "password": PASSWORD}).status_code == 302


def test_force_login_still_works_with_the_axes_backend(client: Client, researcher: User) -> None:
    client.force_login(researcher)
    assert client.get("/").context["user"] == researcher


def test_every_page_has_a_strict_policy_and_nothing_inline(client: Client, published: Collection) -> None:
    pages = ["/", "/search?q=在押", "/relatives/", "/login/", f"/collections/{published.name}/",
             f"/collections/{published.name}/photos/", "/collections/nope/"]
    for url in pages:
        response = client.get(url)
        policy = response["Content-Security-Policy"]
        assert "default-src 'self'" in policy and "script-src 'self'" in policy and "style-src 'self'" in policy
        assert "unsafe-inline" not in policy
        html = response.content.decode()
        assert not re.search(r"<script|<style|\sstyle=|\son[a-z]+=", html, re.I), url


def test_cookies_are_http_only_and_same_site(client: Client, researcher: User) -> None:
    client.get("/login/")
    csrf = client.cookies["csrftoken"]
    assert csrf["httponly"] and csrf["samesite"] == "Strict"
    client.post("/login/", {"username": "researcher", "password": PASSWORD})
    session = client.cookies["sessionid"]
    assert session["httponly"] and session["samesite"] == "Lax" and not session["secure"]


def test_otp_middleware_is_installed(client: Client, researcher: User) -> None:
    client.force_login(researcher)
    assert client.get("/").wsgi_request.user.is_verified() is False
