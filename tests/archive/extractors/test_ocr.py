"""The tesseract wrapper: language selection, clear refusals, real recognition."""

from __future__ import annotations

from pathlib import Path

import pytest

from adalet.archive import ocr
from adalet.archive.extractors.base import ExtractionError

from .conftest import SCAN_LINES, text_image


def test_missing_tesseract_is_ocr_unavailable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ocr, "tesseract_path", lambda: None)
    assert ocr.available_languages() == set()
    with pytest.raises(ExtractionError) as caught:
        ocr.ocr_image(text_image(["名单"]))
    assert caught.value.code == "ocr_unavailable"
    assert caught.value.reason == "OCR unavailable: the tesseract program is not installed"


def test_uninstalled_languages_are_dropped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ocr, "tesseract_path", lambda: "/usr/bin/tesseract")
    monkeypatch.setattr(ocr, "available_languages", lambda: {"eng", "chi_sim", "osd"})
    assert ocr.resolve_languages("chi_sim+uig+eng") == "chi_sim+eng"
    with pytest.raises(ExtractionError) as caught:
        ocr.resolve_languages("uig+kaz")
    assert caught.value.code == "ocr_unavailable"
    assert caught.value.reason == "OCR unavailable: none of the languages uig+kaz is installed for tesseract (installed: chi_sim, eng, osd)"


@pytest.mark.ocr
def test_installed_languages_are_listed() -> None:
    assert {"chi_sim", "eng"} <= ocr.available_languages()


@pytest.mark.ocr
@pytest.mark.parametrize("form", ["pil", "path", "bytes"])
def test_recognises_chinese(form: str, tmp_path: Path) -> None:
    image = text_image(SCAN_LINES)
    path = tmp_path / "scan.png"
    image.save(path)  # type: ignore[attr-defined]
    given = {"pil": image, "path": path, "bytes": path.read_bytes()}[form]
    assert "".join(ocr.ocr_image(given).split()) == "".join(SCAN_LINES)


@pytest.mark.ocr
def test_transparent_background_reads_as_paper() -> None:
    from PIL import Image

    grey = text_image(SCAN_LINES)
    rgba = Image.new("RGBA", grey.size, (0, 0, 0, 0))  # type: ignore[attr-defined]
    rgba.putalpha(grey.point(lambda v: 255 - v))  # type: ignore[attr-defined]  # black text on transparency
    assert "".join(ocr.ocr_image(rgba).split()) == "".join(SCAN_LINES)


@pytest.mark.ocr
def test_damaged_input_is_ocr_failed(tmp_path: Path) -> None:
    path = tmp_path / "junk.png"
    path.write_bytes(b"not an image at all")
    with pytest.raises(ExtractionError) as caught:
        ocr.ocr_image(path)
    assert caught.value.code == "ocr_failed"
