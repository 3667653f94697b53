"""`adalet campaign create | extend | close | export | purge` from the command line, errors in one line."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from tests.conftest import Adalet


@pytest.mark.one_database  # the commands' output; letters and signatures are stored on both in the web and signing tests
def test_the_campaign_commands(adalet: Adalet, tmp_path: Path) -> None:
    body = tmp_path / "letter.md"
    body.write_text("We, the undersigned, call for **justice**.\n")
    out = adalet.run("campaign", "create", "letter-2022", "--title", "Open letter", "--recipients", "The Chair; The Board",
                     "--body", str(body), "--opens", "2022-07-20T09:00", "--deadline", "2022-08-05",
                     "--timezone", "America/New_York", "--link", "official:Chen Quanguo=/people/1").stdout
    assert "letter-2022: open until 2022-08-06T00:00:00-04:00" in out
    out = adalet.run("campaign", "extend", "letter-2022", "--to", "2022-08-10", "--reason", "More time asked").stdout
    assert "extended from 2022-08-05 to 2022-08-10; 0 signers told" in out
    bad = adalet.run("campaign", "extend", "letter-2022", "--to", "2022-08-01", "--reason", "x", check=False)
    assert bad.returncode == 1 and len(bad.stderr.splitlines()) == 1
    assert bad.stderr.startswith("CommandError: the new deadline must be after")
    assert adalet.run("campaign", "close", "letter-2022").stdout.strip() == "letter-2022: closed"
    assert "already closed" in adalet.run("campaign", "close", "letter-2022", check=False).stderr
    out = adalet.run("campaign", "export", "letter-2022", "--out", str(tmp_path / "package")).stdout
    assert sorted(Path(p).name for p in out.split()) == ["letter-2022-signatories.csv", "letter-2022.pdf"]
    with open(tmp_path / "package" / "letter-2022-signatories.csv", encoding="utf-8-sig") as f:
        assert next(csv.reader(f))[:3] == ["type", "organization", "name"]
    assert (tmp_path / "package" / "letter-2022.pdf").read_bytes().startswith(b"%PDF")
    out = adalet.run("campaign", "purge", "--days", "0", "--dry-run").stdout
    assert out.startswith("1 letters: would erase personal data of 0 signatures")
    assert adalet.run("campaign", "purge", "--days", "0").stdout.startswith("1 letters: erased")
    actions = adalet.query("from adalet.archive.models import CustodyRecord\n"
                           "result = list(CustodyRecord.objects.order_by('seq').values_list('action', flat=True))")
    assert actions == ["campaign-create", "campaign-extend", "campaign-close", "export-personal-data", "campaign-purge"]
    assert "no letter called 'nope'" in adalet.run("campaign", "close", "nope", check=False).stderr
    assert "unknown time zone" in adalet.run("campaign", "create", "x", "--title", "t", "--recipients", "r", "--body",
                                             str(body), "--deadline", "2030-01-01", "--timezone", "Mars/Base",
                                             check=False).stderr
