"""adalet sanctions import ofac DIR [--listed-dates FILE] | import ftm|eu|uk|canada FILE [--authority NAME] | runs | gaps:
the gap matrix ranked by the detentions under each official's posts (`adalet.sanctions.ranking`, from the cache) |
fetch [--source NAME] [--config FILE] [--accept-shrink]: download the configured lists and import those that changed
(`adalet.sanctions.fetch`; one line and exit 1 for each that failed, which changed nothing)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import IO, Any, cast

from django.core.management.base import BaseCommand, CommandError
from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from adalet.archive import reading
from adalet.archive.reading import ArchiveReadError
from adalet.sanctions import fetch, gaps
from adalet.sanctions.importers.records import ListImportError
from adalet.sanctions.importers.run import import_list
from adalet.sanctions.models import ImportRun
from adalet.sanctions.ranking import cached_ranking


class Command(BaseCommand):
    help = "Import sanctions lists (OFAC SDN CSV set, FtM JSON lines, EU, UK, Canada) and show past imports."

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="Import a list; re-importing records what was added, removed, amended.")
        imp.add_argument("format", choices=["ofac", "ftm", "eu", "uk", "canada"])
        imp.add_argument("path", help="OFAC: the directory holding sdn.csv, add.csv, alt.csv; FtM: the .jsonl file; "
                         "eu: the FSF XML or an annex CSV; uk: UK_Sanctions_List.xml; canada: sema-lmes.xml.")
        imp.add_argument("--listed-dates", help="OFAC: CSV with ent_num,listed_on columns (the CSV set has no dates).")
        imp.add_argument("--authority", help="FtM: the authority's name (default: the file's first dataset); "
                         "eu/uk/canada: instead of eu-fsf (eu-oj-CELEX for a CSV), gb-fcdo, ca-sema.")
        imp.add_argument("--json", action="store_true")
        sub.add_parser("runs", help="List past imports with their counts.")
        fetch_cmd = sub.add_parser("fetch", help="Download the configured official lists; import those that changed.")
        fetch_cmd.add_argument("--source", help="Only this source (a [source.NAME] of the sources file).")
        fetch_cmd.add_argument("--config", help="The sources file (default: $ADALET_SANCTIONS_SOURCES, else "
                               "$ADALET_HOME/sanctions_sources.toml).")
        fetch_cmd.add_argument("--accept-shrink", action="store_true",
                               help="Import a list even when it has under half the entries its authority has now.")
        fetch_cmd.add_argument("--json", action="store_true")
        gaps = sub.add_parser("gaps", help="Who is designated where: official x US, EU, UK, Canada.")
        gaps.add_argument("--program", help="Only list evidence under this program (e.g. GLOMAG).")
        gaps.add_argument("--format", choices=["table", "csv", "json"], default="table")
        gaps.add_argument("--collection", help="Count this collection's records only (default: every collection).")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "gaps":
            self._gaps(options)
            return
        if options["action"] == "fetch":
            self._fetch(options)
            return
        if options["action"] == "runs":
            for run in ImportRun.objects.all()[:50]:
                self.stdout.write(
                    f"#{run.pk} {run.started_at:%Y-%m-%d %H:%M} {run.authority} {run.source}: +{run.added} -{run.removed} "
                    f"~{run.amended} ({run.unchanged} unchanged, {len(run.problems)} problems)"
                )
            return
        path = Path(options["path"]).expanduser().resolve()
        try:
            dates = Path(options["listed_dates"]) if options["listed_dates"] else None
            console = Console(file=cast(IO[str], self.stderr), highlight=False)
            with Progress(console=console, transient=True, disable=options["json"]) as progress:
                task = progress.add_task(f"importing {path.name}", total=None)
                run = import_list(options["format"], path, options["authority"], dates,
                                  progress=lambda n, total: progress.update(task, completed=n, total=total))
        except (ListImportError, OSError) as error:
            raise CommandError(str(error)) from None
        summary = {"run": run.pk, "authority": run.authority, "added": run.added, "removed": run.removed,
                   "amended": run.amended, "unchanged": run.unchanged, "problems": run.problems}
        if options["json"]:
            self.stdout.write(json.dumps(summary, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"{run.authority}: {run.added} added, {run.removed} removed, {run.amended} amended, "
                          f"{run.unchanged} unchanged (import #{run.pk})")
        for problem in run.problems[:50]:
            self.stdout.write(f"  {problem}")
        if len(run.problems) > 50:
            self.stdout.write(f"  … and {len(run.problems) - 50} more problems (adalet sanctions runs)")

    def _fetch(self, options: dict[str, Any]) -> None:
        path = fetch.config_path(options["config"])
        try:
            sources = fetch.select(fetch.load_sources(path), options["source"], path)
        except fetch.FetchError as error:
            raise CommandError(str(error)) from None
        results, failures = [], []
        for source in sources:
            try:
                outcome = fetch.fetch_source(source, accept_shrink=options["accept_shrink"])
            except fetch.FetchError as error:
                failures.append(str(error))
                results.append({"source": source.name, "outcome": "failed", "message": str(error)})
                continue
            results.append(outcome.as_json())
            if not options["json"]:
                self.stdout.write(outcome.message)
        if options["json"]:
            self.stdout.write(json.dumps({"sources": results}, ensure_ascii=False, indent=2))
        if failures:
            raise CommandError("\n".join(failures))

    def _gaps(self, options: dict[str, Any]) -> None:
        rows = gaps.gap_matrix(options["program"])
        if not rows:
            raise CommandError("no officials yet: `adalet officials load FILE` or `adalet officials add NAME`")
        try:
            collections = [reading.collection(options["collection"]).pk] if options["collection"] else None
        except ArchiveReadError as error:
            raise CommandError(str(error)) from None
        with Progress(console=Console(file=cast(IO[str], self.stderr)), transient=True) as progress:
            task = progress.add_task("counting detentions under each official's posts", total=len(rows))
            ranked = cached_ranking(collections, progress=lambda done, total: progress.update(task, completed=done))
        order = {r.row.official_id: n for n, r in enumerate(ranked)}
        rows.sort(key=lambda row: order.get(row.official_id, len(order)))
        counted_by = {r.row.official_id: {"posts": r.posts, "held_during_tenure": r.held,
                                      "admitted_during_tenure": r.admitted, "people": r.people, "problem": r.problem}
                  for r in ranked}
        if options["format"] == "json":
            self.stdout.write(gaps.as_json(rows, counted_by))
            return
        if options["format"] == "csv":
            self.stdout.write(gaps.as_csv(rows, counted_by), ending="")
            return
        table = Table(title="Designations by jurisdiction (— = not designated), the designated nowhere with the most "
                      "detentions under their posts first")
        table.add_column("official")
        table.add_column("held under posts", justify="right")
        for code in gaps.CODES:
            table.add_column(gaps.LABELS[code])
        for row in rows:
            cells = [f"{c.date}{'' if c.basis == 'list' else ' *' if c.basis == 'reference' else ' ?'}" if c.date else "—"
                     for c in (row.cells[code] for code in gaps.CODES)]
            counted = counted_by[row.official_id]
            held = (f"{counted['held_during_tenure']:,}" if counted["held_during_tenure"] is not None
                    else f"not counted: {counted['problem']}")
            table.add_row(" / ".join(row.names[:2]), held, *cells)
        console = Console(file=cast(IO[str], self.stdout), highlight=False, width=140)
        console.print(table)
        counts = gaps.summary(rows)
        for code in gaps.CODES:
            bar = "█" * counts[code] + "·" * (len(rows) - counts[code])
            console.print(f"{gaps.LABELS[code]:>16} {bar} {counts[code]}/{len(rows)}")
        console.print("dates from a confirmed list match; * from a reference file; ? list gives no date (first seen)")
        console.print("held under posts: detentions held during a tenure in the post's area (adalet officials "
                      "responsibility OFFICIAL for the rule, its limits and every row)")
