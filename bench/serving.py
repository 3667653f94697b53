"""What the benchmarks that drive `adalet serve` share (bench/signing.py, bench/web.py): a fresh PostgreSQL database,
a free port, waiting for the server to answer, and the CPU of processes read from /proc."""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import time
from pathlib import Path


def fresh_database(url: str) -> None:
    """Drop and create the database *url* names (connecting to its server's `postgres` database)."""
    _server_command(url, 'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', 'CREATE DATABASE "{name}"')


def drop_database(url: str) -> None:
    _server_command(url, 'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _server_command(url: str, *statements: str) -> None:
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        for statement in statements:
            conn.execute(statement.format(name=name))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(port: int, server: subprocess.Popen[bytes], path: str = "/", timeout: float = 120) -> None:
    """Until GET *path* answers 200; exits when the server stopped or never answers."""
    end = time.time() + timeout
    while time.time() < end:
        if server.poll() is not None:
            raise SystemExit("adalet serve exited before answering")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", path)
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass
        finally:
            conn.close()
        time.sleep(0.5)
    raise SystemExit("adalet serve did not answer")


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU of one process (all its threads), from /proc; None once it has exited."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def descendants(pid: int) -> list[int]:
    """The process and all its descendants, by parent pid from /proc (whichever thread started them)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            child, parent = int(stat.parent.name), int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(parent, []).append(child)
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo.extend(children.get(current, []))
    return found
