"""A live `adalet serve` for the yente client tests, set up one way for every module that needs one.

A module using the ``served`` fixture defines ``import_served_lists(adalet, tmp_path)``, which imports its lists into
the served home; the fixture migrates, calls it, makes an account with an API token, starts `adalet serve` with one
worker on a free port, waits until /yente/readyz answers 200 (the first request builds the screening index), and
yields the yente base URL and the token. Once per module (its tests only read); the server is stopped at the end.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from urllib.parse import urljoin

import pytest
import requests

from tests.conftest import adalet_in

START_SECONDS = 120


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def served(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """`adalet serve` over the module's lists (its ``import_served_lists``): the yente base URL and an API token."""
    import_lists = request.module.import_served_lists
    name = request.module.__name__.rsplit(".", 1)[-1]
    tmp_path = tmp_path_factory.mktemp(f"served_{name}")
    for adalet in adalet_in(tmp_path, name):
        adalet.run("migrate", "-v0")
        import_lists(adalet, tmp_path)
        adalet.env["DJANGO_SUPERUSER_PASSWORD"] = "served-yente-1"
        adalet.run("createsuperuser", "--noinput", "--username", "client", "--email", "client@example.org")
        token = adalet.run("token", "create", "client", "--name", "yente client").stdout.strip().splitlines()[-1]
        port = free_port()
        process = subprocess.Popen(
            [*adalet.command, "serve", "--port", str(port), "--workers", "1"],
            env=adalet.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        base = f"http://127.0.0.1:{port}/yente/"
        try:
            deadline = time.time() + START_SECONDS
            while True:
                try:  # the first request builds the screening index: seconds on a busy machine
                    if requests.get(urljoin(base, "readyz"), timeout=60).status_code == 200:
                        break
                except requests.RequestException:
                    pass
                assert process.poll() is None and time.time() < deadline, "adalet serve did not start"
                time.sleep(0.3)
            yield base, token
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=30)
