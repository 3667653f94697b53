"""The bundle's signed checkpoint carries an RFC 3161 timestamp (lib/timestamps) from the configured authority:
`adalet bundle verify` checks it, OpenSSL accepts it as the README says, and an authority that does not answer
stops `adalet bundle create` with one line naming it."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from tests.bundles.conftest import Published
from tests.tsa import closed_port_url


def test_the_checkpoint_is_timestamped_and_the_stamp_verifies(published: Published) -> None:
    stamps = json.loads((published.bundle / "timestamps" / "stamps.json").read_text())
    assert len(stamps) == 1 and stamps[0]["data"] == "merkle/checkpoint.txt"
    out = published.adalet.run("bundle", "verify", str(published.bundle), "--tsa-ca", str(published.tsa_certificate))
    assert "timestamp by http://127.0.0.1:" in out.stdout
    assert shutil.which("openssl"), "openssl checks the timestamp as the README says"
    checked = subprocess.run(
        ["openssl", "ts", "-verify", "-data", "merkle/checkpoint.txt", "-in", stamps[0]["reply"], "-CAfile",
         "timestamps/tsa-certificates.pem"], cwd=published.bundle, capture_output=True, text=True)
    assert checked.returncode == 0 and "Verification: OK" in checked.stdout, checked.stderr


def test_a_stamp_of_another_checkpoint_fails(published: Published, tmp_path: Path) -> None:
    from adalet.bundles.build import check_timestamps
    from adalet.bundles.verifier import Failure

    bundle = published.fresh_copy(tmp_path)
    note = bundle / "merkle" / "checkpoint.txt"
    note.write_bytes(note.read_bytes().replace(b"\n\n", b"\nforged\n\n", 1))
    try:
        check_timestamps(bundle, published.tsa_certificate)
        raise AssertionError("a timestamp of another text verified")
    except Failure as failure:
        assert "timestamps/1.tsr" in str(failure)


def test_an_authority_that_does_not_answer_stops_the_bundle(published: Published, tmp_path: Path) -> None:
    adalet = published.adalet
    adalet.env.update(ADALET_TSA_URLS=closed_port_url(), ADALET_TSA_CA_FILE=str(published.tsa_certificate))
    try:
        result = adalet.run("bundle", "create", "leak", "--out", str(tmp_path / "b"), check=False)
    finally:
        for name in ("ADALET_TSA_URLS", "ADALET_TSA_CA_FILE"):
            adalet.env.pop(name)
    assert result.returncode == 1 and "timestamp authority http://127.0.0.1:" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "b").exists()  # no half-made bundle left behind
