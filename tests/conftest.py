"""Shared fixtures: an isolated blob store per test, and running the `adalet` command for real."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest_plugins = ["tests.skip_policy"]

ROOT = Path(__file__).resolve().parents[1]

#: Tests that never reach a database (the pure-Python name matcher, the demo generator's files, the Merkle tree and
#: signed notes, the import layering): run on the SQLite pass only, since the PostgreSQL pass would repeat them as is.
DATABASE_INDEPENDENT = ("tests/names/", "tests/demo/", "tests/lib/test_merkle.py", "tests/lib/test_notes.py",
                        "tests/test_layering.py")


def one_database(item: pytest.Item) -> bool:
    """Whether what the test checks cannot depend on the database engine: it never reaches a database (the folders
    above), or it is marked ``one_database`` (it checks a file, a process or a page's markup, with the database only
    as its set-up, which other tests run on both)."""
    return item.nodeid.startswith(DATABASE_INDEPENDENT) or item.get_closest_marker("one_database") is not None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """On a PostgreSQL run (DATABASE_URL set), leave out the tests that would repeat the SQLite pass as it is."""
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        return
    independent = [item for item in items if one_database(item)]
    if independent:
        config.hook.pytest_deselected(items=independent)
        items[:] = [item for item in items if not one_database(item)]


@pytest.fixture(autouse=True)
def fresh_rate_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test counts searches from zero (the counters live in the shared cache, across tests and workers)."""
    monkeypatch.setattr("adalet.web.ratelimit.NAMESPACE", f"rate-{uuid.uuid4().hex}")


@pytest.fixture(autouse=True)
def isolated_blobs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test gets its own blob store (and custody witness file)."""
    blobs = tmp_path / "blobs"
    monkeypatch.setenv("ADALET_BLOBS", str(blobs))
    return blobs


class Adalet:
    """Runs the real `adalet` console command in its own home (and, on PostgreSQL, its own database)."""

    def __init__(self, home: Path, database_url: str | None) -> None:
        self.env = {k: v for k, v in os.environ.items() if k not in ("ADALET_BLOBS", "DATABASE_URL", "REDIS_URL")}
        self.env["ADALET_HOME"] = str(home)
        if database_url:
            self.env["DATABASE_URL"] = database_url
        self.command = [str(Path(sys.executable).with_name("adalet"))]

    def run(self, *args: str, check: bool = True, timeout: float = 300) -> subprocess.CompletedProcess[str]:
        result = subprocess.run(
            self.command + list(args), env=self.env, capture_output=True, text=True, timeout=timeout
        )
        if check and result.returncode != 0:
            raise AssertionError(f"adalet {' '.join(args)} exited {result.returncode}:\n{result.stdout}\n{result.stderr}")
        return result

    def start(self, *args: str) -> subprocess.Popen[str]:
        return subprocess.Popen(
            self.command + list(args), env=self.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )

    def json(self, *args: str) -> dict:  # type: ignore[type-arg]
        return json.loads(self.run(*args, "--json").stdout)

    def query(self, code: str) -> object:
        """Evaluate Python with Django set up in this home; the code assigns `result`."""
        script = (
            "import django, json, os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE','adalet.settings')\n"
            "django.setup()\n" + code + "\nprint(json.dumps(result, default=str))"
        )
        out = subprocess.run([sys.executable, "-c", script], env=self.env, capture_output=True, text=True, check=True)
        return json.loads(out.stdout.strip().splitlines()[-1])


def adalet_in(root: Path, prefix: str = "adalet_cli") -> Iterator[Adalet]:
    """The `adalet` command in a home under `root` and, on PostgreSQL, in a database of its own made for it (a
    generator: the database is dropped when it ends)."""
    url = os.environ.get("DATABASE_URL")
    if not url:
        yield Adalet(root / "home", None)
        return
    import psycopg

    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    base = url.rsplit("/", 1)[0]
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield Adalet(root / "home", f"{base}/{name}")
    finally:
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def adalet(tmp_path: Path) -> Iterator[Adalet]:
    yield from adalet_in(tmp_path)
