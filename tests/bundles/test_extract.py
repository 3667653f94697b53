"""One record's extract verifies on its own, away from the bundle (`python X/verify.py X` and `adalet bundle
verify X`), and fails when its record, proof or checkpoint is altered."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from tests.bundles.conftest import Published


def verify_alone(extract: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(extract / "verify.py"), str(extract)], capture_output=True, text=True,
                          timeout=60)


def make_extract(published: Published, tmp_path: Path) -> tuple[Path, dict]:  # type: ignore[type-arg]
    lines = (published.bundle / "data" / "records.jsonl").read_text(encoding="utf-8").splitlines()
    record = json.loads(lines[len(lines) // 2])
    made = tmp_path / "made"
    published.adalet.run("bundle", "extract", str(published.bundle), record["id"], "--out", str(made))
    alone = tmp_path / "elsewhere" / "extract"  # away from the bundle
    shutil.copytree(made, alone)
    return alone, record


def test_an_extract_verifies_alone(published: Published, tmp_path: Path) -> None:
    extract, record = make_extract(published, tmp_path)
    result = verify_alone(extract)
    assert result.returncode == 0, result.stderr
    assert f"leaf {record['leaf']} of " in result.stdout
    assert json.loads((extract / "data" / "record.jsonl").read_text(encoding="utf-8")) == record
    assert sorted(p.name for p in (extract / "data").iterdir()) == ["record.jsonl"]  # nothing of the rest
    checked = published.adalet.run("bundle", "verify", str(extract), "--tsa-ca", str(published.tsa_certificate))
    assert "timestamp by http://127.0.0.1:" in checked.stdout  # the checkpoint's timestamp travels with the record


def test_an_altered_extract_fails(published: Published, tmp_path: Path) -> None:
    import hashlib

    extract, record = make_extract(published, tmp_path)
    path = extract / "data" / "record.jsonl"
    original = path.read_bytes()
    path.write_bytes(original.replace(f'"birth_year":{record["birth_year"]}'.encode(),
                                      f'"birth_year":{record["birth_year"] + 1}'.encode()))
    result = verify_alone(extract)
    assert result.returncode == 1 and "data/record.jsonl" in result.stderr
    # and with its manifest rewritten too, the inclusion proof no longer leads to the signed root
    manifest = extract / "manifest-sha256.txt"
    manifest.write_text(f"{hashlib.sha256(path.read_bytes()).hexdigest()}  data/record.jsonl\n")
    tags = extract / "tagmanifest-sha256.txt"
    tags.write_text("".join(
        f"{hashlib.sha256((extract / name).read_bytes()).hexdigest()}  {name}\n"
        for name in (line.split("  ")[1] for line in tags.read_text().splitlines())))
    result = verify_alone(extract)
    assert result.returncode == 1 and "data/record.jsonl" in result.stderr and "inclusion" in result.stderr


def test_an_unknown_record_has_no_extract(published: Published, tmp_path: Path) -> None:
    result = published.adalet.run("bundle", "extract", str(published.bundle), "999:1", "--out", str(tmp_path / "x"),
                                  check=False)
    assert result.returncode == 1 and "no record 999:1" in result.stderr
