"""RFC 3161 timestamps: a timestamp authority's signed word that some bytes existed at a given time.

A checkpoint of the custody log names its Merkle root; a timestamp of the checkpoint's text by an
authority that does not answer to Adalet (a TSA) proves the root existed then, so whoever holds the host
later cannot rewrite the log and sign a new checkpoint dated in the past. Requests and tokens are read
and checked by `rfc3161-client` (Trail of Bits, used by Sigstore); this module only asks and stores.

Configuration: ADALET_TSA_URLS, the authorities' addresses separated by spaces; ADALET_TSA_CA_FILE, a PEM
file of the certificates to trust for them (their roots, or their own certificates when self-signed).
Without a trusted certificate no token can be checked, so asking a TSA without one is an error.

What is stored is the authority's whole answer (a DER TimeStampResp), not only its token: that is
what `rfc3161-client` reads, and `openssl ts -reply -in FILE -text` prints. Checking one (`verify`)
re-hashes the data, checks the signature and certificate chain against the trusted certificates, and
reads the time the authority signed.

Fail closed: an authority that does not answer, or answers with anything but a granted, valid token
over our data and nonce, is an `AuthorityError` naming it; a stored token that does not verify is a
`TimestampError`. Neither is ever read as "not timestamped, fine".
"""

from __future__ import annotations

import base64
import os
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import rfc3161_client
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization

URLS_VARIABLE = "ADALET_TSA_URLS"
CA_FILE_VARIABLE = "ADALET_TSA_CA_FILE"
QUERY_TYPE = "application/timestamp-query"
REPLY_TYPE = "application/timestamp-reply"
TIMEOUT_SECONDS = 30.0
MAX_REPLY_BYTES = 1 << 20
DIGEST_ALGORITHMS = {"2.16.840.1.101.3.4.2.1", "2.16.840.1.101.3.4.2.2", "2.16.840.1.101.3.4.2.3"}  # SHA-256, -384, -512


class TimestampError(ValueError):
    """A timestamp that cannot be checked or does not verify (a one-line reason)."""


class AuthorityError(RuntimeError):
    """A timestamp authority that did not answer with a valid token (names the authority)."""

    def __init__(self, url: str, reason: str) -> None:
        super().__init__(f"timestamp authority {url}: {reason}")
        self.url = url
        self.reason = reason


@dataclass(frozen=True)
class Stamp:
    """One authority's timestamp: who gave it, its answer as it came (DER), and the time it signed."""

    authority: str
    token: bytes
    time: datetime

    def as_json(self) -> dict[str, str]:
        return {"authority": self.authority, "token": base64.b64encode(self.token).decode(), "time": self.time.isoformat()}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Stamp:
        """A stored stamp; its time is read again from the token (the stored "time" is for people to read)."""
        try:
            token = base64.b64decode(data["token"], validate=True)
            authority = str(data["authority"])
        except (KeyError, TypeError, ValueError) as error:
            raise TimestampError(f"a stored timestamp is malformed: {error}") from error
        return cls(authority, token, token_time(token))


def configured_authorities() -> list[str]:
    """The authorities ADALET_TSA_URLS names (none: checkpoints are not timestamped)."""
    return os.environ.get(URLS_VARIABLE, "").split()


def trusted_certificates(path: str | Path | None = None) -> list[x509.Certificate]:
    """The certificates ADALET_TSA_CA_FILE (or `path`) holds: the only ones a token may chain to."""
    named = str(path) if path is not None else os.environ.get(CA_FILE_VARIABLE, "")
    if not named:
        raise TimestampError(f"{CA_FILE_VARIABLE} is not set: no timestamp can be checked without the TSAs' certificates")
    try:
        certificates = x509.load_pem_x509_certificates(Path(named).read_bytes())
    except (OSError, ValueError) as error:
        raise TimestampError(f"cannot read the TSA certificates in {named}: {error}") from error
    return certificates


def _verifier(roots: list[x509.Certificate], request: rfc3161_client.TimeStampRequest | None = None) -> Any:
    builder = rfc3161_client.VerifierBuilder.from_request(request) if request else rfc3161_client.VerifierBuilder()
    for certificate in roots:
        builder = builder.add_root_certificate(certificate)
    return builder.build()


def _decode(token: bytes) -> rfc3161_client.TimeStampResponse:
    try:
        return rfc3161_client.decode_timestamp_response(token)
    except ValueError as error:
        raise TimestampError(f"not an RFC 3161 timestamp: {error}") from error


def token_time(token: bytes) -> datetime:
    """The time the authority signed (genTime), unverified: use `verify` to know it holds."""
    return _decode(token).tst_info.gen_time


