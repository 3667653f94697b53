"""adalet relative-search-audit: check, with the audit key, whether a given relative search is on the custody log.

The log keeps no query in clear, only its keyed hash (adalet.web.relatives.query_hash): give the query (name, year of
birth, county, whether a year either side was asked) and the key, and the matching searches are listed. The key is
ADALET_AUDIT_QUERY_KEY (setting or environment), else the one the site derives from SECRET_KEY; or read it from a
file with --key-file. Pass the name as "-" to read it from standard input (it stays out of the shell's history).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from adalet.archive import custody
from adalet.archive.models import CustodyRecord
from adalet.web.relatives import AUDIT_ACTION, UnknownCounty, audit_key, key_id, searches_matching


class Command(BaseCommand):
    help = "List the custody records of relative searches for a given query, checked with the audit key."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--name", required=True, help='The name as searched ("-": read it from standard input).')
        parser.add_argument("--birth-year", type=int, required=True)
        parser.add_argument("--county", default="", help="The county as searched, in any script (optional).")
        parser.add_argument("--around", action="store_true", help="The search asked for a year either side.")
        parser.add_argument("--key-file", type=Path, help="Read the audit key from this file (its text, stripped).")

    def handle(self, *args: Any, **options: Any) -> None:
        name = sys.stdin.readline().strip() if options["name"] == "-" else options["name"]
        if options["key_file"]:
            try:
                key = options["key_file"].read_text(encoding="utf-8").strip().encode("utf-8")
            except OSError as error:
                raise CommandError(f"cannot read the key: {error}") from None
        else:
            key = audit_key()[0]
        try:
            found = searches_matching(name, options["birth_year"], options["county"], around=options["around"], key=key)
        except UnknownCounty:
            raise CommandError(f"no known county is named {options['county']!r}") from None
        ours = key_id(key)
        for record in found:
            detail = custody.record_detail(record)
            self.stdout.write(f"#{record.seq} {record.at.isoformat()} {record.actor}: {detail.get('cards')} card(s)")
        others = sum(
            1 for record in CustodyRecord.objects.filter(action=AUDIT_ACTION).iterator()
            if custody.record_detail(record).get("key_id") not in (None, ours)
        )
        self.stdout.write(f"{len(found)} relative search(es) match this query (key id {ours})")
        if others:
            self.stdout.write(f"{others} relative search(es) were hashed with another key: check them with that key")
