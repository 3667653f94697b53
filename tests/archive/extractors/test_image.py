"""Images: every EXIF group with exact values, thumbnails, the pixel limit, damage, OCR policy."""

from __future__ import annotations

import io
import json
import time
from pathlib import Path

import pytest

from adalet.archive import ocr
from adalet.archive.extractors.base import ExtractionError, Limits
from adalet.archive.extractors.image import ImageExtractor

from .conftest import EXIF, SCAN_LINES, run_extractor


def test_exif_convenience_keys(jpeg_with_exif) -> None:
    metadata = run_extractor(ImageExtractor(), jpeg_with_exif(), "image/jpeg").metadata
    assert metadata["capture_time"] == "2018-07-15T14:32:09+08:00"
    assert metadata["camera_make"] == EXIF["make"]
    assert metadata["camera_model"] == EXIF["model"]
    assert metadata["camera_serial"] == EXIF["serial"]
    assert metadata["software"] == EXIF["software"]
    assert metadata["gps"] == {"lat": 43.825, "lon": 87.615}
    assert (metadata["width"], metadata["height"], metadata["format"]) == (640, 480, "JPEG")


def test_all_exif_groups_are_json_safe(jpeg_with_exif) -> None:
    metadata = run_extractor(ImageExtractor(), jpeg_with_exif(), "image/jpeg").metadata
    exif = metadata["exif"]
    assert exif["image"] == {"Make": EXIF["make"], "Model": EXIF["model"], "Software": EXIF["software"]}
    assert exif["exif"] == {
        "DateTimeOriginal": EXIF["original"],
        "OffsetTimeOriginal": EXIF["offset"],
        "BodySerialNumber": EXIF["serial"],
        "UserComment": "camp gate",
    }
    assert exif["gps"] == {
        "GPSLatitudeRef": "N",
        "GPSLatitude": [43.0, 49.0, 30.0],
        "GPSLongitudeRef": "E",
        "GPSLongitude": [87.0, 36.0, 54.0],
    }
    json.dumps(metadata)  # raises if anything is not JSON-serialisable


def test_thumbnail_is_a_small_jpeg_turned_upright(jpeg_with_exif) -> None:
    from PIL import Image

    result = run_extractor(ImageExtractor(), jpeg_with_exif(size=(1600, 1200), orientation=6), "image/jpeg")
    (thumb,) = [d for d in result.derivatives if d.kind == "thumbnail"]
    assert thumb.media_type == "image/jpeg"
    with Image.open(io.BytesIO(thumb.data)) as image:
        assert image.format == "JPEG"
        assert image.size == (192, 256)  # 1600×1200 rotated by EXIF orientation 6


def test_png_without_exif(png: Path) -> None:
    result = run_extractor(ImageExtractor(), png, "image/png", ocr=False)
    assert {k: result.metadata[k] for k in ("width", "height", "format", "mode")} == {"width": 300, "height": 200, "format": "PNG", "mode": "RGBA"}
    assert "exif" not in result.metadata and "gps" not in result.metadata
    assert [d.kind for d in result.derivatives] == ["thumbnail"]
    assert result.failure is None


def test_huge_image_keeps_metadata_but_no_pixels(huge_png) -> None:
    path = huge_png()
    assert path.stat().st_size < 1_000_000
    started = time.monotonic()
    result = run_extractor(ImageExtractor(), path, "image/png")
    assert time.monotonic() - started < 2
    assert result.failure is not None
    assert result.failure.code == "too_large"
    assert result.failure.reason == "image is 20000×20000 = 400 megapixels, over the 100 megapixel limit; pixels not decoded"
    assert (result.metadata["width"], result.metadata["height"]) == (20000, 20000)
    assert result.metadata["camera_serial"] == EXIF["serial"]  # EXIF read from the header
    assert result.derivatives == []


def test_pillow_limit_is_restored(huge_png) -> None:
    from PIL import Image

    before = Image.MAX_IMAGE_PIXELS
    run_extractor(ImageExtractor(), huge_png(), "image/png")
    assert Image.MAX_IMAGE_PIXELS == before


def test_our_limit_applies_to_small_images_too(jpeg_with_exif) -> None:
    result = run_extractor(ImageExtractor(), jpeg_with_exif(), "image/jpeg", limits=Limits(max_image_pixels=1000))
    assert result.failure is not None and result.failure.code == "too_large"
    assert result.metadata["capture_time"] == "2018-07-15T14:32:09+08:00"


def test_truncated_jpeg_keeps_exif_and_reports_damage(jpeg_with_exif, truncated) -> None:
    from PIL import Image

    source = jpeg_with_exif(size=(1200, 900))
    noisy = Image.effect_noise((1200, 900), 80).convert("RGB")  # incompressible, so half the file is half the pixels
    noisy.save(source, "JPEG", exif=Image.open(jpeg_with_exif(name="orig.jpg")).getexif(), quality=95)
    result = run_extractor(ImageExtractor(), truncated(source), "image/jpeg")
    assert result.failure is not None
    assert result.failure.code == "malformed"
    assert result.failure.reason.startswith("image data is damaged or truncated (image file is truncated")
    assert result.failure.reason.endswith("; metadata read, pixels not decoded")
    assert result.metadata["camera_serial"] == EXIF["serial"]
    assert result.derivatives == []


