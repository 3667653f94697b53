"""`adalet campaign create --ask`, `deliver`, `delivered`, `respond`, `outcomes --json` and `publish`, run for real."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import Adalet

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "sanctions"
ASKS = ["ZHAO Kezhi", "WANG Yang", "GUO Shengkun", "HU Lianhe"]


@pytest.mark.one_database  # the commands' output; outcomes are stored on both in test_outcomes.py
def test_the_seed_case_from_the_command_line(adalet: Adalet, tmp_path: Path) -> None:
    adalet.run("migrate", "--verbosity", "0")
    adalet.run("officials", "load", str(FIXTURES / "officials.csv"))
    body = tmp_path / "letter.md"
    body.write_text("We call on the US Government to impose Global Magnitsky sanctions.\n")

    refused = adalet.run("campaign", "create", "sign-on-2022", "--title", "Sanctions now", "--recipients", "US",
                         "--body", str(body), "--opens", "2022-07-20T09:00", "--deadline", "2022-08-05",
                         "--ask", "Nobody Known", check=False)
    assert refused.returncode == 1 and len(refused.stderr.strip().splitlines()) == 1
    assert "no official 'Nobody Known'" in refused.stderr
    asks = [arg for name in ASKS for arg in ("--ask", name)]
    adalet.run("campaign", "create", "sign-on-2022", "--title", "Sanctions now", "--recipients", "US", "--body",
               str(body), "--opens", "2022-07-20T09:00", "--deadline", "2022-08-05", *asks, "--ask-to", "us")

    out = adalet.run("campaign", "deliver", "sign-on-2022", "--to", "US Department of the Treasury; US Department of "
                     "State", "--method", "email", "--reference", "R-1", "--at", "2022-08-10T14:00").stdout
    assert "delivered to US Department of the Treasury; US Department of State (email), 0 signatories" in out
    checked = json.loads(adalet.run("campaign", "delivered", "sign-on-2022", "--json").stdout)
    assert [d["ok"] for d in checked] == [True]
    pdf_sha = checked[0]["pdf_sha256"]

    adalet.run("officials", "load", str(FIXTURES / "designations_update_2023-12-08.csv"))
    result = adalet.json("campaign", "outcomes", "sign-on-2022")
    assert (result["fulfilled"], result["open"]) == (1, 3)
    statuses = {a["official"]: (a["status"], a["designated_on"]) for a in result["asks"]}
    assert statuses == {"HU Lianhe": ("fulfilled", "2023-12-08"), "ZHAO Kezhi": ("open", None),
                        "WANG Yang": ("open", None), "GUO Shengkun": ("open", None)}
    assert {"official", "jurisdiction", "status", "designated_on", "evidence"} <= set(result["asks"][0])
    follow = result["follow_up"]
    assert follow == "sign-on-2022-follow-up"

    reply = tmp_path / "reply.txt"
    reply.write_text("We have received your letter.\n")
    adalet.run("campaign", "respond", "sign-on-2022", "--from", "US Department of State", "--on", "2022-09-01",
               "--file", str(reply))
    published = adalet.run("campaign", "publish", follow).stdout
    assert published.startswith(f"{follow}: open until")

    # the kept PDF changed: the check fails, with exit 1
    blob = Path(adalet.env["ADALET_HOME"]) / "blobs" / "originals" / pdf_sha[:2] / pdf_sha[2:4] / pdf_sha
    blob.chmod(0o644)
    blob.write_bytes(blob.read_bytes() + b"%")
    failed = adalet.run("campaign", "delivered", "sign-on-2022", check=False)
    assert failed.returncode == 1 and "FAILED: the delivered PDF no longer hashes" in failed.stdout
