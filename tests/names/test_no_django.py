"""adalet.names is pure Python: importing and using it must not import Django."""

from __future__ import annotations

import subprocess
import sys


def test_import_does_not_import_django() -> None:
    code = (
        "import sys\n"
        "import adalet.names as n\n"
        "assert n.compare('陈全国', 'CHEN, Quanguo').score == 1.0\n"
        "n.variants('艾尔肯·吐尼亚孜'); n.blocking_keys('Ilham Tohti')\n"
        "from adalet.names import cli\n"
        "bad = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env={"PYTHONIOENCODING": "utf-8", "PATH": ""}
    )
    assert out.stdout.strip() == ""
