"""Each finding keeps its message as words (a translatable template and its params, adalet.verify.findings.Words):
the English message is the template formatted, word for word what the checks said before; the report's JSON is
unchanged; the run stores the words inside the finding's evidence (plain JSON), and each template formats in Uyghur
and Chinese with its own params."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.utils import translation

from adalet.demo.identities import resident_id
from adalet.people.facts import RowFacts
from adalet.verify import idnumbers
from adalet.verify.checks import cells, dates, exif, id_conflicts, id_numbers
from adalet.verify.findings import MESSAGE_KEY, Finding, Words
from tests.verify.test_checks import context, photo, row, session

GOOD = resident_id("653121", dt.date(1980, 1, 1), 11)
FLOAT = "ID number stored as a floating-point number (6.53121e+17): digits past the 15th are lost"
PROBLEMS = [
    {"field": "id_number", "column": "B", "value": "6.53121e+17", "reason": FLOAT},
    {"field": "birth_date", "column": "C", "value": "1980-13-01", "reason": "not a date: '1980-13-01'"},
    {"field": "name", "column": "A", "value": None, "reason": "row has neither a name nor an ID number"},
]


def found() -> list[Finding]:
    """Findings of the row, date, conflict and EXIF checks on hand-made facts."""
    old = resident_id("653121", dt.date(1903, 4, 1), 13)
    rows = [
        row(2, id_number=GOOD, birth_date="1980-01-01", sex="M"),
        row(4, id_number=GOOD, birth_date="1980-01-02", sex="F", name="甲"),
        row(5, id_number=old, birth_date="1903-04-01", sex="M"),
        row(6, birth_date="1980-01-01", admitted="1979-12-31", released="1979-06-01"),
        row(7, birth_date="1980-01-01", admitted="2018-09-01"),
        row(8, id_number=GOOD, birth_date="1980-01-01", name="乙"),
        RowFacts("leak.zip!/名单.xlsx", "看守所", 9, {}, {}, {}, PROBLEMS),
    ]
    ctx = context(rows=rows)
    shots = session(8, dt.datetime(2018, 3, 1, 9))
    shots[2] = photo(
        2,
        shots[2].name_time,
        meta={
            "exif": {"image": {}},
            "capture_time": "2018-03-01T14:02:00",
            "camera_make": "Canon",
            "camera_model": "Canon EOS 80D",
            "camera_serial": "123456789012",
        },
    )
    shots[4] = photo(4, shots[4].name_time, meta={})
    checks = (id_numbers.run, dates.run, id_conflicts.run, cells.run)
    return [f for check in checks for f in check(ctx)] + list(exif.run(context(shots)))


def test_the_english_message_is_as_before() -> None:
    messages = {(f.check, f.row, f.message) for f in found()}
    assert {
        ("impossible_age", 5, "born 1903-04-01: 115 years old on 2018-07-31, over 110"),
        ("impossible_age", 6, "admitted 1979-12-31, before the birth date 1980-01-01"),
        ("impossible_age", 6, "released 1979-06-01, before the birth date 1980-01-01"),
        ("impossible_date", 6, "released 1979-06-01 before admitted 1979-12-31"),
        ("date_after_archive", 7, "admitted 2018-09-01 is after the archive's latest date 2018-07-31"),
        ("id_stated_birth_date", 4, "stated birth date 1980-01-02 but the number says 1980-01-01"),
        ("id_stated_sex", 4, f"stated sex F but the 17th digit ({GOOD[16]}) says M"),
        ("id_conflict", 4, f"ID number {GOOD} is also in leak.zip!/名单.xlsx row 2 with another birth date"),
        ("id_conflict", 8, f"ID number {GOOD} is also in leak.zip!/名单.xlsx row 4 with another name"),
        ("cell_unreadable", 9, f"column B (id_number): {FLOAT}"),
        ("cell_unreadable", 9, "column C (birth_date): not a date: '1980-13-01'"),
        ("cell_unreadable", 9, "column A (name): row has neither a name nor an ID number"),
        (
            "exif_missing",
            None,
            "no EXIF (stripped by an export, or not from a camera): coverage, its time and camera cannot be checked",
        ),
    } <= messages
    wrong = GOOD[:-1] + ("0" if GOOD[-1] != "0" else "1")
    assert [f.message for f in idnumbers.check_id_number(wrong)] == [
        f"check digit is {wrong[-1]}, the first 17 digits give {GOOD[-1]}"
    ]


def test_every_finding_keeps_its_words_stored_as_plain_json_beside_an_unchanged_report() -> None:
    findings = found()
    assert {
        "impossible_age",
        "impossible_date",
        "date_after_archive",
        "id_stated_sex",
        "id_conflict",
        "exif_time_mismatch",
        "exif_missing",
        "exif_camera_clock",
    } <= {f.check for f in findings}
    for finding in findings:
        assert isinstance(finding.words, Words) and finding.words.english() == finding.message, finding.check
        assert MESSAGE_KEY not in finding.as_dict()["evidence"]  # the report and its JSON: as before
        stored = json.loads(json.dumps(finding.stored_evidence()))
        assert stored[MESSAGE_KEY] == finding.words.stored()
        assert {k: v for k, v in stored.items() if k != MESSAGE_KEY} == finding.as_dict()["evidence"]
    age = next(f for f in findings if f.message.startswith("born "))
    assert age.stored_evidence()[MESSAGE_KEY] == {
        "template": "born {born}: {age} years old on {as_of}, over {limit}",
        "params": {"born": "1903-04-01", "age": 115, "as_of": "2018-07-31", "limit": 110},
    }
    unread = [f.words.stored()["params"] for f in findings if f.check == "cell_unreadable"]
    assert unread[0]["field"] == {"template": "id_number", "params": {}, "context": "field"}
    assert unread[0]["reason"] == {
        "template": "ID number stored as a floating-point number ({value}): digits past the 15th are lost",
        "params": {"value": "6.53121e+17"},
    }
    assert cells.reason_words("a reason records map never gives") == "a reason records map never gives"
    # a finding made without words (a plugin's, or an older caller's) is stored as before
    plain = Finding("integrity", "error", "original missing from the blob store", "a.pdf", evidence={"problem": "x"})
    assert plain.stored_evidence() == {"problem": "x"}


def said(words: dict) -> str:
    params = {k: said(v) if isinstance(v, dict) else v for k, v in words["params"].items()}
    if words.get("context"):
        return translation.pgettext(words["context"], words["template"]).format(**params)
    return translation.gettext(words["template"]).format(**params)


@pytest.mark.parametrize("language", ["ug", "zh-hans"])
def test_each_finding_formats_in_the_readers_language(language: str) -> None:
    with translation.override(language):
        for finding in found():
            text = said(finding.stored_evidence()[MESSAGE_KEY])
            assert text != finding.message and "{" not in text, (language, finding.check, text)
            assert not [w for w in ("stored as", "not a date", "neither", "birth_date", "id_number") if w in text], text
        for field in cells.FIELDS:
            assert translation.pgettext("field", field) != field, (language, field)
