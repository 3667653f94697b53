"""The file cache culls its folder now and then, not on every set, and still keeps it bounded."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from adalet import filecache
from adalet.filecache import FileCache


def entries(folder: Path) -> int:
    return len(list(folder.glob("*.djcache")))


def test_the_folder_stays_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    random.seed(7)  # the culls fall at random
    cache = FileCache(str(tmp_path), {"OPTIONS": {"MAX_ENTRIES": 30, "CULL_FREQUENCY": 3}})
    for i in range(400):
        cache.set(f"page-{i}", b"x" * 100, 300)
    # culled on about one set in CULL_EVERY: never far above the bound
    assert entries(tmp_path) <= 30 + 3 * filecache.CULL_EVERY
    monkeypatch.setattr(filecache, "CULL_EVERY", 1)
    for i in range(400, 500):
        cache.set(f"page-{i}", b"x" * 100, 300)
    assert entries(tmp_path) <= 31
    assert cache.get("page-499") == b"x" * 100


def test_a_set_does_not_list_the_folder_every_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    random.seed(7)
    cache = FileCache(str(tmp_path), {"OPTIONS": {"MAX_ENTRIES": 10}})
    listed = []
    original = FileCache._list_cache_files
    monkeypatch.setattr(FileCache, "_list_cache_files", lambda self: listed.append(1) or original(self))
    for i in range(640):
        cache.set(f"k{i}", i, 300)
    assert 0 < len(listed) < 640 / 8
