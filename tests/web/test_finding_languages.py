"""Every language (issue 21): verification findings on the workspace's Uyghur and Chinese pages are sentences of the
reader's language, formatted from the words each finding keeps (its template and params, adalet.verify.findings.Words),
with their evidence keys labelled; the English page shows the stored English message as before; a finding stored
without words shows its English message; ID numbers in params are masked for a viewer who is not staff."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import translation
from django.utils.html import escape

from adalet.archive.models import Collection
from adalet.lib.roles import Role
from adalet.verify import idnumbers, review
from adalet.verify.checks import photo_records
from adalet.verify.findings import MESSAGE_KEY, Finding
from adalet.verify.models import FindingRecord
from adalet.web.workspace import finding_words
from tests.web.conftest import ID_NUMBER
from tests.web.test_personas import english_sentences
from tests.web.workspace_fixtures import make_user, restricted  # noqa: F401

VERIFY = Path(idnumbers.__file__).parent
LANGUAGES = ("ug", "zh-hans")
#: Latin words a translated message may hold besides its params: names of standards and formats
ACRONYMS = {"EXIF", "UTC", "Excel"}
#: a valid number (its check digit right) that no row of the demo leak has
UNRECORDED = "110101199003074519"


def templates() -> list[str]:
    """Every message template the checks mark for translation (gettext_noop as N_ in adalet.verify)."""
    found = []
    for path in sorted(VERIFY.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "N_":
                found.append(node.args[0].value)
    return found


def placeholders(template: str) -> set[str]:
    return {
        f"{{{name}{':' + spec if spec else ''}}}"
        for _text, name, spec, _conv in string.Formatter().parse(template)
        if name is not None
    }


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_check_message_is_translated_with_its_placeholders(language: str) -> None:
    found = templates()
    assert len(found) >= 50 and "born {born}: {age} years old on {as_of}, over {limit}" in found
    with translation.override(language):
        for template in found:
            translated = translation.gettext(template)
            assert translated != template, (language, template)
            assert placeholders(translated) == placeholders(template), (language, template, translated)
        labels = {key: finding_words.label(key) for key in finding_words.EVIDENCE_LABELS}
    with translation.override("en"):
        english = {key: finding_words.label(key) for key in finding_words.EVIDENCE_LABELS}
    for key, label in labels.items():
        assert label != english[key] and not re.search("[A-Za-z]{2}", label.replace("EXIF", "")), (language, key, label)
    assert finding_words.label("no_such_key") == "no_such_key"


def leaves(words: dict[str, Any]) -> list[str]:
    """The params of stored words that are text or numbers, nested words' too."""
    found = []
    for value in words["params"].values():
        found += leaves(value) if isinstance(value, dict) else [str(value)]
    return found


def add(collection: Collection, finding: Finding) -> FindingRecord:
    """A finding of a real check's code added to the collection's latest run, stored as the runner stores it."""
    return FindingRecord.objects.create(
        run=review.latest_run(collection),
        key=finding.key,
        check_name=finding.check,
        severity=finding.severity,
        item=finding.item,
        sheet=finding.sheet or "",
        row=finding.row,
        id_number=finding.id_number or "",
        message=finding.message,
        evidence=finding.stored_evidence(),
    )


def id_number_findings(collection: Collection) -> list[FindingRecord]:
    """The ID number checks' errors and warnings on real numbers (a wrong check digit, an impossible birth date, an
    unknown region, a stated birth date and sex the number contradicts), added to the run, and a photo whose
    file name's ID number no row has (photo_records' own code)."""
    import datetime as dt

    found = idnumbers.check_id_number("110101199003074515", birth_date=dt.date(1991, 1, 1), sex="女")
    found += idnumbers.check_id_number("990101199013374514")
    records = []
    for number, result in enumerate(found):
        records.append(
            add(
                collection,
                Finding(
                    f"id_{result.check}",
                    result.severity,
                    result.message,
                    f"made.xlsx!/{number}",
                    "Sheet1",
                    number + 1,
                    None,
                    result.evidence,
                    result.words,
                ),
            )
        )
    ctx = SimpleNamespace(
        rows=[object()],
        recorded_ids=set(),
        photos=[
            SimpleNamespace(name_id=UNRECORDED, locator=f"photos/{UNRECORDED}_20180101.jpg", name=f"{UNRECORDED}_20180101.jpg")
        ],
    )
    records += [add(collection, finding) for finding in photo_records.run(ctx)]  # type: ignore[arg-type]
    return records


def pages(client: Client, collection: Collection, prefix: str) -> str:
    """Every page of the findings queue, one check at a time."""
    html = []
    for check in review.check_names(collection):
        number = 1
        while True:
            response = client.get(f"{prefix}/workspace/collections/{collection.name}/findings/?check={check}&page={number}")
            html.append(response.content.decode())
            if not response.context["page"].has_next():
                break
            number += 1
    return "\n".join(html)


def messages(html: str) -> list[str]:
    return [re.sub("<[^>]+>", "", text) for text in re.findall(r'<dd class="message">(.*?)</dd>', html, re.S)]


