"""An attacker with write access to the database and the home: every tamper is found by `adalet audit verify`.

The pipeline runs once, through the command line as a user runs it (ingest two collections, publish one, records
map, xref, verify, a sign-off, a photo link confirmed as the workspace confirms one). Each tamper is then made with
SQL (or on the files of the home) on a fresh copy of the home and the database (SQLite: the file; PostgreSQL: a
database made from the pipeline's as a template, foreign keys off as a superuser may turn them off), and the audit
must exit 1 and name what changed; the untouched copy must be clean, so an audit that floods or misses fails here.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import DROPPER, TEMPLATE, Adalet
from tests.leakfiles import write_leak_folder

SQL = Callable[[str], list[tuple[Any, ...]]]


@dataclass
class Pipeline:
    home: Path
    database_url: str | None  # PostgreSQL: the pipeline's database, a template for each tamper's copy


@pytest.fixture(scope="module")
def pipeline(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Pipeline]:
    root = tmp_path_factory.mktemp("tamper")
    url = os.environ.get("DATABASE_URL")
    name = f"adalet_tamper_{uuid.uuid4().hex[:12]}"
    if url:
        _postgres(url, f'CREATE DATABASE "{name}" TEMPLATE "{TEMPLATE.postgres_template(url)}"')
    made = Pipeline(root / "home", f"{url.rsplit('/', 1)[0]}/{name}" if url else None)
    try:
        _run_pipeline(Adalet(made.home, made.database_url, migrated=True), root)
        yield made
    finally:
        if url:
            DROPPER.drop(url, name)


def _run_pipeline(adalet: Adalet, root: Path) -> None:
    leak = root / "leak"
    adalet.run("demo-leak", str(leak), "--people", "40", "--photos", "12", "--docs", "4", "--seed", "3")
    adalet.run("ingest", str(leak / "xinjiang-police-files.zip"), "--collection", "open", "--no-ocr", "--source", "test")
    adalet.run("collection", "publish", "open", "--photos")
    adalet.run("ingest", str(write_leak_folder(root, photos=3)), "--collection", "closed", "--no-ocr")
    adalet.run("records", "map", "open")
    adalet.run("xref", "photos", "open")
    findings = adalet.json("verify", "open")["findings"]
    adalet.run("signoff", "open", findings[0]["key"], "--decision", "confirmed", "--note", "checked", "--reviewer", "r")
    confirmed = adalet.query(
        "from adalet.people.models import PhotoLink\nfrom adalet.people.review import review_link\n"
        "link = PhotoLink.objects.order_by('pk').first()\nresult = review_link(link.pk, 'confirmed', 'reviewer').status"
    )
    assert confirmed == "confirmed"


def _postgres(url: str, statement: str) -> None:
    import psycopg

    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(statement)


@pytest.fixture
def copy(pipeline: Pipeline, tmp_path: Path) -> Iterator[tuple[Adalet, SQL]]:
    """A fresh copy of the pipeline's home and database, with a way to run SQL on it as an attacker would."""
    home = tmp_path / "home"
    shutil.copytree(pipeline.home, home)
    if pipeline.database_url is None:
        conn: Any = sqlite3.connect(home / "adalet.sqlite3", isolation_level=None)
        yield Adalet(home, None), _runner(conn)
        conn.close()
        return
    import psycopg

    base, template = pipeline.database_url.rsplit("/", 1)
    name = f"{template}_{uuid.uuid4().hex[:6]}"
    _postgres(f"{base}/postgres", f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    conn = psycopg.connect(f"{base}/{name}", autocommit=True)
    conn.execute("SET session_replication_role = replica")  # foreign keys off, as an attacker with the rights may
    try:
        yield Adalet(home, f"{base}/{name}"), _runner(conn)
    finally:
        conn.close()
        DROPPER.drop(f"{base}/postgres", name)


def _runner(conn: Any) -> SQL:
    def run(statement: str) -> list[tuple[Any, ...]]:
        cursor = conn.execute(statement)
        return list(cursor.fetchall()) if cursor.description else []

    return run


def audit(adalet: Adalet) -> tuple[int, list[str]]:
    result = adalet.run("audit", "verify", "--json", check=False)
    return result.returncode, json.loads(result.stdout)["problems"]


def one(sql: SQL, statement: str) -> Any:
    rows = sql(statement)
    assert rows, f"the pipeline made no row for: {statement}"
    return rows[0][0]


# -- the tampers: each changes the copy and returns what the audit must say (substrings of its problems) ---------

Tamper = Callable[[SQL, Path], list[str]]
TAMPERS: dict[str, Tamper] = {}


def tamper(function: Tamper) -> Tamper:
    TAMPERS[function.__name__] = function
    return function


def _pdf_item(sql: SQL) -> int:
    return int(one(sql, "SELECT id FROM archive_item WHERE media_type = 'application/pdf' AND status = 'done' ORDER BY id"))


@tamper
def item_row_deleted(sql: SQL, home: Path) -> list[str]:
    item = _pdf_item(sql)
    sql(f"DELETE FROM archive_item WHERE id = {item}")
    return [f"archive.Item #{item}: missing"]


@tamper
def derivatives_of_two_items_swapped(sql: SQL, home: Path) -> list[str]:
    a, b = (row[0] for row in sql("SELECT id FROM archive_derivative WHERE kind = 'text' ORDER BY id")[:2])
    sha_a, size_a = sql(f"SELECT sha256, size FROM archive_derivative WHERE id = {a}")[0]
    sha_b, size_b = sql(f"SELECT sha256, size FROM archive_derivative WHERE id = {b}")[0]
    sql(f"UPDATE archive_derivative SET sha256 = '{sha_b}', size = {size_b} WHERE id = {a}")
    sql(f"UPDATE archive_derivative SET sha256 = '{sha_a}', size = {size_a} WHERE id = {b}")
    return [f"archive.Derivative #{a}: altered", f"archive.Derivative #{b}: altered"]


@tamper
def derivative_moved_to_another_item(sql: SQL, home: Path) -> list[str]:
    derivative, item = sql("SELECT id, item_id FROM archive_derivative WHERE kind = 'thumbnail' ORDER BY id")[0]
    other = one(sql, f"SELECT id FROM archive_item WHERE id <> {item} AND media_type = 'application/pdf' ORDER BY id")
    sql(f"UPDATE archive_derivative SET item_id = {other} WHERE id = {derivative}")
    return [f"archive.Derivative #{derivative}: altered"]


@tamper
def pdf_page_text_edited(sql: SQL, home: Path) -> list[str]:
    passage = one(sql, f"SELECT id FROM archive_passage WHERE item_id = {_pdf_item(sql)} ORDER BY ordinal")
    sql(f"UPDATE archive_passage SET text = text || ' 伪造' WHERE id = {passage}")
    return [f"archive.Passage #{passage}: altered: text ("]


@tamper
def passage_deleted(sql: SQL, home: Path) -> list[str]:
    passage = one(sql, "SELECT id FROM archive_passage ORDER BY id DESC")
    sql(f"DELETE FROM archive_passage WHERE id = {passage}")
    return [f"archive.Passage #{passage}: missing"]


@tamper
def passage_inserted(sql: SQL, home: Path) -> list[str]:
    source = one(sql, "SELECT id FROM archive_passage ORDER BY id")
    sql(
        "INSERT INTO archive_passage (item_id, collection_id, media_type, ordinal, label, text) "
        f"SELECT item_id, collection_id, media_type, ordinal + 100, label, 'a forged page' FROM archive_passage WHERE id = {source}"
    )
    added = one(sql, "SELECT MAX(id) FROM archive_passage")
    return [f"archive.Passage #{added}: not on the custody log"]


@tamper
def items_moved_into_a_published_collection(sql: SQL, home: Path) -> list[str]:
    public = one(sql, "SELECT id FROM archive_collection WHERE name = 'open'")
    moved = [row[0] for row in sql("SELECT i.id FROM archive_item i JOIN archive_collection c ON c.id = i.collection_id "
                                    "WHERE c.name = 'closed' ORDER BY i.id")]
    sql(f"UPDATE archive_item SET collection_id = {public} WHERE id IN ({', '.join(map(str, moved))})")
    return [f"archive.Item #{item}: altered: collection_id (" for item in moved]


@tamper
def item_inserted_outside_the_application(sql: SQL, home: Path) -> list[str]:
    columns = ("collection_id, run_id, parent_id, path, name, sha256, size, media_type, depth, status, extractor, "
               "failure_code, failure_reason, warnings, metadata, text_length, ingested_at, ingest_record, claimed_by, "
               "claimed_at, attempts, extracted_at, withheld")
    sql(f"INSERT INTO archive_item (locator, {columns}) SELECT locator || '.forged', {columns} FROM archive_item "
        f"WHERE id = {_pdf_item(sql)}")
    return [f"archive.Item #{one(sql, 'SELECT MAX(id) FROM archive_item')}: not on the custody log", ".forged is not what custody record"]


@tamper
def item_name_changed(sql: SQL, home: Path) -> list[str]:
    item = _pdf_item(sql)
    sql(f"UPDATE archive_item SET name = 'harmless.pdf' WHERE id = {item}")
    return [f"archive.Item #{item}: altered: name ("]


@tamper
def item_metadata_changed(sql: SQL, home: Path) -> list[str]:
    item = one(sql, "SELECT id FROM archive_item WHERE media_type = 'image/jpeg' ORDER BY id")
    sql(f"UPDATE archive_item SET metadata = '{{\"camera_model\": \"forged\"}}' WHERE id = {item}")
    return [f"archive.Item #{item}: altered"]


@tamper
def item_status_changed(sql: SQL, home: Path) -> list[str]:
    item = _pdf_item(sql)
    sql(f"UPDATE archive_item SET status = 'failed', failure_code = 'malformed' WHERE id = {item}")
    return [f"archive.Item #{item}: altered"]


@tamper
def item_hash_changed(sql: SQL, home: Path) -> list[str]:
    item = _pdf_item(sql)
    sql(f"UPDATE archive_item SET sha256 = '{'ab' * 32}' WHERE id = {item}")
    return [f"archive.Item #{item}: altered", "is missing from the blob store", "is not what custody record"]


@tamper
def item_withheld_released(sql: SQL, home: Path) -> list[str]:
    item = one(sql, "SELECT i.id FROM archive_item i JOIN archive_collection c ON c.id = i.collection_id "
                    "WHERE c.name = 'closed' ORDER BY i.id")
    sql(f"UPDATE archive_item SET withheld = true WHERE id = {item}")
    return [f"archive.Item #{item}: altered"]


@tamper
def collection_made_public(sql: SQL, home: Path) -> list[str]:
    closed = one(sql, "SELECT id FROM archive_collection WHERE name = 'closed'")
    sql(f"UPDATE archive_collection SET is_public = true WHERE id = {closed}")
    return [f"archive.Collection #{closed}: altered: is_public ("]


@tamper
def collection_photos_published(sql: SQL, home: Path) -> list[str]:
    closed = one(sql, "SELECT id FROM archive_collection WHERE name = 'closed'")
    sql(f"UPDATE archive_collection SET photos_public = true, publish_new_items = true WHERE id = {closed}")
    return [f"archive.Collection #{closed}: altered"]


@tamper
def source_statement_changed(sql: SQL, home: Path) -> list[str]:
    run = one(sql, "SELECT id FROM archive_ingestrun ORDER BY id")
    sql(f"UPDATE archive_ingestrun SET source = 'obtained lawfully from the bureau' WHERE id = {run}")
    return [f"archive.IngestRun #{run}: altered"]


@tamper
def person_name_changed(sql: SQL, home: Path) -> list[str]:
    person = one(sql, "SELECT id FROM people_person ORDER BY id")
    sql(f"UPDATE people_person SET name = '王洋' WHERE id = {person}")
    return [f"people.Person #{person}: altered"]


@tamper
def person_id_number_changed(sql: SQL, home: Path) -> list[str]:
    person = one(sql, "SELECT id FROM people_person WHERE id_number <> '' ORDER BY id DESC")
    sql(f"UPDATE people_person SET id_number = '653121198503127518' WHERE id = {person}")
    return [f"people.Person #{person}: altered"]


@tamper
def person_deleted(sql: SQL, home: Path) -> list[str]:
    person = one(sql, "SELECT id FROM people_person ORDER BY id DESC")
    sql(f"DELETE FROM people_person WHERE id = {person}")
    return [f"people.Person #{person}: missing"]


@tamper
def source_row_cells_changed(sql: SQL, home: Path) -> list[str]:
    row = one(sql, "SELECT id FROM people_sourcerow ORDER BY id")
    sql(f"UPDATE people_sourcerow SET locator = locator || ' ', sheet = 'forged' WHERE id = {row}")
    return [f"people.SourceRow #{row}: altered"]


@tamper
def detention_released(sql: SQL, home: Path) -> list[str]:
    detention = one(sql, "SELECT id FROM people_detention WHERE detained = true ORDER BY id")
    sql(f"UPDATE people_detention SET detained = false, status = '已释放' WHERE id = {detention}")
    return [f"people.Detention #{detention}: altered"]


@tamper
def facility_renamed(sql: SQL, home: Path) -> list[str]:
    facility = one(sql, "SELECT id FROM people_facility ORDER BY id")
    sql(f"UPDATE people_facility SET name = name || ' (closed)' WHERE id = {facility}")
    return [f"people.Facility #{facility}: altered"]


@tamper
def photo_link_confirmed(sql: SQL, home: Path) -> list[str]:
    link = one(sql, "SELECT id FROM people_photolink WHERE status = 'proposed' ORDER BY id")
    sql(f"UPDATE people_photolink SET status = 'confirmed', reviewed_by = 'reviewer' WHERE id = {link}")
    return [f"people.PhotoLink #{link}: altered: status, reviewed_by ("]


@tamper
def photo_link_deleted(sql: SQL, home: Path) -> list[str]:
    link = one(sql, "SELECT id FROM people_photolink WHERE status = 'confirmed' ORDER BY id")
    sql(f"DELETE FROM people_photolink WHERE id = {link}")
    return [f"people.PhotoLink #{link}: missing"]


@tamper
def finding_downgraded(sql: SQL, home: Path) -> list[str]:
    finding = one(sql, "SELECT id FROM verify_findingrecord WHERE severity <> 'info' ORDER BY id")
    sql(f"UPDATE verify_findingrecord SET severity = 'info' WHERE id = {finding}")
    return [f"verify.FindingRecord #{finding}: altered"]


@tamper
def finding_deleted(sql: SQL, home: Path) -> list[str]:
    finding = one(sql, "SELECT id FROM verify_findingrecord ORDER BY id DESC")
    sql(f"DELETE FROM verify_findingrecord WHERE id = {finding}")
    return [f"verify.FindingRecord #{finding}: missing"]


@tamper
def verification_score_changed(sql: SQL, home: Path) -> list[str]:
    run = one(sql, "SELECT id FROM verify_verificationrun ORDER BY id")
    sql(f"UPDATE verify_verificationrun SET summary = '{{\"score\": 1.0}}' WHERE id = {run}")
    return [f"verify.VerificationRun #{run}: altered"]


@tamper
def sign_off_reversed(sql: SQL, home: Path) -> list[str]:
    signoff = one(sql, "SELECT id FROM verify_signoff ORDER BY id")
    sql(f"UPDATE verify_signoff SET decision = 'dismissed', note = 'a false alarm' WHERE id = {signoff}")
    return [f"verify.SignOff #{signoff}: altered"]


@tamper
def custody_subject_edited(sql: SQL, home: Path) -> list[str]:
    sql("UPDATE archive_custodyrecord SET subject = 'another collection' WHERE seq = 3")
    return ["custody record #3: column 'subject' altered"]


@tamper
def custody_at_edited(sql: SQL, home: Path) -> list[str]:
    sql("UPDATE archive_custodyrecord SET at = '2017-01-01 00:00:00+00:00' WHERE seq = 4")
    return ["custody record #4: column 'at' altered"]


@tamper
def custody_actor_edited(sql: SQL, home: Path) -> list[str]:
    sql("UPDATE archive_custodyrecord SET actor = 'mallory' WHERE seq = 2")
    return ["custody record #2: column 'actor' altered"]


@tamper
def custody_previous_edited(sql: SQL, home: Path) -> list[str]:
    sql(f"UPDATE archive_custodyrecord SET previous = '{'0' * 64}' WHERE seq = 5")
    return ["custody record #5: does not link to the record before it", "custody record #5: content altered"]


@tamper
def custody_binding_forged(sql: SQL, home: Path) -> list[str]:
    seq = one(sql, "SELECT seq FROM archive_custodyrecord WHERE action = 'bind' ORDER BY seq")
    sql(f"UPDATE archive_custodyrecord SET body = replace(body, '\"tables\"', '\"tables\",\"x\":1') WHERE seq = {seq}")
    return [f"custody record #{seq}: content altered"]


@tamper
def witness_file_deleted(sql: SQL, home: Path) -> list[str]:
    (home / "blobs" / "custody.head").unlink()
    return ["the witness file", "is missing"]


@tamper
def last_records_deleted_with_the_witness(sql: SQL, home: Path) -> list[str]:
    last = one(sql, "SELECT MAX(seq) FROM archive_custodyrecord")
    sql(f"DELETE FROM archive_custodyrecord WHERE seq > {last - 2}")
    (home / "blobs" / "custody.head").unlink()
    # the last two records: the photo link's confirmation and its binding; the link now differs from what the log says
    confirmed = one(sql, "SELECT id FROM people_photolink WHERE status = 'confirmed'")
    return [f"custody record #{last - 2}: the witness file", f"people.PhotoLink #{confirmed}: altered"]


def test_the_untouched_pipeline_audits_clean(copy: tuple[Adalet, SQL]) -> None:
    adalet, sql = copy
    assert audit(adalet) == (0, [])
    bound = {row[0] for row in sql("SELECT action FROM archive_custodyrecord")}
    assert {"bind", "ingest", "extract", "records-map", "xref-photos", "verify", "verify-signoff"} <= bound


@pytest.mark.parametrize("name", sorted(TAMPERS))
def test_every_tamper_is_found_and_named(name: str, copy: tuple[Adalet, SQL]) -> None:
    adalet, sql = copy
    expected = TAMPERS[name](sql, Path(adalet.env["ADALET_HOME"]))
    code, problems = audit(adalet)
    assert code == 1, f"{name}: the audit said ok"
    for words in expected:
        assert any(words in problem for problem in problems), (name, words, problems)
    unexplained = [problem for problem in problems if not any(words in problem for words in expected)]
    assert not unexplained, f"{name}: the audit says more than what was changed: {unexplained[:10]}"


def test_there_are_at_least_the_29_kinds_of_the_issue() -> None:
    assert len(TAMPERS) >= 29
