"""adalet bundle create | verify | extract | disclose: verifiable publication bundles of published collections."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from adalet.archive import custody, reading
from adalet.archive.ingest import default_actor
from adalet.archive.models import Item
from adalet.bundles import verifier
from adalet.bundles.build import BundleError, check_timestamps, create
from adalet.bundles.extract import extract, folder_reader
from adalet.bundles.published import NotPublished, PersonalDataLeft
from adalet.bundles.salts import disclosed_salt
from adalet.console import progress_bar
from adalet.lib.keys import SecretError
from adalet.lib.timestamps import TimestampError


class Command(BaseCommand):
    help = "Publication bundles: create one of a published collection, verify one, extract one record, disclose a salt."

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        made = sub.add_parser("create", help="Write the bundle of a published collection to a new folder.")
        made.add_argument("collection")
        made.add_argument("--out", required=True, type=Path)
        made.add_argument("--previous", type=Path, help="an older bundle of it: prove the new one only appended")
        made.add_argument("--json", action="store_true")
        check = sub.add_parser("verify", help="Check a bundle or extract: exit 0 when intact, 1 naming the file.")
        check.add_argument("bundle", type=Path)
        check.add_argument("--previous", type=Path)
        check.add_argument("--key", help="the signing key as held from elsewhere (name+keyid+base64)")
        check.add_argument("--tsa-ca", type=Path, help="the timestamp authorities' certificates (PEM) to check with")
        one = sub.add_parser("extract", help="One record with its inclusion proof and the signed checkpoint.")
        one.add_argument("bundle", type=Path)
        one.add_argument("record_id", help="the record's id in the bundle (item:row or item:sheet:row)")
        one.add_argument("--out", required=True, type=Path)
        salt = sub.add_parser("disclose", help="The salt of an item's commitment (the disclosure goes on the log).")
        salt.add_argument("collection")
        salt.add_argument("item_id", type=int)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            getattr(self, options["action"])(options)
        except (BundleError, NotPublished, PersonalDataLeft, SecretError, reading.ArchiveReadError,
                FileExistsError, TimestampError) as error:
            raise CommandError(str(error)) from None

    def create(self, options: dict[str, Any]) -> None:
        with progress_bar("records and files", sys.stderr, quiet=options["json"] or options["verbosity"] == 0) as tick:
            built = create(options["collection"], options["out"], options.get("previous"), progress=tick)
        detail = {"size": built.size, "root": built.root.hex(), "key": built.key, "records": built.records,
                  "files": built.files, "commitments": built.commitments, "extends": built.extends}
        custody.append("bundle", actor=default_actor(), subject=options["collection"], detail=detail)
        if options["json"]:
            self.stdout.write(json.dumps({"out": str(built.out), "origin": built.origin, **detail}))
            return
        extends = f"; extends the previous bundle's {built.extends} leaves" if built.extends is not None else ""
        self.stdout.write(f"{built.out}: {built.records} records, {built.files} files, {built.commitments} commitments; "
                          f"{built.size} leaves, root {built.root.hex()}{extends}\nsigning key: {built.key}")

    def verify(self, options: dict[str, Any]) -> None:
        previous = str(options["previous"]) if options.get("previous") else None
        try:
            self.stdout.write(verifier.verify(str(options["bundle"]), previous, options.get("key")))
            for line in check_timestamps(options["bundle"], options.get("tsa_ca")):
                self.stdout.write(line)
        except verifier.Failure as failure:
            self.stderr.write(f"FAILED: {failure}")
            sys.exit(1)
        except Exception as error:  # anything unforeseen is a failure, never a pass
            self.stderr.write(f"FAILED: {type(error).__name__}: {error}")
            sys.exit(1)

    def extract(self, options: dict[str, Any]) -> None:
        try:
            verifier.verify(str(options["bundle"]))
        except verifier.Failure as failure:
            raise CommandError(f"the bundle does not verify: {failure}") from None
        leaf = extract(folder_reader(options["bundle"]), options["record_id"], options["out"])
        self.stdout.write(f"{options['out']}: record {options['record_id']}, leaf {leaf}; "
                          f"check it with: python {options['out']}/verify.py {options['out']}")

    def disclose(self, options: dict[str, Any]) -> None:
        collection = reading.collection(options["collection"])
        item = Item.objects.filter(pk=options["item_id"], collection=collection).first()
        salt = disclosed_salt(collection.pk, options["item_id"]) if item else None
        if item is None or salt is None or not item.sha256:
            raise CommandError(f"no bundle of {collection.name} committed to item {options['item_id']}")
        custody.append("bundle-disclose", actor=default_actor(), subject=collection.name,
                       detail={"item": item.pk, "commitment": verifier.commitment(salt, item.sha256)})
        self.stdout.write(json.dumps({"item": item.pk, "sha256": item.sha256, "salt": salt.hex(),
                                      "commitment": verifier.commitment(salt, item.sha256)}))
