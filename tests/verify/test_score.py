"""The score measures authenticity only; coverage findings are counted apart; every check states its standard."""

from __future__ import annotations

import datetime as dt

from adalet.people.facts import RowFacts
from adalet.verify.checks import NOT_STATED, SPECS, describe, is_coverage
from adalet.verify.context import VerifyContext
from adalet.verify.findings import Finding
from adalet.verify.runner import Verification, _score

SHEET = "leak.zip!/名单.xlsx"
PHOTOS = [f"leak.zip!/照片/{i}.jpg" for i in range(4)]


def context(rows: int) -> VerifyContext:
    facts = [RowFacts(SHEET, "看守所", n, {}, {}, {}, []) for n in range(2, 2 + rows)]
    return VerifyContext(collection=None, as_of=dt.date(2018, 7, 31), as_of_source="given", rows=facts)


def test_coverage_findings_never_lower_the_score() -> None:
    coverage = [
        Finding("photo_without_record", "warning", "no record", PHOTOS[0]),
        Finding("exif_missing", "warning", "no EXIF", PHOTOS[1]),
        Finding("cell_unreadable", "warning", "digits lost", SHEET, "看守所", 3),
    ]
    assert all(is_coverage(f) for f in coverage)
    scores, score = _score(context(10), coverage, [SHEET, *PHOTOS])
    assert score == 1.0 and set(scores.values()) == {1.0}
    authenticity = [Finding("exif_editor", "error", "Photoshop", PHOTOS[2]), Finding("id_checksum", "error", "x", SHEET, "看守所", 4)]
    assert not any(is_coverage(f) for f in authenticity)
    scores, score = _score(context(10), coverage + authenticity, [SHEET, *PHOTOS])
    assert scores[PHOTOS[2]] == 0.0 and scores[SHEET] == 0.9 and scores[PHOTOS[0]] == 1.0
    assert score == 1 - 2 / 14  # 10 rows and 4 photos, two units with an error


def test_counts_keep_coverage_apart() -> None:
    findings = [
        Finding("photo_without_record", "warning", "no record", PHOTOS[0]),
        Finding("exif_missing", "warning", "no EXIF", PHOTOS[1]),
        Finding("id_stated_sex", "warning", "sex", SHEET, "看守所", 2),
        Finding("id_region_replaced", "info", "replaced", SHEET, "看守所", 3),
    ]
    result = Verification("demo", dt.date(2018, 7, 31), "given", findings, {}, 5, 10, 4, True)
    counts = result.counts()
    assert counts["by_severity"] == {"error": 0, "warning": 1, "info": 1}
    assert counts["by_check"] == {"id_region_replaced": 1, "id_stated_sex": 1}
    assert counts["coverage"] == {"rows": 10, "photos": 4, "by_check": {"exif_missing": 1, "photo_without_record": 1}}
    kinds = {f["check"]: f["kind"] for f in result.as_dict()["findings"]}
    assert kinds["photo_without_record"] == "coverage" and kinds["id_stated_sex"] == "authenticity"


def test_each_check_states_its_method_and_standard() -> None:
    for name in ("integrity", "id_numbers", "cells", "dates", "id_conflicts", "photo_records"):
        assert SPECS[name].method != NOT_STATED and SPECS[name].standard != NOT_STATED, name
        assert "error" in SPECS[name].standard or "warning" in SPECS[name].standard, name
    assert SPECS["photo_records"].coverage == {"photo_without_record"}
    assert "exif_missing" in SPECS["exif"].coverage


def test_a_check_without_a_description_is_tolerated() -> None:
    import types

    bare = types.ModuleType("bare")
    bare.run = lambda ctx: iter(())  # type: ignore[attr-defined]
    spec = describe("bare", bare)
    assert (spec.method, spec.standard, spec.coverage) == (NOT_STATED, NOT_STATED, frozenset())


def test_the_report_states_methods_and_keeps_coverage_apart() -> None:
    from adalet.verify.report import render_html

    findings = [
        Finding("photo_without_record", "warning", "no record carries the ID number", PHOTOS[0]),
        Finding("id_stated_sex", "warning", "stated sex F but the 17th digit says M", SHEET, "看守所", 2),
    ]
    html = render_html(Verification("demo", dt.date(2018, 7, 31), "given", findings, {}, 5, 10, 4, True))
    authenticity, coverage = html.split("Coverage findings (not scored)</h2>")
    assert "ISO 7064 MOD 11-2" in SPECS["id_numbers"].method and "ISO 7064 MOD 11-2" in authenticity  # methods stated
    assert "stated sex F" in authenticity.split("Authenticity findings</h2>")[1]
    assert "no record carries" in coverage and "no record carries" not in authenticity
