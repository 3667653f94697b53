"""adalet collection list | pending NAME | publish NAME | unpublish NAME | lift-removal NAME ITEM --reason TEXT: a
collection's visibility on the public site.

Publication is a decision: what arrives in a published collection after it was published (an upload, a later
ingest) is withheld from visitors until `publish` is run again (which publishes it all, after `pending` has shown
what it holds, except what was withheld on a family's request: custody.withheld_on_request), unless the collection was published with `--new-items` (new items public as they come).

`lift-removal` gives back a file withheld at a family's request (the family withdrew it, or staff decided it stands):
the item is shown again as its collection shows its items, and a ``lift-removal`` custody record names it with the
SHA-256 of the reason given (never the reason, which may name the family), so a later `publish` treats it as any item.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Count

from adalet.archive import bindings, custody, reading
from adalet.archive.custody import withheld_on_request
from adalet.archive.ingest import IngestError, collection_named, default_actor
from adalet.archive.models import Collection, Item
from adalet.lib import personal


class Command(BaseCommand):
    help = "List collections, show what waits for publication, or publish one deliberately (personal data stays masked)."

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("list", help="Collections with their item counts and visibility.")
        sub.add_parser("pending", help="Items withheld from visitors until published, with what they hold.").add_argument("name")
        for action in ("publish", "unpublish"):
            p = sub.add_parser(action, help=f"{action.capitalize()} a collection.")
            p.add_argument("name")
            p.add_argument("--title", default=None)
        lift = sub.add_parser("lift-removal", help="Give back a file withheld at a family's request, on the custody log.")
        lift.add_argument("name")
        lift.add_argument("item", type=int, help="The item's id (as `pending` lists it).")
        lift.add_argument("--reason", required=True, help="Why (its SHA-256 goes on the custody log, not the text).")
        sub.choices["publish"].add_argument(
            "--photos", action="store_true", help="Also show its photos of people (thumbnails) to visitors."
        )
        sub.choices["publish"].add_argument(
            "--new-items", action="store_true", help="Publish what arrives later as it comes (else it waits, withheld)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "list":
            for c in Collection.objects.annotate(n=Count("items")).order_by("name"):
                waiting = c.items.filter(withheld=True).count()
                pending = f"\t{waiting} withheld until published" if waiting else ""
                self.stdout.write(f"{c.name}\t{c.n} items\t{'public' if c.is_public else 'restricted'}{pending}")
            return
        try:
            collection = collection_named(options["name"], create=False)
        except IngestError as error:
            raise CommandError(str(error)) from None
        if options["action"] == "pending":
            self._pending(collection)
            return
        if options["action"] == "lift-removal":
            self._lift_removal(collection, options["item"], options["reason"])
            return
        publish = options["action"] == "publish"
        with transaction.atomic(), bindings.operation(default_actor(), collection.name) as bound:
            collection.is_public = publish
            collection.photos_public = publish and options.get("photos", False)
            collection.publish_new_items = publish and options.get("new_items", False)
            if options["title"] is not None:
                collection.title = options["title"]
            collection.save()
            kept = withheld_on_request(collection.pk) if publish else set()
            to_release = Item.objects.filter(collection=collection, withheld=True).exclude(pk__in=kept)
            releasing = list(to_release.values_list("pk", flat=True)) if publish else []
            released = Item.objects.filter(pk__in=releasing).update(withheld=False) if publish else 0
            bound.bind_pks(Item, releasing)
            custody.append(
                options["action"], actor=default_actor(), subject=collection.name,
                detail={"title": collection.title, "photos_public": collection.photos_public,
                        "publish_new_items": collection.publish_new_items, "items_released": released,
                        **({"items_kept_withheld": sorted(kept)} if kept else {})},
            )
        photos = " (with its photos)" if collection.photos_public else ""
        also = f"; {released} withheld item(s) published" if released else ""
        if kept:
            also += f"; {len(kept)} withheld at a family's request stay withheld"
        self.stdout.write(f"{collection.name} is now {'public' if collection.is_public else 'restricted'}{photos}{also}")

    def _lift_removal(self, collection: Collection, item_id: int, reason: str) -> None:
        """The item withheld at a family's request shown again, bound and on the custody log; refused otherwise."""
        if not reason.strip():
            raise CommandError("say why the removal is lifted: --reason TEXT (only its SHA-256 is logged)")
        with transaction.atomic(), bindings.operation(default_actor(), collection.name) as bound:
            item = Item.objects.select_for_update().filter(pk=item_id, collection=collection).first()
            if item is None:
                raise CommandError(f"no item {item_id} in the collection {collection.name}")
            if not item.withheld or item.pk not in withheld_on_request(collection.pk):
                raise CommandError(f"item {item_id} is not withheld at a family's request: nothing to lift")
            Item.objects.filter(pk=item.pk).update(withheld=False)
            bound.bind_pks(Item, [item.pk])
            custody.append(
                "lift-removal", actor=default_actor(), subject=item.locator[:500],
                detail={"item": item.pk, "locator": item.locator, "sha256": item.sha256, "collection": collection.pk,
                        "reason_sha256": hashlib.sha256(reason.strip().encode()).hexdigest()},
            )
        shown = "public again" if collection.is_public else "shown again to whom the collection is open"
        self.stdout.write(f"item {item.pk} ({item.locator}) is {shown}; the lift is on the custody log")

    def _pending(self, collection: Collection) -> None:
        """Each withheld item with what a visitor would be shown masked: the privacy scan a decision rests on."""
        items = Item.objects.filter(collection=collection, withheld=True).order_by("pk")
        for item in items.iterator():
            text = reading.item_text(item.pk) or ""
            numbers = personal.find(text) + personal.find(item.name)
            addresses = personal.find_addresses(text)
            self.stdout.write(f"{item.pk}\t{item.locator}\t{item.status}\t{len(numbers)} personal number(s), "
                              f"{len(addresses)} address(es) (masked for visitors)")
        self.stdout.write(f"{items.count()} item(s) withheld; `adalet collection publish {collection.name}` publishes them")
