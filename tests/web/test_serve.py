"""`adalet serve` answers with either production server (granian by default, gunicorn on request), workers and all."""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ADALET = str(Path(sys.executable).with_name("adalet"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize("server", ["granian", "gunicorn"])
def test_serve_answers_with_each_server(server: str, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"} | {"ADALET_HOME": str(tmp_path)}
    subprocess.run([ADALET, "migrate", "-v0"], env=env, check=True)
    port = free_port()
    process = subprocess.Popen([ADALET, "serve", "--port", str(port), "--workers", "1", "--server", server], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        status, body, deadline = None, b"", time.time() + 60
        while time.time() < deadline and status is None:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                conn.request("GET", "/api/collections")
                response = conn.getresponse()
                status, body = response.status, response.read()
            except OSError:
                assert process.poll() is None, process.stdout.read().decode()  # type: ignore[union-attr]
                time.sleep(0.3)
        assert (status, body) == (200, b"[]")
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
    output = process.stdout.read().decode()  # type: ignore[union-attr]
    assert f"({server}, 1 workers)" in output and "/api/collections" in output  # the access log
