"""A BagIt bag (RFC 8493) written file by file: payload under data/, tag files beside it, and the two manifests.

Files are hashed as they are written; `finish` writes bag-info.txt (with the Payload-Oxum) and the SHA-256
manifests (lower-case hex, two spaces, one file a line), the tag manifest last.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

BAGIT_TXT = "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n"


class BagWriter:
    def __init__(self, root: Path) -> None:
        if root.exists() and any(root.iterdir()):
            raise FileExistsError(f"{root} exists and is not empty: a bundle is written to a new folder")
        root.mkdir(parents=True, exist_ok=True)
        self.root = root
        self.payload: dict[str, tuple[str, int]] = {}
        self.tags: dict[str, tuple[str, int]] = {}

    def add(self, path: str, data: bytes) -> str:
        """Write one file (``data/...`` is payload, anything else a tag file); its SHA-256."""
        if path.startswith("/") or ".." in path.split("/") or any(c.isspace() for c in path):
            raise ValueError(f"not a bag path: {path!r}")
        target = self.root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        digest = hashlib.sha256(data).hexdigest()
        (self.payload if path.startswith("data/") else self.tags)[path] = (digest, len(data))
        return digest

    def add_text(self, path: str, text: str) -> str:
        return self.add(path, text.encode("utf-8"))

    def finish(self, info: dict[str, str]) -> None:
        oxum = f"{sum(size for _, size in self.payload.values())}.{len(self.payload)}"
        lines = [f"{label}: {value}" for label, value in info.items()] + [f"Payload-Oxum: {oxum}"]
        if any("\n" in line for line in lines):
            raise ValueError("a bag-info value holds a line break")
        self.add_text("bagit.txt", BAGIT_TXT)
        self.add_text("bag-info.txt", "\n".join(lines) + "\n")
        self.add_text("manifest-sha256.txt", _manifest(self.payload))
        tagmanifest = _manifest(self.tags)
        (self.root / "tagmanifest-sha256.txt").write_text(tagmanifest, encoding="utf-8")
        os.sync() if os.environ.get("ADALET_FSYNC") == "1" else None


def _manifest(files: dict[str, tuple[str, int]]) -> str:
    return "".join(f"{digest}  {path}\n" for path, (digest, _) in sorted(files.items()))
