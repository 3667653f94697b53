"""Verify an Adalet publication bundle, or a one-record extract of one, without trusting Adalet's server.

    python verify.py BUNDLE_DIR [--previous OLD_BUNDLE_DIR] [--key KEY]

This file is copied into every bundle (verify/verify.py) and extract (verify.py). It needs Python 3.9+ and the
`cryptography` package only (pip install cryptography), and no network. It checks:

1. the BagIt bag (RFC 8493): bagit.txt, every payload file against manifest-sha256.txt and every tag file against
   tagmanifest-sha256.txt, that no file was added or removed, and that none is a symbolic link or a device;
2. the Merkle tree (RFC 6962 / RFC 9162): every record, file and commitment is one leaf (its JSON line, as written);
   their root is the root of the signed checkpoint (a bundle), or the record's inclusion proof leads to it (an
   extract);
3. the checkpoint's Ed25519 signature (a C2SP signed note), by the key printed in README.md and bag-info.txt (and
   given with --key, when you hold it from elsewhere: the key on Adalet's site or in a court filing; without it,
   compare the key printed after OK with Adalet's), and the files it names with their SHA-256 (the custody extract);
4. with --previous, that this bundle's tree extends the older bundle's (an RFC 9162 consistency proof): nothing that
   was published was changed or removed since, only appended (and that the older bundle is itself intact).

Exit 0 when everything holds; 1, naming the file, when anything does not (a changed, added or removed byte or file).
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import os
import re
import sys

VERSION = "adalet-bundle-verifier/1"
KEY_LINE = re.compile(r"^Signing key: (\S+)$", re.MULTILINE)
MANIFEST_LINE = re.compile(r"^([0-9a-f]{64}) {2}([!-~]+)$")
SIGNATURE_PREFIX = "\u2014 "
LEAF_FILES = ("data/records.jsonl", "data/files.jsonl", "data/commitments.jsonl")
EXTRACT_FILE = "data/record.jsonl"


class Failure(Exception):
    """What does not hold, and in which file."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path


# --- Merkle trees (RFC 9162 section 2), the same as adalet/lib/merkle.py ----------------------------------------


def leaf_hash(entry: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + entry).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


def root_of(leaves: list) -> bytes:
    """MTH(D[n]) over leaf hashes, level by level (an odd node is carried up, as the RFC's split gives)."""
    if not leaves:
        return hashlib.sha256(b"").digest()
    level = list(leaves)
    while len(level) > 1:
        paired = [node_hash(level[i], level[i + 1]) for i in range(0, len(level) - 1, 2)]
        if len(level) % 2:
            paired.append(level[-1])
        level = paired
    return level[0]


def verify_inclusion(leaf: bytes, index: int, size: int, proof: list, root: bytes) -> bool:
    """RFC 9162 2.1.3.2."""
    if not 0 <= index < size:
        return False
    fn, sn, r = index, size - 1, leaf
    for p in proof:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            if not fn & 1:
                while fn and not fn & 1:
                    fn >>= 1
                    sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == root


def verify_consistency(old_size: int, new_size: int, old_root: bytes, new_root: bytes, proof: list) -> bool:
    """RFC 9162 2.1.4.2."""
    if old_size == new_size:
        return not proof and old_root == new_root
    if not 0 < old_size < new_size or not proof:
        return False
    path = list(proof)
    if old_size & (old_size - 1) == 0:
        path.insert(0, old_root)
    fn, sn = old_size - 1, new_size - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            if not fn & 1:
                while fn and not fn & 1:
                    fn >>= 1
                    sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    return sn == 0 and fr == old_root and sr == new_root


def commitment(salt: bytes, sha256_hex: str) -> str:
    """A withheld item's commitment: SHA-256 of the salt and the item's SHA-256. Disclosing the salt (and the
    file, whose SHA-256 anyone computes) proves the item was committed to in the bundle."""
    return hashlib.sha256(b"adalet-commitment/v1\n" + salt + bytes.fromhex(sha256_hex)).hexdigest()


