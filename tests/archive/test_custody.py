"""The custody log is a hash chain: any altered, deleted or inserted record is detected."""

from __future__ import annotations

import pytest

from adalet.archive import custody
from adalet.archive.models import CustodyRecord

pytestmark = pytest.mark.django_db


def write_log(n: int = 5) -> list[CustodyRecord]:
    records = [custody.append("ingest", actor="tester@host", subject="leak", detail={"n": i, "名": "陈全国"}) for i in range(n)]
    # The witness is written when the appending transaction commits; tests run inside one that never does.
    custody._write_witness(records[-1].seq, records[-1].digest)
    return records


def problems() -> list[str]:
    return [str(b) for b in custody.verify_chain()]


def test_intact_log_verifies() -> None:
    records = write_log()
    assert [r.seq for r in records] == [1, 2, 3, 4, 5]
    assert records[0].previous == custody.GENESIS
    assert all(b.previous == a.digest for a, b in zip(records, records[1:]))
    assert problems() == []


def test_altered_body_is_detected() -> None:
    write_log()
    record = CustodyRecord.objects.get(seq=3)
    record.body = record.body.replace("陈全国", "王洋")
    record.save()
    assert problems() == ["custody record #3: content altered (digest does not match)"]


def test_altered_column_is_detected() -> None:
    write_log()
    CustodyRecord.objects.filter(seq=2).update(actor="someone-else")
    assert problems() == ["custody record #2: column 'actor' altered"]


def test_deleted_record_is_detected() -> None:
    write_log()
    CustodyRecord.objects.filter(seq=3).delete()
    found = problems()
    assert "custody record #3: missing (log jumps from #2 to #4)" in found
    assert "custody record #4: does not link to the record before it" in found


def test_recomputed_forgery_still_breaks_the_next_link() -> None:
    write_log()
    record = CustodyRecord.objects.get(seq=2)
    record.body = record.body.replace('"n":1', '"n":99')
    record.digest = custody.chain_digest(record.previous, record.body)
    record.save()
    assert problems() == ["custody record #3: does not link to the record before it"]


def test_deleting_the_tail_is_detected_by_the_witness() -> None:
    write_log()
    CustodyRecord.objects.filter(seq__gte=4).delete()
    assert problems() == ["custody record #5: missing: the log ends at #3 but reached #5"]


@pytest.mark.parametrize(
    ("column", "value"),
    [("subject", "another-collection"), ("at", "2020-01-01T00:00:00+00:00"), ("action", "export"), ("seq", 99)],
)
def test_every_column_a_reader_sees_is_checked_against_the_body(column: str, value: object) -> None:
    write_log()
    CustodyRecord.objects.filter(seq=2).update(**{column: value})
    found = problems()
    assert f"custody record #{99 if column == 'seq' else 2}: column {column!r} altered" in found


def test_a_forged_previous_column_breaks_the_link() -> None:
    write_log()
    CustodyRecord.objects.filter(seq=3).update(previous="f" * 64)
    assert problems() == [
        "custody record #3: does not link to the record before it",
        "custody record #3: content altered (digest does not match)",
    ]


def test_a_missing_witness_file_is_a_failure_once_the_log_holds_records() -> None:
    assert problems() == []  # an empty log needs no witness
    write_log()
    custody.witness_path().unlink()
    assert problems() == [f"custody record #5: the witness file {custody.witness_path()} is missing or unreadable"]


def test_the_tail_and_the_witness_deleted_together_are_detected() -> None:
    write_log()
    CustodyRecord.objects.filter(seq__gte=4).delete()
    custody.witness_path().unlink()
    assert problems() == [f"custody record #3: the witness file {custody.witness_path()} is missing or unreadable"]


def test_visitor_sees_each_intact_record_once_in_order() -> None:
    write_log(3)
    CustodyRecord.objects.filter(seq=2).update(body=CustodyRecord.objects.get(seq=2).body.replace("陈全国", "x"))
    seen: list[tuple[int, str, dict[str, object]]] = []
    list(custody.verify_chain(visit=lambda seq, action, detail: seen.append((seq, action, detail))))
    assert [(seq, action) for seq, action, _ in seen] == [(1, "ingest"), (3, "ingest")]  # #2 no longer says anything
    assert seen[0][2] == {"n": 0, "名": "陈全国"}


def test_witness_never_goes_backwards() -> None:
    custody._write_witness(7, "a" * 64)
    custody._write_witness(3, "b" * 64)
    assert custody.read_witness() == (7, "a" * 64)


def test_body_is_the_exact_hashed_text() -> None:
    record = write_log(1)[0]
    stored = CustodyRecord.objects.get(pk=record.pk)
    assert custody.chain_digest(stored.previous, stored.body) == stored.digest
    assert custody.record_detail(stored) == {"n": 0, "名": "陈全国"}
