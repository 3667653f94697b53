"""Checkpoints of the custody log: anchors outside the host (issue 18, item 3).

The log is read as a Merkle tree (lib/merkle.py, RFC 6962/9162): one leaf per custody record, in seq
order, whose entry is the record's canonical body (the UTF-8 bytes of `CustodyRecord.body`, the exact
text the hash chain covers). The body rather than the chain digest: a leaf then stands on its own, so
one record and its inclusion proof can be checked without the records before it (a publication
bundle's extract), while the root still fixes every record, its content and its place; `previous` and
`digest` add nothing the tree lacks.

`make_checkpoint` signs the tree's size and root as a C2SP checkpoint (lib/notes.py) with the
installation's Ed25519 key, has the configured timestamp authorities sign its text (lib/timestamps.py),
stores it (models.Checkpoint), logs it as a custody record of its own (so a stored checkpoint deleted
is missed) and writes the note to a file to keep elsewhere; a partner may co-sign it (`cosign`). Whoever
holds that file asks `verify_against`: its signatures hold, the log's first `size` records still have
its root, and a consistency proof (RFC 9162 2.1.4) from it to today's log verifies, so the log only
grew since. Someone with the host who forges a record and re-hashes the chain and the witness file
cannot make the old root come out again. `verify_stored` checks every stored checkpoint the same way
(and its timestamps) on each `adalet audit verify`.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from django.db import transaction

from adalet.archive import custody
from adalet.archive.models import Checkpoint, CustodyRecord
from adalet.home import home
from adalet.lib import merkle, notes, timestamps

ORIGIN_VARIABLE = "ADALET_LOG_ORIGIN"
ACTION = "checkpoint"
CHUNK = 5000

Progress = Callable[[int, int], None]


class CheckpointError(RuntimeError):
    """A checkpoint that cannot be made or co-signed (a one-line reason)."""


def leaf_entry(body: str) -> bytes:
    """What a custody record contributes to the tree: its canonical body, as hashed in the chain."""
    return body.encode("utf-8")


def log_tree(*, check_chain: bool = False, progress: Progress | None = None) -> merkle.Tree:
    """The Merkle tree of the whole log, one leaf per record in seq order.

    With `check_chain`, a chain that does not hold (a record missing, altered or not linked) is a
    CheckpointError: a checkpoint must not vouch for a log `adalet audit verify` would call broken."""
    total = CustodyRecord.objects.count() if progress else 0
    leaves: list[bytes] = []
    previous = custody.GENESIS
    rows = CustodyRecord.objects.order_by("seq").values_list("seq", "previous", "body", "digest")
    for expected, (seq, linked_to, body, digest) in enumerate(rows.iterator(chunk_size=CHUNK), 1):
        if check_chain and (seq != expected or linked_to != previous or custody.chain_digest(linked_to, body) != digest):
            raise CheckpointError(
                f"the custody log's chain does not hold at record #{min(seq, expected)}: run `adalet audit verify`; "
                "no checkpoint is signed over a broken log"
            )
        leaves.append(merkle.leaf_hash(leaf_entry(body)))
        previous = digest
        if progress and (expected % CHUNK == 0 or expected == total):
            progress(expected, total)
    return merkle.Tree(leaves)


def log_origin(signer: notes.Signer) -> str:
    """The checkpoint's first line, naming this log: ADALET_LOG_ORIGIN, else one derived from the key's name."""
    origin = os.environ.get(ORIGIN_VARIABLE, "").strip() or f"{signer.name}/custody-log"
    if "\n" in origin or not origin.isprintable():
        raise CheckpointError(f"{ORIGIN_VARIABLE} must be one printable line")
    return origin


@dataclass
class Made:
    """A checkpoint just made: its row, the signed note, where the note was written, and the authorities that failed."""

    row: Checkpoint
    note: str
    path: Path
    verifier_key: str
    stamps: list[timestamps.Stamp]
    failures: list[timestamps.AuthorityError]


def default_path(size: int, at: datetime) -> Path:
    return home() / "checkpoints" / f"checkpoint-{size}-{at.strftime('%Y%m%dT%H%M%SZ')}.txt"


def make_checkpoint(
    out: Path | None = None, *, actor: str = "", progress: Progress | None = None, authorities: list[str] | None = None
) -> Made:
    """Sign, timestamp, store and log a checkpoint of the log as it is now, and write the note to `out`
    (default $ADALET_HOME/checkpoints/). An authority that failed is in `failures`: the checkpoint is still kept."""
    signer = notes.installation_signer()
    authorities = timestamps.configured_authorities() if authorities is None else authorities
    if authorities:
        timestamps.trusted_certificates()  # a TSA configured without certificates to check it: an error before any work
    tree = log_tree(check_chain=True, progress=progress)
    checkpoint = notes.Checkpoint(log_origin(signer), tree.size, tree.root())
    text = checkpoint.text()
    note = notes.sign(text, signer)
    stamps, failures = timestamps.stamp(text.encode(), authorities)
    at = datetime.now(UTC)
    path = out or default_path(checkpoint.size, at)
    write_note(path, note, stamps)  # first: a checkpoint stored is one written out too
    with transaction.atomic():
        row = Checkpoint.objects.create(
            origin=checkpoint.origin,
            size=checkpoint.size,
            root=checkpoint.root.hex(),
            note=note,
            timestamps=[s.as_json() for s in stamps],
            created_at=at,
        )
        custody.append(
            ACTION,
            actor=actor or "adalet",
            subject=f"checkpoint of {checkpoint.size} records",
            detail={
                "checkpoint": row.pk,
                "origin": checkpoint.origin,
                "size": checkpoint.size,
                "root": row.root,
                "key": signer.verifier_key,
                "timestamps": [s.authority for s in stamps],
                "failed": [f.url for f in failures],
            },
        )
    return Made(row, note, path, signer.verifier_key, stamps, failures)


def write_note(path: Path, note: str, stamps: Iterable[timestamps.Stamp] = ()) -> None:
    """The note at `path`; each timestamp beside it as `path.N.tsr` (what `openssl ts -verify -in` reads)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(note, encoding="utf-8")
        for n, stamp in enumerate(stamps, 1):
            path.with_name(f"{path.name}.{n}.tsr").write_bytes(stamp.token)
    except OSError as error:
        raise CheckpointError(f"cannot write the checkpoint to {path}: {error.strerror or error}") from error


