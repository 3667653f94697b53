"""adalet collection list | publish NAME | unpublish NAME: a collection's visibility on the public site."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count

from adalet.archive import custody
from adalet.archive.ingest import IngestError, collection_named, default_actor
from adalet.archive.models import Collection


class Command(BaseCommand):
    help = "List collections, or publish one deliberately (personal data stays masked for visitors)."

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("list", help="Collections with their item counts and visibility.")
        for action in ("publish", "unpublish"):
            p = sub.add_parser(action, help=f"{action.capitalize()} a collection.")
            p.add_argument("name")
            p.add_argument("--title", default=None)
        sub.choices["publish"].add_argument(
            "--photos", action="store_true", help="Also show its photos of people (thumbnails) to visitors."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "list":
            for c in Collection.objects.annotate(n=Count("items")).order_by("name"):
                self.stdout.write(f"{c.name}\t{c.n} items\t{'public' if c.is_public else 'restricted'}")
            return
        try:
            collection = collection_named(options["name"], create=False)
        except IngestError as error:
            raise CommandError(str(error)) from None
        collection.is_public = options["action"] == "publish"
        collection.photos_public = collection.is_public and options.get("photos", False)
        if options["title"] is not None:
            collection.title = options["title"]
        collection.save()
        custody.append(
            options["action"], actor=default_actor(), subject=collection.name,
            detail={"title": collection.title, "photos_public": collection.photos_public},
        )
        photos = " (with its photos)" if collection.photos_public else ""
        self.stdout.write(f"{collection.name} is now {'public' if collection.is_public else 'restricted'}{photos}")
