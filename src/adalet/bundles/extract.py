"""`adalet bundle extract`: one record of a bundle with its inclusion proof and the signed checkpoint, as a small bag
of its own that verifies alone (`python X/verify.py X`): a family can take one relative's record to a UN body or an
asylum hearing and prove it is in the published set without publishing the rest.
"""

from __future__ import annotations

import json
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

from adalet import __version__
from adalet.bundles import verifier
from adalet.bundles.bag import BagWriter
from adalet.bundles.build import BundleError, verifier_source
from adalet.bundles.readme import extract_readme
from adalet.lib import merkle, notes

Reader = Callable[[str], bytes]


def folder_reader(root: Path) -> Reader:
    def read(path: str) -> bytes:
        return (root / path).read_bytes()

    return read


def zip_reader(archive: zipfile.ZipFile) -> Reader:
    return lambda path: archive.read(path)


def timestamp_files(read: Reader) -> list[str]:
    """The bundle's timestamp files (build.add_timestamps), [] when it carries none."""
    try:
        stamps = json.loads(read("timestamps/stamps.json"))
    except (KeyError, FileNotFoundError):
        return []
    replies = [str(stamp.get("reply")) if isinstance(stamp, dict) else "" for stamp in stamps]
    if not all(re.fullmatch(r"timestamps/\d+\.tsr", reply) for reply in replies):  # never a file outside the bag
        raise BundleError("the bundle's timestamps/stamps.json names a reply outside timestamps/")
    return ["timestamps/stamps.json", "timestamps/tsa-certificates.pem", *replies]


def extract(read: Reader, record_id: str, out: Path) -> int:
    """Write the extract of record ``record_id`` to ``out``; its leaf number. BundleError when the bundle has no such
    record or its leaves do not lead to its signed root."""
    hashes: dict[int, bytes] = {}
    found: tuple[int, bytes] | None = None
    for path in verifier.LEAF_FILES:
        for raw in read(path).split(b"\n")[:-1]:
            entry = json.loads(raw)
            hashes[entry["leaf"]] = merkle.leaf_hash(raw)
            if entry.get("type") == "record" and entry.get("id") == record_id:
                found = (entry["leaf"], raw)
    if found is None:
        raise BundleError(f"the bundle holds no record {record_id}")
    note = read("merkle/checkpoint.txt").decode()
    checkpoint = notes.Checkpoint.parse(note[: note.rfind("\n\n") + 1])
    tree = merkle.Tree(hashes[i] for i in range(len(hashes)))
    if tree.size != checkpoint.size or tree.root() != checkpoint.root:
        raise BundleError("the bundle's leaves do not lead to its signed root: verify it first")
    leaf, raw = found
    info = read("bag-info.txt").decode()
    key = re.search(r"^Adalet-Signing-Key: (\S+)$", info, re.MULTILINE)
    if key is None:
        raise BundleError("the bundle's bag-info.txt names no signing key")
    collection = checkpoint.origin.split("/bundles/", 1)[-1]
    bag = BagWriter(out)
    bag.add("data/record.jsonl", raw + b"\n")
    bag.add_text("merkle/checkpoint.txt", note)
    proof = {"leaf": leaf, "tree_size": tree.size, "proof": [h.hex() for h in tree.inclusion_proof(leaf)]}
    bag.add_text("merkle/inclusion.json", json.dumps(proof, indent=1) + "\n")
    bag.add_text("README.md", extract_readme(collection, key.group(1), tree.size, tree.root().hex(), checkpoint.origin, leaf))
    bag.add_text("verify.py", verifier_source())  # the installed verifier, never a copy read from the bundle
    for path in timestamp_files(read):  # the checkpoint's RFC 3161 timestamps, as the bundle carries them
        bag.add(path, read(path))
    bag.finish({
        "Source-Organization": "Adalet",
        "Bag-Software-Agent": f"adalet {__version__}",
        "External-Identifier": f"{checkpoint.origin}#leaf-{leaf}",
        "External-Description": "One record of a publication bundle with its Merkle inclusion proof and the signed "
                                "checkpoint; python verify.py . checks it.",
        "Adalet-Signing-Key": key.group(1),
    })
    try:
        verifier.verify(str(out))
    except verifier.Failure as failure:
        raise BundleError(f"the extract does not verify: {failure}") from None
    return leaf
