"""adalet audit: check the chain of custody, and anchor it outside the host with signed checkpoints.

`verify` re-hashes every original, checks the custody chain and every stored checkpoint (exit 1 on any break);
`--against FILE` also checks a checkpoint kept elsewhere (signatures, root, the log only grew since).
`checkpoint` signs, timestamps and stores one; `key` prints this installation's verifier key for partners;
`cosign` adds a partner's signature once the note and the log's consistency are checked (archive/checkpoints.py).
"""

from __future__ import annotations

import base64
import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from rich.console import Console
from rich.progress import Progress

from adalet.archive import bindings, checkpoints
from adalet.archive.audit import verify_archive
from adalet.archive.ingest import default_actor
from adalet.archive.models import CustodyRecord, Item
from adalet.lib import merkle, notes, timestamps
from adalet.lib.keys import SecretError

ADOPT = "adopt"  # the subject of bindings.adopt's records


class Command(BaseCommand):
    help = "Check the chain of custody (`adalet audit verify`) and anchor it (`checkpoint`, `key`, `cosign`)."

    def add_arguments(self, parser: Any) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser("verify", help="Re-hash every stored original and check the custody log.")
        verify.add_argument("--json", action="store_true")
        verify.add_argument("--against", metavar="CHECKPOINT", help="a signed checkpoint kept elsewhere: the log only grew since")
        verify.add_argument(
            "--key", action="append", default=[], metavar="VERIFIER_KEY", help="a key that must have signed it (or a file)"
        )
        checkpoint = sub.add_parser("checkpoint", help="Sign, timestamp and store a checkpoint of the custody log.")
        checkpoint.add_argument("--out", type=Path, help="write the signed note here too")
        sub.add_parser("key", help="This installation's verifier key, for partners.")
        cosign = sub.add_parser("cosign", help="Add a partner's signature to a checkpoint, once checked.")
        cosign.add_argument("note", type=Path, metavar="NOTE")
        cosign.add_argument("--key", type=Path, required=True, help="the partner's Ed25519 private key (PEM)")
        cosign.add_argument("--name", help="the partner's key name (default: from the key)")
        cosign.add_argument("--previous", type=Path, help="the partner's earlier checkpoint of this log")
        cosign.add_argument("--out", type=Path, required=True)
        sub.add_parser(
            "adopt",
            help="Once, after upgrading an installation from before bindings: bind the rows its log never bound.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        self.console = Console(stderr=True, quiet=options.get("json") or options["verbosity"] == 0)
        try:
            getattr(self, f"_{options['action']}")(options)
        except (checkpoints.CheckpointError, notes.NoteError, SecretError, timestamps.TimestampError) as error:
            raise CommandError(str(error)) from error

    def _verify(self, options: dict[str, Any]) -> None:
        with Progress(console=self.console, transient=True) as bars:
            task = bars.add_task("re-hashing blobs", total=None)
            problems = verify_archive(progress=lambda n, total: bars.update(task, completed=n, total=total))
            tree: merkle.Tree | None = None
            if options.get("against") or checkpoints.any_stored():
                tree_task = bars.add_task("reading the custody log as a Merkle tree", total=None)
                tree = checkpoints.log_tree(progress=lambda n, total: bars.update(tree_task, completed=n, total=total))
        if tree is not None:
            problems += checkpoints.verify_stored(tree)
        against = self._against(options, tree) if options.get("against") else None
        if against is not None:
            problems += [f"checkpoint {options['against']}: {p}" for p in against.problems]
        records = CustodyRecord.objects.count()
        items = Item.objects.count()
        if options.get("json"):
            result: dict[str, Any] = {"ok": not problems, "records": records, "items": items, "problems": problems}
            if against is not None:
                result["against"] = _verdict_json(against)
            self.stdout.write(json.dumps(result))
        elif problems:
            for problem in problems:
                self.stderr.write(f"BROKEN: {problem}")
            self.stderr.write(f"{len(problems)} problem(s) in {records} custody records and {items} items")
        else:
            self.stdout.write(f"ok: {records} custody records chained, {items} items match their logged hashes")
            if against is not None and against.checkpoint is not None:
                self.stdout.write(
                    f"ok: the checkpoint of {against.checkpoint.size} records (signed by {', '.join(against.signed_by)}) "
                    f"is consistent with the log of {against.log_size}: it only grew since"
                )
        if problems:
            sys.exit(1)

    def _against(self, options: dict[str, Any], tree: merkle.Tree | None) -> checkpoints.Verdict:
        path = Path(options["against"])
        try:
            note = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"cannot read the checkpoint {path}: {error}") from error
        return checkpoints.verify_against(note, options["key"], tree)

    def _checkpoint(self, options: dict[str, Any]) -> None:
        with Progress(console=self.console, transient=True) as bars:
            task = bars.add_task("reading the custody log", total=None)
            made = checkpoints.make_checkpoint(
                options.get("out"),
                actor=default_actor(),
                progress=lambda n, total: bars.update(task, completed=n, total=total),
            )
        self.stdout.write(made.note, ending="")
        self.stdout.write(f"\nverifier key: {made.verifier_key}")
        self.stdout.write(f"written to {made.path}")
        for stamp in made.stamps:
            self.stdout.write(f"timestamped by {stamp.authority} at {stamp.time.isoformat()}")
        if made.failures:
            failed = "; ".join(str(f) for f in made.failures)
            raise CommandError(f"{failed} (the checkpoint is signed and stored without its timestamp)")

    def _adopt(self, options: dict[str, Any]) -> None:
        """Bind the rows written before this installation bound its facts on the log, once: run it right after the
        upgrade (`audit verify` before it lists them). A second adoption is refused, since an unbound row is then a
        write that bypassed the application, which adopting would hide."""
        done = CustodyRecord.objects.filter(action=bindings.ACTION, subject=ADOPT).values_list("seq", flat=True).first()
        if done is not None:
            raise CommandError(
                f"the rows written before bindings were adopted in custody record #{done}; an unbound row now is a "
                "write that bypassed the application, and `audit verify` names it"
            )
        count = bindings.adopt(default_actor())
        self.stdout.write(f"adopted: {count} rows written before bindings are bound on the custody log (subject '{ADOPT}')")

    def _key(self, options: dict[str, Any]) -> None:
        self.stdout.write(notes.installation_signer().verifier_key)

    def _cosign(self, options: dict[str, Any]) -> None:
        partner = notes.load_signer(options["key"], options.get("name"))
        note = _read(options["note"])
        previous = _read(options["previous"]) if options.get("previous") else None
        with Progress(console=self.console, transient=True) as bars:
            task = bars.add_task("reading the custody log", total=None)
            tree = checkpoints.log_tree(progress=lambda n, total: bars.update(task, completed=n, total=total))
        signed = checkpoints.cosign(note, partner, previous, tree)
        checkpoints.write_note(options["out"], signed)
        self.stdout.write(f"co-signed by {partner.name}: {options['out']}")
        self.stdout.write(f"verifier key: {partner.verifier_key}")


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise CommandError(f"cannot read {path}: {error}") from error


def _verdict_json(verdict: checkpoints.Verdict) -> dict[str, Any]:
    checkpoint = verdict.checkpoint
    return {
        "ok": verdict.ok,
        "size": checkpoint.size if checkpoint else None,
        "signed_by": verdict.signed_by,
        "log_size": verdict.log_size,
        "log_root": base64.b64encode(verdict.log_root).decode(),
        "consistency_proof": [base64.b64encode(h).decode() for h in verdict.proof],
        "problems": verdict.problems,
    }
