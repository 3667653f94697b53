"""Signing throughput (issue 6): `adalet serve` (granian or gunicorn, several workers) on PostgreSQL, driven from a second
process over loopback by concurrent clients, each POSTing the individual signing form (with its CSRF cookie) for
a fresh address, for a fixed time. Reported: sustained signatures/s, latency p50/p95/p99, and whether any was lost
or doubled (rows in the database against accepted responses, distinct mailboxes against rows).

The load client is wrk (bench/wrk/sign.lua) when it is installed (`make bench` installs it), else threads of this
process. Baseline, measured in the same run against the same server with the same client: the letter's thanks
page (GET: one query and a small template, through the same middleware), the cheapest dynamic page there is.

The rate limits and burst flags are raised through the environment (ADALET_SIGN_RATE_PER_IP …) so they do not
block a load client that signs thousands of times from one address; they are still counted on every request.
Confirmation emails are sent by the worker `adalet serve` starts, to files under the bench's $ADALET_HOME/mail (as by
default); the bench waits until none is due and counts the CPU that took too.

    python bench/signing.py [--seconds 20] [--clients 16] [--workers 2] [--server granian|gunicorn] [--database-url postgres://…] [--python-client]

With --database-url that database is used and kept. Without it, the database adalet_bench_sign is made afresh (and
dropped at the end) on the PostgreSQL server DATABASE_URL names, or on postgres://postgres@127.0.0.1:5432: never the
database DATABASE_URL itself names (`DATABASE_URL=… make bench` measures ingest and records there). The table goes
to docs/bench/signing.md (bench/report.py).
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import os
import re
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parent))
from report import Table, write  # noqa: E402
from serving import cpu_seconds, descendants, drop_database, free_port, fresh_database, wait_for  # noqa: E402

ADALET = str(Path(sys.executable).with_name("adalet"))
WRK_SCRIPTS = Path(__file__).resolve().parent / "wrk"
BENCH_DB = "adalet_bench_sign"
DEFAULT_DB = f"postgres://postgres@127.0.0.1:5432/{BENCH_DB}"
SLUG = "bench-letter"
RAISED = {
    "ADALET_SIGN_RATE_PER_IP": "1000000000", "ADALET_SIGN_RATE_PER_DOMAIN": "1000000000",
    "ADALET_SIGN_FLAG_IP": "1000000000", "ADALET_SIGN_FLAG_DOMAIN": "1000000000", "ADALET_SIGN_FLAG_NAMES": "1000000000",
    "ADALET_SIGN_MIN_SECONDS": "0",
}


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


def wrk(url: str, script: str, seconds: float, clients: int, *args: str) -> tuple[dict[str, int], float]:
    """Run wrk (2 threads, *clients* connections) with one of bench/wrk/*.lua; its RESULT figures and CPU seconds."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    out = subprocess.run(["wrk", "-t2", f"-c{clients}", f"-d{max(1, round(seconds))}s", "--timeout", "30s",
                          "-s", str(WRK_SCRIPTS / script), url, "--", *args],
                         capture_output=True, text=True, check=True).stdout
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    line = next(x for x in out.splitlines() if x.startswith("RESULT "))
    figures = {k: int(v) for k, v in (pair.split("=") for pair in line.split()[1:])}
    return figures, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


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
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--server", choices=("granian", "gunicorn"), default="granian")
    parser.add_argument("--database-url", default="", help="a database to use and keep")
    parser.add_argument("--python-client", action="store_true", help="threads of this process, not wrk")
    args, _ = parser.parse_known_args(argv)  # `bench/run.py` passes every bench the same arguments
    use_wrk = bool(shutil.which("wrk")) and not args.python_client
    server_url = os.environ.get("DATABASE_URL", "")  # its server, not its database
    url = args.database_url or (
        f"{server_url.rsplit('/', 1)[0]}/{BENCH_DB}" if server_url.startswith("postgres") else DEFAULT_DB)
    if not args.database_url:
        fresh_database(url)
    home = Path(tempfile.mkdtemp(prefix="adalet-bench-sign-"))
    env = {**os.environ, **RAISED, "ADALET_HOME": str(home), "DATABASE_URL": url}
    body = home / "letter.md"
    body.write_text("We, the undersigned, call for accountability.\n")
    subprocess.run([ADALET, "campaign", "create", SLUG, "--title", "Benchmark letter", "--recipients", "The Chair",
                    "--body", str(body), "--deadline", "2099-12-31"], env=env, check=True, stdout=subprocess.DEVNULL)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([ADALET, "serve", "--port", str(port), "--workers", str(args.workers),
                               "--server", args.server], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    baseline: dict[str, int] = {}
    try:
        wait_for(port, server, f"/letters/{SLUG}/")
        cookie, csrf, started = form_state(port)
        sign_url = f"{base}/letters/{SLUG}/sign/individual/"
        if use_wrk:  # warm-up: every worker imports, connects, fills its caches
            wrk(sign_url, "sign.lua", 2, args.clients, csrf, cookie, started, "warm")
            baseline, _ = wrk(f"{base}/letters/{SLUG}/thanks/", "get.lua", args.seconds / 2, args.clients)
        else:
            Load(port, 2, args.clients).run()
        with psycopg.connect(url) as conn:
            before = conn.execute("SELECT count(*) FROM campaigns_signature").fetchone()[0]  # type: ignore[index]
        pids = {"server": descendants(server.pid), "database": database_pids(url)}
        cpu_before = {k: sum(cpu_seconds(p) or 0.0 for p in v) for k, v in pids.items()}
        worker_pids = [p for p in pids["server"]  # `adalet worker`, started by `adalet serve`
                       if Path(f"/proc/{p}/cmdline").read_bytes().rstrip(b"\0").split(b"\0")[-1] == b"worker"]
        worker_before = sum(cpu_seconds(p) or 0.0 for p in worker_pids)
        if use_wrk:
            figures, client_cpu = wrk(sign_url, "sign.lua", args.seconds, args.clients, csrf, cookie, started, "run")
            wall = figures["duration_us"] / 1e6
            accepted, errors = figures["accepted"], sum(v for k, v in figures.items() if k.startswith("errors_"))
            statuses = {302: accepted} | ({"other": figures["other"]} if figures["other"] else {})
            p50, p95, p99 = (figures[f"p{p}_us"] / 1e6 for p in (50, 95, 99))
        else:
            load = Load(port, args.seconds, args.clients)
            load.ids = itertools.count(10_000_000)
            client_before = time.process_time()
            wall = load.run()
            client_cpu = time.process_time() - client_before
            accepted, errors, statuses = load.statuses.get(302, 0), load.errors, dict(load.statuses)
            lat = sorted(load.latencies)
            p50, p95, p99 = (percentile(lat, p) for p in (50, 95, 99))
        # Confirmation emails are sent by the worker `adalet serve` starts: wait until none is due, and count the
        # CPU it took to send them with the signatures', so the figures cover the whole job.
        drained_after, due = None, -1
        load_ended = time.perf_counter()
        while time.perf_counter() - load_ended < 120:
            with psycopg.connect(url) as conn:
                due = conn.execute("SELECT count(*) FROM campaigns_confirmationdue").fetchone()[0]  # type: ignore[index]
            if due == 0:
                drained_after = time.perf_counter() - load_ended
                break
            time.sleep(0.2)
        cpu_after = {k: sum(cpu_seconds(p) or 0.0 for p in v) for k, v in pids.items()}
        worker_cpu = sum(cpu_seconds(p) or 0.0 for p in worker_pids) - worker_before
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    with psycopg.connect(url) as conn:
        rows, mailboxes = conn.execute(
            "SELECT count(*), count(DISTINCT email_key) FROM campaigns_signature").fetchone()  # type: ignore[misc]
    stored = rows - before
    client = "wrk (2 threads)" if use_wrk else "Python threads"
    rate = accepted / wall
    print(f"signing: {accepted} signatures accepted in {wall:.1f} s = {rate:.0f} signatures/s "
          f"({args.clients} clients, {client}, {args.server} with {args.workers} workers, PostgreSQL, {os.cpu_count()} CPUs)")
    print(f"latency: p50 {p50 * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms, p99 {p99 * 1000:.1f} ms")
    if baseline:
        base_rate = baseline["completed"] / (baseline["duration_us"] / 1e6)
        print(f"baseline (the thanks page, GET, same server and client): {base_rate:.0f} requests/s, "
              f"p95 {baseline['p95_us'] / 1000:.1f} ms; signing = {rate / base_rate:.2f}x the baseline's rate")
    per = {k: (cpu_after[k] - cpu_before[k]) * 1000 / max(accepted, 1) for k in cpu_before}
    per["client"] = client_cpu * 1000 / max(accepted, 1)
    print(f"CPU per signature: server {per['server']:.2f} ms (of which the worker sending emails "
          f"{worker_cpu * 1000 / max(accepted, 1):.2f} ms), PostgreSQL {per['database']:.2f} ms, load client "
          f"{per['client']:.2f} ms; {os.cpu_count()} otherwise idle cores would allow about "
          f"{os.cpu_count() * 1000 / sum(per.values()):.0f} signatures/s; load average at the end {os.getloadavg()[0]:.1f}")
    print(f"responses: {statuses}, connection errors {errors}")
    if drained_after is None:
        print(f"confirmation emails: {due} still due 120 s after the load ended")
    else:
        print(f"confirmation emails: all sent by the worker {drained_after:.1f} s after the load ended "
              f"(CPU above includes sending them)")
    # When the client stops, up to one request per connection is still being served: stored, but its answer
    # never read. More rows than that, or fewer rows than accepted answers, would be a lost or doubled signature.
    in_flight = stored - accepted
    print(f"stored {stored} new rows for {accepted} accepted: lost {max(0, -in_flight)}, "
          f"in flight when the client stopped {max(0, in_flight)} (at most {args.clients}); "
          f"doubled mailboxes {rows - mailboxes}")
    base_rate = baseline["completed"] / (baseline["duration_us"] / 1e6) if baseline else None
    cpu_cell = (f"{per['server']:.2f} ({worker_cpu * 1000 / max(accepted, 1):.2f}) + {per['database']:.2f} + "
                f"{per['client']:.2f} ms")
    write(
        "signing",
        [Table(
            ["server", "clients", "seconds", "signatures/s", "baseline: thanks page req/s", "p50", "p95", "p99",
             "lost / doubled / in flight", "CPU/signature: server (email worker) + PostgreSQL + client",
             "emails all sent"],
            [[f"{args.server}, {args.workers} workers", f"{args.clients} ({client})", f"{wall:.1f}", f"**{rate:,.0f}**",
              f"{base_rate:,.0f}" if base_rate else "— (no wrk)", f"{p50 * 1000:.1f} ms", f"{p95 * 1000:.1f} ms",
              f"{p99 * 1000:.1f} ms", f"{max(0, -in_flight)} / {rows - mailboxes} / {max(0, in_flight)}", cpu_cell,
              f"{drained_after:.1f} s after the load" if drained_after is not None else f"no: {due} still due"]],
            notes=[f"Responses: {statuses}, connection errors {errors}; target ≥ 500 signatures/s."],
        )],
        database=url,
        inputs=("a letter made with `adalet campaign create`, `adalet serve` on loopback (with its email worker), each "
                "request signing the individual form for a fresh mailbox with its CSRF cookie; rate limits raised but "
                "counted."),
        environment=() if args.database_url else ("DATABASE_URL",),
    )
    if not args.database_url:
        drop_database(url)
    ok = (0 <= in_flight <= args.clients and rows == mailboxes and errors == 0 and set(statuses) == {302}
          and drained_after is not None)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
