"""Signing throughput (issue 6): `adalet serve` (gunicorn, several workers) on PostgreSQL, driven from this second
process over loopback by concurrent clients, each POSTing the individual signing form (with its CSRF cookie) for
a fresh address, for a fixed time. Reported: sustained signatures/s, latency p50/p95/p99, and whether any was lost
or doubled (rows in the database against accepted responses, distinct mailboxes against rows).

The rate limits and burst flags are raised through the environment (ADALET_SIGN_RATE_PER_IP …) so they do not
block a load client that signs thousands of times from one address; they are still counted on every request.
Confirmation emails go to files under the bench's $ADALET_HOME/mail, as by default.

    python bench/signing.py [--seconds 20] [--clients 16] [--workers 4] [--database-url postgres://…]

Without --database-url (or DATABASE_URL), postgres://postgres@127.0.0.1:5432/adalet_bench_sign is made afresh.
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

import psycopg

ADALET = str(Path(sys.executable).with_name("adalet"))
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/adalet_bench_sign"
SLUG = "bench-letter"
RAISED = {
    "ADALET_SIGN_RATE_PER_IP": "1000000000", "ADALET_SIGN_RATE_PER_DOMAIN": "1000000000",
    "ADALET_SIGN_FLAG_IP": "1000000000", "ADALET_SIGN_FLAG_DOMAIN": "1000000000", "ADALET_SIGN_FLAG_NAMES": "1000000000",
    "ADALET_SIGN_MIN_SECONDS": "0",
}


def fresh_database(url: str) -> None:
    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(port: int, server: subprocess.Popen[bytes], timeout: float = 120) -> None:
    end = time.time() + timeout
    while time.time() < end:
        if server.poll() is not None:
            raise SystemExit("adalet serve exited before answering")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", f"/letters/{SLUG}/")
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise SystemExit("adalet serve did not answer")


def form_state(port: int) -> tuple[str, str, str]:
    """The CSRF cookie and form token, and the signed form start time, as a browser would get them."""
    conn = http.client.HTTPConnection("127.0.0.1", port)
    conn.request("GET", f"/letters/{SLUG}/")
    response = conn.getresponse()
    page = response.read().decode()
    cookie = re.search(r"csrftoken=([^;]+)", response.getheader("Set-Cookie") or "").group(1)  # type: ignore[union-attr]
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    started = re.search(r'name="started" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    return cookie, csrf, started


class Load:
    def __init__(self, port: int, seconds: float, clients: int) -> None:
        self.port, self.seconds, self.clients = port, seconds, clients
        self.cookie, self.csrf, self.started = form_state(port)
        self.ids = itertools.count()
        self.lock = threading.Lock()
        self.latencies: list[float] = []
        self.statuses: dict[int, int] = {}
        self.errors = 0

    def one(self, i: int) -> None:
        body = urllib.parse.urlencode({
            "csrfmiddlewaretoken": self.csrf, "started": self.started, "name": f"Bench Signer {i}",
            "title": "Researcher", "affiliation": "Load test", "country": "DE", "email": f"signer{i}@bench{i % 97}.example",
            "visibility": "listed", "homepage": "",
        })
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": f"csrftoken={self.cookie}"}
        began = time.perf_counter()
        try:
            conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            conn.request("POST", f"/letters/{SLUG}/sign/individual/", body, headers)
            response = conn.getresponse()
            response.read()
            status = response.status if response.getheader("Location", "").endswith("/thanks/") else -response.status
            conn.close()
        except OSError:
            with self.lock:
                self.errors += 1
            return
        elapsed = time.perf_counter() - began
        with self.lock:
            self.latencies.append(elapsed)
            self.statuses[status] = self.statuses.get(status, 0) + 1

    def worker(self, until: float) -> None:
        while time.perf_counter() < until:
            self.one(next(self.ids))

    def run(self) -> float:
        began = time.perf_counter()
        threads = [threading.Thread(target=self.worker, args=(began + self.seconds,)) for _ in range(self.clients)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        return time.perf_counter() - began


def cpu_seconds(pid: int) -> float:
    """User + system CPU of one process (all its threads), from /proc."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def server_pids(master: int) -> list[int]:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return [master, *map(int, children)]