@dataclass
class Verdict:
    """What `verify_against` found: the checkpoint, who signed it, the log's size now, the consistency proof."""

    checkpoint: notes.Checkpoint | None = None
    signed_by: list[str] = field(default_factory=list)
    log_size: int = 0
    log_root: bytes = b""
    proof: list[bytes] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def read_verifier_key(value: str) -> notes.Verifier:
    """A verifier key given as "name+keyid+base64", or as a file holding one."""
    path = Path(value)
    try:
        text = path.read_text(encoding="utf-8") if "+" not in value and path.is_file() else value
    except OSError as error:
        raise CheckpointError(f"cannot read the verifier key {value}: {error}") from error
    try:
        return notes.Verifier.parse(text)
    except notes.NoteError as error:
        raise CheckpointError(str(error)) from error


def verify_against(note: str, verifier_keys: Iterable[str] = (), tree: merkle.Tree | None = None) -> Verdict:
    """Check a signed checkpoint against the log as it is now: every named key's signature (this installation's
    and each of `verifier_keys`) holds, and the log's first `size` records still have its root, proved with a
    consistency proof to the whole log (the log only grew since)."""
    own = notes.installation_signer()
    required = _unique([own.verifier, *(read_verifier_key(k) for k in verifier_keys)])
    verdict = Verdict()
    try:
        text, verdict.signed_by = notes.open_note(note, required)
        verdict.checkpoint = checkpoint = notes.Checkpoint.parse(text)
    except notes.NoteError as error:
        verdict.problems.append(f"bad signature: {error}")
        return verdict
    for verifier in required:
        if verifier.name not in verdict.signed_by:
            verdict.problems.append(f"bad signature: the checkpoint is not signed by {verifier.name}")
    if checkpoint.origin != log_origin(own):
        verdict.problems.append(f"the checkpoint is of another log ({checkpoint.origin!r}; this one is {log_origin(own)!r})")
    tree = tree or log_tree()
    verdict.log_size, verdict.log_root = tree.size, tree.root()
    verdict.problems += _against_tree(checkpoint, tree, verdict)
    return verdict


def _against_tree(checkpoint: notes.Checkpoint, tree: merkle.Tree, verdict: Verdict | None = None) -> list[str]:
    size = checkpoint.size
    if tree.size < size:
        return [f"log shortened since: the checkpoint covers {size} records, the log now holds {tree.size}"]
    if tree.root(size) != checkpoint.root:
        return [
            f"root mismatch: the log's first {size} records no longer have the checkpoint's root "
            f"(log rewritten since; now {tree.root(size).hex()[:16]}…, signed {checkpoint.root.hex()[:16]}…)"
        ]
    proof = tree.consistency_proof(size) if size else []
    if size and not merkle.verify_consistency(size, tree.size, checkpoint.root, tree.root(), proof):
        return [f"the log of {tree.size} records is not consistent with the checkpoint of {size}"]
    if verdict is not None:
        verdict.proof = proof
    return []


def _unique(verifiers: Iterable[notes.Verifier]) -> list[notes.Verifier]:
    seen: dict[tuple[str, bytes], notes.Verifier] = {}
    for verifier in verifiers:
        seen.setdefault((verifier.name, verifier.public), verifier)
    return list(seen.values())


