"""The suite's skip policy, as a pytest plugin: under CI a test that cannot run fails instead of being skipped.

`CI=true`: every skip fails but one for a missing optional service (`tests.services`). `ADALET_REQUIRE_SERVICES=1`
(`.ci/run`, on a machine that runs PostgreSQL and Redis): every skip fails. Outside CI, skips stay skips.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from tests.services import SKIP_PREFIX


def skip_is_an_error(reason: str) -> bool:
    """Under CI a skip fails the run, but for a missing optional service (unless those are required too)."""
    if os.environ.get("ADALET_REQUIRE_SERVICES") == "1":
        return True
    return os.environ.get("CI", "").lower() in ("1", "true", "yes") and not reason.startswith(SKIP_PREFIX)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    """A test that cannot run (a fixture, a program, a file missing) fails in CI instead of passing as skipped."""
    outcome = yield
    report = outcome.get_result()  # type: ignore[attr-defined]
    if not report.skipped or hasattr(report, "wasxfail"):
        return
    longrepr = report.longrepr
    reason = longrepr[2] if isinstance(longrepr, tuple) else str(longrepr)
    reason = reason.removeprefix("Skipped: ")
    if skip_is_an_error(reason):
        report.outcome = "failed"
        report.longrepr = f"skipped under CI, where every test must run: {reason}"


@pytest.hookimpl(hookwrapper=True)
def pytest_make_collect_report(collector: pytest.Collector) -> Iterator[None]:
    """The same for a whole module skipped at import (`pytest.skip(allow_module_level=True)`, `importorskip`)."""
    outcome = yield
    report = outcome.get_result()  # type: ignore[attr-defined]
    if report.skipped:
        longrepr = report.longrepr
        reason = (longrepr[2] if isinstance(longrepr, tuple) else str(longrepr)).removeprefix("Skipped: ")
        if skip_is_an_error(reason):
            report.outcome = "failed"
            report.longrepr = f"module skipped under CI, where every test must run: {reason}"