@pytest.fixture
def researcher(restricted: Collection) -> User:  # noqa: F811
    return make_user("rahile", grants={restricted: Role.RESEARCHER})


@pytest.mark.django_db
def test_findings_of_every_kind_read_in_uyghur_and_chinese(restricted: Collection, researcher: User) -> None:  # noqa: F811
    made = id_number_findings(restricted)
    shown = list(review.pending_findings(restricted))
    kinds = {f.check_name for f in shown}
    assert {
        "id_checksum",
        "id_birth_date",
        "id_region",
        "id_stated_birth_date",
        "id_stated_sex",
        "photo_without_record",
    } <= kinds and len(kinds) >= 8, kinds
    assert all(MESSAGE_KEY in f.evidence for f in shown)
    client = Client()
    client.force_login(researcher)
    english = pages(client, restricted, "/en")
    for finding in shown:
        assert escape(finding.message) in english  # the English page: the stored message, as before
    assert ">expected check digit<" in english and ">expected<" not in english  # evidence keys in words
    for language in LANGUAGES:
        html = pages(client, restricted, f"/{language}")
        texts = messages(html)
        assert len(texts) == len(shown)
        assert not [f.message for f in shown if escape(f.message) in html], language
        assert not [sentence for sentence in english_sentences(language) if sentence in html], language
        for finding in shown:
            params = leaves(finding.evidence[MESSAGE_KEY])
            text = next((t for t in texts if all(escape(p) in t for p in params)), None)
            assert text is not None, (language, finding.check_name, params)  # its params, all shown
            rest = text
            for param in sorted(params, key=len, reverse=True):
                rest = rest.replace(escape(param), " ")
            assert not set(re.findall("[A-Za-z]{2,}", rest)) - ACRONYMS, (language, finding.check_name, text)
        assert not re.search(r">(as_of|birth_date|column|field|region_code|check_digit|expected|file_name)<", html)
    assert made


@pytest.mark.django_db
def test_a_finding_stored_without_words_shows_its_english_message(restricted: Collection, researcher: User) -> None:  # noqa: F811
    old = add(
        restricted,
        Finding(
            "id_checksum",
            "error",
            "check digit is 5, the first 17 digits give 4",
            "old.xlsx",
            "Sheet1",
            3,
            None,
            {"check_digit": "5", "expected": "4"},
        ),
    )
    assert MESSAGE_KEY not in old.evidence
    client = Client()
    client.force_login(researcher)
    for language in ("en", *LANGUAGES):
        html = client.get(f"/{language}/workspace/collections/{restricted.name}/findings/?check=id_checksum").content.decode()
        assert "check digit is 5, the first 17 digits give 4" in html
    # a translation that does not format with the stored params: the English message, never a broken sentence
    broken = add(
        restricted,
        Finding("id_format", "error", "not 17 digits and a check character: 12", "bad.xlsx", evidence={"id_number": "12"}),
    )
    broken.evidence[MESSAGE_KEY] = {"template": "not 17 digits and a check character: {number}", "params": {}}
    broken.save()
    with translation.override("ug"):
        assert finding_words.message(broken.evidence, broken.message, str) == broken.message


@pytest.mark.django_db
def test_id_numbers_in_params_are_masked_for_a_viewer(restricted: Collection) -> None:  # noqa: F811
    id_number_findings(restricted)
    viewer = make_user("visitor", grants={restricted: Role.VIEWER})
    client = Client()
    client.force_login(viewer)
    for language in ("en", *LANGUAGES):
        html = pages(client, restricted, f"/{language}")
        assert UNRECORDED[:6] in html  # the finding is there, its number's region code shown
        assert UNRECORDED not in html and not re.search(ID_NUMBER, html), language


def test_a_date_keeps_its_order_among_uyghur_words() -> None:
    """In a right-to-left sentence each param is a first-strong isolate: a date after Uyghur words is otherwise three
    Arabic numbers to the bidi algorithm (rule W2) and reads 23-06-2018 (seen in the walk's Uyghur screenshots).
    Left-to-right languages get the params as they are."""
    words = {"template": "born {born}: {age} years old on {as_of}, over {limit}",
             "params": {"born": "1903-02-18", "age": 115, "as_of": "2018-06-23", "limit": 110}}
    english = "born 1903-02-18: 115 years old on 2018-06-23, over 110"
    evidence = {MESSAGE_KEY: words}
    with translation.override("ug"):
        shown = finding_words.message(evidence, english, lambda value: value)
    assert "\u20682018-06-23\u2069" in shown and "\u20681903-02-18\u2069" in shown and "\u2068115\u2069" in shown
    assert re.search("[\u0600-\u06ff]", shown)  # translated, not the English fallback
    for language in ("en", "zh-hans"):
        with translation.override(language):
            plain = finding_words.message(evidence, english, lambda value: value)
        assert "\u2068" not in plain and "2018-06-23" in plain
    with translation.override("en"):
        assert finding_words.message(evidence, english, lambda value: value) == english
