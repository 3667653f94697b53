"""The report a court could read (issue 16, item 7): each check's method and standard, what it examined, found and did
*not* find, each camera's clock, the reviewers' sign-offs, and the custody head the run covers; the same page as PDF.

The first test runs the real commands on a small realistic leak (development seed 3); the others render hand-made
runs, fast."""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import json
from pathlib import Path

import pytest
from django.utils.html import escape

from adalet.demo.leak import LEAK_ZIP
from adalet.demo.seeds import DEVELOPMENT_SEEDS
from adalet.verify.checks import SPECS, exif
from adalet.verify.context import PhotoFacts, VerifyContext
from adalet.verify.findings import Finding
from adalet.verify.report import render_html
from adalet.verify.runner import Verification
from adalet.verify.titles import CHECK_TITLES
from tests.conftest import Adalet

SEED = 3
assert SEED in DEVELOPMENT_SEEDS
HEAD = "from adalet.archive.models import CustodyRecord as C\nr = C.objects.order_by('-seq').first()\n"


def holding_absences(data: dict) -> list[str]:
    """The "not found" sentences a run's JSON says must hold: no contradicting finding, something examined."""
    texts = []
    for name, spec in SPECS.items():
        counts = data["examined"][name]
        for absence in spec.absent:
            contradicted = any(f["check"] == absence.finding and f["severity"] in absence.severities
                               for f in data["findings"])
            if not contradicted and counts[absence.basis]:
                texts.append(absence.text.format(**counts))
    return texts


