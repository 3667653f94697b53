"""A bundle verifies with both verifiers (`adalet bundle verify` and its own verify/verify.py), and a removed, an
added or a changed file makes both exit 1 naming it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.bundles.conftest import Published


def standalone(bundle: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(bundle / "verify" / "verify.py"), str(bundle), *args],
                          capture_output=True, text=True, timeout=120)


def test_an_intact_bundle_verifies_with_both_verifiers(published: Published) -> None:
    ours = published.adalet.run("bundle", "verify", str(published.bundle))
    theirs = standalone(published.bundle)
    assert theirs.returncode == 0, theirs.stderr
    assert ours.stdout.splitlines()[0] == theirs.stdout.strip()  # then the timestamp, which only ours checks
    assert ours.stdout.startswith("OK: ") and "/bundles/leak: " in ours.stdout
    info = (published.bundle / "bag-info.txt").read_text(encoding="utf-8")
    people = published.adalet.query("from adalet.people.models import Person\nresult = Person.objects.count()")
    assert people >= len(published.manifest["people"]) - 2  # the leak's rows (a planted duplicate is one person)
    assert f"Adalet-Records: {people}\n" in info  # every record mapped, each one leaf
    for name in ("bagit.txt", "bag-info.txt", "manifest-sha256.txt", "tagmanifest-sha256.txt", "README.md",
                 "merkle/checkpoint.txt", "custody/extract.jsonl", "data/records.jsonl", "data/files.jsonl",
                 "data/commitments.jsonl"):
        assert (published.bundle / name).is_file(), name


def both_fail_naming(published: Published, bundle: Path, name: str) -> None:
    ours = published.adalet.run("bundle", "verify", str(bundle), check=False)
    theirs = standalone(bundle)
    for result in (ours, theirs):
        assert result.returncode == 1, result.stdout
        assert name in result.stderr, result.stderr


def test_a_removed_file_fails(published: Published, tmp_path: Path) -> None:
    bundle = published.fresh_copy(tmp_path)
    gone = sorted((bundle / "data" / "redacted").iterdir())[0]
    gone.unlink()
    both_fail_naming(published, bundle, f"data/redacted/{gone.name}")


def test_an_added_file_fails(published: Published, tmp_path: Path) -> None:
    bundle = published.fresh_copy(tmp_path)
    (bundle / "data" / "records-extra.jsonl").write_text('{"type":"record"}\n')
    both_fail_naming(published, bundle, "data/records-extra.jsonl")
    (bundle / "data" / "records-extra.jsonl").unlink()
    (bundle / "notes.txt").write_text("a tag file nobody listed\n")
    both_fail_naming(published, bundle, "notes.txt")


def test_a_record_changed_and_its_manifests_rewritten_fails_on_the_signature(published: Published, tmp_path: Path) -> None:
    """An attacker who edits a record and recomputes both manifests is caught by the signed Merkle root."""
    import hashlib

    bundle = published.fresh_copy(tmp_path)
    records = bundle / "data" / "records.jsonl"
    records.write_bytes(records.read_bytes().replace(b'"birth_year":19', b'"birth_year":20', 1))
    for manifest_name in ("manifest-sha256.txt", "tagmanifest-sha256.txt"):
        lines = []
        for line in (bundle / manifest_name).read_text().splitlines():
            _, name = line.split("  ")
            lines.append(f"{hashlib.sha256((bundle / name).read_bytes()).hexdigest()}  {name}")
        (bundle / manifest_name).write_text("\n".join(lines) + "\n")
    both_fail_naming(published, bundle, "merkle/checkpoint.txt")


def test_a_bundle_signed_by_another_key_fails_against_the_key_held(published: Published, tmp_path: Path) -> None:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from adalet.lib import notes

    other = notes.Signer("someone-else", Ed25519PrivateKey.generate()).verifier_key
    result = standalone(published.bundle, "--key", other)
    assert result.returncode == 1 and "README.md" in result.stderr


def rewrite_manifests(bundle: Path) -> None:
    """What an attacker with the bundle does: both manifests made to list what is there now."""
    import hashlib

    files = sorted(p.relative_to(bundle).as_posix() for p in bundle.rglob("*") if p.is_file())
    payload = [f for f in files if f.startswith("data/")]
    tags = [f for f in files if not f.startswith("data/") and f != "tagmanifest-sha256.txt"]
    info = bundle / "bag-info.txt"
    total = sum((bundle / f).stat().st_size for f in payload)
    info.write_text("".join(line + "\n" for line in info.read_text().splitlines() if not line.startswith("Payload-Oxum"))
                    + f"Payload-Oxum: {total}.{len(payload)}\n")
    (bundle / "manifest-sha256.txt").write_text(
        "".join(f"{hashlib.sha256((bundle / f).read_bytes()).hexdigest()}  {f}\n" for f in payload))
    (bundle / "tagmanifest-sha256.txt").write_text(
        "".join(f"{hashlib.sha256((bundle / f).read_bytes()).hexdigest()}  {f}\n" for f in tags))


def test_a_payload_file_no_leaf_names_fails_even_with_the_manifests_rewritten(published: Published, tmp_path: Path) -> None:
    bundle = published.fresh_copy(tmp_path)
    (bundle / "data" / "redacted" / "forged.txt").write_text("a document nobody published\n")
    rewrite_manifests(bundle)
    both_fail_naming(published, bundle, "data/redacted/forged.txt")


def test_a_bundle_passed_off_as_an_extract_fails(published: Published, tmp_path: Path) -> None:
    """One record copied beside the rest as data/record.jsonl does not make the whole bag pass as an extract."""
    bundle = published.fresh_copy(tmp_path)
    first = (bundle / "data" / "records.jsonl").read_bytes().split(b"\n")[0]
    (bundle / "data" / "record.jsonl").write_bytes(first + b"\n")
    rewrite_manifests(bundle)
    both_fail_naming(published, bundle, "an extract holds one record and nothing else")
