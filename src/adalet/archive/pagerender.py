"""One page of an original as a PNG of bounded size, for the viewer: a PDF's page rendered by pdftoppm, an image's
frame (a scan, a page of a multi-page TIFF) resized from its own pixels.

Bounds: the longest side is at most MAX_EDGE pixels whatever the page declares (pdftoppm ``-scale-to``, Pillow
``thumbnail``); pdftoppm runs at most ADALET_PAGE_RENDER_SECONDS (30) and is killed after, with at most
ADALET_PAGE_RENDER_MEMORY_MB (1024) of address space (util-linux's prlimit, where installed); an image over the
extraction limit (``Limits.max_image_pixels``) is never decoded; the PNG made is decoded once more and refused unless
it is one image within the bounds. Every failure (pdftoppm missing, failing, too slow; pixels damaged) is a
RenderError with a one-line reason, never an empty or partial picture. The PNG holds pixels only (no metadata).
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

from adalet.archive.environment import raise_if_environmental
from adalet.archive.extractors.base import Limits

MAX_EDGE = 1600  # pixels on the longest side of a page image
PIXEL_ERRORS = (OSError, SyntaxError, EOFError, ValueError, IndexError, MemoryError)


class RenderError(Exception):
    """A page that could not be made into an image, with a one-line reason."""


def timeout_seconds() -> float:
    return float(os.environ.get("ADALET_PAGE_RENDER_SECONDS", "30"))


def memory_limit() -> list[str]:
    """The prlimit prefix that caps pdftoppm's address space (a hostile PDF can ask for much), or none without it."""
    prlimit = shutil.which("prlimit")
    megabytes = int(os.environ.get("ADALET_PAGE_RENDER_MEMORY_MB", "1024"))
    return [prlimit, f"--as={megabytes * 1024 * 1024}", "--"] if prlimit and megabytes > 0 else []


def pdftoppm() -> str | None:
    """Where pdftoppm is, or None when it is not installed."""
    return shutil.which("pdftoppm")


def render_pdf_page(path: Path, number: int) -> bytes:
    """Page ``number`` (from 1) of the PDF at ``path`` as a PNG at most MAX_EDGE pixels on its longest side."""
    binary = pdftoppm()
    if binary is None:
        raise RenderError("pdftoppm is not installed (Debian: poppler-utils)")
    page = str(number)
    command = [*memory_limit(), binary, "-png", "-scale-to", str(MAX_EDGE), "-f", page, "-l", page, "-singlefile", str(path)]
    try:
        result = subprocess.run(command, capture_output=True, timeout=timeout_seconds(), check=False)
    except subprocess.TimeoutExpired:
        raise RenderError(f"pdftoppm took more than {timeout_seconds():g} s on page {number}; stopped") from None
    except OSError as error:
        raise_if_environmental(error)  # no memory or file handles to start it is the machine's, not the file's
        raise RenderError(f"pdftoppm could not be started: {error}") from None
    if result.returncode != 0 or not result.stdout:
        said = result.stderr.decode("utf-8", "replace").strip().splitlines()
        raise RenderError(f"pdftoppm failed on page {number} (exit {result.returncode}): {said[-1] if said else 'no output'}")
    return checked_png(result.stdout)


def render_image_frame(path: Path, number: int, limits: Limits | None = None) -> bytes:
    """Frame ``number`` (from 1) of the image at ``path``, upright (EXIF orientation), resized to MAX_EDGE, as PNG."""
    from PIL import Image, ImageFile, ImageOps

    ImageFile.LOAD_TRUNCATED_IMAGES = False  # damaged pixels are an error, not a grey band (WeasyPrint sets it True)
    max_pixels = (limits or Limits()).max_image_pixels
    try:
        with Image.open(path) as image:
            if number > 1:
                image.seek(number - 1)
            if image.width * image.height > max_pixels:
                raise RenderError(f"the image is {image.width}×{image.height}, over the limit of {max_pixels:,} pixels")
            if image.format == "JPEG":
                image.draft("RGB", (MAX_EDGE, MAX_EDGE))  # decode at a reduced size where JPEG allows it
            image.load()
            frame: Any = ImageOps.exif_transpose(image) if number == 1 else image.copy()
    except RenderError:
        raise
    except Image.DecompressionBombError as error:
        raise RenderError(f"the image is too large to decode: {error}") from None
    except PIXEL_ERRORS as error:
        raise_if_environmental(error)
        raise RenderError(f"the image's pixels could not be read: {error}") from None
    frame.thumbnail((MAX_EDGE, MAX_EDGE))
    if frame.mode not in ("1", "L", "LA", "RGB", "RGBA"):
        frame = frame.convert("RGBA" if "A" in frame.getbands() or "transparency" in frame.info else "RGB")
    out = io.BytesIO()
    frame.save(out, format="PNG")
    return checked_png(out.getvalue())


def checked_png(data: bytes) -> bytes:
    """``data`` if it decodes as one PNG within the bounds; RenderError otherwise."""
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format != "PNG":
                raise RenderError(f"the page image is {image.format}, not PNG")
            if max(image.size) > MAX_EDGE or min(image.size) < 1:
                raise RenderError(f"the page image is {image.width}×{image.height}, over {MAX_EDGE} pixels")
            image.load()
    except RenderError:
        raise
    except PIXEL_ERRORS as error:
        raise RenderError(f"the page image does not decode: {error}") from None
    return data
