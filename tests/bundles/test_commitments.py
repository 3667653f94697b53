"""A withheld item is in the bundle only as its salted-hash commitment: the item's file is not there, and the salt
the server discloses (`adalet bundle disclose`, logged) with the file proves the item was committed to."""

from __future__ import annotations

import hashlib
import json

from adalet.bundles.verifier import commitment
from tests.bundles.conftest import LATER_FILE, Published


def test_a_withheld_items_commitment_verifies_with_its_disclosed_salt(published: Published) -> None:
    adalet = published.adalet
    item = adalet.query(f"from adalet.archive.models import Item\nresult = Item.objects.get(name={LATER_FILE!r}).pk")
    assert adalet.query(f"from adalet.archive.models import Item\nresult = Item.objects.get(pk={item}).withheld")
    files = [json.loads(line) for line in (published.bundle / "data" / "files.jsonl").read_text().splitlines()]
    assert item not in {f["item"] for f in files}  # withheld: its file is not published
    assert b"came after publication" not in b"".join(p.read_bytes() for p in published.bundle.rglob("*") if p.is_file())
    commitments = {c["item"]: c["commitment"] for c in map(json.loads, (published.bundle / "data" / "commitments.jsonl")
                                                            .read_text().splitlines())}
    disclosed = json.loads(adalet.run("bundle", "disclose", "leak", str(item)).stdout)
    sha = hashlib.sha256(published.later_file.read_bytes()).hexdigest()  # the file, as whoever discloses it holds it
    assert disclosed["sha256"] == sha
    assert commitment(bytes.fromhex(disclosed["salt"]), sha) == commitments[item]
    assert commitment(bytes(32), sha) != commitments[item]  # another salt does not open it
    assert commitment(bytes.fromhex(disclosed["salt"]), hashlib.sha256(b"another file").hexdigest()) != commitments[item]
    logged = adalet.query("from adalet.archive.models import CustodyRecord\n"
                          "result = CustodyRecord.objects.filter(action='bundle-disclose').count()")
    assert logged >= 1


def test_an_item_never_committed_has_nothing_to_disclose(published: Published) -> None:
    result = published.adalet.run("bundle", "disclose", "leak", "999999", check=False)
    assert result.returncode == 1 and "committed" in result.stderr
