"""The privacy attack as a test: no ID number and no address of the generated leak appears anywhere in its public
bundle, in any file, in the spellings the leak writes them (the 18 characters; the birth date and sequence without
the region code; the address, and the part of it below the county), UTF-8 or UTF-16."""

from __future__ import annotations

import json
import re
from pathlib import Path

from adalet.names.counties import county_in
from tests.bundles.conftest import Published

ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])[0-9]{17}[0-9Xx](?![0-9A-Za-z])")  # not a run inside a hex hash


def secrets_of(manifest: dict) -> set[str]:  # type: ignore[type-arg]
    found = set(ID_NUMBER.findall(json.dumps(manifest, ensure_ascii=False)))
    assert len(found) >= len(manifest["people"])
    secrets = set(found) | {number[6:] for number in found}  # without the region code a bundle may keep
    for person in manifest["people"]:
        address = person.get("address") or ""
        if address:
            secrets.add(address)
            county = county_in(address)
            below = address.split(county.name, 1)[1] if county and county.name in address else ""
            if len(below) >= 4:
                secrets.add(below)  # the township, village, group and house
    return secrets


def test_no_id_number_or_address_of_the_leak_is_anywhere_in_the_public_bundle(published: Published) -> None:
    secrets = secrets_of(published.manifest)
    files = [p for p in published.bundle.rglob("*") if p.is_file()]
    found = []
    for path in files:
        data = path.read_bytes()
        for secret in secrets:
            for encoded in (secret.encode("utf-8"), secret.encode("utf-16-le")):
                if encoded in data:
                    found.append(f"{path.relative_to(published.bundle)}: {secret}")
    assert found == []
    # the bundle is not empty of what the public may see: names, counties, facilities
    records = (published.bundle / "data" / "records.jsonl").read_text(encoding="utf-8")
    person = published.manifest["people"][0]
    assert person["name"] in records and person["county"] in records


def test_the_attack_would_see_an_id_number_that_got_in(published: Published, tmp_path: Path) -> None:
    """The test above can fail: the same scan finds an ID number written into a copy of the bundle."""
    bundle = published.fresh_copy(tmp_path)
    number = published.manifest["people"][3]["id_number"]
    (bundle / "data" / "redacted" / "1.txt").write_text(f"leaked {number}\n", encoding="utf-8")
    secrets = secrets_of(published.manifest)
    hits = [s for p in bundle.rglob("*") if p.is_file() for s in secrets if s.encode() in p.read_bytes()]
    assert number in hits
