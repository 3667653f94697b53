"""The skip policy, run as CI runs it: a test that cannot run fails under CI=true unless a service is missing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.services import skip_reason

#: The skip policy of pytest runs, whatever the database.
pytestmark = pytest.mark.one_database

ROOT = Path(__file__).resolve().parents[1]

SAMPLE = f'''
import pytest

def test_runs():
    assert True

def test_missing_fixture_file():
    pytest.skip("the fixture file is not there")

@pytest.mark.skipif(True, reason={skip_reason("redis")!r})
def test_needs_a_service():
    pass
'''

MODULE_SKIP = '''
import pytest
pytest.importorskip("a_module_that_is_not_installed")

def test_never_collected():
    pass
'''


def run(tmp_path: Path, source: str, **env: str) -> subprocess.CompletedProcess[str]:
    path = tmp_path / "test_sample.py"
    path.write_text(source, encoding="utf-8")
    clean = {k: v for k, v in os.environ.items() if k not in ("CI", "ADALET_REQUIRE_SERVICES", "PYTEST_XDIST_WORKER")}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rs", "-p", "tests.skip_policy", "-p", "no:cacheprovider", "-p", "no:xdist",
         "--rootdir", str(tmp_path), str(path)],
        cwd=ROOT, env={**clean, **env}, capture_output=True, text=True, timeout=120,
    )


def summary(result: subprocess.CompletedProcess[str]) -> str:
    return result.stdout.strip().splitlines()[-1]


def test_outside_ci_skips_stay_skips(tmp_path: Path) -> None:
    result = run(tmp_path, SAMPLE)
    assert result.returncode == 0 and "1 passed, 2 skipped" in summary(result), result.stdout


@pytest.mark.parametrize("ci", ["true", "1"])
def test_under_ci_only_a_missing_service_may_skip(tmp_path: Path, ci: str) -> None:
    result = run(tmp_path, SAMPLE, CI=ci)
    assert result.returncode == 1 and "1 failed, 1 passed, 1 skipped" in summary(result), result.stdout
    assert "skipped under CI, where every test must run: the fixture file is not there" in result.stdout


def test_when_services_are_required_nothing_may_skip(tmp_path: Path) -> None:
    result = run(tmp_path, SAMPLE, CI="true", ADALET_REQUIRE_SERVICES="1")
    assert result.returncode == 1 and "1 failed, 1 passed, 1 error" in summary(result), result.stdout  # a mark fails at setup


def test_a_module_skipped_at_import_fails_under_ci(tmp_path: Path) -> None:
    assert "1 skipped" in summary(run(tmp_path, MODULE_SKIP))
    result = run(tmp_path, MODULE_SKIP, CI="true")
    assert result.returncode != 0 and "module skipped under CI" in result.stdout, result.stdout
