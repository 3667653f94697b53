"""The optional services some tests need (PostgreSQL, Redis): the one kind of skip the suite allows.

A test that needs a service calls `require("redis")` (or uses `needs("redis")` as a mark); when the service does not
answer, the test is skipped with a reason that starts with `SKIP_PREFIX`. Every other skip fails under `CI=true`
(see `tests/conftest.py`), and under `ADALET_REQUIRE_SERVICES=1` (set by `.ci/run`, whose machine runs both
services) a missing service fails too.
"""

from __future__ import annotations

import functools
import socket

import pytest

SKIP_PREFIX = "optional service not running: "
ADDRESSES = {"redis": ("127.0.0.1", 6379), "postgresql": ("127.0.0.1", 5432)}


@functools.cache
def answers(service: str) -> bool:
    """Whether the service's port accepts a connection on this machine."""
    try:
        socket.create_connection(ADDRESSES[service], timeout=1).close()
        return True
    except OSError:
        return False


def skip_reason(service: str, detail: str = "") -> str:
    host, port = ADDRESSES[service]
    return f"{SKIP_PREFIX}{service} at {host}:{port}" + (f" ({detail})" if detail else "")


def require(service: str, detail: str = "") -> None:
    """Skip the running test when the service is not there (the one allowed skip)."""
    if not answers(service):
        pytest.skip(skip_reason(service, detail))


def needs(service: str) -> pytest.MarkDecorator:
    """A mark for tests that need the service."""
    return pytest.mark.skipif(not answers(service), reason=skip_reason(service))
