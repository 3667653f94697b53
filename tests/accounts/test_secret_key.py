"""No known secret, ever: a fresh home makes its own (mode 0600, one for processes starting together), a published
or weak one stops every command and `adalet serve`, and HTTPS serving refuses what the deployment checks find unsafe.
Keyed hashes of client addresses use a key of their own, which the published secret does not reproduce."""

from __future__ import annotations

import hashlib
import hmac
import os
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.test import RequestFactory
from django.utils.crypto import salted_hmac

from adalet.lib import keys
from adalet.web.ratelimit import client_hash
from tests.conftest import Adalet

#: Secrets and start-up checks: no query depends on the engine.
pytestmark = pytest.mark.one_database

PUBLISHED = "adalet-development-key-change-me-in-production"


def without_secret(adalet: Adalet) -> Adalet:
    for name in ("ADALET_SECRET_KEY", "ADALET_SECRET_KEY_FILE", "ADALET_HTTPS", "ADALET_REQUIRE_2FA_FOR_STAFF"):
        adalet.env.pop(name, None)
    return adalet


def test_a_fresh_home_makes_its_own_secret_readable_by_its_owner_only(adalet: Adalet) -> None:
    without_secret(adalet).run("check")
    path = Path(adalet.env["ADALET_HOME"]) / "secret_key"
    value = path.read_text().strip()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert keys.weakness(value) == "" and len(value) >= 64
    adalet.run("check")
    assert path.read_text().strip() == value  # kept, not made again


def test_processes_starting_together_agree_on_one_secret(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ADALET_SECRET")} | {"ADALET_HOME": str(tmp_path)}
    code = "from adalet.lib.keys import site_secret; print(site_secret().value)"
    started = [subprocess.Popen([sys.executable, "-c", code], env=env, stdout=subprocess.PIPE, text=True)
               for _ in range(8)]
    values = {process.communicate(timeout=60)[0].strip() for process in started}
    assert len(values) == 1 and values != {""}
    assert [p.name for p in tmp_path.iterdir()] == ["secret_key"]  # nothing left aside


@pytest.mark.parametrize("secret", [PUBLISHED, "django-insecure-" + "x1y2z3" * 10, "short-secret"])
def test_a_published_or_weak_secret_stops_commands_and_the_server(adalet: Adalet, secret: str) -> None:
    without_secret(adalet).env["ADALET_SECRET_KEY"] = secret
    refused = adalet.run("check", check=False)
    assert refused.returncode != 0 and "adalet.E001" in refused.stderr
    served = adalet.run("serve", "--no-worker", "--port", "8971", check=False, timeout=120)
    assert served.returncode != 0 and "adalet.E001" in served.stderr and "Adalet at" not in served.stdout


def test_a_key_file_others_can_read_is_an_error(adalet: Adalet, tmp_path: Path) -> None:
    shared = tmp_path / "key"
    shared.write_text("k" * 30 + "ey-for-every-machine-of-this-site-0123456789")
    shared.chmod(0o644)
    without_secret(adalet).env["ADALET_SECRET_KEY_FILE"] = str(shared)
    refused = adalet.run("check", check=False)
    assert refused.returncode != 0 and "adalet.E002" in refused.stderr
    shared.chmod(0o600)
    adalet.run("check")


def test_serving_over_https_refuses_what_the_deployment_checks_find_unsafe(adalet: Adalet) -> None:
    without_secret(adalet).env |= {"ADALET_HTTPS": "1", "ADALET_ALLOWED_HOSTS": "evidence.example.org"}
    served = adalet.run("serve", "--no-worker", "--port", "8972", check=False, timeout=120)
    assert served.returncode != 0 and "adalet.W004" in served.stderr  # staff in with a password alone
    adalet.env["ADALET_REQUIRE_2FA_FOR_STAFF"] = "1"
    passed = adalet.run("check", "--deploy", "--fail-level", "WARNING", check=False)
    assert passed.returncode == 0, passed.stderr
    adalet.env["ADALET_SILENCED_CHECKS"] = "adalet.W004"
    adalet.env.pop("ADALET_REQUIRE_2FA_FOR_STAFF")
    assert adalet.run("check", "--deploy", "--fail-level", "WARNING", check=False).returncode == 0


def test_a_shared_database_with_a_secret_of_this_machine_is_a_warning(monkeypatch: pytest.MonkeyPatch,
                                                                     settings: Any, tmp_path: Path) -> None:
    from adalet.lib.deploychecks import deployment

    settings.SECRET_KEY_SOURCE = f"generated {tmp_path / 'secret_key'}"
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/0")
    assert "adalet.W003" in [message.id for message in deployment()]
    monkeypatch.delenv("REDIS_URL")
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert "adalet.W003" not in [message.id for message in deployment()]


def test_client_hashes_have_a_key_of_their_own_that_the_published_secret_does_not_give(settings: Any) -> None:
    """The attack: hash every IPv4 address under the published secret and look the site's hashes up."""
    request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.7")
    stored = client_hash(request)
    with_published = [salted_hmac("adalet.web.client", "203.0.113.7", secret=PUBLISHED).hexdigest()[:32],
                      hmac.new(f"adalet-ip:{PUBLISHED}".encode(), b"203.0.113.7", hashlib.sha256).hexdigest()[:32]]
    assert stored not in with_published
    assert keys.key_for("client") not in (keys.key_for("personal-number-index"), settings.SECRET_KEY.encode())
    index_key = keys.key_for("personal-number-index")
    settings.ADALET_CLIENT_KEY = "rotated-" + "0123456789abcdef" * 4
    assert client_hash(request) != stored and keys.key_for("personal-number-index") == index_key  # rotated alone
    assert keys.key_source("client") == "ADALET_CLIENT_KEY"
