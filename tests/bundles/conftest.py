"""One published leak and its bundle, made once for the bundle tests through the real `adalet` command: a realistic
demo leak (people with ID numbers and addresses, photos named by ID number), ingested, mapped, cross-referenced,
published with its photos, then one more file ingested (withheld until published), then `adalet bundle create` with
its checkpoint timestamped by a local RFC 3161 authority (tests/tsa.py)."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from adalet.demo.leak import LEAK_ZIP, MANIFEST
from tests.conftest import Adalet, adalet_in
from tests.tsa import LocalTSA

LATER_FILE = "later-report.txt"


@dataclass
class Published:
    adalet: Adalet
    leak: Path
    manifest: dict[str, Any]
    bundle: Path
    later_file: Path  # ingested after publication: withheld
    tsa_certificate: Path  # the certificate of the TSA that timestamped the bundle's checkpoint

    def fresh_copy(self, where: Path) -> Path:
        copy = where / "bundle"
        shutil.copytree(self.bundle, copy)
        return copy


def make_adalet(root: Path) -> Iterator[Adalet]:
    return adalet_in(root, "adalet_bundles")


def publish_leak(adalet: Adalet, root: Path, *, people: int = 40, photos: int = 12, seed: int = 3) -> tuple[Path, dict]:
    leak = root / f"leak-{seed}"
    adalet.run("demo-leak", str(leak), "--people", str(people), "--photos", str(photos), "--docs", "2",
               "--seed", str(seed), "--realistic")
    adalet.run("ingest", str(leak / LEAK_ZIP), "--collection", "leak", "--no-ocr")
    adalet.run("records", "map", "leak")
    adalet.run("xref", "photos", "leak")
    adalet.run("collection", "publish", "leak", "--photos")
    return leak, json.loads((leak / MANIFEST).read_text(encoding="utf-8"))


@pytest.fixture(scope="package")
def published(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Published]:
    root = tmp_path_factory.mktemp("bundles")
    for adalet in make_adalet(root):
        leak, manifest = publish_leak(adalet, root)
        later = root / LATER_FILE
        later.write_text("A report that came after publication: withheld until published again.\n", encoding="utf-8")
        adalet.run("ingest", str(later), "--collection", "leak", "--no-ocr")
        bundle = root / "bundle"
        with LocalTSA.running(root / "tsa") as tsa:  # the checkpoint timestamped by a real (local) RFC 3161 TSA
            adalet.env.update(ADALET_TSA_URLS=tsa.url, ADALET_TSA_CA_FILE=str(tsa.certificate))
            adalet.run("bundle", "create", "leak", "--out", str(bundle))
            for name in ("ADALET_TSA_URLS", "ADALET_TSA_CA_FILE"):
                adalet.env.pop(name)
        yield Published(adalet, leak, manifest, bundle, later, tsa.certificate)
