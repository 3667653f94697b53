"""Where an Adalet installation keeps its state: everything lives under $ADALET_HOME (default ./var)."""

from __future__ import annotations

import os
from pathlib import Path


def home() -> Path:
    """The root of all state: database, blobs, logs. Two homes never mix."""
    return Path(os.environ.get("ADALET_HOME", "var")).resolve()


def blobs_dir() -> Path:
    """The content-addressed store (shared by every process and machine of one installation)."""
    return Path(os.environ.get("ADALET_BLOBS", home() / "blobs")).resolve()


def database_path() -> Path:
    return home() / "adalet.sqlite3"


def ensure_home() -> Path:
    root = home()
    for path in (root, blobs_dir(), root / "logs"):
        path.mkdir(parents=True, exist_ok=True)
    return root
