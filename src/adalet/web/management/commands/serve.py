"""adalet serve [--port 8000]: serve the site with gunicorn (a production WSGI server)."""

from __future__ import annotations

import os
import sys
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve the web site and API."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--workers", type=int, default=int(os.environ.get("ADALET_WEB_WORKERS", "3")))

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("collectstatic", interactive=False, verbosity=0)
        bind = f"{options['host']}:{options['port']}"
        self.stdout.write(f"Adalet at http://{bind}/ ({options['workers']} workers)")
        self.stdout.flush()
        argv = [sys.executable, "-m", "gunicorn", "adalet.wsgi:application", "--bind", bind,
                "--workers", str(options["workers"]), "--access-logfile", "-", "--graceful-timeout", "5"]
        os.execv(sys.executable, argv)
