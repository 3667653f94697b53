"""adalet search "QUERY" [--collection NAME] [--type KIND] [--json]: full-text search of the archive."""

from __future__ import annotations

import html
import json
import re
from typing import IO, Any, cast

from django.core.management.base import BaseCommand, CommandError
from rich.console import Console
from rich.text import Text

from adalet.archive import custody, search
from adalet.archive.ingest import IngestError, collection_named, default_actor

MARK = re.compile(r"<mark>(.*?)</mark>", re.S)


class Command(BaseCommand):
    help = "Search extracted text and metadata (Chinese, Uyghur, English, ID numbers)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("query")
        parser.add_argument("--collection", action="append", help="Only this collection (repeatable).")
        parser.add_argument("--type", dest="kind", help="image, pdf, document, spreadsheet, text, archive or a media type.")
        parser.add_argument("--limit", type=int, default=20)
        parser.add_argument("--offset", type=int, default=0)
        parser.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            ids = [collection_named(n, create=False).pk for n in options["collection"]] if options["collection"] else None
            results = search.search(
                options["query"], collection_ids=ids, kind=options["kind"], limit=options["limit"], offset=options["offset"],
                personal_data=True, withheld=True,  # the operator at the command line sees everything, logged
            )
        except (IngestError, ValueError) as error:
            raise CommandError(str(error)) from None
        if results.hits:  # the command line shows personal data unmasked: a view, on the log
            custody.append(
                "view-personal-data",
                actor=default_actor(),
                subject=f"search: {options['query']}"[:500],
                detail={"via": "cli", "items": [hit.locator for hit in results.hits]},
            )
        if options["json"]:
            payload = {"query": results.query, "total": results.total, "hits": [h.as_dict() for h in results.hits]}
            self.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2))
            return
        # Django's OutputWrapper is a TextIOBase, which typeshed does not count as an IO[str]; rich only writes to it.
        console = Console(file=cast(IO[str], self.stdout), highlight=False, soft_wrap=True)
        console.print(f"{results.total} items match {results.query!r}")
        for hit in results.hits:
            console.print(Text(f"\n{hit.locator}", style="bold"), Text(f"  [{hit.media_type}] {hit.label}", style="dim"))
            console.print(self.render(hit.snippet))
            if hit.explanation:
                console.print(Text(hit.explanation, style="italic"))

    @staticmethod
    def render(snippet: str) -> Text:
        snippet = " ".join(snippet.split())
        text = Text("  ")
        last = 0
        for match in MARK.finditer(snippet):
            text.append(html.unescape(snippet[last : match.start()]))
            text.append(html.unescape(match.group(1)), style="bold reverse")
            last = match.end()
        text.append(html.unescape(snippet[last:]))
        return text