# --- The bag ------------------------------------------------------------------------------------------------------


def read(root: str, path: str) -> bytes:
    try:
        with open(os.path.join(root, *path.split("/")), "rb") as handle:
            return handle.read()
    except OSError as error:
        raise Failure(path, f"cannot be read ({error.strerror or error})") from None


def sha256_of(root: str, path: str) -> str:
    """A file's SHA-256, read a megabyte at a time (originals may be large)."""
    digest = hashlib.sha256()
    try:
        with open(os.path.join(root, *path.split("/")), "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
    except OSError as error:
        raise Failure(path, f"cannot be read ({error.strerror or error})") from None
    return digest.hexdigest()


def text(root: str, path: str) -> str:
    try:
        return read(root, path).decode("utf-8")
    except UnicodeDecodeError:
        raise Failure(path, "is not UTF-8 text") from None


def manifest(root: str, path: str) -> dict:
    """A manifest's {file: sha256}, read strictly: lower-case hex, two spaces, one file a line, each line ended."""
    body = text(root, path)
    if not body.endswith("\n"):
        raise Failure(path, "does not end with a newline")
    listed: dict = {}
    for number, line in enumerate(body[:-1].split("\n"), 1):
        found = MANIFEST_LINE.match(line)
        if not found:
            raise Failure(path, f"line {number} is not 'sha256  file'")
        name = found.group(2)
        if name in listed or name.startswith("/") or ".." in name.split("/"):
            raise Failure(path, f"line {number} names {name!r} twice or outside the bag")
        listed[name] = found.group(1)
    return listed


def files_in(root: str) -> set:
    """Every file of the bag; a Failure on a symbolic link or anything but a plain file or folder: a link would make
    the verifier read (and vouch for) bytes outside the bag, a device or a pipe would make it read forever."""
    found = set()
    for folder, dirs, names in os.walk(root):
        dirs[:] = [d for d in dirs if d != "__pycache__"]  # Python's own cache, when verify.py was imported
        for name in dirs + names:
            full = os.path.join(folder, name)
            relative = os.path.relpath(full, root).replace(os.sep, "/")
            if os.path.islink(full):
                raise Failure(relative, "is a symbolic link: a bag holds its files, not links to others")
            if name in names:
                if not os.path.isfile(full):  # not a link (above): a plain file
                    raise Failure(relative, "is not a plain file")
                found.add(relative)
    return found


def check_listed(root: str, listed: dict, manifest_name: str) -> None:
    for name in sorted(listed):
        if not os.path.isfile(os.path.join(root, *name.split("/"))):
            raise Failure(name, f"is listed in {manifest_name} but missing (a file was removed or renamed)")
        if sha256_of(root, name) != listed[name]:
            raise Failure(name, f"does not match its SHA-256 in {manifest_name} (the file or the manifest was changed)")


def check_bag(root: str) -> set:
    """The bag as RFC 8493 validates it: the tag files first (the tag manifest vouches for the payload manifest),
    then the payload, then that no file is in the bag that no manifest lists."""
    present = files_in(root) - {"tagmanifest-sha256.txt"}  # first: no link, device or pipe is ever opened
    if text(root, "bagit.txt") != "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n":
        raise Failure("bagit.txt", "is not the BagIt 1.0 declaration")
    tags = manifest(root, "tagmanifest-sha256.txt")
    if any(name.startswith("data/") for name in tags) or "tagmanifest-sha256.txt" in tags:
        raise Failure("tagmanifest-sha256.txt", "lists a payload file or itself")
    if not {"bagit.txt", "bag-info.txt", "manifest-sha256.txt", "README.md"} <= set(tags):
        raise Failure("tagmanifest-sha256.txt", "does not list the bag's tag files")
    check_listed(root, tags, "tagmanifest-sha256.txt")
    payload = manifest(root, "manifest-sha256.txt")
    if any(not name.startswith("data/") for name in payload):
        raise Failure("manifest-sha256.txt", "lists a file outside data/")
    for name in sorted(present - set(payload) - set(tags)):
        raise Failure(name, "is in the bag but in no manifest (a file was added)")
    check_listed(root, payload, "manifest-sha256.txt")
    info = text(root, "bag-info.txt")
    oxum = re.search(r"^Payload-Oxum: (\d+)\.(\d+)$", info, re.MULTILINE)
    total = sum(os.path.getsize(os.path.join(root, *name.split("/"))) for name in payload)
    if not oxum or (int(oxum.group(1)), int(oxum.group(2))) != (total, len(payload)):
        raise Failure("bag-info.txt", "its Payload-Oxum does not match the payload")
    return set(payload)


# --- The signed checkpoint ----------------------------------------------------------------------------------------


def parse_key(value: str, where: str):
    """(name, key id, Ed25519 public key bytes) of a verifier key "name+keyid+base64(0x01 || key)"."""
    try:
        name, hex_id, encoded = value.strip().split("+", 2)
        raw = base64.b64decode(encoded, validate=True)
    except ValueError:
        raise Failure(where, "does not hold a signing key (name+keyid+base64)") from None
    key_id = hashlib.sha256(name.encode() + b"\n" + raw[:1] + raw[1:]).digest()[:4]
    if raw[:1] != b"\x01" or len(raw) != 33 or key_id.hex() != hex_id.lower():
        raise Failure(where, "its signing key is not an Ed25519 key with a matching key id")
    return name, key_id, raw[1:]


def bundle_key(root: str, pinned: str | None, is_bag: bool) -> str:
    found = KEY_LINE.findall(text(root, "README.md"))
    if len(set(found)) != 1:
        raise Failure("README.md", "does not print one signing key ('Signing key: ...')")
    key = found[0]
    if is_bag:
        info = re.findall(r"^Adalet-Signing-Key: (\S+)$", text(root, "bag-info.txt"), re.MULTILINE)
        if info != [key]:
            raise Failure("bag-info.txt", "its Adalet-Signing-Key is not the key printed in README.md")
    if pinned is not None and pinned.strip() != key:
        raise Failure("README.md", "the bundle is signed by another key than the one given with --key")
    return key


def open_checkpoint(root: str, path: str, key: str):
    """(origin, size, root) of the signed checkpoint at `path`, whose signature by `key` must verify."""
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    note = text(root, path)
    cut = note.rfind("\n\n")
    if cut < 0 or not note.endswith("\n"):
        raise Failure(path, "is not a signed note")
    body, lines = note[: cut + 1], note[cut + 2 : -1].split("\n")
    name, key_id, public = parse_key(key, "README.md")
    signed = False
    for line in lines:
        if not line.startswith(SIGNATURE_PREFIX):
            raise Failure(path, "a signature line is malformed")
        try:
            signer, encoded = line[len(SIGNATURE_PREFIX) :].split(" ")
            raw = base64.b64decode(encoded, validate=True)
        except ValueError:
            raise Failure(path, "a signature line is malformed") from None
        if signer == name and raw[:4] == key_id:
            try:
                Ed25519PublicKey.from_public_bytes(public).verify(raw[4:], body.encode())
            except InvalidSignature:
                raise Failure(path, "its Ed25519 signature does not verify (the checkpoint was altered)") from None
            signed = True
    if not signed:
        raise Failure(path, f"carries no signature by the key {name}")
    parts = body.split("\n")
    if len(parts) < 4 or not parts[1].isdigit():
        raise Failure(path, "is not a checkpoint (origin, size, root)")
    try:
        tree_root = base64.b64decode(parts[2], validate=True)
    except ValueError:
        raise Failure(path, "its root is not base64") from None
    if len(tree_root) != 32:
        raise Failure(path, "its root is not a SHA-256 hash")
    return parts[0], int(parts[1]), tree_root


# --- Leaves -------------------------------------------------------------------------------------------------------


def leaf_lines(root: str, path: str):
    """(leaf index, the line's bytes) of every JSON line of a leaf file."""
    body = read(root, path)
    if body and not body.endswith(b"\n"):
        raise Failure(path, "does not end with a newline")
    for number, line in enumerate(body.split(b"\n")[:-1], 1):
        try:
            entry = json.loads(line)
            index = entry["leaf"]
        except (ValueError, KeyError, TypeError):
            raise Failure(path, f"line {number} is not a JSON leaf") from None
        if not isinstance(index, int):
            raise Failure(path, f"line {number}: its leaf number is not a number")
        yield index, line, entry


def check_files(root: str, entries: list) -> None:
    for entry in entries:
        name = entry.get("path", "")
        if not isinstance(name, str) or not name.startswith("data/") or ".." in name.split("/"):
            raise Failure("data/files.jsonl", f"leaf {entry.get('leaf')} names no file of the bag")
        if sha256_of(root, name) != entry.get("sha256"):
            raise Failure(name, "does not match its SHA-256 in data/files.jsonl")


LEAF_TYPES = {"data/records.jsonl": "record", "data/files.jsonl": "file", "data/commitments.jsonl": "commitment",
              EXTRACT_FILE: "record"}


def check_tree(root: str, size: int, tree_root: bytes, payload: set) -> list:
    """The leaves' root against the signed one. Each leaf file holds its own kind of leaf in ascending order: moved
    to another file or reordered, the lines would keep the root but not say what was signed."""
    by_index: dict = {}
    files = []
    for path in LEAF_FILES:
        last = -1
        for index, line, entry in leaf_lines(root, path):
            if index in by_index:
                raise Failure(path, f"leaf {index} appears twice")
            if entry.get("type") != LEAF_TYPES[path] or index <= last:
                raise Failure(path, f"leaf {index} is not a {LEAF_TYPES[path]} in its place (moved or reordered)")
            last = index
            by_index[index] = leaf_hash(line)
            if path == "data/files.jsonl":
                files.append(entry)
    if sorted(by_index) != list(range(len(by_index))):
        raise Failure("data/records.jsonl", "the leaves are not numbered 0 to n-1")
    if len(by_index) != size:
        raise Failure("merkle/checkpoint.txt", f"names {size} leaves; the bundle holds {len(by_index)}")
    hashes = [by_index[i] for i in range(size)]
    if root_of(hashes) != tree_root:
        raise Failure("merkle/checkpoint.txt", "the leaves' Merkle root is not the signed root")
    check_files(root, files)
    signed = set(LEAF_FILES) | {entry.get("path") for entry in files}
    for name in sorted(payload - signed):
        raise Failure(name, "is in the payload but no leaf of the signed tree names it")
    return hashes


def check_consistency(root: str, size: int, tree_root: bytes, previous: str | None, key: str) -> str:
    if not os.path.exists(os.path.join(root, "merkle", "consistency.json")):
        if previous is not None:
            raise Failure("merkle/consistency.json", "is missing: the bundle does not prove it extends --previous")
        return ""
    try:
        proof = json.loads(read(root, "merkle/consistency.json"))
        old_size, old_root = int(proof["old_size"]), base64.b64decode(proof["old_root"], validate=True)
        path = [bytes.fromhex(h) for h in proof["proof"]]
    except (ValueError, KeyError, TypeError):
        raise Failure("merkle/consistency.json", "is not a consistency proof") from None
    if previous is not None:
        previous_payload = check_bag(previous)
        _, prev_size, prev_root = open_checkpoint(previous, "merkle/checkpoint.txt", bundle_key(previous, key, True))
        try:  # the copy held is the bundle that was signed
            check_tree(previous, prev_size, prev_root, previous_payload)
        except Failure as failure:
            raise Failure(f"--previous {failure.path}", str(failure).split(": ", 1)[1]) from None
        if (prev_size, prev_root) != (old_size, old_root):
            raise Failure("merkle/consistency.json", "proves from another tree than the --previous bundle's checkpoint")
    if not verify_consistency(old_size, size, old_root, tree_root, path):
        raise Failure("merkle/consistency.json", f"does not prove the tree of {size} extends the tree of {old_size}")
    return f"; extends the tree of {old_size} leaves" + (" of --previous" if previous else "")


# --- Bundles and extracts -----------------------------------------------------------------------------------------


def verify(root: str, previous: str | None = None, key: str | None = None) -> str:
    """What holds (one line), or Failure naming the file."""
    payload = check_bag(root)
    if EXTRACT_FILE in payload:
        if payload != {EXTRACT_FILE}:
            raise Failure(sorted(payload - {EXTRACT_FILE})[0], "an extract holds one record and nothing else")
        return verify_extract(root, key)
    signing_key = bundle_key(root, key, True)
    origin, size, tree_root = open_checkpoint(root, "merkle/checkpoint.txt", signing_key)
    check_tree(root, size, tree_root, payload)
    check_signed_files(root, "merkle/checkpoint.txt")
    extends = check_consistency(root, size, tree_root, previous, signing_key)
    return f"OK: {origin}: {size} leaves, root {tree_root.hex()}, {signed_by(signing_key, key)}{extends}"


def signed_by(signing_key: str, pinned: str | None) -> str:
    """The whole key (its name is anyone's to choose): what a reader compares with the key Adalet publishes."""
    return f"signed by {signing_key}" + ("" if pinned else " (not given with --key: compare it with Adalet's)")


def check_signed_files(root: str, path: str) -> None:
    """The tag files the signed checkpoint names with their SHA-256 (extension lines "FILE sha256:HEX", as
    custody/extract.jsonl): the manifests vouch for them only as far as whoever rewrote the manifests."""
    note = text(root, path)
    for line in note[: note.rfind("\n\n")].split("\n")[3:]:
        found = re.fullmatch(r"([!-~]+) sha256:([0-9a-f]{64})", line)
        if not found or found.group(1).startswith(("data/", "/")) or ".." in found.group(1).split("/"):
            raise Failure(path, f"its extension line {line!r} is not 'FILE sha256:HEX'")
        if sha256_of(root, found.group(1)) != found.group(2):
            raise Failure(found.group(1), f"does not match its SHA-256 in the signed {path}")


def verify_extract(root: str, key: str | None) -> str:
    signing_key = bundle_key(root, key, True)
    origin, size, tree_root = open_checkpoint(root, "merkle/checkpoint.txt", signing_key)
    lines = list(leaf_lines(root, EXTRACT_FILE))
    if len(lines) != 1:
        raise Failure(EXTRACT_FILE, "holds not exactly one record")
    index, line, entry = lines[0]
    if entry.get("type") != "record":
        raise Failure(EXTRACT_FILE, "holds no record")
    try:
        proof = json.loads(read(root, "merkle/inclusion.json"))
        path = [bytes.fromhex(h) for h in proof["proof"]]
        if (proof["leaf"], proof["tree_size"]) != (index, size):
            raise ValueError
    except (ValueError, KeyError, TypeError):
        raise Failure("merkle/inclusion.json", "is not the record's inclusion proof in the checkpoint's tree") from None
    if not verify_inclusion(leaf_hash(line), index, size, path, tree_root):
        raise Failure(EXTRACT_FILE, "the record is not in the signed tree (its inclusion proof fails)")
    return f"OK: {origin}: leaf {index} of {size}, root {tree_root.hex()}, {signed_by(signing_key, key)}"


def main(argv: list | None = None) -> int:
    parser = argparse.ArgumentParser(description="Verify an Adalet publication bundle or record extract.")
    parser.add_argument("bundle", help="the bundle's folder (where bagit.txt is)")
    parser.add_argument("--previous", help="an older bundle of the same collection: prove this one extends it")
    parser.add_argument("--key", help="the signing key as you hold it from elsewhere (name+keyid+base64)")
    args = parser.parse_args(argv)
    try:
        print(verify(args.bundle, args.previous, args.key))
        return 0
    except Failure as failure:
        print(f"FAILED: {failure}", file=sys.stderr)
    except Exception as error:  # anything unforeseen is a failure, never a pass
        print(f"FAILED: {type(error).__name__}: {error}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
