"""Shared fixtures: an isolated blob store per test, and running the `adalet` command for real."""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

pytest_plugins = ["tests.skip_policy"]

ROOT = Path(__file__).resolve().parents[1]

#: Tests that never reach a database (the pure-Python name matcher, the demo generator's files, the Merkle tree and
#: signed notes, the import layering): run on the SQLite pass only, since the PostgreSQL pass would repeat them as is.
DATABASE_INDEPENDENT = ("tests/names/", "tests/demo/", "tests/lib/test_merkle.py", "tests/lib/test_notes.py",
                        "tests/test_layering.py")


#: Test folders whose package-scoped fixtures are costly (the bundles' published collection, 20-30 s): each goes to
#: one xdist worker whole, so the fixture is built once a run instead of once per worker.
WHOLE_PACKAGES = ("tests/bundles/",)


#: The tests that run RQ workers on Redis (they take turns: rq_turn), as one unit for one xdist worker and first. Each
#: took 65-78 s in a full run against 6-13 s alone: RQ's worker waited 60 s for its command thread at exit
#: (adalet.archive.rq_worker says why; fixed there), and taking turns across workers they waited at the run's end.
RQ_TESTS = ("tests/archive/test_cli.py::test_rq_", "tests/campaigns/test_mail_on_redis.py",
            "tests/archive/test_diskfull.py::test_a_worker_on_a_full_disk_stops_and_finishes_when_started_again[redis]")


def pytest_xdist_make_scheduler(config: pytest.Config, log: object) -> object:
    """A file per worker (`--dist loadfile`: a module's fixtures are built once), a package of WHOLE_PACKAGES as
    one unit, and the RQ_TESTS as one."""
    from xdist.scheduler import LoadFileScheduling

    class LoadFileAndPackage(LoadFileScheduling):
        def _split_scope(self, nodeid: str) -> str:
            if nodeid.startswith(RQ_TESTS):
                return "rq"
            return next((p for p in WHOLE_PACKAGES if nodeid.startswith(p)), None) or super()._split_scope(nodeid)

    return LoadFileAndPackage(config, log)


def one_database(item: pytest.Item) -> bool:
    """Whether what the test checks cannot depend on the database engine: it never reaches a database (the folders
    above), or it is marked ``one_database`` (it checks a file, a process or a page's markup, with the database only
    as its set-up, which other tests run on both)."""
    return item.nodeid.startswith(DATABASE_INDEPENDENT) or item.get_closest_marker("one_database") is not None


#: The longest test files and packages (a fresh-clone run's JUnit times, 20-70 s each), handed to the xdist workers
#: first: a long file that starts last leaves the other worker idle at the end of the run. (test_mail_on_redis is not
#: one: 7 s alone, it looked long only waiting for test_cli's RQ workers, rq_turn.)
LONGEST_FIRST = ("tests/security/test_password_only.py", *RQ_TESTS, "tests/bundles/", "tests/archive/test_tamper.py",
                 "tests/archive/test_cli.py", "tests/web/test_serve.py", "tests/security/test_evidence_attacks.py",
                 "tests/privacy/test_crawler.py", "tests/web/test_browser_pages.py", "tests/web/test_personas.py",
                 "tests/api/test_yente_parity.py", "tests/privacy/test_bigram_crawl.py",
                 "tests/accounts/test_secret_key.py", "tests/test_skip_policy.py", "tests/archive/test_diskfull.py",
                 "tests/verify/test_report.py", "tests/sanctions/test_fetch.py", "tests/verify/test_realistic_leak.py",
                 "tests/sanctions/test_cli.py", "tests/web/test_browser_person.py", "tests/api/test_yente_algorithms.py",
                 "tests/verify/test_archive_date.py", "tests/names/test_linkage.py")


