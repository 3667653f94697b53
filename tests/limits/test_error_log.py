"""A request that fails (500) is logged with its traceback in $ADALET_HOME/logs/errors.log and on stderr; so are the
`adalet` logger's errors. A visitor's mistake (404) is not an error."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.limits.failing_urls import MARKER

SCRIPT = """
import django, logging, os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "adalet.settings")
django.setup()
from django.test import Client
from django.test.utils import override_settings
with override_settings(ROOT_URLCONF="tests.limits.failing_urls", ALLOWED_HOSTS=["testserver"]):
    client = Client(raise_request_exception=False)
    print(client.get("/failing-view/").status_code, client.get("/no-such-page/").status_code)
logging.getLogger("adalet.archive").error("the archive's own error")
logging.getLogger("adalet.archive").info("an ordinary event")
"""


def run_in_a_fresh_home(home: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "ADALET_BLOBS")}
    env["ADALET_HOME"] = str(home)
    root = Path(__file__).resolve().parents[2]
    return subprocess.run([sys.executable, "-c", SCRIPT], env=env, cwd=root, capture_output=True, text=True,
                          timeout=120, check=True)


def test_a_failing_request_is_logged_with_its_traceback(tmp_path: Path) -> None:
    home = tmp_path / "home"
    result = run_in_a_fresh_home(home)
    assert result.stdout.split() == ["500", "404"]
    errors = (home / "logs" / "errors.log").read_text(encoding="utf-8")
    assert "ERROR django.request" in errors and "Internal Server Error: /failing-view/" in errors
    assert "Traceback (most recent call last)" in errors and f"RuntimeError: {MARKER}" in errors
    assert "failing_view" in errors  # the frame that raised
    assert "/no-such-page/" not in errors
    assert "ERROR adalet.archive" in errors and "the archive's own error" in errors
    assert "an ordinary event" not in errors
    assert f"RuntimeError: {MARKER}" in result.stderr and "the archive's own error" in result.stderr
    everything = (home / "logs" / "adalet.log").read_text(encoding="utf-8")
    assert "the archive's own error" in everything and "an ordinary event" in everything