def test_unreadable_header_raises(tmp_path: Path) -> None:
    path = tmp_path / "fake.jpg"
    path.write_bytes(b"\xff\xd8\xff" + b"\x00" * 10)
    with pytest.raises(ExtractionError) as caught:
        run_extractor(ImageExtractor(), path, "image/jpeg")
    assert caught.value.code == "malformed"
    assert caught.value.reason.startswith("image header is unreadable")


def _forbid_ocr(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    calls: list[object] = []
    monkeypatch.setattr(ocr, "ocr_image", lambda *a, **k: calls.append(a) or "OCR TEXT")
    return calls


def test_photos_are_never_ocrd(jpeg_with_exif, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _forbid_ocr(monkeypatch)
    result = run_extractor(ImageExtractor(), jpeg_with_exif(), "image/jpeg", ocr=True)
    assert calls == [] and result.text == ""


def test_images_without_camera_exif_are_ocrd_only_when_asked(scan_png: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _forbid_ocr(monkeypatch)
    assert run_extractor(ImageExtractor(), scan_png, "image/png", ocr=False).text == ""
    assert calls == []
    result = run_extractor(ImageExtractor(), scan_png, "image/png", ocr=True)
    assert len(calls) == 1 and result.text == "OCR TEXT"
    assert [d.kind for d in result.derivatives] == ["thumbnail", "ocr"]


def test_ocr_unavailable_is_a_warning(scan_png: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(ocr, "tesseract_path", lambda: None)
    result = run_extractor(ImageExtractor(), scan_png, "image/png", ocr=True)
    assert result.failure is None
    assert result.warnings == ["OCR unavailable: the tesseract program is not installed"]


@pytest.mark.ocr
def test_scan_comes_back_through_ocr(scan_png: Path) -> None:
    result = run_extractor(ImageExtractor(), scan_png, "image/png", ocr=True)
    assert "".join(result.text.split()) == "".join(SCAN_LINES)


@pytest.mark.ocr
def test_every_page_of_a_multipage_tiff_is_ocrd(tmp_path: Path) -> None:
    from .conftest import text_image

    pages = [text_image(["新疆维吾尔自治区"]), text_image(["看守所在押人员名单"])]
    path = tmp_path / "fax.tiff"
    pages[0].save(path, "TIFF", save_all=True, append_images=pages[1:])  # type: ignore[attr-defined]
    result = run_extractor(ImageExtractor(), path, "image/tiff", ocr=True)
    assert result.metadata["frames"] == 2
    assert ["".join(p.split()) for p in result.pages] == ["新疆维吾尔自治区", "看守所在押人员名单"]


@pytest.mark.parametrize("fmt", ["GIF", "BMP", "WEBP", "TIFF"])
def test_other_formats_get_thumbnails(tmp_path: Path, fmt: str) -> None:
    from PIL import Image

    path = tmp_path / f"x.{fmt.lower()}"
    Image.new("RGB", (500, 100), (10, 20, 30)).save(path, fmt)
    result = run_extractor(ImageExtractor(), path, f"image/{fmt.lower()}", ocr=False)
    assert result.metadata["format"] == fmt
    with Image.open(io.BytesIO(result.derivatives[0].data)) as thumb:
        assert thumb.size == (256, 51)


def test_corrupt_exif_is_a_warning_not_a_crash(jpeg_with_exif, tmp_path: Path) -> None:
    data = bytearray(jpeg_with_exif().read_bytes())
    start = data.find(b"Exif\x00\x00") + 6
    data[start + 8 : start + 10] = b"\xff\x00"  # the first IFD now claims 255 entries
    path = tmp_path / "bad-exif.jpg"
    path.write_bytes(bytes(data))
    result = run_extractor(ImageExtractor(), path, "image/jpeg")
    assert result.failure is None
    assert "Pillow: Corrupt EXIF data.  Expecting to read 12 bytes but only got 4." in result.warnings
    assert [d.kind for d in result.derivatives] == ["thumbnail"]


def test_a_jpeg_scan_has_the_same_phash_and_thumbnail_with_ocr_or_without(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """OCR decodes a scan at full resolution; the pHash and thumbnail come from the scaled decoding either way (a full
    decoding moved the pHash by up to 2 bits of the near-duplicate check's 3)."""
    from PIL import Image, ImageDraw

    calls = _forbid_ocr(monkeypatch)
    scan = Image.new("L", (2480, 3508), 255)  # an A4 page at 300 dpi, as a scanner writes it
    draw = ImageDraw.Draw(scan)
    for n in range(40):
        draw.rectangle((200 + (n * 37) % 900, 300 + n * 75, 1400 + (n * 53) % 800, 330 + n * 75), fill=(n * 5) % 120)
    path = tmp_path / "scan.jpg"
    scan.save(path, "JPEG", quality=85)
    plain = run_extractor(ImageExtractor(), path, "image/jpeg", ocr=False)
    read = run_extractor(ImageExtractor(), path, "image/jpeg", ocr=True)
    assert len(calls) == 1 and plain.failure is None and read.failure is None
    assert read.metadata["phash"] == plain.metadata["phash"]
    assert read.derivatives[0].data == plain.derivatives[0].data  # the thumbnail, byte for byte
