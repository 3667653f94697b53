"""adalet alerts send [--base-url URL] [--json]: email each user with email-enabled watches one digest of what is new
since their last one (web.alerts.digest). Run it as often as wanted (cron, several machines): what was sent is
recorded, so a second run sends nothing new, and two runs at once send a digest once."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand

from adalet.web.alerts.digest import send_all


class Command(BaseCommand):
    help = "Email the alerts digests due: what is new for each user's email-enabled watches."

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        send = sub.add_parser("send", help="Send each user with news their digest (once; recorded).")
        send.add_argument("--base-url", default=None, help="The site's address for the links (default ADALET_SITE_URL).")
        send.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        report = send_all(options["base_url"])
        if options["json"]:
            self.stdout.write(json.dumps({"sent": report.sent, "lines": report.lines,
                                          "claimed_elsewhere": report.claimed_elsewhere}))
            return
        self.stdout.write(f"{report.sent} digest(s) sent, {report.lines} line(s) of news"
                          + (f"; {report.claimed_elsewhere} sent by another process" if report.claimed_elsewhere else ""))
