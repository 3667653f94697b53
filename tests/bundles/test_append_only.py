"""A later bundle of the same collection proves it only appended (merkle/consistency.json, RFC 9162), and both
verifiers check it against the older bundle; a collection that dropped a record cannot make such a bundle, and a
bundle made without the proof fails against the older one."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from adalet.demo.leak import LEAK_ZIP
from tests.bundles.conftest import make_adalet, publish_leak


def standalone(bundle: Path, previous: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(bundle / "verify" / "verify.py"), str(bundle), "--previous", str(previous)],
                          capture_output=True, text=True, timeout=120)


def leaves(bundle: Path) -> int:
    return int((bundle / "merkle" / "checkpoint.txt").read_text().split("\n")[1])


def test_a_later_bundle_proves_it_appended_and_one_that_dropped_a_record_fails(tmp_path: Path) -> None:
    for adalet in make_adalet(tmp_path):
        publish_leak(adalet, tmp_path, people=25, photos=4, seed=3)
        first = tmp_path / "first"
        adalet.run("bundle", "create", "leak", "--out", str(first))

        # more records: a second leak arrives, is published, and the collection is mapped again (new database ids)
        more = tmp_path / "more"
        adalet.run("demo-leak", str(more), "--people", "12", "--photos", "0", "--docs", "0", "--seed", "4")
        shutil.copy(more / LEAK_ZIP, tmp_path / "second-part.zip")
        adalet.run("ingest", str(tmp_path / "second-part.zip"), "--collection", "leak", "--no-ocr")
        adalet.run("collection", "publish", "leak", "--photos")
        adalet.run("records", "map", "leak")
        second = tmp_path / "second"
        made = json.loads(adalet.run("bundle", "create", "leak", "--out", str(second), "--previous", str(first),
                                     "--json").stdout)
        assert made["extends"] == leaves(first) and made["size"] > leaves(first) + 12
        assert adalet.run("bundle", "verify", str(second), "--previous", str(first)).stdout.startswith("OK: ")
        result = standalone(second, first)
        assert result.returncode == 0 and f"extends the tree of {leaves(first)} leaves of --previous" in result.stdout
        old_lines = (first / "data" / "records.jsonl").read_bytes()
        assert (second / "data" / "records.jsonl").read_bytes().startswith(old_lines)  # the old records, unchanged

        # a record dropped: the spreadsheet of the first record withheld again
        record = json.loads(old_lines.split(b"\n")[0])
        adalet.query(f"from adalet.archive.models import Item\nItem.objects.filter(pk={record['source']['item']})"
                     ".update(withheld=True)\nresult = 1")
        refused = adalet.run("bundle", "create", "leak", "--out", str(tmp_path / "refused"), "--previous", str(second),
                             check=False)
        assert refused.returncode == 1 and "no longer published" in refused.stderr
        third = tmp_path / "third"
        adalet.run("bundle", "create", "leak", "--out", str(third))
        assert adalet.run("bundle", "verify", str(third)).returncode == 0  # a bundle on its own...
        for result in (adalet.run("bundle", "verify", str(third), "--previous", str(second), check=False),
                       standalone(third, second)):
            assert result.returncode == 1 and "merkle/consistency.json" in result.stderr  # ...that does not extend
        # the second bundle's proof is from the first: against another older bundle it fails
        wrong = standalone(second, third)
        assert wrong.returncode == 1 and "merkle/consistency.json" in wrong.stderr
