"""adalet serve [--port 8000] [--workers N] [--server granian|gunicorn]: serve the site with a production WSGI server.

Granian (HTTP in Rust, one Django thread per worker process) by default: on the signing benchmark it answered about a
quarter more requests than gunicorn's sync workers on the same machine (docs/benchmarks.md). gunicorn stays
available. Both log each request to standard output.

One background worker (`adalet worker`) is started beside it unless --no-worker: confirmation emails and uploads
for ingest go through the task queue, so a site served alone would never send the one or extract the other. Start
more workers (on this machine or others) with `adalet worker`. The worker shares the server's process group, so
Ctrl-C or a signal to the group stops it too, and it watches the server (archive.parent_watch): a signal to the
server alone stops it as well.

It never serves with a published or weak secret (adalet.lib.deploychecks, an error for every command), and with
ADALET_HTTPS=1 it runs Django's deployment checks and Adalet's and refuses to start on any warning.
"""

from __future__ import annotations

import os
import subprocess
import sys
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand

from adalet.archive import parent_watch

SERVERS = ("granian", "gunicorn")


def server_argv(server: str, host: str, port: int, workers: int) -> list[str]:
    """The command line that serves adalet.wsgi:application."""
    if server == "gunicorn":
        return [sys.executable, "-m", "gunicorn", "adalet.wsgi:application", "--bind", f"{host}:{port}",
                "--workers", str(workers), "--access-logfile", "-", "--graceful-timeout", "5"]
    return [sys.executable, "-m", "granian", "--interface", "wsgi", "--host", host, "--port", str(port),
            "--workers", str(workers), "--blocking-threads", "1", "--no-ws", "--access-log",
            "--workers-kill-timeout", "5", "adalet.wsgi:application"]


class Command(BaseCommand):
    help = "Serve the web site and API."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--workers", type=int,
                            default=int(os.environ.get("ADALET_WEB_WORKERS", str(max(2, os.cpu_count() or 2)))))
        parser.add_argument("--server", choices=SERVERS, default=os.environ.get("ADALET_WEB_SERVER", "granian"))
        parser.add_argument("--no-worker", action="store_true", help="Do not start a background worker beside it.")

    def handle(self, *args: Any, **options: Any) -> None:
        if os.environ.get("ADALET_HTTPS", "") == "1":
            call_command("check", deploy=True, fail_level="WARNING")
        call_command("collectstatic", interactive=False, verbosity=0)
        host, port, workers = options["host"], options["port"], options["workers"]
        self.stdout.write(f"Adalet at http://{host}:{port}/ ({options['server']}, {workers} workers)")
        self.stdout.flush()
        if not options["no_worker"]:
            # the worker stops when this process (the server, after exec) is gone, however it was stopped
            env = {**os.environ, parent_watch.ENV: str(os.getpid())}
            subprocess.Popen([sys.executable, "-c", "from adalet.cli import main; main()", "worker"], env=env)
        argv = server_argv(options["server"], host, port, workers)
        os.execv(argv[0], argv)