def _longest_first(item: pytest.Item) -> int:
    return next((i for i, prefix in enumerate(LONGEST_FIRST) if item.nodeid.startswith(prefix)), len(LONGEST_FIRST))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The longest files first (a stable sort: the others keep their order); on a PostgreSQL run (DATABASE_URL set),
    leave out the tests that would repeat the SQLite pass as it is."""
    items.sort(key=_longest_first)
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        return
    independent = [item for item in items if one_database(item)]
    if independent:
        config.hook.pytest_deselected(items=independent)
        items[:] = [item for item in items if not one_database(item)]


# --- what a transactional test's flush deletes, put back --------------------------------------------------------
# A transactional test ends by emptying every table: the role groups a data migration made and the data session
# fixtures imported are gone for the tests that run after it on the same worker. They are put back before the next
# test that needs them, outside any test's transaction, so a test passes whatever ran before it (and in any order).

#: name -> put back what it owns, called at the set-up of each database test after a flush until it says it is done
#: (True: restored, or nothing of it is missing). The role groups are put back at the first such test; the session's
#: imported lists at the first test that uses them.
RESTORERS: dict[str, Callable[[pytest.Item], bool]] = {}
_dirty: set[str] = set()


def transactional(item: pytest.Item) -> bool:
    marker = item.get_closest_marker("django_db")
    if marker is not None and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])):
        return True
    names = getattr(item, "fixturenames", ())
    return any(name in names for name in ("transactional_db", "live_server", "django_db_reset_sequences"))


def _roles(item: pytest.Item) -> bool:
    from django.contrib.auth.models import Group

    from adalet.lib.roles import HIERARCHY

    for role in HIERARCHY:
        Group.objects.get_or_create(name=str(role))
    return True


RESTORERS["roles"] = _roles


def _search_index(item: pytest.Item) -> bool:
    """SQLite's full-text table is made outside the models, so a flush leaves its rows behind: a test that restarts
    the ids (reset_sequences) would then collide with them (IntegrityError on the index). Rows of passages that are
    gone are deleted."""
    from django.db import connection

    from adalet.archive.search import sqlite

    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {sqlite.TABLE} WHERE rowid NOT IN (SELECT id FROM archive_passage)")
    return True


RESTORERS["search_index"] = _search_index


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_setup(item: pytest.Item) -> Iterator[None]:
    if _dirty and (item.get_closest_marker("django_db") or "db" in getattr(item, "fixturenames", ())):
        from pytest_django.plugin import blocking_manager_key

        with item.config.stash[blocking_manager_key].unblock():
            for name in sorted(_dirty):
                if name not in RESTORERS or RESTORERS[name](item):
                    _dirty.discard(name)
    yield


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    yield
    if transactional(item):
        _dirty.update(RESTORERS)


@pytest.fixture
def rq_turn() -> Iterator[None]:
    """Tests that run RQ workers take turns, across the xdist workers of one machine: two RQ workers' tests at once
    slowed each other by a minute or more (found since: RQ's worker waited 60 s for its command thread at exit,
    adalet.archive.rq_worker), and taking turns costs little (RQ_TESTS run on one xdist worker)."""
    import fcntl
    import tempfile

    with open(Path(tempfile.gettempdir()) / "adalet-tests-rq.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


@pytest.fixture(autouse=True, scope="session")
def fast_password_hashes() -> Iterator[None]:
    """Test accounts' passwords hashed with MD5 in this process (live servers included): the site's Argon2 costs a
    quarter to half a second of CPU a password, at every account made and every sign-in, hundreds a run. What the
    site hashes with is tested with its own setting (tests/web/test_signin_security.py); `adalet` commands started
    as processes keep it."""
    from django.test import override_settings

    from adalet import settings as site

    # the site's hashers after MD5: a hash an `adalet` process made (Argon2) is still checked here
    fast = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher", *site.PASSWORD_HASHERS])
    fast.enable()
    yield
    fast.disable()


@pytest.fixture(autouse=True)
def default_language() -> Iterator[None]:
    """Each test starts in the site's default language. Django leaves on the thread the language a request activated
    (the test client's requests too: after a GET of /ug/… it is 'ug'), and an address reversed or a pattern printed
    afterwards takes that language's prefix: a walk planned after it asked /ug/ug/… and every answer was a 404."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


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

    def __init__(self, home: Path, database_url: str | None, *, migrated: bool = False) -> None:
        """``migrated``: start a new SQLite home from this process's migrated template (see MigratedTemplate)."""
        self.env = {k: v for k, v in os.environ.items() if k not in ("ADALET_BLOBS", "DATABASE_URL", "REDIS_URL")}
        self.env["ADALET_HOME"] = str(home)
        if database_url:
            self.env["DATABASE_URL"] = database_url
        self.command = [str(Path(sys.executable).with_name("adalet"))]
        if migrated and not database_url:
            TEMPLATE.copy_sqlite_to(home)

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

    def sql(self, statement: str) -> list[tuple[object, ...]]:
        """The rows of a read-only SQL statement on this home's database, read directly: a poll in a loop costs no
        Django process (about a second of CPU each, taken from the processes under test)."""
        url = self.env.get("DATABASE_URL")
        if url:
            import psycopg

            with psycopg.connect(url) as conn:
                return list(conn.execute(statement).fetchall())
        import sqlite3

        conn = sqlite3.connect(f"file:{Path(self.env['ADALET_HOME']) / 'adalet.sqlite3'}?mode=ro", uri=True, timeout=30)
        try:
            return list(conn.execute(statement).fetchall())
        finally:
            conn.close()

    def query(self, code: str) -> object:
        """Evaluate Python with Django set up in this home; the code assigns `result`."""
        script = (
            "import django, json, os\nos.environ.setdefault('DJANGO_SETTINGS_MODULE','adalet.settings')\n"
            "django.setup()\n" + code + "\nprint(json.dumps(result, default=str))"
        )
        out = subprocess.run([sys.executable, "-c", script], env=self.env, capture_output=True, text=True, check=True)
        return json.loads(out.stdout.strip().splitlines()[-1])


class MigratedTemplate:
    """A database migrated once per test process, from which each new home's database starts.

    Migrating a new database costs 3-4 s of CPU, and about 60 homes are made a run; the copy costs a few
    milliseconds (SQLite: the file; PostgreSQL: CREATE DATABASE … TEMPLATE). What a copy holds is exactly what
    `adalet migrate` made, and the first command still checks for pending migrations as it always does. A test of
    a first start itself asks for an empty database (``adalet_in(..., migrated=False)``)."""

    def __init__(self) -> None:
        self.sqlite: Path | None = None
        self.postgres: str | None = None  # the template database's name
        self.root: Path | None = None

    def _migrate(self, database_url: str | None) -> Path:
        import tempfile

        if self.root is None:
            self.root = Path(tempfile.mkdtemp(prefix="adalet-template-"))
        home = self.root / ("postgres" if database_url else "sqlite")
        Adalet(home, database_url).run("migrate", "-v0")
        return home

    def copy_sqlite_to(self, home: Path) -> None:
        if self.sqlite is None:
            self.sqlite = self._migrate(None) / "adalet.sqlite3"
        target = home / "adalet.sqlite3"
        if not target.exists():
            import shutil

            home.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(self.sqlite, target)

    def postgres_template(self, url: str) -> str:
        if self.postgres is None:
            import psycopg

            name = f"adalet_template_{uuid.uuid4().hex[:12]}"
            with psycopg.connect(url, autocommit=True) as conn:
                conn.execute(f'CREATE DATABASE "{name}"')
            self.postgres = name  # dropped at the session's end even if the migration fails
            self._migrate(f"{url.rsplit('/', 1)[0]}/{name}")
        return self.postgres

    def drop(self) -> None:
        url = os.environ.get("DATABASE_URL", "")
        if self.postgres and url.startswith("postgres"):
            DROPPER.drop(url, self.postgres)
        if self.root is not None:
            import shutil

            shutil.rmtree(self.root, ignore_errors=True)


class Dropper:
    """Test databases dropped on a thread of this process's own, while the next tests run.

    PostgreSQL's DROP DATABASE waits for a checkpoint: 0.2 s on an idle server, 2-3 s under a test run's writes, and
    about 150 homes' databases are dropped a run. The wait is the server's disk, not this process's CPU. A database
    not dropped (the server gone) is said at the session's end; it holds only generated test data."""

    def __init__(self) -> None:
        self.queue: queue.Queue[tuple[str, str] | None] = queue.Queue()
        self.thread: threading.Thread | None = None
        self.failed: list[str] = []

    def drop(self, url: str, name: str) -> None:
        """Drop database ``name`` of the server at ``url`` (any database of it) soon."""
        if self.thread is None:
            self.thread = threading.Thread(target=self._run, name="drop-test-databases", daemon=True)
            self.thread.start()
        self.queue.put((url, name))

    def _run(self) -> None:
        import psycopg

        while (job := self.queue.get()) is not None:
            url, name = job
            try:
                with psycopg.connect(url, autocommit=True) as conn:
                    conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            except Exception as error:  # noqa: BLE001 - said at the end; the tests' results stand
                self.failed.append(f"{name}: {error}")

    def finish(self) -> None:
        if self.thread is not None:
            self.queue.put(None)
            self.thread.join()
            self.thread = None
        for line in self.failed:
            print(f"test database not dropped: {line}", file=sys.stderr)


DROPPER = Dropper()
TEMPLATE = MigratedTemplate()


def pytest_sessionfinish(session: pytest.Session) -> None:
    TEMPLATE.drop()
    DROPPER.finish()


def adalet_in(root: Path, prefix: str = "adalet_cli", *, migrated: bool = True) -> Iterator[Adalet]:
    """The `adalet` command in a home under `root` and, on PostgreSQL, in a database of its own made for it (a
    generator: the database is dropped when it ends); migrated from the template unless ``migrated=False``."""
    url = os.environ.get("DATABASE_URL")
    if not url:
        yield Adalet(root / "home", None, migrated=migrated)
        return
    import psycopg

    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    base = url.rsplit("/", 1)[0]
    template = f' TEMPLATE "{TEMPLATE.postgres_template(url)}"' if migrated else ""
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"{template}')
    try:
        yield Adalet(root / "home", f"{base}/{name}")
    finally:
        DROPPER.drop(url, name)


@pytest.fixture
def adalet(tmp_path: Path) -> Iterator[Adalet]:
    yield from adalet_in(tmp_path)
