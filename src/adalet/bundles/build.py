"""`adalet bundle create`: a published collection as a verifiable BagIt bag.

Leaves, in an append-only order: every record (published.records), every file a visitor may have
(published.public_form) and a salted-hash commitment for every stored item (salts.py), each one JSON line carrying
its leaf number. With a previous bundle, its leaves come first in its order, each unchanged byte for byte, and the
new ones after (records, files, commitments, each by id): the new tree extends the old one, and
merkle/consistency.json proves it (RFC 9162). A previous leaf that is gone or changed (a record withdrawn, a record
re-mapped) is an error: such a bundle does not extend the old one, and is made without --previous.
"""

from __future__ import annotations

import base64
import json
import os
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

from adalet import __version__
from adalet.archive import custody
from adalet.archive.models import Collection, CustodyRecord
from adalet.bundles import published, verifier
from adalet.bundles.bag import BagWriter
from adalet.bundles.readme import bundle_readme
from adalet.bundles.salts import salts_for
from adalet.lib import merkle, notes, timestamps

RANK = {"record": 0, "file": 1, "commitment": 2}
LEAF_FILE = {"record": "data/records.jsonl", "file": "data/files.jsonl", "commitment": "data/commitments.jsonl"}
Key = tuple[str, str]
Progress = Callable[[int, int], None]


class BundleError(Exception):
    """A bundle that cannot be made as asked (one line)."""


@dataclass(frozen=True)
class Built:
    out: Path
    origin: str
    size: int
    root: bytes
    key: str
    records: int
    files: int
    commitments: int
    extends: int | None  # the previous bundle's size, when it extends one


