"""The salts of withheld items' commitments, kept on the server and never in a bundle.

A bundle commits to each item it does not publish with SHA-256("adalet-commitment/v1\\n" || salt || the item's
SHA-256) (verifier.commitment). The salt is 32 random bytes per item, made once and kept in
$ADALET_BLOBS/bundles/salts/COLLECTION_ID.json (mode 0600; the blob store is what every machine of an installation
shares), so every later bundle of the collection commits to the item with the same value, and disclosing the salt
(`adalet bundle disclose`) with the file later proves the item was in the bundle all along. Without the salt the
commitment tells nothing: not even a guessed file can be checked against it.
"""

from __future__ import annotations

import fcntl
import json
import os
import secrets
from collections.abc import Iterable
from pathlib import Path

from adalet.home import blobs_dir


def salts_path(collection_id: int) -> Path:
    return blobs_dir() / "bundles" / "salts" / f"{collection_id}.json"


def salts_for(collection_id: int, item_ids: Iterable[int]) -> dict[int, bytes]:
    """Each item's salt, made (and kept) for those that have none yet; under a lock, so builders agree."""
    path = salts_path(collection_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_suffix(".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        kept: dict[str, str] = json.loads(path.read_text()) if path.exists() else {}
        wanted = [str(i) for i in item_ids]
        made = [i for i in wanted if i not in kept]
        for item_id in made:
            kept[item_id] = secrets.token_hex(32)
        if made:
            tmp = path.with_suffix(f".{os.getpid()}.tmp")
            tmp.unlink(missing_ok=True)
            with os.fdopen(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w") as out:  # never readable
                out.write(json.dumps(kept, sort_keys=True))
            os.replace(tmp, path)
    return {int(i): bytes.fromhex(kept[i]) for i in wanted}


def disclosed_salt(collection_id: int, item_id: int) -> bytes | None:
    """An item's salt as kept, or None when no bundle ever committed to it."""
    path = salts_path(collection_id)
    kept = json.loads(path.read_text()) if path.exists() else {}
    value = kept.get(str(item_id))
    return bytes.fromhex(value) if value else None
