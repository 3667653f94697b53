"""adalet officials load FILE | add NAME | list | match | matches | confirm ID | reject ID | evidence | responsibility:
the registry, and the detentions the records place under an official's posts."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from adalet.archive import reading
from adalet.archive.ingest import default_actor
from adalet.archive.reading import ArchiveReadError
from adalet.people.officials import (
    OfficialError,
    add_post,
    check_area,
    official,
    officials,
    parse_post,
    state_area,
    upsert_official,
)
from adalet.people.responsibility import ResponsibilityError
from adalet.sanctions import ftm_export
from adalet.sanctions.ftm_posts import import_posts
from adalet.sanctions.models import OfficialMatch
from adalet.sanctions.officials import add_evidence, load_registry, match_officials, review
from adalet.sanctions.ranking import ranking
from adalet.sanctions.responsibility import print_report, report_json


class Command(BaseCommand):
    help = "The officials registry: load it, add to it, match officials to sanctions lists and review the matches."

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("load", help="Load a registry CSV (name,name_zh,schema,birth,us_ofac,eu,uk,canada,source).")
        load.add_argument("path", type=Path)
        add = sub.add_parser("add", help="Add or update one official.")
        add.add_argument("name", help="The name as the registry writes it, e.g. 'CHEN Quanguo'.")
        add.add_argument("--alias", action="append", default=[], help="Another form of the name (陈全国), repeatable.")
        add.add_argument("--birth", default="", help="YYYY, YYYY-MM or YYYY-MM-DD.")
        add.add_argument("--organization", action="store_true", help="A body, not a person.")
        add.add_argument("--post", action="append", default=[], help="'TITLE @ UNIT : START-END', repeatable.")
        add.add_argument("--jurisdiction", default="", help="The area of the posts given, when their unit's name does "
                         "not say it: places in any script, ';' apart ('特克斯县; 昭苏县', 'Ili Prefecture').")
        ftm = sub.add_parser("import-ftm", help="The registry from FollowTheMoney JSON lines (Person, "
                             "Organization, Note, Position, Occupancy, Membership, Sanction, Documentation), all or nothing.")
        ftm.add_argument("path", type=Path)
        demo = sub.add_parser("demo", help="Load the synthetic leak's FICTIONAL officials (generated names, posts "
                              "over its fictional facilities' counties).")
        demo.add_argument("--seed", type=int, default=7)
        demo.add_argument("--out", type=Path, help="Also keep the FtM file there.")
        rank = sub.add_parser("ranking", help="Officials by detentions under their posts, with where they are "
                              "designated: the unsanctioned with the most first.")
        rank.add_argument("--collection", help="Count this collection's records only.")
        rank.add_argument("--json", action="store_true")
        duty = sub.add_parser("responsibility", help="Detentions in the areas of an official's posts during them.")
        duty.add_argument("official", help="Official id or name.")
        duty.add_argument("--collection", help="Count this collection's records only.")
        duty.add_argument("--json", action="store_true")
        sub.add_parser("list", help="The registry.").add_argument("--json", action="store_true")
        sub.add_parser("match", help="Screen every official against the imported lists; matches are proposed.")
        sub.add_parser("matches", help="Matches and their status.").add_argument("--json", action="store_true")
        export = sub.add_parser("export", help="FollowTheMoney JSON lines: officials, posts, designations, evidence.")
        export.add_argument("--out", type=Path, help="File to write (default: standard output).")
        ev = sub.add_parser("evidence", help="Link an archive item to an official as evidence (audited).")
        ev.add_argument("official", help="Official id or name.")
        ev.add_argument("locator", help="The item's locator, as `adalet search` shows it.")
        ev.add_argument("--note", required=True, help="What the item shows about the official.")
        ev.add_argument("--reviewer", default=None)
        for decision in ("confirm", "reject"):
            p = sub.add_parser(decision, help=f"{decision.capitalize()} matches (audited).")
            p.add_argument("ids", nargs="+", type=int)
            p.add_argument("--reviewer", default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            getattr(self, f"do_{options['action'].replace('-', '_')}")(options)
        except (OfficialError, ResponsibilityError, ArchiveReadError) as error:
            raise CommandError(str(error)) from None

    def do_load(self, options: dict[str, Any]) -> None:
        report = load_registry(options["path"])
        self.stdout.write(f"{report.created} officials added, {report.updated} updated, {report.designations} "
                          f"reference designations")
        for problem in report.problems:
            self.stdout.write(f"  {problem}")

    def do_add(self, options: dict[str, Any]) -> None:
        posts = [parse_post(text) for text in options["post"]]
        for post in posts if not options["jurisdiction"] else ():
            check_area(post)
        with transaction.atomic():  # a --jurisdiction naming no place leaves nothing written
            person, created = upsert_official(options["name"], other_names=options["alias"], birth=options["birth"],
                                              organization=options["organization"], source="adalet officials add")
            for post in posts:
                position = add_post(person, post)
                if options["jurisdiction"]:
                    state_area(position, options["jurisdiction"], source="adalet officials add --jurisdiction")
        self.stdout.write(f"{'added' if created else 'updated'} official {person.pk}: {person.name}")

    def do_list(self, options: dict[str, Any]) -> None:
        people = officials()
        if options["json"]:
            data = [{"id": p.pk, "name": p.name, "names": [n["name"] for n in p.names], "kind": p.kind, "birth": p.birth,
                     "posts": [{"title": x.title, "organization": x.organization, "start": x.start, "end": x.end}
                               for x in p.positions.all()]} for p in people]
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        for p in people:
            self.stdout.write(f"{p.pk:5}  {p.name}  {' / '.join(n['name'] for n in p.names[1:])}  {p.birth}")

    def do_match(self, options: dict[str, Any]) -> None:
        matches = match_officials()
        for m in matches:
            self.stdout.write(f"{m.pk:5}  {m.status:9}  {m.official.name} = {m.entity.caption} ({m.entity.source_id}) "
                              f"score {m.score:.2f}")
        self.stdout.write(f"{len(matches)} matches; confirm with `adalet officials confirm ID ...`")

    def do_matches(self, options: dict[str, Any]) -> None:
        matches = OfficialMatch.objects.select_related("official", "entity").order_by("official__name", "-score")
        if options["json"]:
            data = [{"id": m.pk, "official": m.official.name, "entity": m.entity.source_id, "caption": m.entity.caption,
                     "score": m.score, "status": m.status, "explanation": m.explanation, "reviewer": m.reviewer}
                    for m in matches]
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        for m in matches:
            self.stdout.write(f"{m.pk:5}  {m.status:9}  {m.official.name} = {m.entity.caption} ({m.entity.source_id}) "
                              f"{m.score:.2f}: {'; '.join(m.explanation)[:160]}")

    def do_export(self, options: dict[str, Any]) -> None:
        if options["out"] is None:
            ftm_export.write_jsonl(self.stdout)
            return
        with open(options["out"], "w", encoding="utf-8") as stream:
            count = ftm_export.write_jsonl(stream)
        self.stdout.write(f"{count} entities written to {options['out']}")

    def do_import_ftm(self, options: dict[str, Any]) -> None:
        report = import_posts(options["path"])
        self.stdout.write(f"{options['path'].name}: {report.officials} officials, {report.posts} posts, "
                          f"{report.designations} designations, {report.evidence} evidence links")

    def do_demo(self, options: dict[str, Any]) -> None:
        from adalet.demo.officials import entities

        with tempfile.TemporaryDirectory() as folder:
            path = options["out"] or Path(folder) / f"fictional-officials-{options['seed']}.ftm.jsonl"
            path.write_text("".join(json.dumps(e, ensure_ascii=False, sort_keys=True) + "\n"
                                    for e in entities(options["seed"])), encoding="utf-8")
            report = import_posts(path, source=f"adalet officials demo --seed {options['seed']} (FICTIONAL)")
        self.stdout.write(f"{report.officials} FICTIONAL officials with {report.posts} posts over the demo leak's "
                          "counties (see adalet officials responsibility NAME)")

    def do_ranking(self, options: dict[str, Any]) -> None:
        collections = [reading.collection(options["collection"]).pk] if options["collection"] else None
        ranked = ranking(collections)
        if options["json"]:
            self.stdout.write(json.dumps([r.as_dict() for r in ranked], ensure_ascii=False, indent=2))
            return
        for r in ranked:
            where = ", ".join(code.upper() for code in r.designated) or "designated nowhere"
            counts = (f"held {r.held:,}, admitted {r.admitted:,}, {r.people:,} people" if r.held is not None
                      else f"not counted: {r.problem}")
            self.stdout.write(f"{r.row.official_id:5}  {r.row.name}: {counts} ({r.posts} posts; {where})")

    def do_responsibility(self, options: dict[str, Any]) -> None:
        person = official(options["official"])
        collections = [reading.collection(options["collection"]).pk] if options["collection"] else None
        if options["json"]:
            self.stdout.write(json.dumps(report_json(person, collections), ensure_ascii=False, indent=2))
            return
        print_report(person, collections, self.stdout)

    def do_evidence(self, options: dict[str, Any]) -> None:
        try:
            link = add_evidence(official(options["official"]), options["locator"], options["note"],
                                options["reviewer"] or default_actor())
        except ArchiveReadError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(f"evidence {link.pk}: {options['locator']} for {link.official.name} (custody #{link.custody_seq})")

    def do_confirm(self, options: dict[str, Any]) -> None:
        self._review(options, "confirmed")

    def do_reject(self, options: dict[str, Any]) -> None:
        self._review(options, "rejected")

    def _review(self, options: dict[str, Any], decision: str) -> None:
        for m in review(options["ids"], decision, options["reviewer"] or default_actor()):
            self.stdout.write(f"{m.pk}: {decision} ({m.official.name} = {m.entity.source_id}), custody #{m.custody_seq}")

