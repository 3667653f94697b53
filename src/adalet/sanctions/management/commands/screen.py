"""adalet screen "NAME" [--birth 1955] [--schema Person] [--json] | --csv FILE [--out FILE]: screen names against the lists."""

from __future__ import annotations

import csv
import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from rich.console import Console
from rich.progress import Progress

from adalet.sanctions import screening

OUT_FIELDS = ["query_id", "query_name", "query_birth", "rank", "id", "caption", "schema", "score", "match", "explanation"]


class Command(BaseCommand):
    help = "Screen a name (any script) or a CSV of names against every imported sanctions list."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("name", nargs="?")
        parser.add_argument("--birth", action="append", default=[], help="Birth date or year (YYYY[-MM[-DD]]), repeatable.")
        parser.add_argument("--schema", default="LegalEntity", help="FtM schema of the query (Person, Organization…).")
        parser.add_argument("--limit", type=int, default=5)
        parser.add_argument("--threshold", type=float, default=screening.MATCH_THRESHOLD)
        parser.add_argument("--json", action="store_true", help="Print yente's match result objects.")
        parser.add_argument("--csv", help="Batch: a CSV with a header holding name and optionally id, birth, schema.")
        parser.add_argument("--out", help="Batch: write the result CSV here instead of to stdout.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["csv"]:
            return self.batch(Path(options["csv"]), options)
        name = (options["name"] or "").strip()
        if not name:
            raise CommandError("give a name to screen, or --csv FILE")
        props = {"name": [name], "birthDate": options["birth"]}
        answer = screening.entity_matches(options["schema"], props, limit=options["limit"], threshold=options["threshold"])
        if options["json"]:
            self.stdout.write(json.dumps(answer, ensure_ascii=False, indent=2))
            return
        console = Console(file=self.stdout, highlight=False, soft_wrap=True)
        if not answer["results"]:
            births = f" with a birth date agreeing with {', '.join(options['birth'])}" if options["birth"] else ""
            console.print(f"no list entry resembles {name!r}{births}")
        for r in answer["results"]:
            flag = "MATCH" if r["match"] else "weak "
            console.print(f"{flag} {r['score']:.2f}  {r['caption']}  [{r['schema']}, {r['id']}, {', '.join(r['datasets'])}]")
            for line in r["explanation"]:
                console.print(f"        {line}", style="dim")

    def batch(self, path: Path, options: dict[str, Any]) -> None:
        try:
            stream = open(path, encoding="utf-8-sig", newline="")
        except OSError as error:
            raise CommandError(f"cannot read {path}: {error.strerror}") from None
        with stream:
            reader = csv.DictReader(stream)
            if "name" not in (reader.fieldnames or []):
                raise CommandError(f"{path}: needs a header row with a 'name' column")
            rows = list(reader)
        out = open(options["out"], "w", encoding="utf-8", newline="") if options["out"] else self.stdout
        index = screening.current_index()
        writer = csv.DictWriter(out, fieldnames=OUT_FIELDS)
        writer.writeheader()
        skipped = 0
        with Progress(console=Console(file=sys.stderr), transient=True, disable=not options["out"]) as progress:
            task = progress.add_task(f"screening {path.name}", total=len(rows))
            for n, row in enumerate(rows, 2):
                progress.advance(task)
                name = (row.get("name") or "").strip()
                qid = (row.get("id") or "").strip() or str(n - 1)
                if not name:
                    self.stderr.write(f"{path.name} line {n}: empty name; skipped")
                    skipped += 1
                    continue
                births = [b.strip() for b in (row.get("birth") or "").split(";") if b.strip()]
                answer = screening.entity_matches(
                    (row.get("schema") or "").strip() or options["schema"], {"name": [name], "birthDate": births},
                    limit=options["limit"], threshold=options["threshold"], index=index,
                )
                base = {"query_id": qid, "query_name": name, "query_birth": ";".join(births)}
                if not answer["results"]:
                    writer.writerow(base)
                for rank, r in enumerate(answer["results"], 1):
                    writer.writerow(base | {"rank": rank, "id": r["id"], "caption": r["caption"], "schema": r["schema"],
                                            "score": r["score"], "match": str(r["match"]).lower(),
                                            "explanation": " | ".join(r["explanation"])})
        if out is not self.stdout:
            out.close()
            self.stderr.write(f"{len(rows) - skipped} queries screened, {skipped} skipped → {options['out']}")
