"""Ingest end to end in one process: items, provenance, derivatives, custody, idempotence, bad input."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from adalet.archive import search
from adalet.archive.audit import verify_archive
from adalet.archive.blobstore import BlobStore
from adalet.archive.ingest import IngestError, ingest
from adalet.archive.models import CustodyRecord, Derivative, Item
from tests.leakfiles import write_hostile_folder, write_leak_folder

pytestmark = pytest.mark.django_db


@pytest.fixture
def leak(tmp_path: Path) -> Path:
    return write_leak_folder(tmp_path, photos=6)


def test_ingest_records_every_original_with_provenance(leak: Path) -> None:
    summary = ingest(leak, "police-files", source="received from a source, 2022", actor="researcher@lab", ocr=False)
    locators = set(Item.objects.values_list("locator", flat=True))
    assert {
        "leak/讲话.txt",
        "leak/notice-utf16.txt",
        "leak/人员/名单.csv",
        "leak/archive.zip",
        "leak/archive.zip!/疏附县/照片.zip",
        "leak/archive.zip!/疏附县/讲话2.txt",
    } <= locators
    photos = Item.objects.filter(locator__startswith="leak/archive.zip!/疏附县/照片.zip!/")
    assert photos.count() == 6
    assert summary.items == 12 and summary.new_items == 12
    assert summary.statuses == {"done": 12}
    photo = photos.order_by("locator").first()
    assert photo is not None
    assert photo.parent is not None and photo.parent.locator == "leak/archive.zip!/疏附县/照片.zip"
    assert photo.parent.parent is not None and photo.parent.parent.locator == "leak/archive.zip"
    assert photo.depth == 2
    assert photo.run.source == "received from a source, 2022"
    assert photo.run.actor == "researcher@lab"
    assert photo.metadata["camera_model"] == "EOS 5D"
    assert photo.metadata["capture_time"].startswith("2018-03-05T09:00")
    assert Derivative.objects.filter(item=photo, kind="thumbnail").exists()
    store = BlobStore()
    for item in Item.objects.all():
        assert store.rehash(item.sha256) == item.sha256


def test_text_in_any_encoding_is_searchable(leak: Path) -> None:
    ingest(leak, "police-files", ocr=False)
    speeches = {"leak/讲话.txt", "leak/archive.zip!/疏附县/讲话2.txt"}
    assert {h.locator for h in search.search("在押").hits} == speeches | {"leak/人员/名单.csv"}
    assert {h.locator for h in search.search("在押", kind="text").hits} == speeches
    assert {h.locator for h in search.search("维稳").hits} == speeches
    assert {h.locator for h in search.search("转移").hits} == {"leak/notice-utf16.txt"}
    assert {h.locator for h in search.search("热依拉").hits} == {"leak/人员/名单.csv"}
    assert {h.locator for h in search.search("65402719920817332X", personal_data=True).hits} == {"leak/人员/名单.csv"}
    withheld = search.search("65402719920817332X")  # anyone who may not see ID numbers cannot search for one
    assert (withheld.total, withheld.withheld) == (0, 1)
    assert search.search("transfer detainees").total == 1
    assert search.search("EOS", kind="image").total == 6
    assert search.search("EOS", kind="spreadsheet").total == 0


def test_reingest_is_idempotent(leak: Path) -> None:
    ingest(leak, "police-files", ocr=False)
    items, records = Item.objects.count(), CustodyRecord.objects.count()
    again = ingest(leak, "police-files", ocr=False)
    assert again.new_items == 0
    assert Item.objects.count() == items
    assert CustodyRecord.objects.count() == records + 3  # only the start, the run's binding and the end of the second run
    assert search.search("在押").total == 3


def test_changed_file_at_same_path_is_a_new_version(leak: Path) -> None:
    ingest(leak, "police-files", ocr=False)
    (leak / "讲话.txt").write_bytes("修改后的讲话".encode("gb18030"))
    summary = ingest(leak, "police-files", ocr=False)
    assert summary.new_items == 1
    assert Item.objects.filter(locator="leak/讲话.txt").count() == 2


def test_audit_of_a_fresh_ingest_is_clean_and_detects_an_altered_original(leak: Path, django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):  # the commit writes the custody witness file
        ingest(leak, "police-files", ocr=False)
    assert verify_archive() == []
    item = Item.objects.get(locator="leak/讲话.txt")
    path = BlobStore().path(item.sha256)
    path.chmod(0o644)
    path.write_bytes(b"forged")
    problems = verify_archive()
    assert len(problems) == 1 and problems[0].startswith("original leak/讲话.txt was altered")


def test_bad_input_is_recorded_with_a_reason_and_preserved(tmp_path: Path, django_capture_on_commit_callbacks: Any) -> None:
    bad = write_hostile_folder(tmp_path)
    with django_capture_on_commit_callbacks(execute=True):  # the commit writes the custody witness file
        summary = ingest(bad, "hostile", ocr=False)
    by_locator = {i.locator: i for i in Item.objects.all()}
    expect = {
        "bad/truncated.jpg": "malformed",
        "bad/huge.png": "too_large",
        "bad/bomb.zip!/bomb.bin": "zip_bomb",
        "bad/traversal.zip!/etc/passwd": "unsafe_path",
        "bad/traversal.zip!/abs/evil.txt": "unsafe_path",
        "bad/locked.pdf": "encrypted",
        "bad/truncated.pdf": "malformed",
        "bad/mystery.bin": "unsupported",
        "bad/truncated.zip": "malformed",
    }
    for locator, code in expect.items():
        assert by_locator[locator].failure_code == code, (locator, by_locator[locator].failure_reason)
        assert by_locator[locator].failure_reason and "\n" not in by_locator[locator].failure_reason
    assert by_locator["bad/traversal.zip!/ok.txt"].status == "done"
    assert by_locator["bad/huge.png"].metadata["width"] == 20_000
    store = BlobStore()
    for locator in expect:
        item = by_locator[locator]
        if item.parent is None:  # every file given is preserved and hashed, whatever it holds
            assert store.rehash(item.sha256) == item.sha256
    traversal = by_locator["bad/traversal.zip!/etc/passwd"]
    assert "../../etc/passwd" in traversal.failure_reason  # the name as the archive recorded it
    assert store.rehash(traversal.sha256) is not None  # the bytes are kept as evidence
    assert by_locator["bad/bomb.zip!/bomb.bin"].sha256 == ""
    assert summary.failures["unsafe_path"] == 2
    assert verify_archive() == []


def test_missing_path_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match="no such file or folder"):
        ingest(tmp_path / "nope", "x")


def presentation_forms(text: str) -> str:
    """The same text written with Arabic presentation-form code points, as old software and PDFs store it."""
    import unicodedata

    forms: dict[str, str] = {}
    for code in list(range(0xFB50, 0xFE00)) + list(range(0xFE70, 0xFF00)):
        decomposition = unicodedata.decomposition(chr(code)).split()
        if len(decomposition) == 2 and decomposition[0] in ("<final>", "<isolated>"):
            forms.setdefault(chr(int(decomposition[1], 16)), chr(code))
    return "".join(forms.get(c, c) for c in text)


def test_uyghur_is_found_whatever_letter_forms_the_file_used(tmp_path: Path) -> None:
    folder = tmp_path / "ug"
    folder.mkdir()
    base = "ئۇيغۇر تىلى"  # "Uyghur language" in base letters
    stored = presentation_forms(base)
    assert stored != base and not any("\u0600" <= c <= "\u06ff" for c in stored.replace(" ", ""))
    (folder / "presentation.txt").write_text(f"دوكلات {stored}", encoding="utf-8")
    (folder / "other.txt").write_text("باشقا خەت", encoding="utf-8")
    ingest(folder, "ug", ocr=False)
    assert [h.locator for h in search.search(base.split()[0]).hits] == ["ug/presentation.txt"]
    assert [h.locator for h in search.search(base).hits] == ["ug/presentation.txt"]
    assert [h.locator for h in search.search("خەت").hits] == ["ug/other.txt"]
    assert "<mark>" in search.search(base.split()[0]).hits[0].snippet


@pytest.mark.parametrize(("batch_seconds", "batches"), [(3600.0, [20, 40, 40]), (0.0, [20, 20, 20, 20, 20])])
def test_quick_batches_grow_and_every_item_is_recorded_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, batch_seconds: float, batches: list[int]
) -> None:
    """A worker claims twice as many items after a full batch done in under BATCH_SECONDS (20, 40, 80...): fewer
    claims, transactions and custody records per item. Whatever the batches, each item is extracted and recorded once."""
    from adalet.archive import custody
    from adalet.archive import ingest as ingest_module

    monkeypatch.setattr(ingest_module, "BATCH_SECONDS", batch_seconds)
    folder = tmp_path / "notes"
    folder.mkdir()
    for n in range(100):
        (folder / f"{n:03d}.txt").write_text(f"讯问笔录 第{n}号\n", encoding="utf-8")
    summary = ingest(folder, "notes", ocr=False)
    assert summary.statuses == {"done": 100}
    records = CustodyRecord.objects.filter(action="extract").order_by("seq")
    recorded = [row[0] for record in records for row in custody.record_detail(record)["items"]]
    assert [len(custody.record_detail(record)["items"]) for record in records] == batches
    assert sorted(recorded) == sorted(Item.objects.values_list("locator", flat=True))


def test_batch_size_follows_the_time_a_batch_takes(monkeypatch: pytest.MonkeyPatch) -> None:
    from adalet.archive import ingest as ingest_module
    from adalet.archive.ingest import CLAIM_BATCH, MAX_CLAIM_BATCH, next_batch_size

    monkeypatch.setattr(ingest_module, "BATCH_SECONDS", 0.5)
    assert next_batch_size(20, 20, 0.1) == 40  # a full, quick batch: twice as many
    assert next_batch_size(20, 7, 0.1) == 20  # the last few items: no more to take
    assert next_batch_size(160, 160, 0.3) == MAX_CLAIM_BATCH  # never over the cap
    assert next_batch_size(160, 160, 0.8) == 160  # between half a second and two: kept
    assert next_batch_size(160, 160, 2.5) == 80  # slow items (long PDFs): half as many
    assert next_batch_size(CLAIM_BATCH, 1, 60.0) == CLAIM_BATCH  # never under the first batch
