"""adalet people show ID [--collection NAME] [--json]: one person with every fact and where it came from."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from adalet.archive import custody
from adalet.archive.ingest import default_actor
from adalet.people.profiles import PersonNotFound, find_person, profile


class Command(BaseCommand):
    help = "Show a person's record: names, ID number, detentions, relatives, photos, each with its source."

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        p = sub.add_parser("show", help="One person, by database id or ID number.")
        p.add_argument("id")
        p.add_argument("--collection")
        p.add_argument("--json", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            person = find_person(options["id"], options["collection"])
        except PersonNotFound as error:
            raise CommandError(str(error)) from None
        data = profile(person)
        custody.append("view-personal-data", actor=default_actor(), subject=f"person {person.pk}", detail={"via": "cli"})
        if options["json"]:
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        out = self.stdout.write
        out(f"{data['name']}  (person {data['id']}, {data['kind']}, collection {data['collection']})")
        for key in ("id_number", "birth_date", "sex", "ethnicity", "address"):
            if data[key]:
                out(f"  {key.replace('_', ' ')}: {data[key]}")
        if data["derived_names"]:
            out("  in other scripts: " + " / ".join(data["derived_names"]))
        if len(data["names"]) > 1:
            out("  also written: " + ", ".join(n["name"] for n in data["names"][1:]))
        if data["source"]:
            s = data["source"]
            out(f"  first recorded: {s['item']}" + (f" sheet {s['sheet']}" if s["sheet"] else "") + f" row {s['row']}")
        for d in data["detentions"]:
            held = {True: "held", False: "released", None: "status unknown"}[d["detained"]]
            where = d["source"]
            out(f"  detention: {d['facility'] or '?'}, {d['status'] or 'no status'} ({held}), admitted {d['admitted'] or '?'}"
                f", reason {d['reason'] or '?'}  [{where['item']}" + (f" sheet {where['sheet']}" if where["sheet"] else "")
                + f" row {where['row']}]")
        for r in data["relatives"]:
            out(f"  relative: {r['name']} ({r['relation'] or 'relation not given'})")
        for p in data["positions"]:
            out(f"  post: {p['title']}, {p['organization']} {p['start']}–{p['end']}")
        for link in data["photos"]:
            out(f"  photo ({link['status']}, {link['method']}, score {link['score']:.2f}): {link['photo']}")
