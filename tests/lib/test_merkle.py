"""The RFC 6962 Merkle tree against a literal reading of the RFC's recursive definitions, every size to 70."""

from __future__ import annotations

import hashlib

import pytest

from adalet.lib import merkle


def reference_root(entries: list[bytes]) -> bytes:
    """MTH as RFC 6962 2.1 writes it, recursively over the entries themselves."""
    n = len(entries)
    if n == 0:
        return hashlib.sha256(b"").digest()
    if n == 1:
        return hashlib.sha256(b"\x00" + entries[0]).digest()
    k = 1
    while k * 2 < n:
        k *= 2
    return hashlib.sha256(b"\x01" + reference_root(entries[:k]) + reference_root(entries[k:])).digest()


ENTRIES = [f"record {i}".encode() for i in range(70)]


@pytest.mark.parametrize("size", range(0, 71))
def test_root_is_the_rfc_root(size):
    tree = merkle.Tree.of(ENTRIES[:size])
    assert tree.root() == reference_root(ENTRIES[:size])


def test_every_inclusion_proof_verifies_and_no_other_leaf_does():
    tree = merkle.Tree.of(ENTRIES)
    for size in range(1, 71):
        root = reference_root(ENTRIES[:size])
        assert tree.root(size) == root
        for index in range(size):
            proof = tree.inclusion_proof(index, size)
            leaf = merkle.leaf_hash(ENTRIES[index])
            assert merkle.verify_inclusion(leaf, index, size, proof, root)
            other = merkle.leaf_hash(ENTRIES[(index + 1) % 70])
            assert not merkle.verify_inclusion(other, index, size, proof, root)
            if size > 1:
                assert not merkle.verify_inclusion(leaf, (index + 1) % size, size, proof, root)
                assert not merkle.verify_inclusion(leaf, index, size, proof[:-1], root)


def test_every_consistency_proof_verifies_and_a_rewritten_history_does_not():
    tree = merkle.Tree.of(ENTRIES)
    forged = merkle.Tree.of([b"forged"] + ENTRIES[1:])
    for new in range(1, 71):
        new_root = tree.root(new)
        for old in range(1, new + 1):
            proof = tree.consistency_proof(old, new)
            assert merkle.verify_consistency(old, new, tree.root(old), new_root, proof), (old, new)
            # The log re-hashed after forging its first record cannot show it grew from the old checkpoint.
            forged_proof = forged.consistency_proof(old, new)
            assert not merkle.verify_consistency(old, new, tree.root(old), forged.root(new), forged_proof)
            if proof:
                flipped = [bytes([proof[0][0] ^ 1]) + proof[0][1:]] + proof[1:]
                assert not merkle.verify_consistency(old, new, tree.root(old), new_root, flipped)


def test_sizes_outside_the_tree_are_refused():
    tree = merkle.Tree.of(ENTRIES[:5])
    with pytest.raises(ValueError):
        tree.root(6)
    with pytest.raises(ValueError):
        tree.inclusion_proof(5)
    with pytest.raises(ValueError):
        tree.consistency_proof(0, 5)
    assert not merkle.verify_inclusion(merkle.leaf_hash(b"x"), 0, 0, [], merkle.EMPTY_ROOT)
