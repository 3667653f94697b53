"""The dossier PDF cites the signed checkpoint of the custody log it rests on: its size, Merkle root and the
installation's signing key (and says so plainly when there is none yet)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from adalet.archive.checkpoints import make_checkpoint
from adalet.archive.ingest import ingest
from adalet.lib import notes
from adalet.people.officials import official
from adalet.sanctions.dossier import build, render_pdf
from adalet.sanctions.officials import load_registry
from tests.sanctions.conftest import FACTS

pytestmark = pytest.mark.django_db


def pdf_text(pdf: bytes) -> str:
    return " ".join("".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages).split())


def test_the_dossier_cites_the_checkpoint_it_rests_on(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ADALET_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("ADALET_TSA_URLS", raising=False)
    load_registry(FACTS)
    (tmp_path / "leak").mkdir()
    (tmp_path / "leak" / "讲话.txt").write_text("自治区党委书记陈全国在会议上讲话。", encoding="utf-8")
    ingest(tmp_path / "leak", "speeches", ocr=False)
    chen = official("陈全国")
    assert "No signed checkpoint of the custody log yet" in pdf_text(render_pdf(build(chen)))

    made = make_checkpoint(tmp_path / "checkpoint.note", actor="test")
    dossier = build(chen)
    cited = dossier.extra["checkpoint"]
    key = notes.installation_signer().verifier_key
    assert (cited["size"], cited["key"]) == (made.row.size, key) and key == made.verifier_key
    assert cited["root"] == made.row.root
    text = pdf_text(render_pdf(dossier)).replace(" ", "")
    assert f"signedcheckpointofthecustodylog:{made.row.size}records" in text
    assert made.row.root in text and key.replace(" ", "") in text