def database_pids(url: str) -> list[int]:
    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url) as conn:
        rows = conn.execute("SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()", [name])
        return [pid for (pid,) in rows.fetchall()]


def percentile(values: list[float], p: float) -> float:
    return statistics.quantiles(values, n=100)[int(p) - 1] if len(values) > 1 else (values or [0.0])[0]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    args, _ = parser.parse_known_args(argv)  # `bench/run.py` passes every bench the same arguments
    url = args.database_url or DEFAULT_DB
    if not args.database_url:
        fresh_database(url)
    home = Path(tempfile.mkdtemp(prefix="adalet-bench-sign-"))
    env = {**os.environ, **RAISED, "ADALET_HOME": str(home), "DATABASE_URL": url}
    body = home / "letter.md"
    body.write_text("We, the undersigned, call for accountability.\n")
    subprocess.run([ADALET, "campaign", "create", SLUG, "--title", "Benchmark letter", "--recipients", "The Chair",
                    "--body", str(body), "--deadline", "2099-12-31"], env=env, check=True, stdout=subprocess.DEVNULL)
    with psycopg.connect(url) as conn:
        before = conn.execute("SELECT count(*) FROM campaigns_signature").fetchone()[0]  # type: ignore[index]
    port = free_port()
    server = subprocess.Popen([ADALET, "serve", "--port", str(port), "--workers", str(args.workers)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        wait_for(port, server)
        Load(port, 2, args.clients).run()  # warm-up: every worker imports, connects, fills its caches
        with psycopg.connect(url) as conn:
            before = conn.execute("SELECT count(*) FROM campaigns_signature").fetchone()[0]  # type: ignore[index]
        load = Load(port, args.seconds, args.clients)
        load.ids = itertools.count(10_000_000)
        pids = {"server": server_pids(server.pid), "database": database_pids(url)}
        cpu_before = {k: sum(map(cpu_seconds, v)) for k, v in pids.items()} | {"client": time.process_time()}
        wall = load.run()
        cpu_after = {k: sum(map(cpu_seconds, v)) for k, v in pids.items()} | {"client": time.process_time()}
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    with psycopg.connect(url) as conn:
        rows, mailboxes = conn.execute(
            "SELECT count(*), count(DISTINCT email_key) FROM campaigns_signature").fetchone()  # type: ignore[misc]
    accepted = load.statuses.get(302, 0)
    stored = rows - before
    lat = sorted(load.latencies)
    print(f"signing: {accepted} signatures accepted in {wall:.1f} s = {accepted / wall:.0f} signatures/s "
          f"({args.clients} clients, {args.workers} gunicorn workers, PostgreSQL, {os.cpu_count()} CPUs)")
    print(f"latency: p50 {percentile(lat, 50) * 1000:.1f} ms, p95 {percentile(lat, 95) * 1000:.1f} ms, "
          f"p99 {percentile(lat, 99) * 1000:.1f} ms")
    per = {k: (cpu_after[k] - cpu_before[k]) * 1000 / max(accepted, 1) for k in cpu_before}
    print(f"CPU per signature: server {per['server']:.1f} ms, PostgreSQL {per['database']:.1f} ms, load client "
          f"{per['client']:.1f} ms; {os.cpu_count()} otherwise idle cores would allow about "
          f"{os.cpu_count() * 1000 / sum(per.values()):.0f} signatures/s; load average at the end {os.getloadavg()[0]:.1f}")
    print(f"responses: {dict(sorted(load.statuses.items()))}, connection errors {load.errors}")
    print(f"stored {stored} new rows for {accepted} accepted: lost {max(0, accepted - stored)}, "
          f"extra {max(0, stored - accepted)}; doubled mailboxes {rows - mailboxes}")
    if not args.database_url:
        base, name = url.rsplit("/", 1)
        with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    ok = stored == accepted and rows == mailboxes and load.errors == 0 and set(load.statuses) == {302}
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
