"""The custody log's witness file (custody.head) written by two threads of one server at once: the live server answered
two page images together, each request appended a view-personal-data record, and both threads wrote the same
temporary file; the second rename found it gone (FileNotFoundError, a 500 for the reader)."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from adalet.archive import custody


def test_two_threads_writing_the_witness_at_once_both_succeed_and_the_higher_head_stays(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(custody, "witness_path", lambda: tmp_path / "custody.head")
    real_replace = os.replace
    together = threading.Barrier(2, timeout=0.5)

    def replace_when_both_wrote(source: str | Path, target: str | Path) -> None:
        try:  # each thread waits here for the other, so both temporary files exist before either is renamed
            together.wait()
        except threading.BrokenBarrierError:
            pass  # one writer at a time: the other thread waits for this one, not here
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", replace_when_both_wrote)
    errors: list[BaseException] = []

    def write(seq: int) -> None:
        try:
            custody._write_witness(seq, f"{seq:064x}")
        except BaseException as error:  # noqa: BLE001 - the thread's failure is the test's
            errors.append(error)

    threads = [threading.Thread(target=write, args=(seq,)) for seq in (7, 8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert custody.read_witness() == (8, f"{8:064x}")
    assert [p.name for p in tmp_path.iterdir()] == ["custody.head"]  # no temporary file left behind
