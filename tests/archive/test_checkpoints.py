"""Signed checkpoints of the custody log: the log only grew, or verification says what was done to it.

The attacks are the issue's: one record forged and the whole chain re-hashed with the witness file rewritten (the
chain then verifies), records deleted from the end, a checkpoint altered, a partner's signature altered, a timestamp
over other data. Each must fail against a checkpoint kept outside the host; appends alone must not.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from adalet.archive import checkpoints, custody
from adalet.archive.models import Checkpoint, CustodyRecord
from adalet.lib import merkle, notes, timestamps
from tests.conftest import Adalet
from tests.leakfiles import write_leak_folder
from tests.tsa import LocalTSA, closed_port_url


@pytest.fixture(autouse=True)
def own_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test its own installation key (made in $ADALET_HOME on first use) and no timestamp authority."""
    monkeypatch.setenv("ADALET_HOME", str(tmp_path / "home"))
    for variable in ("ADALET_SIGNING_KEY_FILE", "ADALET_SIGNING_KEY_NAME", "ADALET_LOG_ORIGIN", "ADALET_TSA_URLS"):
        monkeypatch.delenv(variable, raising=False)
    return tmp_path / "home"


@pytest.fixture
def tsa(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[LocalTSA]:
    with LocalTSA.running(tmp_path / "tsa") as server:
        monkeypatch.setenv("ADALET_TSA_URLS", server.url)
        monkeypatch.setenv("ADALET_TSA_CA_FILE", str(server.certificate))
        yield server


def append(n: int, start: int = 0) -> None:
    for i in range(start, start + n):
        custody.append("ingest", actor="tester@host", subject=f"leak part {i}", detail={"n": i, "名": "陈全国"})


def partner_signer(tmp_path: Path, name: str = "partner.example") -> tuple[Path, notes.Signer]:
    key = tmp_path / f"{name}.pem"
    key.write_text(notes.new_key_pem())
    return key, notes.load_signer(key, name)


def forge_and_rehash(seq: int) -> None:
    """The issue's attack: change one record, re-hash every link after it and rewrite the witness file."""
    previous = custody.GENESIS
    for record in CustodyRecord.objects.order_by("seq"):
        if record.seq == seq:
            record.body = record.body.replace("陈全国", "王洋")
        if record.seq >= seq:
            record.previous = previous
            record.digest = custody.chain_digest(previous, record.body)
            record.save()
        previous = record.digest
    last = CustodyRecord.objects.order_by("-seq").first()
    assert last is not None
    custody.witness_path().parent.mkdir(parents=True, exist_ok=True)
    custody.witness_path().write_text(f"{last.seq} {last.digest}\n")


def chain_problems() -> list[str]:
    return [str(b) for b in custody.verify_chain()]


@pytest.mark.django_db
def test_the_tree_has_one_leaf_per_record_in_seq_order_over_its_body() -> None:
    append(9)
    bodies = list(CustodyRecord.objects.order_by("seq").values_list("body", flat=True))
    assert checkpoints.log_tree().root() == merkle.Tree.of(b.encode() for b in bodies).root()
    record = CustodyRecord.objects.get(seq=4)
    tree = checkpoints.log_tree()
    assert merkle.verify_inclusion(merkle.leaf_hash(record.body.encode()), 3, 9, tree.inclusion_proof(3), tree.root())


@pytest.mark.django_db
def test_a_checkpoint_then_appends_verifies_against_the_log(own_home: Path) -> None:
    append(5)
    made = checkpoints.make_checkpoint()
    assert made.row.size == 5 and made.path.read_text() == made.note and made.path.is_relative_to(own_home)
    assert made.note.splitlines()[:2] == [f"{made.verifier_key.split('+')[0]}/custody-log", "5"]
    checkpoint = CustodyRecord.objects.order_by("-seq").first()
    assert checkpoint is not None and checkpoint.action == "checkpoint" and custody.record_detail(checkpoint)["size"] == 5
    append(7, start=5)
    verdict = checkpoints.verify_against(made.note)
    assert verdict.problems == [] and verdict.log_size == 13 and verdict.proof
    assert merkle.verify_consistency(5, 13, verdict.checkpoint.root, verdict.log_root, verdict.proof)  # type: ignore[union-attr]
    assert checkpoints.verify_stored() == []


@pytest.mark.django_db
def test_the_chain_rehashed_after_a_forgery_fails_against_the_earlier_checkpoint() -> None:
    append(6)
    note = checkpoints.make_checkpoint().note
    append(3, start=6)
    forge_and_rehash(3)
    assert chain_problems() == []  # the chain and the witness alone no longer see it: that is the attack
    verdict = checkpoints.verify_against(note)
    assert len(verdict.problems) == 1 and verdict.problems[0].startswith("root mismatch: the log's first 6 records")
    assert "log rewritten since" in verdict.problems[0]
    assert any("root mismatch" in p for p in checkpoints.verify_stored())


@pytest.mark.django_db
def test_a_forgery_after_the_checkpoint_is_not_blamed_on_it() -> None:
    append(4)
    note = checkpoints.make_checkpoint().note
    append(4, start=4)
    forge_and_rehash(7)
    assert checkpoints.verify_against(note).problems == []


@pytest.mark.django_db
def test_records_deleted_from_the_end_fail() -> None:
    append(6)
    note = checkpoints.make_checkpoint().note
    CustodyRecord.objects.filter(seq__gte=5).delete()
    last = CustodyRecord.objects.order_by("-seq").first()
    assert last is not None
    custody.witness_path().parent.mkdir(parents=True, exist_ok=True)
    custody.witness_path().write_text(f"{last.seq} {last.digest}\n")
    assert chain_problems() == []
    assert checkpoints.verify_against(note).problems == [
        "log shortened since: the checkpoint covers 6 records, the log now holds 4"
    ]


@pytest.mark.django_db
def test_a_checkpoint_of_another_log_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ADALET_LOG_ORIGIN", "adalet.example/police-files")
    append(2)
    note = checkpoints.make_checkpoint().note
    assert note.startswith("adalet.example/police-files\n2\n")
    monkeypatch.setenv("ADALET_LOG_ORIGIN", "adalet.example/other")
    assert checkpoints.verify_against(note).problems == [
        "the checkpoint is of another log ('adalet.example/police-files'; this one is 'adalet.example/other')"
    ]


@pytest.mark.django_db
def test_every_flipped_character_of_the_checkpoint_fails() -> None:
    append(5)
    note = checkpoints.make_checkpoint().note
    tree = checkpoints.log_tree()
    assert checkpoints.verify_against(note, tree=tree).ok
    failed = 0
    for position, character in enumerate(note):
        if character == "\u2014":
            continue  # the em dash of "— name": replaced, the line is no signature and the note is malformed (below)
        forged = note[:position] + ("B" if character == "A" else "A") + note[position + 1 :]
        verdict = checkpoints.verify_against(forged, tree=tree)
        failed += not verdict.ok
    assert failed == len(note) - note.count("\u2014")
    dashless = note.replace("\u2014", "-")
    assert checkpoints.verify_against(dashless, tree=tree).problems[0].startswith("bad signature: not a signed note")


@pytest.mark.django_db
def test_a_cosigned_checkpoint_verifies_with_both_keys_and_fails_if_the_partner_signature_is_altered(tmp_path: Path) -> None:
    append(4)
    note = checkpoints.make_checkpoint().note
    _, partner = partner_signer(tmp_path)
    cosigned = checkpoints.cosign(note, partner)
    append(2, start=4)
    verdict = checkpoints.verify_against(cosigned, [partner.verifier_key])
    assert verdict.ok and sorted(verdict.signed_by) == sorted([partner.name, verdict.signed_by[0]])
    assert len(verdict.signed_by) == 2
    # The partner's key asked for, the note without its signature: not verified.
    assert checkpoints.verify_against(note, [partner.verifier_key]).problems == [
        f"bad signature: the checkpoint is not signed by {partner.name}"
    ]
    head, signature = cosigned.rstrip("\n").rsplit("\n", 1)
    name, encoded = signature.split(" ")[1:]
    raw = bytearray(base64.b64decode(encoded))
    raw[-1] ^= 0x01
    altered = f"{head}\n\u2014 {name} {base64.b64encode(bytes(raw)).decode()}\n"
    problems = checkpoints.verify_against(altered, [partner.verifier_key]).problems
    assert problems == [f"bad signature: the signature of {partner.name} does not verify: the note was altered"]


@pytest.mark.django_db
def test_cosign_with_the_previous_checkpoint_checks_the_log_only_grew(tmp_path: Path) -> None:
    append(4)
    _, partner = partner_signer(tmp_path)
    first = checkpoints.cosign(checkpoints.make_checkpoint().note, partner)
    append(3, start=4)
    second = checkpoints.make_checkpoint().note
    assert partner.name in notes.open_note(checkpoints.cosign(second, partner, first), [partner.verifier])[1]
    with pytest.raises(checkpoints.CheckpointError, match="already co-signed"):
        checkpoints.cosign(first, partner)
    forge_and_rehash(2)
    third = checkpoints.make_checkpoint().note  # the host signs its rewritten log without complaint
    with pytest.raises(checkpoints.CheckpointError, match="log rewritten: no consistency proof from the previous"):
        checkpoints.cosign(third, partner, first)
    with pytest.raises(checkpoints.CheckpointError, match="root mismatch"):
        checkpoints.cosign(second, partner)


@pytest.mark.django_db
def test_a_note_signed_by_another_key_is_not_cosigned(tmp_path: Path) -> None:
    append(2)
    _, impostor = partner_signer(tmp_path, "impostor")
    forged = notes.sign(notes.Checkpoint("x/custody-log", 2, checkpoints.log_tree().root()).text(), impostor)
    _, partner = partner_signer(tmp_path)
    with pytest.raises(checkpoints.CheckpointError, match="not signed by this installation's key"):
        checkpoints.cosign(forged, partner)


@pytest.mark.django_db
def test_a_checkpoint_that_cannot_be_written_out_is_not_stored(tmp_path: Path) -> None:
    append(2)
    (tmp_path / "a-file").write_text("")
    with pytest.raises(checkpoints.CheckpointError, match="cannot write the checkpoint to .*a-file/cp.txt"):
        checkpoints.make_checkpoint(tmp_path / "a-file" / "cp.txt")
    assert not Checkpoint.objects.exists() and CustodyRecord.objects.count() == 2


@pytest.mark.django_db
def test_no_checkpoint_is_signed_over_a_broken_chain() -> None:
    append(4)
    CustodyRecord.objects.filter(seq=2).update(body=CustodyRecord.objects.get(seq=2).body.replace("陈全国", "王洋"))
    with pytest.raises(checkpoints.CheckpointError, match="does not hold at record #2"):
        checkpoints.make_checkpoint()
    assert not Checkpoint.objects.exists()


@pytest.mark.django_db
def test_stored_checkpoints_deleted_or_altered_are_found() -> None:
    append(3)
    first = checkpoints.make_checkpoint().row
    append(2, start=3)
    second = checkpoints.make_checkpoint().row
    assert checkpoints.verify_stored() == []
    Checkpoint.objects.filter(pk=first.pk).update(root="00" * 32)
    assert checkpoints.verify_stored() == [
        f"checkpoint #{first.pk} differs from what custody record #4 logged",
        f"checkpoint #{first.pk} (3 records): its columns differ from its signed note",
    ]
    Checkpoint.objects.filter(pk=first.pk).delete()
    assert checkpoints.verify_stored() == ["checkpoint of 3 records logged by custody record #4 is missing"]
    Checkpoint.objects.filter(pk=second.pk).update(note=second.note.replace("\n6\n", "\n5\n"))
    assert f"checkpoint #{second.pk} (6 records): bad signature: the signature of" in "\n".join(checkpoints.verify_stored())


@pytest.mark.django_db
def test_timestamps_are_stored_checked_and_a_token_over_other_data_fails(tsa: LocalTSA) -> None:
    append(3)
    first = checkpoints.make_checkpoint()
    assert [s.authority for s in first.stamps] == [tsa.url] and first.failures == []
    assert first.path.with_name(first.path.name + ".1.tsr").read_bytes() == first.stamps[0].token
    text = first.note.split("\n\n")[0] + "\n"
    assert timestamps.verify(first.stamps[0].token, text.encode(), timestamps.trusted_certificates()) == first.stamps[0].time
    append(1, start=3)
    second = checkpoints.make_checkpoint()
    assert checkpoints.verify_stored() == []
    # The second checkpoint's token moved onto the first: a valid token, but over other data.
    Checkpoint.objects.filter(pk=first.row.pk).update(timestamps=second.row.timestamps)
    (problem,) = checkpoints.verify_stored()
    assert problem.startswith(
        f"checkpoint #{first.row.pk} (3 records): the timestamp of {tsa.url}: the timestamp does not verify"
    )


@pytest.mark.django_db
def test_stored_timestamps_without_the_certificates_to_check_them_fail(tsa: LocalTSA, monkeypatch: pytest.MonkeyPatch) -> None:
    append(2)
    row = checkpoints.make_checkpoint().row
    monkeypatch.delenv("ADALET_TSA_CA_FILE")
    assert checkpoints.verify_stored() == [
        f"checkpoint #{row.pk} (2 records): its timestamps cannot be checked: ADALET_TSA_CA_FILE is not set: "
        "no timestamp can be checked without the TSAs' certificates"
    ]


@pytest.mark.django_db
def test_an_authority_that_does_not_answer_is_named_and_the_checkpoint_still_kept(tsa: LocalTSA) -> None:
    append(2)
    down = closed_port_url()
    made = checkpoints.make_checkpoint(authorities=[down, tsa.url])
    assert [f.url for f in made.failures] == [down]
    assert str(made.failures[0]).startswith(f"timestamp authority {down}: did not answer")
    assert [s.authority for s in made.stamps] == [tsa.url]
    assert Checkpoint.objects.get().timestamps[0]["authority"] == tsa.url
    assert custody.record_detail(CustodyRecord.objects.order_by("-seq")[0])["failed"] == [down]
    assert checkpoints.verify_stored() == []


# The command as a user runs it: checkpoint, key, cosign, verify --against, and the exit codes.

REHASH = """
import json
from adalet.archive import custody
from adalet.archive.models import CustodyRecord
previous = custody.GENESIS
for record in CustodyRecord.objects.order_by("seq"):
    if record.seq == 2:
        body = json.loads(record.body)
        body["actor"] = record.actor = "mallory"
        record.body = custody.canonical(body)
    if record.seq >= 2:
        record.previous = previous
        record.digest = custody.chain_digest(previous, record.body)
        record.save()
    previous = record.digest
custody.witness_path().write_text(f"{record.seq} {record.digest}\\n")
result = [str(b) for b in custody.verify_chain()]
"""


def test_the_commands_anchor_the_log_and_catch_a_rewrite(adalet: Adalet, tmp_path: Path) -> None:
    with LocalTSA.running(tmp_path / "tsa") as tsa:
        adalet.env.update(ADALET_TSA_URLS=tsa.url, ADALET_TSA_CA_FILE=str(tsa.certificate))
        adalet.run("ingest", str(write_leak_folder(tmp_path, photos=1)), "--collection", "c", "--no-ocr")
        kept = tmp_path / "outside" / "checkpoint.txt"
        made = adalet.run("audit", "checkpoint", "--out", str(kept))
        key = adalet.run("audit", "key").stdout.strip()
        assert made.stdout.startswith(kept.read_text()) and f"verifier key: {key}" in made.stdout
        assert f"timestamped by {tsa.url}" in made.stdout and (tmp_path / "outside" / "checkpoint.txt.1.tsr").exists()

        partner_key, partner = partner_signer(tmp_path)
        cosigned = tmp_path / "outside" / "cosigned.txt"
        adalet.run("audit", "cosign", str(kept), "--key", str(partner_key), "--name", partner.name, "--out", str(cosigned))
        (tmp_path / "partner.pub").write_text(partner.verifier_key + "\n")

        adalet.query('from adalet.archive import custody\nresult = custody.append("export", actor="a@b", subject="x").seq')
        ok = adalet.run("audit", "verify", "--against", str(cosigned), "--key", str(tmp_path / "partner.pub"))
        assert ok.stdout.splitlines()[0].startswith("ok: ")
        assert "is consistent with the log of" in ok.stdout and partner.name in ok.stdout
        report = json.loads(adalet.run("audit", "verify", "--against", str(kept), "--json").stdout)
        assert report["ok"] and report["against"]["consistency_proof"]

        assert adalet.query(REHASH) == []  # the chain and its witness hold after the rewrite
        broken = adalet.run("audit", "verify", "--against", str(cosigned), "--key", partner.verifier_key, check=False)
        assert broken.returncode == 1
        assert f"BROKEN: checkpoint {cosigned}: root mismatch: " in broken.stderr and "log rewritten since" in broken.stderr
        assert "BROKEN: checkpoint #1 (" in broken.stderr  # the stored copy fails too, without --against
        assert "Traceback" not in broken.stderr

        tsa.failing = True
        failed = adalet.run("audit", "checkpoint", check=False)
        assert failed.returncode == 1
        assert failed.stderr.strip().splitlines()[-1] == (
            f"CommandError: timestamp authority {tsa.url}: answered HTTP 500 "
            "(the checkpoint is signed and stored without its timestamp)"
        )