def line(entry: dict[str, Any], leaf: int) -> bytes:
    """A leaf as written: canonical JSON with its leaf number, UTF-8."""
    return json.dumps({**entry, "leaf": leaf}, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def key_of(entry: dict[str, Any]) -> Key:
    return entry["type"], str(entry["id"] if entry["type"] == "record" else entry["item"])


def origin_of(signer: notes.Signer, collection: Collection) -> str:
    return f"{signer.name}/bundles/{'-'.join(collection.name.split())}"


def previous_leaves(previous: Path) -> list[tuple[Key, bytes]]:
    """The leaves of a previous bundle, in order, once it verifies."""
    try:
        verifier.verify(str(previous))
    except verifier.Failure as failure:
        raise BundleError(f"the previous bundle does not verify: {failure}") from None
    found: dict[int, tuple[Key, bytes]] = {}
    for path in verifier.LEAF_FILES:
        for index, raw, entry in verifier.leaf_lines(str(previous), path):
            found[index] = (key_of(entry), raw)
    return [found[i] for i in range(len(found))]


def ordered(
    entries: dict[Key, dict[str, Any]], sort: dict[Key, tuple[Any, ...]], before: list[tuple[Key, bytes]]
) -> list[tuple[Key, bytes]]:
    """The leaves: the previous bundle's, unchanged, then the new ones by kind and id."""
    leaves: list[tuple[Key, bytes]] = []
    for index, (key, raw) in enumerate(before):
        if key not in entries:
            raise BundleError(f"{key[0]} {key[1]} of the previous bundle is no longer published: the new bundle cannot "
                              "extend it (make it without --previous)")
        if line(entries[key], index) != raw:
            raise BundleError(f"{key[0]} {key[1]} changed since the previous bundle: the new bundle cannot extend it "
                              "(make it without --previous)")
        leaves.append((key, raw))
    known = {key for key, _ in before}
    for key in sorted(set(entries) - known, key=lambda k: (RANK[k[0]], sort[k])):
        leaves.append((key, line(entries[key], len(leaves))))
    return leaves


def create(name: str, out: Path, previous: Path | None = None, progress: Progress | None = None) -> Built:
    """Write the bundle of the published collection ``name`` to the new folder ``out``; nothing is left there when
    it fails half-way (a bundle is whole or absent)."""
    collection = published.public_collection(name)
    signer = notes.installation_signer()
    before = previous_leaves(previous) if previous is not None else []
    bag = BagWriter(out)
    try:
        return _write(bag, collection, signer, before, progress or (lambda done, total: None))
    except BaseException:
        shutil.rmtree(out, ignore_errors=True)  # BagWriter made it, or found it empty
        raise


def _write(bag: BagWriter, collection: Collection, signer: notes.Signer, before: list[tuple[Key, bytes]],
           tick: Progress) -> Built:
    entries: dict[Key, dict[str, Any]] = {}
    sort: dict[Key, tuple[Any, ...]] = {}
    records, items = published.count_records(collection), collection.items.count()
    for done, (where, record) in enumerate(published.records(collection), 1):
        entries[key_of(record)], sort[key_of(record)] = record, where
        if done % 1000 == 0:
            tick(done, records + items)
    committed: dict[int, str] = {}
    public_items: dict[int, str] = {}
    for done, (item, shown) in enumerate(published.files(collection), records + 1):
        if item.sha256:
            committed[item.pk] = item.sha256
        if shown is not None:
            digest = bag.add(shown.path, shown.data)
            public_items[item.pk] = item.sha256
            sort[("file", str(item.pk))] = (item.pk,)
            entries[("file", str(item.pk))] = {
                "type": "file", "item": item.pk, "name": shown.name, "media_type": shown.media_type, "form": shown.form,
                "path": shown.path, "sha256": digest, "size": len(shown.data), "derivation": shown.derivation,
            }
        tick(done, records + items)
    for item_id, salt in salts_for(collection.pk, committed).items():
        sort[("commitment", str(item_id))] = (item_id,)
        entries[("commitment", str(item_id))] = {
            "type": "commitment", "item": item_id, "commitment": verifier.commitment(salt, committed[item_id]),
        }
    leaves = ordered(entries, sort, before)
    for kind, path in LEAF_FILE.items():
        bag.add(path, b"".join(raw + b"\n" for key, raw in leaves if key[0] == kind))
    tree = merkle.Tree(merkle.leaf_hash(raw) for _, raw in leaves)
    custody_digest = bag.add_text("custody/extract.jsonl", custody_extract(collection, public_items))
    checkpoint = notes.Checkpoint(origin_of(signer, collection), tree.size, tree.root(),
                                  (f"custody/extract.jsonl sha256:{custody_digest}",))  # signed with the root
    note = notes.sign(checkpoint.text(), signer)
    bag.add_text("merkle/checkpoint.txt", note)
    stamps = add_timestamps(bag, note.encode())
    if before:
        bag.add_text("merkle/consistency.json", json.dumps({
            "old_size": len(before), "old_root": base64.b64encode(tree.root(len(before))).decode(),
            "new_size": tree.size, "proof": [h.hex() for h in tree.consistency_proof(len(before))],
        }, indent=1) + "\n")
    bag.add_text("verify/verify.py", verifier_source())
    key = signer.verifier_key
    bag.add_text("README.md", bundle_readme(collection.name, key, tree.size, tree.root().hex(), checkpoint.origin))
    counts = {kind: sum(1 for key, _ in leaves if key[0] == kind) for kind in RANK}
    bag.finish({
        "Source-Organization": "Adalet",
        "Bagging-Date": datetime.now(UTC).date().isoformat(),
        "Bag-Software-Agent": f"adalet {__version__}",
        "External-Identifier": checkpoint.origin,
        "External-Description": f"What the collection {collection.name} publishes, with a Merkle tree, its signed "
                                "checkpoint and a standalone verifier (verify/verify.py).",
        "Adalet-Signing-Key": key,
        "Adalet-Tree-Size": str(tree.size),
        "Adalet-Tree-Root": tree.root().hex(),
        "Adalet-Records": str(counts["record"]),
        "Adalet-Files": str(counts["file"]),
        "Adalet-Commitments": str(counts["commitment"]),
        "Adalet-Timestamps": str(stamps),
    })
    return Built(bag.root, checkpoint.origin, tree.size, tree.root(), key, counts["record"], counts["file"],
                 counts["commitment"], len(before) if before else None)


def add_timestamps(bag: BagWriter, note: bytes) -> int:
    """RFC 3161 timestamps of the signed checkpoint from every authority of ADALET_TSA_URLS (lib/timestamps), each
    checked before it is kept, with the certificates they were checked against; how many. An authority that fails
    is an error: a bundle is not made without a timestamp it was configured to carry."""
    stamps, failures = timestamps.stamp(note)
    if failures:
        raise BundleError(str(failures[0]))
    listed = []
    for number, stamp in enumerate(stamps, 1):
        path = f"timestamps/{number}.tsr"
        bag.add(path, stamp.token)
        listed.append({"authority": stamp.authority, "time": stamp.time.isoformat(), "reply": path,
                       "data": "merkle/checkpoint.txt"})
    if stamps:
        bag.add("timestamps/tsa-certificates.pem", Path(os.environ[timestamps.CA_FILE_VARIABLE]).read_bytes())
        bag.add_text("timestamps/stamps.json", json.dumps(listed, indent=1) + "\n")
    return len(stamps)


def check_timestamps(bundle: Path, ca_file: Path | None = None) -> list[str]:
    """Each timestamp of a bundle verified (lib/timestamps.verify) against `ca_file`, else ADALET_TSA_CA_FILE, else
    the certificates the bundle carries (then compare them with the authority's own); one line per stamp.
    A stamp that does not verify is a verifier.Failure naming its file."""
    listing = bundle / "timestamps" / "stamps.json"
    if not listing.exists():
        return []
    carried = bundle / "timestamps" / "tsa-certificates.pem"
    named = ca_file or (Path(os.environ[timestamps.CA_FILE_VARIABLE]) if os.environ.get(timestamps.CA_FILE_VARIABLE)
                        else carried)
    roots = timestamps.trusted_certificates(named)
    data = (bundle / "merkle" / "checkpoint.txt").read_bytes()
    lines = []
    for stamp in json.loads(listing.read_text()):
        if not re.fullmatch(r"timestamps/\d+\.tsr", str(stamp.get("reply"))):  # a file of the bag, as written
            raise verifier.Failure("timestamps/stamps.json", f"names {str(stamp.get('reply'))[:80]!r}, not a reply "
                                   "of the bag (timestamps/N.tsr)")
        try:
            when = timestamps.verify((bundle / stamp["reply"]).read_bytes(), data, roots)
        except (timestamps.TimestampError, OSError, KeyError) as error:
            raise verifier.Failure(stamp.get("reply", "timestamps/stamps.json"), f"does not verify: {error}") from None
        lines.append(f"timestamp by {stamp['authority']}: {when.isoformat()} " + (
            f"(certificates: {named})" if named != carried else  # which whoever altered the bundle could swap
            "(checked against the bundle's own certificates only: compare them with the authority's, or give --tsa-ca)"))
    return lines


def custody_extract(collection: Collection, public_items: dict[int, str]) -> str:
    """The custody log's records about this collection: each record's place in the chain (seq, time, action) and the
    published items it names. Bodies stay on the server: they name files by their leaked paths (ID numbers), the
    staff who acted and the server's folders. Nor is any hash of a body here (its SHA-256, or its chain digest with
    the previous one): all of a body but its actor is known from the bundle and the record's time, so such a hash
    would confirm a guessed staff name. A body disclosed later is proven against a custody checkpoint (audit)."""
    by_sha = {sha: item_id for item_id, sha in public_items.items()}
    lines: list[str] = []
    records = CustodyRecord.objects.filter(subject=collection.name).order_by("seq")
    for record in records.iterator(chunk_size=2000):
        body = record.body
        detail = json.loads(body).get("detail") or {}
        items = detail.get("items")
        listed: list[Any] = items if isinstance(items, list) else []
        named = sorted({by_sha[entry[1]] for entry in listed
                        if isinstance(entry, list) and len(entry) > 1 and entry[1] in by_sha})
        if record.action in ("ingest", "extract") and not named:
            continue
        entry: dict[str, Any] = {"seq": record.seq, "at": record.at.isoformat(), "action": record.action, "items": named}
        lines.append(json.dumps(entry, ensure_ascii=False, sort_keys=True))
    head = custody.head()
    if head is not None:
        lines.append(json.dumps({"head": {"seq": head.seq, "digest": head.digest, "at": head.at.isoformat()}}))
    return "".join(item + "\n" for item in lines)


def verifier_source() -> str:
    return resources.files("adalet.bundles").joinpath("verifier.py").read_text(encoding="utf-8")