def cosign(note: str, partner: notes.Signer, previous: str | None = None, tree: merkle.Tree | None = None) -> str:
    """The note with `partner`'s signature added, once checked: this installation signed it, it matches the log, and
    (with the partner's `previous` checkpoint) a consistency proof shows the log only grew between the two."""
    own = notes.installation_signer().verifier
    checkpoint = _signed_checkpoint(note, [own, partner.verifier], own.name, "the note")
    if partner.name in notes.open_note(note, [partner.verifier])[1]:
        raise CheckpointError(f"the note is already co-signed by {partner.name}")
    tree = tree or log_tree()
    problems = _against_tree(checkpoint, tree)
    if previous is not None:
        earlier = _signed_checkpoint(previous, [own, partner.verifier], own.name, "the previous checkpoint")
        if earlier.origin != checkpoint.origin:
            problems.append(f"the previous checkpoint is of another log ({earlier.origin!r})")
        elif earlier.size > checkpoint.size:
            problems.append(f"log shortened: the previous checkpoint covers {earlier.size} records, this one {checkpoint.size}")
        elif earlier.size:
            proof = tree.consistency_proof(earlier.size, checkpoint.size) if checkpoint.size <= tree.size else []
            if not merkle.verify_consistency(earlier.size, checkpoint.size, earlier.root, checkpoint.root, proof):
                problems.append(f"log rewritten: no consistency proof from the previous checkpoint ({earlier.size} records)")
    if problems:
        raise CheckpointError("not co-signed: " + "; ".join(problems))
    return notes.add_signature(note, partner)


def _signed_checkpoint(note: str, verifiers: list[notes.Verifier], required: str, what: str) -> notes.Checkpoint:
    try:
        text, names = notes.open_note(note, verifiers)
        if required not in names:
            raise notes.NoteError(f"{what} is not signed by this installation's key ({required})")
        return notes.Checkpoint.parse(text)
    except notes.NoteError as error:
        raise CheckpointError(f"bad signature: {error}") from error


def any_stored() -> bool:
    """Whether there is a checkpoint to check: one stored, or one the log says was made."""
    return Checkpoint.objects.exists() or CustodyRecord.objects.filter(action=ACTION).exists()


def verify_stored(tree: merkle.Tree | None = None) -> list[str]:
    """Every stored checkpoint checked: on the log as made, signed by this installation, consistent with the log
    now, its timestamps valid; and every checkpoint the log names still stored. One line per problem."""
    logged = {
        record.seq: json.loads(record.body).get("detail", {})
        for record in CustodyRecord.objects.filter(action=ACTION).order_by("seq").only("seq", "body")
    }
    rows = list(Checkpoint.objects.order_by("size", "id"))
    if not rows and not logged:
        return []
    own = notes.installation_signer().verifier
    tree = tree or log_tree()
    problems: list[str] = []
    by_id = {row.pk: row for row in rows}
    on_log: set[int] = set()
    for seq, detail in logged.items():
        row = by_id.get(detail.get("checkpoint"))
        if row is None:
            problems.append(f"checkpoint of {detail.get('size')} records logged by custody record #{seq} is missing")
            continue
        on_log.add(row.pk)
        if (row.size, row.root, _authorities(row.timestamps)) != (
            detail.get("size"),
            detail.get("root"),
            detail.get("timestamps"),
        ):
            problems.append(f"checkpoint #{row.pk} differs from what custody record #{seq} logged")
    for row in rows:
        if row.pk not in on_log:
            problems.append(f"checkpoint #{row.pk} ({row.size} records) is not on the custody log")
        problems += [f"checkpoint #{row.pk} ({row.size} records): {p}" for p in _check_row(row, own, tree)]
    return problems


def _authorities(stored: object) -> list[object] | None:
    if not isinstance(stored, list) or not all(isinstance(entry, dict) for entry in stored):
        return None
    return [entry.get("authority") for entry in stored]


def _check_row(row: Checkpoint, own: notes.Verifier, tree: merkle.Tree) -> list[str]:
    try:
        checkpoint = _signed_checkpoint(row.note, [own], own.name, "its note")
    except CheckpointError as error:
        return [str(error)]
    if (checkpoint.size, checkpoint.root.hex(), checkpoint.origin) != (row.size, row.root, row.origin):
        return ["its columns differ from its signed note"]
    problems = _against_tree(checkpoint, tree)
    if row.timestamps:
        if _authorities(row.timestamps) is None:
            return [*problems, "its stored timestamps are malformed"]
        problems += _check_stamps(row.timestamps, checkpoint.text().encode())
    return problems


def _check_stamps(stored: list[dict[str, str]], data: bytes) -> list[str]:
    try:
        roots = timestamps.trusted_certificates()
    except timestamps.TimestampError as error:
        return [f"its timestamps cannot be checked: {error}"]
    problems = []
    for entry in stored:
        try:
            stamp = timestamps.Stamp.from_json(entry)
            timestamps.verify(stamp.token, data, roots)
        except timestamps.TimestampError as error:
            problems.append(f"the timestamp of {entry.get('authority', '?')}: {error}")
    return problems
