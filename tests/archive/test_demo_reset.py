"""adalet demo-reset (make demo's first step, issue 21): it says what it deletes, with the earlier demo's signatures and
reviews counted from its database, before deleting it; with nothing there it says so."""

from __future__ import annotations

import io
import sqlite3
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

SCHEMA = """
CREATE TABLE campaigns_signature (id INTEGER PRIMARY KEY);
CREATE TABLE verify_signoff (id INTEGER PRIMARY KEY);
CREATE TABLE people_photolink (id INTEGER PRIMARY KEY, status TEXT);
CREATE TABLE sanctions_officialmatch (id INTEGER PRIMARY KEY, status TEXT);
INSERT INTO campaigns_signature (id) VALUES (1), (2), (3);
INSERT INTO verify_signoff (id) VALUES (1);
INSERT INTO people_photolink (status) VALUES ('confirmed'), ('rejected'), ('proposed');
INSERT INTO sanctions_officialmatch (status) VALUES ('proposed');
"""


def run(home: Path, *paths: Path) -> str:
    out = io.StringIO()
    call_command("demo_reset", str(home), *map(str, paths), stdout=out)
    return out.getvalue()


def test_it_counts_what_people_made_before_it_deletes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home, leak = tmp_path / "demo", tmp_path / "demo-leak"
    home.mkdir()
    leak.mkdir()
    (leak / "xinjiang-police-files.zip").write_bytes(b"zip")
    with sqlite3.connect(home / "adalet.sqlite3") as connection:
        connection.executescript(SCHEMA)
    monkeypatch.setenv("ADALET_HOME", str(home))
    said = run(home, leak)
    first, second = said.splitlines()
    assert first == (f"make demo deletes the earlier demo: {home}, {leak}; its database holds 3 signatures and "
                     "3 reviews (1 sign-off of a finding, 2 photo-link decisions)")
    assert second == f"deleted {home}, {leak}" and not home.exists() and not leak.exists()


def test_without_an_earlier_demo_it_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "demo"
    home.mkdir()
    monkeypatch.setenv("ADALET_HOME", str(home))
    assert run(home, tmp_path / "demo-leak") == "no earlier demo to delete\n"


def test_an_unreadable_database_is_said_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "demo"
    home.mkdir()
    (home / "adalet.sqlite3").write_bytes(b"not a database")
    monkeypatch.setenv("ADALET_HOME", str(home))
    assert "; its database could not be read\n" in run(home)
    assert not home.exists()


def test_it_refuses_another_home_than_the_one_it_reads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ADALET_HOME", str(tmp_path / "elsewhere"))
    (tmp_path / "demo").mkdir()
    with pytest.raises(CommandError, match="ADALET_HOME="):
        run(tmp_path / "demo")
    assert (tmp_path / "demo").exists()
