"""A real RFC 3161 timestamp authority for tests: `openssl ts -reply` behind a small HTTP server in a thread.

`LocalTSA.running(directory)` makes a key and a self-signed certificate with the timeStamping usage (the recipe in
/work/shared/MACHINE-NOTES.md), serves POSTs of application/timestamp-query on 127.0.0.1 (no network), and answers
each with what openssl signed. `tsa.url` to ask it, `tsa.certificate` (a PEM file) to trust it. Without openssl the
test is skipped (and fails under CI, tests/skip_policy.py).
"""

from __future__ import annotations

import shutil
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

CONFIG = """\
[req]
distinguished_name = dn
prompt = no
x509_extensions = v3_tsa
[dn]
CN = {name}
[v3_tsa]
basicConstraints = critical,CA:false
keyUsage = critical,digitalSignature
extendedKeyUsage = critical,timeStamping
subjectKeyIdentifier = hash
[tsa]
default_tsa = tsa_config
[tsa_config]
serial = {dir}/serial
signer_cert = {dir}/tsa.crt
signer_key = {dir}/tsa.key
signer_digest = sha256
default_policy = 1.2.3.4.1
digests = sha256, sha384, sha512
ess_cert_id_alg = sha256
accuracy = secs:1
tsa_name = yes
"""


def _openssl(*args: str, stdin: bytes | None = None) -> bytes:
    return subprocess.run(["openssl", *args], input=stdin, capture_output=True, check=True, timeout=60).stdout


class LocalTSA:
    """A timestamp authority with its own key, answering over HTTP on a free local port."""

    def __init__(self, directory: Path, name: str = "Adalet test TSA") -> None:
        if shutil.which("openssl") is None:
            pytest.skip("openssl is not installed: the test timestamp authority needs `openssl ts`")
        directory.mkdir(parents=True, exist_ok=True)
        self.directory = directory
        self.config = directory / "tsa.cnf"
        self.config.write_text(CONFIG.format(name=name, dir=directory))
        (directory / "serial").write_text("01\n")
        _openssl(
            "req", "-x509", "-config", str(self.config), "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
            "-nodes", "-keyout", str(directory / "tsa.key"), "-out", str(directory / "tsa.crt"), "-days", "3650",
        )  # fmt: skip
        self.certificate = directory / "tsa.crt"
        self.requests = 0
        self.failing = False  # answer HTTP 500 to every request
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}/tsr"

    def reply(self, query: bytes) -> bytes:
        """What openssl signs for one timestamp query (DER in, DER out)."""
        with self._lock:  # openssl ts -reply advances the serial file
            self.requests += 1
            query_file = self.directory / "query.tsq"
            query_file.write_bytes(query)
            return _openssl("ts", "-reply", "-config", str(self.config), "-queryfile", str(query_file))

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        tsa = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (http.server's name)
                query = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                try:
                    if tsa.failing or self.headers.get("Content-Type") != "application/timestamp-query":
                        raise ValueError("refused")
                    body, status = tsa.reply(query), 200
                except (ValueError, subprocess.CalledProcessError):
                    body, status = b"", 500
                self.send_response(status)
                self.send_header("Content-Type", "application/timestamp-reply")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:
                pass

        return Handler

    @classmethod
    @contextmanager
    def running(cls, directory: Path, name: str = "Adalet test TSA") -> Iterator[LocalTSA]:
        tsa = cls(directory, name)
        thread = threading.Thread(target=tsa._server.serve_forever, daemon=True)
        thread.start()
        try:
            yield tsa
        finally:
            tsa._server.shutdown()
            tsa._server.server_close()
            thread.join(timeout=5)


def closed_port_url() -> str:
    """The address of a port nothing listens on: an authority that does not answer."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    port = server.server_address[1]
    server.server_close()
    return f"http://127.0.0.1:{port}/tsr"
