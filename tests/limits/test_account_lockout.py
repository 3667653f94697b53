"""A password guesser who spreads attempts over many addresses is stopped per account (adalet.lib.lockout): the
per-address lockout alone let one guess from each of many addresses go on for ever."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.test import Client

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery staple"


@pytest.fixture
def accounts() -> tuple[User, User]:
    return (User.objects.create_user("target", password=PASSWORD),
            User.objects.create_user("bystander", password=PASSWORD))


def sign_in(username: str, password: str, address: str) -> int:
    return Client(REMOTE_ADDR=address).post("/login/", {"username": username, "password": password}).status_code


def test_failures_from_many_addresses_lock_the_account(accounts: tuple[User, User]) -> None:
    per_account = settings.ADALET_LOCKOUT_PER_ACCOUNT
    assert per_account > settings.ADALET_LOCKOUT_PER_ADDRESS  # else the per-address test below proves nothing
    statuses = [sign_in("target", f"guess-{n}", f"198.51.{n // 250}.{n % 250 + 1}") for n in range(per_account)]
    assert statuses[:-1] == [200] * (per_account - 1)  # each address fails once: no per-address lockout
    assert statuses[-1] == 429  # the account's limit, reached from the last of them
    assert sign_in("target", PASSWORD, "203.0.113.77") == 429  # the right password, from a fresh address: refused
    assert sign_in("bystander", PASSWORD, "198.51.0.1") == 302  # another account, from an attacker's address
    assert sign_in("bystander", "wrong", "203.0.113.78") == 200


def test_fewer_failures_from_many_addresses_do_not_lock_it(accounts: tuple[User, User]) -> None:
    for n in range(settings.ADALET_LOCKOUT_PER_ACCOUNT - 1):
        assert sign_in("target", f"guess-{n}", f"198.51.100.{n + 1}") == 200
    assert sign_in("target", PASSWORD, "203.0.113.77") == 302


def test_one_address_is_still_locked_after_few_failures(accounts: tuple[User, User]) -> None:
    per_address = settings.ADALET_LOCKOUT_PER_ADDRESS
    statuses = [sign_in("target", "wrong", "192.0.2.9") for _ in range(per_address)]
    assert statuses == [200] * (per_address - 1) + [429]
    assert sign_in("target", PASSWORD, "192.0.2.9") == 429
    assert sign_in("target", PASSWORD, "192.0.2.10") == 302  # the account itself is not locked by one address
