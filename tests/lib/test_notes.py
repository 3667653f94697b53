"""Signed notes and checkpoints: signing, co-signing, and every alteration refused."""

from __future__ import annotations

import os
import stat

import pytest

from adalet.lib import merkle, notes


def signer(name: str) -> notes.Signer:
    return notes.Signer(name, notes.serialization.load_pem_private_key(notes.new_key_pem().encode(), None))


def test_a_checkpoint_signed_and_cosigned_verifies_with_both_keys():
    ours, partner = signer("adalet.example/log"), signer("partner.example")
    checkpoint = notes.Checkpoint("adalet.example/log", 70, merkle.Tree.of([b"a", b"b"]).root())
    note = notes.add_signature(notes.sign(checkpoint.text(), ours), partner)
    verifiers = [notes.Verifier.parse(ours.verifier_key), notes.Verifier.parse(partner.verifier_key)]
    text, names = notes.open_note(note, verifiers)
    assert names == ["adalet.example/log", "partner.example"]
    assert notes.Checkpoint.parse(text) == checkpoint


def test_an_altered_checkpoint_or_signature_is_refused():
    ours = signer("adalet.example/log")
    note = notes.sign(notes.Checkpoint("adalet.example/log", 5, bytes(32)).text(), ours)
    verifier = [notes.Verifier.parse(ours.verifier_key)]
    with pytest.raises(notes.NoteError, match="altered"):
        notes.open_note(note.replace("\n5\n", "\n6\n"), verifier)
    lines = note.splitlines(keepends=True)
    signature = lines[-1]
    flipped = signature[:-6] + ("A" if signature[-6] != "A" else "B") + signature[-5:]
    with pytest.raises(notes.NoteError):
        notes.open_note("".join(lines[:-1]) + flipped, verifier)
    # Signed by a key nobody asked about: verified by none.
    assert notes.open_note(note, [notes.Verifier.parse(signer("other").verifier_key)])[1] == []


def test_a_verifier_key_whose_id_does_not_match_is_refused():
    key = signer("adalet.example/log").verifier_key
    name, key_id, encoded = key.split("+", 2)
    with pytest.raises(notes.NoteError, match="key id"):
        notes.Verifier.parse(f"{name}+{'0' * 8 if key_id != '0' * 8 else '1' * 8}+{encoded}")


def test_the_installation_key_is_made_once_and_private(tmp_path, monkeypatch):
    monkeypatch.setenv("ADALET_HOME", str(tmp_path))
    monkeypatch.delenv("ADALET_SIGNING_KEY_FILE", raising=False)
    first = notes.installation_signer()
    path = tmp_path / notes.KEY_FILE_NAME
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert notes.installation_signer().verifier_key == first.verifier_key
    monkeypatch.setenv("ADALET_SIGNING_KEY_FILE", str(tmp_path / "missing.pem"))
    with pytest.raises(notes.SecretError, match="not a file"):
        notes.installation_signer()