def verify(token: bytes, data: bytes, roots: list[x509.Certificate]) -> datetime:
    """The time `token` proves `data` existed at, once checked against `roots`; else TimestampError."""
    response = _decode(token)
    try:
        _verifier(roots).verify_message(response, data)
        _check_unsigned_parts(response, roots)
    except TimestampError:
        raise
    except Exception as error:  # noqa: BLE001 (an answer that cannot be read is one that does not verify)
        raise TimestampError(f"the timestamp does not verify: {error}") from error
    return response.tst_info.gen_time


def _check_unsigned_parts(response: rfc3161_client.TimeStampResponse, roots: list[x509.Certificate]) -> None:
    """What the TSA's signature does not cover, held to what it must be.

    rfc3161-client checks the signature with the trusted certificates, but reads the signer's key usage from the
    certificate carried in the answer, which nothing signs: that certificate must be a trusted one, or issued by one
    (so ADALET_TSA_CA_FILE holds the TSA's certificate or its direct issuer). The versions and the digest algorithms
    listed must be what RFC 5652 says. Left unread: the signer's signature algorithm identifier (the algorithm is
    the key's), so a byte changed there changes nothing the timestamp proves."""
    signer = next(iter(response.signed_data.signer_infos))
    for der in response.signed_data.certificates:
        leaf = x509.load_der_x509_certificate(der)
        if leaf.issuer == signer.issuer and leaf.serial_number == signer.serial_number:
            break
    else:
        raise TimestampError("the timestamp does not carry its signer's certificate")
    trusted = {root.public_bytes(serialization.Encoding.DER) for root in roots}
    if der not in trusted and not any(_issued_by(leaf, root) for root in roots if root.subject != leaf.subject):
        raise TimestampError("the timestamp's certificate is neither trusted nor issued by a trusted certificate")
    if response.signed_data.version != 3 or signer.version != 1:  # RFC 5652 5.1 and 5.3, for a TSTInfo signed by
        raise TimestampError("the timestamp's signed data has the wrong version")  # issuer and serial number
    unknown = {oid.dotted_string for oid in response.signed_data.digest_algorithms} - DIGEST_ALGORITHMS
    if unknown:
        raise TimestampError(f"the timestamp names unknown digest algorithms {sorted(unknown)}")


def _issued_by(leaf: x509.Certificate, issuer: x509.Certificate) -> bool:
    try:
        leaf.verify_directly_issued_by(issuer)
    except (ValueError, TypeError, InvalidSignature):
        return False
    return True


def request_stamp(url: str, data: bytes, roots: list[x509.Certificate], timeout: float = TIMEOUT_SECONDS) -> Stamp:
    """Ask one authority to timestamp `data` (SHA-256, with a nonce); its answer is checked before it is kept."""
    request = (
        rfc3161_client.TimestampRequestBuilder()
        .data(data)
        .hash_algorithm(rfc3161_client.HashAlgorithm.SHA256)
        .nonce(nonce=True)
        .cert_request(cert_request=True)
        .build()
    )
    post = urllib.request.Request(
        url, data=request.as_bytes(), method="POST", headers={"Content-Type": QUERY_TYPE, "Accept": REPLY_TYPE}
    )
    try:
        with urllib.request.urlopen(post, timeout=timeout) as answer:
            token = answer.read(MAX_REPLY_BYTES + 1)
    except urllib.error.HTTPError as error:
        raise AuthorityError(url, f"answered HTTP {error.code}") from error
    except (urllib.error.URLError, OSError, ValueError) as error:
        reason = getattr(error, "reason", error)
        raise AuthorityError(url, f"did not answer ({reason})") from error
    if len(token) > MAX_REPLY_BYTES:
        raise AuthorityError(url, "answered more than a timestamp")
    try:
        response = _decode(token)
        if response.status != rfc3161_client.PKIStatus.GRANTED:
            raise TimestampError(f"refused (status {response.status}: {' '.join(response.status_string)})")
        _verifier(roots, request).verify_message(response, data)
    except (TimestampError, rfc3161_client.VerificationError, ValueError) as error:
        raise AuthorityError(url, f"its answer does not verify: {error}") from error
    return Stamp(url, token, response.tst_info.gen_time)


def stamp(data: bytes, urls: list[str] | None = None) -> tuple[list[Stamp], list[AuthorityError]]:
    """Timestamps of `data` from every configured authority, and the authorities that failed (each named)."""
    urls = configured_authorities() if urls is None else urls
    if not urls:
        return [], []
    roots = trusted_certificates()
    stamps: list[Stamp] = []
    failures: list[AuthorityError] = []
    for url in urls:
        try:
            stamps.append(request_stamp(url, data, roots))
        except AuthorityError as failure:
            failures.append(failure)
    return stamps, failures
