"""Dossiers and the FtM export: an official's names, designations, gaps and evidence, with hashes, in PDF and HTML."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from followthemoney import model
from pypdf import PdfReader

from adalet.archive.ingest import ingest
from adalet.archive.models import CustodyRecord, Item
from adalet.people.officials import OfficialError, add_post, official, parse_post
from adalet.sanctions import ftm_export
from adalet.sanctions.dossier import build, render_html, render_pdf
from adalet.sanctions.officials import add_evidence, load_registry
from tests.sanctions.conftest import FACTS

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry(tmp_path: Path) -> Path:
    load_registry(FACTS)
    folder = tmp_path / "leak"
    folder.mkdir()
    (folder / "讲话.txt").write_text("自治区党委书记陈全国在会议上讲话，要求应收尽收。", encoding="utf-8")
    (folder / "其他.txt").write_text("与本案无关的通知。", encoding="utf-8")
    ingest(folder, "speeches", ocr=False)
    return folder


def test_dossier_names_every_form_the_gaps_and_the_evidence_with_its_hash(registry: Path) -> None:
    chen = official("陈全国")
    add_post(chen, parse_post("Party Secretary @ Xinjiang Uyghur Autonomous Region : 2016-08-2021-12"))
    speech = Item.objects.get(name="讲话.txt")
    link = add_evidence(chen, speech.locator, "orders detention of all who should be detained", "researcher@lab")
    assert CustodyRecord.objects.get(seq=link.custody_seq).action == "official-evidence"
    dossier = build(chen)
    assert dossier.names == ["CHEN Quanguo", "陈全国"] and "Ch'en Ch'üan-kuo" in dossier.derived
    assert dossier.gaps == ["European Union", "United Kingdom"]
    assert [e["sha256"] for e in dossier.evidence] == [speech.sha256]
    assert dossier.mentions == []  # the only item naming him is already evidence
    html = render_html(dossier)
    for text in ("陈全国", speech.sha256, "Executive Order 13818", "2020/1998", "2016-08", "not designated"):
        assert text in html, text
    pdf = render_pdf(dossier)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert pdf.startswith(b"%PDF") and "CHEN Quanguo" in text and "2020-07-09" in text


def test_items_naming_an_official_are_listed_for_review(registry: Path) -> None:
    mentions = build(official("CHEN Quanguo")).mentions
    assert [m["locator"].rsplit("/", 1)[-1] for m in mentions] == ["讲话.txt"]


def test_ftm_export_is_valid_followthemoney(registry: Path) -> None:
    chen = official("CHEN Quanguo")
    add_evidence(chen, Item.objects.get(name="讲话.txt").locator, "speech", "researcher@lab")
    out = io.StringIO()
    count = ftm_export.write_jsonl(out)
    proxies = [model.get_proxy(json.loads(line)) for line in out.getvalue().splitlines()]
    assert len(proxies) == count
    by_schema: dict[str, list] = {}
    for proxy in proxies:
        by_schema.setdefault(proxy.schema.name, []).append(proxy)
    assert len(by_schema["Person"]) + len(by_schema["Organization"]) == 15
    person = next(p for p in by_schema["Person"] if "CHEN Quanguo" in p.get("name"))
    assert person.get("alias") == ["陈全国"] and person.get("birthDate") == ["1955"]
    sanctions = {s.first("authority"): s.first("startDate") for s in by_schema["Sanction"] if s.first("entity") == person.id}
    assert sanctions == {"United States": "2020-07-09", "Canada": "2024-12-10"}
    assert by_schema["Document"][0].first("contentHash") == Item.objects.get(name="讲话.txt").sha256
    with pytest.raises(OfficialError):
        add_evidence(chen, Item.objects.get(name="讲话.txt").locator, " ", "researcher@lab")


def test_dossiers_mask_personal_data_unless_asked_with_a_reason(registry: Path, tmp_path: Path) -> None:
    chen = official("陈全国")
    note = "names the detainee 653121197405229571 of 托克扎克镇阿亚格曼干村3组45号"
    add_evidence(chen, Item.objects.get(name="讲话.txt").locator, note, "researcher@lab")
    masked = render_html(build(chen))
    assert "653121••••••••••••" in masked and "1974052295" not in masked and "阿亚格曼干村" not in masked
    assert "1974052295" in render_html(build(chen, masked=False))
    out = tmp_path / "d.html"
    call_command("dossier", "陈全国", "--out", str(out))
    assert "1974052295" not in out.read_text(encoding="utf-8")
    with pytest.raises(CommandError, match="needs a reason"):
        call_command("dossier", "陈全国", "--out", str(out), "--unmasked", " ")
    call_command("dossier", "陈全国", "--out", str(out), "--unmasked", "submission to OFAC, case 42")
    assert "1974052295" in out.read_text(encoding="utf-8")
    record = CustodyRecord.objects.filter(action="dossier").order_by("-seq").first()
    assert record is not None and json.loads(record.body)["detail"]["unmasked_because"] == "submission to OFAC, case 42"
