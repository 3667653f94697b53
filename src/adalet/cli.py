"""The `adalet` console command: one entry point, with a subcommand per job.

Subcommands are Django management commands (`adalet ingest`, `adalet search`, `adalet audit verify`,
`adalet demo-leak`, `adalet worker`, `adalet serve`, and Django's own such as `createsuperuser`);
a hyphenated name stands for its underscored command. `adalet names …` is the pure-Python name
matcher and runs without Django. The database is brought up to date before a
command that needs it runs, under a lock so that many processes starting at once migrate once.
Errors end in one clear line; `--traceback` (or ADALET_DEBUG=1) shows the trace.

Commands other than the server's and `check` run Django's system checks without the admin, template and URL
checks: they load every template tag library and the whole URL map (0.8 s of every command's start), and
check the site's code, not this installation; the security checks (a weak secret) still run for every
command, and `adalet serve` and `adalet check` run them all.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import sys
from collections.abc import Iterator

NO_DATABASE = {"demo_leak", "demo_reset", "help", "version", "makemigrations", "check", "--help", "-h", "--version"}
MIGRATION_LOCK_KEY = 0x41444D47  # "ADMG"
#: The commands that run every system check: the web servers and `check` itself.
ALL_CHECKS = {"serve", "runserver", "check"}
#: Check tags left out of the other commands' start (see the module's docstring).
SITE_CODE_CHECK_TAGS = {"admin", "templates", "urls"}


def command_name(argv: list[str]) -> str:
    return argv[1].replace("-", "_") if len(argv) > 1 else "help"


@contextlib.contextmanager
def migration_lock() -> Iterator[None]:
    from django.db import connection

    from adalet.home import home

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [MIGRATION_LOCK_KEY])
        try:
            yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [MIGRATION_LOCK_KEY])
    else:
        with open(home() / "migrate.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            yield


def ensure_database() -> None:
    """Apply pending migrations, once, whoever else is starting at the same time."""
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    def pending() -> bool:
        executor = MigrationExecutor(connection)
        return bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))

    if pending():
        with migration_lock():
            if pending():
                call_command("migrate", interactive=False, verbosity=0)


def skip_site_code_checks() -> None:
    """Commands that keep Django's default (every check) run every tag but the template and URL checks."""
    from django.core.checks import Tags
    from django.core.management.base import BaseCommand

    tags = [value for name, value in vars(Tags).items() if not name.startswith("_") and isinstance(value, str)]
    BaseCommand.requires_system_checks = [tag for tag in tags if tag not in SITE_CODE_CHECK_TAGS]


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    argv[0] = "adalet"
    if argv[1:2] in (["--version"], ["version"]):
        from adalet import __version__

        print(f"adalet {__version__}")
        return
    if argv[1:2] == ["names"]:  # pure Python: no Django, no database
        from adalet.names.cli import main as names_main

        sys.exit(names_main(argv[2:]))
    if len(argv) > 1 and not argv[1].startswith("-"):
        argv[1] = command_name(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "adalet.settings")
    show_trace = "--traceback" in argv or os.environ.get("ADALET_DEBUG") == "1"
    try:
        import django
        from django.core.management import execute_from_command_line

        django.setup()
        if command_name(argv) not in ALL_CHECKS:
            skip_site_code_checks()
        if command_name(argv) not in NO_DATABASE:
            ensure_database()
        execute_from_command_line(argv)
    except KeyboardInterrupt:
        print("adalet: interrupted", file=sys.stderr)
        sys.exit(130)
    except SystemExit:
        raise
    except Exception as error:
        if show_trace:
            raise
        message = " ".join(str(error).split()) or type(error).__name__
        print(f"adalet: error: {message}", file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