@pytest.mark.one_database  # the report's words; verify runs on both in test_realistic_leak.py
def test_the_report_of_a_realistic_leak_states_checks_absences_cameras_signoff_and_custody_head(
    adalet: Adalet, tmp_path: Path
) -> None:
    adalet.run("demo-leak", str(tmp_path / "leak"), "--people", "80", "--photos", "60", "--docs", "0",
               "--seed", str(SEED), "--realistic")
    adalet.run("ingest", str(tmp_path / "leak" / LEAK_ZIP), "--collection", "leak", "--no-ocr")
    adalet.run("records", "map", "leak")
    first = adalet.json("verify", "leak")
    confirmed = next(f for f in first["findings"] if f["severity"] == "error")
    adalet.run("signoff", "leak", confirmed["key"], "--decision", "confirmed", "--note", "checked the sheet",
               "--reviewer", "R. Examiner")
    head = adalet.query(HEAD + "result = [r.seq, r.digest]")

    data = json.loads(adalet.run("verify", "leak", "--json", "--report", str(tmp_path / "r.html")).stdout)
    html = (tmp_path / "r.html").read_text(encoding="utf-8")

    # the custody head covered: the log's head when the run began, kept by the run's own record on the log
    assert [data["custody"]["covers"]["seq"], data["custody"]["covers"]["digest"]] == head
    assert f"record #{head[0]}" in html and head[1] in html
    record = adalet.query(HEAD + "import json\nresult = [r.seq, r.digest, r.action, json.loads(r.body)['detail']]")
    # nothing else appended during the run: the binding of its findings (archive.bindings), then its own record
    assert record[0] == head[0] + 2 and record[2] == "verify"
    assert [record[3]["covers"]["seq"], record[3]["covers"]["digest"]] == head and record[3]["run"] == data["run"]
    assert [data["custody"]["record"]["seq"], data["custody"]["record"]["digest"]] == record[:2]
    assert record[1] in html
    assert f"Adalet {data['version']}" in html and data["ran_at"][:10] in html

    # what was examined, and each check's method and evidence standard
    assert "<script" not in html
    assert f"{data['items']} items" in html and f"{data['rows']} rows mapped" in html
    assert f"{data['as_of']}: estimated: latest of" in html
    for spec in SPECS.values():
        assert escape(spec.method) in html and escape(spec.standard) in html, spec.name

    # what each check did not find, stated positively over what it examined
    absences = holding_absences(data)
    assert len(absences) >= 8
    for text in absences:
        assert escape(text) in html, text
    assert "No ID number is malformed among the 83 read" in html
    assert "No ID number has a wrong check digit" not in html  # a check digit is wrong (planted): no such claim

    # each camera's clock: the camera on Xinjiang time, and the ones agreeing with the file names
    cameras = [f["evidence"] for f in data["findings"] if f["check"] == "exif_camera_clock"]
    assert any(c["utc_hours"] == 6 and c["modelled"] for c in cameras)
    for camera in cameras:
        assert escape(camera["label"]) in html
    assert escape("keeps UTC+6 (-2 h against the file names' Beijing time)") in html
    assert f"{len(cameras)} cameras: 1 keeps UTC+6;" in html

    # the reviewer's sign-off
    review = html.split("7. Review and sign-off")[1].split("8. Chain of custody")[0]
    assert "R. Examiner" in review and confirmed["key"] in review and "1 confirmed" in review

    adalet.run("verify", "leak", "--report", str(tmp_path / "r.pdf"))
    assert (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF")


AS_OF = dt.date(2018, 7, 31)
SHEET = "leak.zip!/records.xlsx"


def shot(n: int, named: dt.datetime, offset: dt.timedelta, serial: str) -> PhotoFacts:
    name = f"65312119800101{n:03d}1_{named:%Y%m%d%H%M%S}.jpg"
    metadata = {"exif": {"image": {}}, "capture_time": (named + offset).isoformat(), "camera_make": "NIKON CORPORATION",
                "camera_model": "NIKON D7200", "camera_serial": serial}
    return PhotoFacts(n, f"leak.zip!/st/{name}", name, "leak.zip!/st", f"{n:064x}", metadata)


def camera_findings() -> list[Finding]:
    """Three cameras: one on Xinjiang time, one drifting 50 s a day, one agreeing with the file names."""
    start = dt.datetime(2018, 3, 1, 9)
    photos = []
    for i in range(10):
        named = start + dt.timedelta(days=i)
        photos.append(shot(i, named, dt.timedelta(hours=-2), "111"))
        photos.append(shot(100 + i, named, dt.timedelta(seconds=50 * i), "222"))
        photos.append(shot(200 + i, named, dt.timedelta(seconds=5), "333"))
    return list(exif.run(VerifyContext(None, AS_OF, "given", photos)))


def run(findings: list[Finding], **changes: object) -> Verification:
    examined = {name: {key: 2116 for key in spec.examined_labels} for name, spec in SPECS.items()}
    examined["dates"]["admitted_and_released"] = 0
    result = Verification(
        "demo", AS_OF, "given", findings, {}, 5, 2116, 30, True, examined=examined,
        custody_head={"seq": 41, "digest": "ab" * 32, "at": "2024-01-01T00:00:00+00:00"},
        custody_record={"seq": 42, "digest": "cd" * 32}, run_id=7, ran_at=dt.datetime(2024, 1, 2, 3, 4, 5, tzinfo=dt.UTC),
    )
    return dataclasses.replace(result, **changes)  # type: ignore[arg-type]


def test_every_absence_names_a_known_finding_and_formats_with_what_its_check_examines() -> None:
    for spec in SPECS.values():
        for absence in spec.absent:
            assert absence.finding in CHECK_TITLES and absence.basis in spec.examined_labels, (spec.name, absence)
            absence.text.format(**{key: 0 for key in spec.examined_labels})
        assert spec.absent and spec.examine is not None, spec.name  # every check states what it did not find


def test_a_finding_withdraws_its_absence_and_nothing_examined_is_said_so() -> None:
    html = render_html(run([Finding("id_checksum", "error", "check digit is 3, the first 17 digits give 5", SHEET, "S", 2)]))
    assert "No ID number has a wrong check digit" not in html
    assert "No ID number is malformed among the 2,116 read" in html
    assert "No photo carries an image editor&#x27;s signature: 2,116 of the 2,116 photos" in html
    assert "Not examined, as there are no rows with both an admission and a release date: Impossible order of dates." in html
    assert "No release precedes its admission" not in html


def test_the_cameras_are_stated_with_their_offsets() -> None:
    html = render_html(run(camera_findings()))
    assert ("3 cameras: 1 keeps UTC+6; 1 runs apart from the file names (by +3 min 45 s); 1 agrees with the file "
            "names; 1 drifts (up to 2 min 30 s).") in html  # drift: median of the last 7 offsets minus the first 7's
    assert "keeps UTC+6 (-2 h against the file names&#x27; Beijing time)" in html
    assert "No photo departs from its camera&#x27;s clock beyond the camera&#x27;s tolerance" in html


def test_the_report_is_the_same_for_the_same_run_but_its_date() -> None:
    result = run(camera_findings())
    assert render_html(result) == render_html(run(camera_findings()))
    later = render_html(dataclasses.replace(result, ran_at=dt.datetime(2025, 5, 6, 7, 8, 9, tzinfo=dt.UTC)))
    changed = [line for line in difflib.ndiff(render_html(result).splitlines(), later.splitlines()) if line[:1] in "+-"]
    assert len(changed) == 2 and "2025-05-06 07:08:09 UTC" in changed[1]


def test_the_custody_head_and_the_signoffs_are_stated() -> None:
    finding = Finding("exif_editor", "warning", "saved by an image editor (Adobe Photoshop)", "leak.zip!/p/1.jpg")
    signoff = {"decision": "dismissed", "reviewer": "A. Reviewer", "note": "a rotation", "at": "2024-01-01T10:00:00"}
    html = render_html(run([finding], signoffs={finding.key: signoff}))
    assert "record #41, digest <code>" + "ab" * 32 in html and "record #42, digest <code>" + "cd" * 32 in html
    review = html.split("7. Review and sign-off")[1]
    assert "1 of the 1 errors and warnings are decided" in review and "1 dismissed" in review and "a rotation" in review
    assert "no finding signed off yet" in render_html(run([finding]))


def test_the_archive_dates_support_is_stated_and_an_unsupported_date_is_not_relied_on() -> None:
    unbounded = Finding("dates_not_judged", "info", "the dates of its 300 rows are not compared", "leak.zip!/名单.csv",
                        evidence={"rows": 300})
    estimated = run([unbounded], as_of_source="latest of 3 times", as_of_support="3 times from 3 files; judged where")
    html = render_html(estimated)
    assert "3 times from 3 files; judged where" in html and "No date in the material can be later." in html
    assert "<code>leak.zip!/名单.csv</code>: 300 rows" in html
    weak = render_html(run([], as_of_source="today", as_of_supported=False, as_of_support="not enough: no time"))
    assert "Not relied on</span>: no date is judged against it." in weak and "No date in the material can be later" not in weak
