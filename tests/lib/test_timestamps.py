"""RFC 3161 timestamps against a real local authority (openssl ts): asked, kept, checked, and every forgery refused."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from adalet.lib import timestamps
from tests.tsa import LocalTSA, closed_port_url

DATA = b"adalet.example/custody\n42\nq0EXAMPLEROOTq0EXAMPLEROOTq0EXAMPLEROOTq0E=\n"


@pytest.fixture
def tsa(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[LocalTSA]:
    with LocalTSA.running(tmp_path / "tsa") as server:
        monkeypatch.setenv("ADALET_TSA_URLS", server.url)
        monkeypatch.setenv("ADALET_TSA_CA_FILE", str(server.certificate))
        yield server


def test_a_timestamp_is_asked_kept_and_verified(tsa: LocalTSA) -> None:
    stamps, failures = timestamps.stamp(DATA)
    assert failures == [] and len(stamps) == 1 and tsa.requests == 1
    stamp = stamps[0]
    assert stamp.authority == tsa.url
    assert abs(stamp.time - datetime.now(UTC)) < timedelta(minutes=1)
    roots = timestamps.trusted_certificates()
    assert timestamps.verify(stamp.token, DATA, roots) == stamp.time
    assert timestamps.Stamp.from_json(stamp.as_json()) == stamp


def test_openssl_verifies_the_stored_token_too(tsa: LocalTSA, tmp_path: Path) -> None:
    """What Adalet keeps is a standard answer: an independent tool checks it (the RFC's reference, not our code)."""
    (stamp,), _ = timestamps.stamp(DATA)
    (tmp_path / "data").write_bytes(DATA)
    (tmp_path / "reply.tsr").write_bytes(stamp.token)
    ca = str(tsa.certificate)
    args = ["openssl", "ts", "-verify", "-in", str(tmp_path / "reply.tsr"), "-CAfile", ca, "-untrusted", ca]
    checked = subprocess.run([*args, "-data", str(tmp_path / "data")], capture_output=True, text=True)
    assert "Verification: OK" in checked.stdout
    (tmp_path / "other").write_bytes(DATA + b"x")
    assert subprocess.run([*args, "-data", str(tmp_path / "other")], capture_output=True).returncode != 0


def test_a_token_over_other_data_fails(tsa: LocalTSA) -> None:
    (stamp,), _ = timestamps.stamp(DATA)
    with pytest.raises(timestamps.TimestampError, match="does not verify"):
        timestamps.verify(stamp.token, DATA.replace(b"42", b"43"), timestamps.trusted_certificates())


def test_an_untrusted_authority_is_refused_on_asking_and_on_checking(tsa: LocalTSA, tmp_path: Path) -> None:
    with LocalTSA.running(tmp_path / "other-tsa", "Some other TSA") as other:
        stamps, failures = timestamps.stamp(DATA, [other.url])
        assert stamps == [] and [f.url for f in failures] == [other.url]
        assert "does not verify" in str(failures[0])
        token = timestamps.request_stamp(other.url, DATA, timestamps.trusted_certificates(other.certificate)).token
    with pytest.raises(timestamps.TimestampError, match="does not verify"):
        timestamps.verify(token, DATA, timestamps.trusted_certificates())


# ecdsa-with-SHA256 as DER: the last one in an answer is the signer's signature algorithm, the one part left unread.
SIGNATURE_ALGORITHM = bytes.fromhex("06082a8648ce3d040302")


def test_every_flipped_byte_in_the_token_fails(tsa: LocalTSA) -> None:
    """Each of the answer's bytes flipped in turn: refused, but for the signer's algorithm identifier, which the
    verifier does not read (the algorithm is the key's; lib/timestamps._check_unsigned_parts)."""
    (stamp,), _ = timestamps.stamp(DATA)
    roots = timestamps.trusted_certificates()
    unread = stamp.token.rfind(SIGNATURE_ALGORITHM) + 2
    accepted = []
    for position in range(len(stamp.token)):
        forged = bytearray(stamp.token)
        forged[position] ^= 0x01
        try:
            timestamps.verify(bytes(forged), DATA, roots)
        except timestamps.TimestampError:
            continue
        accepted.append(position)
    assert len(stamp.token) > 800
    assert accepted == list(range(unread, unread + 8))


def test_an_authority_that_does_not_answer_is_named(tsa: LocalTSA) -> None:
    down = closed_port_url()
    stamps, failures = timestamps.stamp(DATA, [down, tsa.url])
    assert [s.authority for s in stamps] == [tsa.url]
    assert [f.url for f in failures] == [down]
    assert str(failures[0]).startswith(f"timestamp authority {down}: did not answer")


def test_an_authority_that_answers_an_error_is_named(tsa: LocalTSA) -> None:
    tsa.failing = True
    stamps, failures = timestamps.stamp(DATA)
    assert stamps == [] and str(failures[0]) == f"timestamp authority {tsa.url}: answered HTTP 500"


def test_authorities_without_trusted_certificates_are_an_error(tsa: LocalTSA, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ADALET_TSA_CA_FILE")
    with pytest.raises(timestamps.TimestampError, match="ADALET_TSA_CA_FILE is not set"):
        timestamps.stamp(DATA)
    assert tsa.requests == 0


def test_no_authority_configured_is_no_timestamp(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ADALET_TSA_URLS", raising=False)
    assert timestamps.stamp(DATA) == ([], [])


def test_garbage_is_not_a_timestamp() -> None:
    with pytest.raises(timestamps.TimestampError, match="not an RFC 3161 timestamp"):
        timestamps.token_time(b"\x30\x03\x02\x01\x00")
    with pytest.raises(timestamps.TimestampError, match="malformed"):
        timestamps.Stamp.from_json({"authority": "x", "token": "not base64!"})
