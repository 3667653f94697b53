"""EXIF Software: camera firmware is no finding, an editor's signature is a warning; the signatures are data."""

from __future__ import annotations

import datetime as dt

import pytest
from PIL import Image

from adalet.verify import software
from adalet.verify.checks import exif
from tests.verify.photofiles import context, facts, id_name, jpeg

NAMED = dt.datetime(2018, 3, 1, 9)


def findings_for(text: str) -> list[tuple[str, str]]:
    data = jpeg(Image.new("RGB", (48, 64)), captured=NAMED, camera=("NIKON CORPORATION", "NIKON D7200", "1"), software=text)
    return [(f.check, f.severity) for f in exif.run(context([facts(1, id_name(1, NAMED), data)])) if f.severity != "info"]


@pytest.mark.parametrize("firmware", ["Ver.1.01", "V1.0.3", "Firmware 2.1", "ILCE-6000 v3.21", "1.0.0", "Version 1.0"])
def test_camera_firmware_is_no_finding(firmware: str) -> None:
    assert software.classify(firmware).kind == "firmware"
    assert findings_for(firmware) == []


@pytest.mark.parametrize(("text", "editor"), [
    ("Adobe Photoshop 24.0", "Adobe Photoshop"),
    ("Adobe Photoshop CS6 (Windows)", "Adobe Photoshop"),
    ("GIMP 2.10.34", "GIMP"),
    ("Meitu 9.0", "Meitu (美图秀秀)"),
    ("Snapseed 2.0", "Snapseed"),
    ("Paint.NET v3.36", "Paint.NET"),
])
def test_an_editors_signature_is_a_warning(text: str, editor: str) -> None:
    assert software.classify(text) == software.SoftwareVerdict("editor", editor)
    assert findings_for(text) == [("exif_editor", "warning")]


def test_chinese_editor_names_are_signatures() -> None:
    # read from the string only: Pillow writes EXIF ASCII, so a JPEG made here cannot carry these characters
    assert software.classify("美图秀秀 7.0").name == "Meitu (美图秀秀)"
    assert software.classify("光影魔术手").name == "nEO iMAGING (光影魔术手)"


def test_an_unknown_string_is_left_alone() -> None:
    assert software.classify("Canon EOS 80D").kind == "unknown"
    assert findings_for("Canon EOS 80D") == []


def test_every_signature_line_names_a_kind_and_compiles(tmp_path) -> None:  # type: ignore[no-untyped-def]
    assert {s.kind for s in software.signatures()} == {"editor", "firmware"}
    bad = tmp_path / "software.tsv"
    bad.write_text("editr\tphotoshop\tPhotoshop\tsource\n", encoding="utf-8")
    with pytest.raises(ValueError, match="kind must be editor or firmware"):
        software.signatures(bad)


@pytest.mark.parametrize("encoding", ["utf-8", "gbk"])
def test_a_chinese_editors_name_in_utf8_or_gbk_is_read_matched_and_shown_as_written(encoding: str) -> None:
    """EXIF says ASCII; Chinese editors write UTF-8 or GBK bytes, which reach the metadata as Latin-1 mojibake."""
    written = "美图秀秀 6.0".encode(encoding)
    data = jpeg(Image.new("RGB", (48, 64)), captured=NAMED, camera=("NIKON CORPORATION", "NIKON D7200", "1"),
                software=written)  # type: ignore[arg-type]  # the bytes as the editor wrote them
    photo = facts(1, id_name(1, NAMED), data)
    assert photo.metadata["software"] != "美图秀秀 6.0"  # what ingest keeps: not the name
    [found] = [f for f in exif.run(context([photo])) if f.severity != "info"]
    assert (found.check, found.evidence["software"], found.evidence["editor"]) == ("exif_editor", "美图秀秀 6.0", "Meitu (美图秀秀)")
    assert "美图秀秀 6.0" in found.message


def test_readable_decodes_hex_and_mojibake_and_leaves_everything_else_as_written() -> None:
    assert software.readable("光影魔术手".encode("utf-8").hex()) == "光影魔术手"
    assert software.readable("光影魔术手 2".encode("gbk").decode("latin-1")) == "光影魔术手 2"
    gbk_hex = "光影魔术手".encode("gbk").hex()  # a stated limit: hex is read as UTF-8 only
    for text in ("Ver.1.01", "20180101", "deadbeef", "Café Editor 2", "Müller", "美图秀秀", gbk_hex, ""):
        assert software.readable(text) == text
