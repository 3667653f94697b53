"""OCR through the `tesseract` command-line program.

Owns `ocr_image()` and `available_languages()`. Images are handed to tesseract on stdin as
PNG (PIL images), as given (encoded image bytes) or by path; text comes back on stdout (`--psm 3`, automatic page
segmentation). Requested languages that are not installed are dropped as long as one
remains; when tesseract or every language is missing, `ExtractionError(code="ocr_unavailable")`.
A crash or timeout is `ExtractionError(code="ocr_failed")`. Pure Python, no Django.
"""

from __future__ import annotations

import functools
import io
import os
import shutil
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING

from adalet.archive.extractors.base import ExtractionError

if TYPE_CHECKING:
    from PIL import Image

DEFAULT_LANGUAGES = "chi_sim+uig+eng"
DEFAULT_TIMEOUT = 300  # seconds per image


def tesseract_path() -> str | None:
    return shutil.which("tesseract")


@functools.lru_cache(maxsize=1)
def _languages(binary: str) -> frozenset[str]:
    try:
        result = subprocess.run(
            [binary, "--list-langs"], capture_output=True, text=True, timeout=30, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return frozenset()
    lines = (result.stdout + "\n" + result.stderr).splitlines()
    return frozenset(
        line.strip()
        for line in lines
        if line.strip() and not line.startswith("List of available languages") and " " not in line.strip()
    )


def available_languages() -> set[str]:
    """Languages tesseract has installed (cached); empty when tesseract is missing."""
    binary = tesseract_path()
    return set(_languages(binary)) if binary else set()


def resolve_languages(languages: str) -> str:
    """The installed subset of a 'chi_sim+uig+eng' request, or ExtractionError(ocr_unavailable)."""
    binary = tesseract_path()
    if not binary:
        raise ExtractionError("OCR unavailable: the tesseract program is not installed", code="ocr_unavailable")
    installed = available_languages()
    wanted = [lang for lang in languages.split("+") if lang]
    kept = [lang for lang in wanted if lang in installed]
    if not kept:
        have = ", ".join(sorted(installed)) or "none"
        raise ExtractionError(
            f"OCR unavailable: none of the languages {languages} is installed for tesseract (installed: {have})",
            code="ocr_unavailable",
        )
    return "+".join(kept)


def _png_bytes(image: Image.Image) -> bytes:
    from PIL import Image as PILImage

    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")  # transparent areas become white paper, not black
        image = PILImage.new("RGB", rgba.size, (255, 255, 255))
        image.paste(rgba, mask=rgba.getchannel("A"))
    elif image.mode not in ("1", "L", "RGB"):
        image = image.convert("RGB")
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def ocr_image(
    image: str | Path | bytes | Image.Image,
    languages: str = DEFAULT_LANGUAGES,
    timeout: float = DEFAULT_TIMEOUT,
) -> str:
    """Recognise the text in an image (file path, encoded image bytes or PIL image); returns the text."""
    langs = resolve_languages(languages)
    binary = tesseract_path()
    assert binary is not None
    if isinstance(image, (str, Path)):
        target, stdin = str(image), None
    elif isinstance(image, (bytes, bytearray)):
        target, stdin = "stdin", bytes(image)
    else:
        target, stdin = "stdin", _png_bytes(image)
    env = dict(os.environ)
    env.setdefault("OMP_THREAD_LIMIT", "1")  # tesseract's OpenMP threads fight each other; one is faster
    try:
        result = subprocess.run(
            [binary, target, "stdout", "-l", langs, "--psm", "3"],
            input=stdin,
            capture_output=True,
            timeout=timeout,
            env=env,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise ExtractionError(f"OCR gave up after {timeout:g} seconds", code="ocr_failed") from None
    except OSError as exc:
        raise ExtractionError(f"OCR unavailable: cannot run tesseract ({exc})", code="ocr_unavailable") from exc
    if result.returncode != 0:
        last = (result.stderr.decode("utf-8", "replace").strip().splitlines() or ["no message"])[-1]
        raise ExtractionError(f"OCR failed: tesseract exited {result.returncode}: {last}", code="ocr_failed")
    return result.stdout.decode("utf-8", "replace").replace("\f", "").strip()
