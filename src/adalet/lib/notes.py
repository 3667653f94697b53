"""Signed checkpoints: the installation's Ed25519 key, C2SP signed notes, and tlog checkpoints.

A checkpoint names a Merkle tree (lib/merkle.py) in three lines: the log's origin, its size and its
root in base64 (C2SP tlog-checkpoint, as Go's sumdb, Sigstore and Trillian print them). It travels as a
signed note (C2SP signed-note): the text, a blank line, then one line per signature,

    — <key name> <base64(4-byte key id || Ed25519 signature over the text)>

so a partner can co-sign the same text with its own key (`add_signature`) and anyone holding the
public keys (`Signer.verifier_key`, "name+keyid+base64(0x01 || key)") can check every signature
without trusting this server.

The installation key is $ADALET_SIGNING_KEY_FILE, else $ADALET_HOME/signing_key.pem, made on first use
with mode 0600 (lib/keys.write_once: processes starting together agree on one key).
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from adalet.lib.keys import SecretError, write_once

ED25519 = b"\x01"
SIGNATURE_PREFIX = "\u2014 "  # an em dash and a space, as signed-note requires
KEY_FILE_NAME = "signing_key.pem"
_NAME = re.compile(r"^[^\s+]+$")


class NoteError(ValueError):
    """A note or checkpoint that is malformed or whose signatures do not verify (a one-line reason)."""


def key_id(name: str, public: bytes) -> bytes:
    return hashlib.sha256(name.encode() + b"\n" + ED25519 + public).digest()[:4]


@dataclass(frozen=True)
class Verifier:
    name: str
    public: bytes

    @property
    def id(self) -> bytes:
        return key_id(self.name, self.public)

    def __str__(self) -> str:
        return f"{self.name}+{self.id.hex()}+{base64.b64encode(ED25519 + self.public).decode()}"

    @classmethod
    def parse(cls, text: str) -> Verifier:
        """Read a verifier key "name+keyid+base64key"."""
        try:
            name, hex_id, encoded = text.strip().split("+", 2)
            raw = base64.b64decode(encoded, validate=True)
        except ValueError as error:
            raise NoteError(f"not a verifier key (name+keyid+base64): {text.strip()[:60]!r}") from error
        if raw[:1] != ED25519 or len(raw) != 33:
            raise NoteError(f"verifier key {name!r} is not an Ed25519 key")
        verifier = cls(name, raw[1:])
        if verifier.id.hex() != hex_id.lower():
            raise NoteError(f"verifier key {name!r}: its key id does not match the key")
        return verifier

    def check(self, message: bytes, signature: bytes) -> bool:
        try:
            Ed25519PublicKey.from_public_bytes(self.public).verify(signature, message)
        except InvalidSignature:
            return False
        return True


@dataclass(frozen=True)
class Signer:
    name: str
    key: Ed25519PrivateKey

    @property
    def verifier(self) -> Verifier:
        public = self.key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        return Verifier(self.name, public)

    @property
    def verifier_key(self) -> str:
        return str(self.verifier)

    def signature_line(self, text: str) -> str:
        signature = self.key.sign(text.encode())
        return f"{SIGNATURE_PREFIX}{self.name} {base64.b64encode(self.verifier.id + signature).decode()}\n"


def load_signer(path: Path, name: str | None = None) -> Signer:
    """A signer from a PEM (PKCS#8) Ed25519 private key; its name defaults to one derived from the key."""
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except (OSError, ValueError) as error:
        raise SecretError(f"cannot read the signing key {path}: {error}") from error
    if not isinstance(key, Ed25519PrivateKey):
        raise SecretError(f"the signing key {path} is not an Ed25519 key")
    if name is None:
        public = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        name = f"adalet-{hashlib.sha256(public).hexdigest()[:12]}"
    if not _NAME.match(name):
        raise SecretError(f"a key name may not hold spaces or '+': {name!r}")
    return Signer(name, key)


def new_key_pem() -> str:
    return (
        Ed25519PrivateKey.generate()
        .private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
        .decode()
    )


def installation_signer() -> Signer:
    """This installation's signer: $ADALET_SIGNING_KEY_FILE, else $ADALET_HOME/signing_key.pem made on first use.
    $ADALET_SIGNING_KEY_NAME names it (default: adalet- and the key's fingerprint)."""
    named = os.environ.get("ADALET_SIGNING_KEY_FILE", "")
    if named:
        path = Path(named)
        if not path.is_file():
            raise SecretError(f"ADALET_SIGNING_KEY_FILE names {path}, which is not a file")
    else:
        path = Path(os.environ.get("ADALET_HOME", "var")).resolve() / KEY_FILE_NAME
        if not path.exists():
            write_once(path, new_key_pem())
    return load_signer(path, os.environ.get("ADALET_SIGNING_KEY_NAME") or None)


def sign(text: str, *signers: Signer) -> str:
    """A signed note of `text` (which must end with a newline) by each signer."""
    if not text.endswith("\n") or "\n\n" in text:
        raise NoteError("a note's text ends with one newline and holds no blank line")
    return text + "\n" + "".join(s.signature_line(text) for s in signers)


def add_signature(note: str, signer: Signer) -> str:
    """Co-sign: the note with `signer`'s signature added (the text is unchanged)."""
    text, lines = _split(note)
    return text + "\n" + "".join(line + "\n" for line in lines) + signer.signature_line(text)


def _split(note: str) -> tuple[str, list[str]]:
    cut = note.rfind("\n\n")
    if cut < 0 or not note.endswith("\n"):
        raise NoteError("not a signed note (no blank line before the signatures)")
    text, signatures = note[: cut + 1], note[cut + 2 :].splitlines()
    if not signatures or not all(line.startswith(SIGNATURE_PREFIX) for line in signatures):
        raise NoteError("not a signed note (its last lines are not signatures)")
    return text, signatures


def open_note(note: str, verifiers: list[Verifier]) -> tuple[str, list[str]]:
    """The note's text and the names of the given verifiers whose signature it carries and that verifies.
    A signature by a known key that does not verify is an error; signatures by unknown keys are ignored."""
    text, lines = _split(note)
    by_id = {(v.name, v.id): v for v in verifiers}
    verified: list[str] = []
    for line in lines:
        try:
            name, encoded = line[len(SIGNATURE_PREFIX) :].split(" ")
            raw = base64.b64decode(encoded, validate=True)
        except ValueError as error:
            raise NoteError(f"malformed signature line: {line[:60]!r}") from error
        if base64.b64encode(raw).decode() != encoded:  # unused low bits set: another spelling of the same signature
            raise NoteError(f"malformed signature line (not canonical base64): {line[:60]!r}")
        verifier = by_id.get((name, raw[:4]))
        if verifier is None:
            continue
        if not verifier.check(text.encode(), raw[4:]):
            raise NoteError(f"the signature of {name} does not verify: the note was altered")
        verified.append(name)
    return text, verified


@dataclass(frozen=True)
class Checkpoint:
    """A tlog checkpoint: the origin (which log), how many leaves, and their Merkle root."""

    origin: str
    size: int
    root: bytes
    extensions: tuple[str, ...] = ()

    def text(self) -> str:
        lines = [self.origin, str(self.size), base64.b64encode(self.root).decode(), *self.extensions]
        return "\n".join(lines) + "\n"

    @classmethod
    def parse(cls, text: str) -> Checkpoint:
        lines = text.split("\n")
        if len(lines) < 4 or lines[-1] != "" or not lines[1].isdigit():
            raise NoteError("not a checkpoint (origin, size and root on three lines)")
        try:
            root = base64.b64decode(lines[2], validate=True)
        except ValueError as error:
            raise NoteError("a checkpoint's third line is its root in base64") from error
        if len(root) != 32:
            raise NoteError("a checkpoint's root is a SHA-256 hash (32 bytes)")
        return cls(lines[0], int(lines[1]), root, tuple(lines[3:-1]))
