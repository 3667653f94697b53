"""The verifier a bundle carries runs in a fresh virtualenv with only `cryptography` installed (from the machine's
local package index: no network), where adalet is not importable; it imports nothing else outside the standard
library."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from adalet.bundles import build
from tests.bundles.conftest import Published

#: The verifier runs on the bundle's files alone, without a database.
pytestmark = pytest.mark.one_database

ALLOWED = {"argparse", "base64", "hashlib", "json", "os", "re", "sys", "__future__", "cryptography"}


def test_the_verifier_imports_only_the_standard_library_and_cryptography() -> None:
    tree = ast.parse(build.verifier_source())
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            imported.add((node.module or "").split(".")[0])
    assert imported <= ALLOWED, imported - ALLOWED
    assert "cryptography" in imported


def test_the_verifier_runs_in_a_fresh_virtualenv_with_only_cryptography(published: Published, tmp_path: Path) -> None:
    env = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(env)], check=True, timeout=120)
    python = env / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "-q", "cryptography"], check=True, timeout=300,
                   capture_output=True)
    assert subprocess.run([str(python), "-c", "import adalet"], capture_output=True).returncode == 1
    bundle = published.fresh_copy(tmp_path)
    ok = subprocess.run([str(python), str(bundle / "verify" / "verify.py"), str(bundle)], capture_output=True, text=True,
                        timeout=120)
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.startswith("OK: ")
    records = bundle / "data" / "records.jsonl"
    data = bytearray(records.read_bytes())
    data[10] ^= 0x01
    records.write_bytes(bytes(data))
    failed = subprocess.run([str(python), str(bundle / "verify" / "verify.py"), str(bundle)], capture_output=True,
                            text=True, timeout=120)
    assert failed.returncode == 1 and "data/records.jsonl" in failed.stderr
