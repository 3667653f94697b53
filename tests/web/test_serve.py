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
#: The servers and their worker run on the embedded database whatever the run (DATABASE_URL is left out below).
pytestmark = pytest.mark.one_database


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
    assert f"({server}, 1 workers)" in output


def test_the_worker_started_beside_the_server_sends_confirmation_emails(tmp_path: Path) -> None:
    """Sign a letter over HTTP; the confirmation email, queued by the request, is written by serve's own worker."""
    import re
    import urllib.parse

    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"} | {
        "ADALET_HOME": str(tmp_path), "ADALET_SIGN_MIN_SECONDS": "0"}
    body = tmp_path / "letter.md"
    body.write_text("We call for accountability.\n", encoding="utf-8")
    subprocess.run([ADALET, "campaign", "create", "served", "--title", "Served letter", "--recipients", "The Chair",
                    "--body", str(body), "--deadline", "2099-12-31"], env=env, check=True, stdout=subprocess.DEVNULL)
    port = free_port()
    process = subprocess.Popen([ADALET, "serve", "--port", str(port), "--workers", "1"], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline, page = time.time() + 60, ""
        while time.time() < deadline and not page:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                conn.request("GET", "/letters/served/")
                response = conn.getresponse()
                page, cookie = response.read().decode(), response.getheader("Set-Cookie") or ""
            except OSError:
                time.sleep(0.3)
        form = {"csrfmiddlewaretoken": re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1),
                "started": re.search(r'name="started" value="([^"]+)"', page).group(1), "name": "Served Signer",
                "title": "", "affiliation": "", "country": "DE", "email": "served@example.org", "visibility": "listed",
                "homepage": ""}
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.request("POST", "/letters/served/sign/individual/", urllib.parse.urlencode(form), {
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": "csrftoken=" + re.search(r"csrftoken=([^;]+)", cookie).group(1)})
        assert conn.getresponse().status == 302
        mailbox, sent = tmp_path / "mail", ""
        deadline = time.time() + 30
        while time.time() < deadline and "served@example.org" not in sent:
            sent = "".join(p.read_text(errors="replace") for p in mailbox.glob("*")) if mailbox.exists() else ""
            time.sleep(0.3)
        assert "served@example.org" in sent and "/letters/confirm/" in sent
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


def children_of(pid: int) -> list[int]:
    """The processes whose parent is *pid* (from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_a_signal_to_the_server_alone_stops_its_worker_too(tmp_path: Path) -> None:
    """SIGTERM to the server's process only (as `kill PID` or a service manager sends it), not to its group: the
    worker started beside it stops as well, instead of running on without a server."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"} | {"ADALET_HOME": str(tmp_path)}
    subprocess.run([ADALET, "migrate", "-v0"], env=env, check=True)
    port = free_port()
    process = subprocess.Popen([ADALET, "serve", "--port", str(port), "--workers", "1"], env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        workers: list[int] = []
        deadline = time.time() + 60
        while time.time() < deadline and not workers:
            workers = [pid for pid in children_of(process.pid)
                       if b"worker" in (Path("/proc") / str(pid) / "cmdline").read_bytes()]
            time.sleep(0.3)
        assert workers, "serve started no worker"
        time.sleep(1.5)  # the worker is up and watching
        os.kill(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
        deadline = time.time() + 20
        while time.time() < deadline and any(alive(pid) for pid in workers):
            time.sleep(0.2)
        assert not any(alive(pid) for pid in workers), "the worker outlived the server"
    finally:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
