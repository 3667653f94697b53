"""Schemathesis over the API's own OpenAPI document (/api/openapi.json): generated requests to every operation,
run against the WSGI application with a small published collection, and none may answer with a server error."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from tests.web.conftest import build_leak

# Loaded when the module is collected (the document needs no database); schemathesis' lazy `from_fixture` loader
# does not work with pytest 9 (it sets a node attribute pytest renamed).
schema = schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())


@pytest.fixture
def published_leak(db: None, tmp_path: Path) -> Iterator[None]:
    """A small published collection; requests keep the test's connection open, as Django's test client does."""
    build_leak(tmp_path / "leak", "published-leak", public=True)
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(max_examples=100, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much])
def test_no_operation_answers_with_a_server_error(case: schemathesis.Case, published_leak: None) -> None:
    case.call_and_validate(checks=[not_a_server_error])


def test_the_document_names_the_bearer_token(client: object, db: None) -> None:
    document = client.get("/api/openapi.json").json()  # type: ignore[attr-defined]
    schemes = document["components"]["securitySchemes"]
    assert {"type": "http", "scheme": "bearer"}.items() <= next(iter(schemes.values())).items()
    assert {"/api/collections", "/api/search", "/api/match", "/api/match/{dataset}"} <= set(document["paths"])


