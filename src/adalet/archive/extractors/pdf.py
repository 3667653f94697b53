"""PDF documents through pypdf, with OCR for pages that have no text layer.

* Text layer per page into ``pages``; ``text`` is the pages joined by blank lines.
* A page with fewer than MIN_TEXT_CHARS non-space characters is "without text". When
  ``context.ocr`` is on, its embedded images (a scan is usually one image per page) are OCR'd;
  if it has none that decode, the page is rendered with ``pdftoppm -r 200`` (when installed) and
  the rendering OCR'd. OCR text is appended to the page's text and returned once more as a
  Derivative(kind="ocr", media_type="text/plain") holding every page's OCR text separated by
  form feeds (``\\f``), so page N of the derivative is page N of the PDF (empty when not OCR'd).
* When OCR is off or unavailable, a warning names the pages left without text.
* Encrypted: the empty password is tried; otherwise ExtractionError(code="encrypted").
* Document info (author, creator, producer, title, dates) and page count into metadata.
  pypdf's own warnings about damage (rebuilt xref, ...) are copied into ``warnings``.
"""

from __future__ import annotations

import shutil
import subprocess
from typing import Any, ClassVar

from adalet.archive import ocr
from adalet.archive.environment import raise_if_environmental
from adalet.archive.extractors._common import captured_warnings, clip_text
from adalet.archive.extractors.base import Context, Derivative, Extraction, ExtractionError, Extractor, Source

MIN_TEXT_CHARS = 8
MIN_OCR_IMAGE_PIXELS = 40_000  # ignore logos, stamps and rules smaller than ~200×200
RENDER_DPI = 200


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _page_list(numbers: list[int]) -> str:
    return ", ".join(str(n + 1) for n in numbers)


def _metadata(reader: Any) -> dict[str, Any]:
    found: dict[str, Any] = {}
    try:
        info = reader.metadata
    except Exception as exc:  # noqa: BLE001 - a damaged info dictionary is not worth failing for
        raise_if_environmental(exc)
        return found
    if not info:
        return found
    for key in ("author", "creator", "producer", "title", "subject", "keywords"):
        try:
            value = getattr(info, key)
        except Exception as exc:  # noqa: BLE001
            raise_if_environmental(exc)
            continue
        if value:
            found[key] = str(value)
    for key in ("creation_date", "modification_date"):
        raw = info.get("/CreationDate" if key == "creation_date" else "/ModDate")
        if raw:
            found[f"{key}_raw"] = str(raw)
        try:
            value = getattr(info, key)
        except Exception as exc:  # noqa: BLE001 - unparseable date: the raw string is kept
            raise_if_environmental(exc)
            value = None
        if value is not None:
            found[key] = value.isoformat()
    return found


def _embedded_images(page: Any, max_pixels: int) -> list[Any]:
    """The page's images large enough to hold text, as PIL images (may be empty)."""
    images = []
    for image_file in page.images:
        image = image_file.image
        if image is None:
            continue
        pixels = image.width * image.height
        if MIN_OCR_IMAGE_PIXELS <= pixels <= max_pixels:
            images.append(image)
    return images


def _declared_image_pixels(page: Any) -> int:
    """Largest /Width × /Height among the page's image XObjects, read without decoding."""
    largest = 0
    try:
        xobjects = page["/Resources"]["/XObject"].get_object()
        for ref in xobjects.values():
            obj = ref.get_object()
            if obj.get("/Subtype") == "/Image":
                largest = max(largest, int(obj.get("/Width", 0)) * int(obj.get("/Height", 0)))
    except Exception as exc:  # noqa: BLE001 - no resources / odd structure: nothing declared
        raise_if_environmental(exc)
        return 0
    return largest


def _render(source: Source, page: Any, number: int, max_pixels: int) -> bytes | None:
    """The page rendered as PNG by pdftoppm, or None when pdftoppm is missing."""
    binary = shutil.which("pdftoppm")
    if not binary:
        return None
    dpi = RENDER_DPI
    try:
        width, height = float(page.mediabox.width) / 72, float(page.mediabox.height) / 72
        while dpi > 50 and width * height * dpi * dpi > max_pixels:
            dpi //= 2
    except Exception as exc:  # noqa: BLE001
        raise_if_environmental(exc)
    page_arg = str(number + 1)
    try:
        result = subprocess.run(
            [binary, "-r", str(dpi), "-png", "-f", page_arg, "-l", page_arg, "-singlefile", str(source.path)],
            capture_output=True,
            timeout=120,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise_if_environmental(exc)  # no memory or file handles to start it is not "pdftoppm missing"
        return None
    return result.stdout if result.returncode == 0 and result.stdout else None


def _ocr_page(source: Source, page: Any, number: int, context: Context) -> str:
    max_pixels = context.limits.max_image_pixels
    images: list[Any] = []
    if _declared_image_pixels(page) <= max_pixels:
        try:
            images = _embedded_images(page, max_pixels)
        except Exception as exc:  # noqa: BLE001 - JBIG2/CCITT/odd filters: fall back to rendering
            raise_if_environmental(exc)
            images = []
    if images:
        texts = [ocr.ocr_image(image, context.ocr_languages) for image in images]
        return "\n".join(t for t in texts if t)
    rendered = _render(source, page, number, max_pixels)
    if rendered is None:
        raise ExtractionError("no usable embedded image and pdftoppm is not installed to render the page", code="ocr_unavailable")
    return ocr.ocr_image(rendered, context.ocr_languages)


class PdfExtractor(Extractor):
    name: ClassVar[str] = "pdf"
    media_types: ClassVar[tuple[str, ...]] = ("application/pdf",)
    extensions: ClassVar[tuple[str, ...]] = (".pdf",)
    score: ClassVar[int] = 10

    def extract(self, source: Source, context: Context) -> Extraction:
        warnings: list[str] = []
        with captured_warnings("pypdf") as logged:
            extraction = self._extract(source, context, warnings)
        extraction.warnings = [f"pypdf: {line}" for line in logged] + extraction.warnings
        return extraction

    def _extract(self, source: Source, context: Context, warnings: list[str]) -> Extraction:
        from pypdf import PdfReader

        try:
            reader = PdfReader(source.path)
            encrypted = reader.is_encrypted
        except Exception as exc:  # noqa: BLE001 - pypdf raises many kinds on damaged input
            raise ExtractionError(f"PDF is damaged: {_first_line(exc)}") from exc
        if encrypted:
            try:
                opened = reader.decrypt("")
            except Exception as exc:  # noqa: BLE001 - e.g. AES without a crypto library
                raise ExtractionError(f"PDF is encrypted ({_first_line(exc)})", code="encrypted") from exc
            if not opened:
                raise ExtractionError("PDF is encrypted", code="encrypted")
            warnings.append("PDF is encrypted with an empty password; it was opened without one")
        try:
            pages = list(reader.pages)
        except Exception as exc:  # noqa: BLE001
            raise ExtractionError(f"PDF is damaged: cannot read its pages ({_first_line(exc)})") from exc
        if not pages:
            raise ExtractionError("PDF is damaged: no pages could be read")

        texts: list[str] = []
        for number, page in enumerate(pages):
            try:
                texts.append(page.extract_text() or "")
            except Exception as exc:  # noqa: BLE001
                raise_if_environmental(exc)
                warnings.append(f"page {number + 1}: text layer unreadable ({_first_line(exc)})")
                texts.append("")

        bare = [n for n, t in enumerate(texts) if len("".join(t.split())) < MIN_TEXT_CHARS]
        ocr_texts = [""] * len(pages)
        if bare and not context.ocr:
            warnings.append(f"pages without a text layer, OCR is off: {_page_list(bare)}")
        elif bare:
            self._ocr(source, pages, bare, context, texts, ocr_texts, warnings)

        derivatives = []
        if any(ocr_texts):
            derivatives.append(Derivative(kind="ocr", media_type="text/plain", data="\f".join(ocr_texts).encode("utf-8")))
        metadata = _metadata(reader)
        metadata.update(page_count=len(pages), encrypted=bool(encrypted), pdf_version=str(reader.pdf_header).lstrip("%"))
        if any(ocr_texts):
            metadata["ocr_pages"] = [n + 1 for n, t in enumerate(ocr_texts) if t]
        text = clip_text("\n\n".join(t.strip("\n") for t in texts), context.limits, warnings)
        return Extraction(text=text, pages=texts, metadata=metadata, derivatives=derivatives, warnings=warnings)

    def _ocr(
        self,
        source: Source,
        pages: list[Any],
        bare: list[int],
        context: Context,
        texts: list[str],
        ocr_texts: list[str],
        warnings: list[str],
    ) -> None:
        left: list[int] = []
        for position, number in enumerate(bare):
            try:
                found = _ocr_page(source, pages[number], number, context)
            except ExtractionError as exc:
                if exc.code == "ocr_unavailable":
                    left.extend(bare[position:])
                    warnings.append(f"{exc.reason}; pages without a text layer: {_page_list(bare[position:])}")
                    return
                warnings.append(f"page {number + 1}: {exc.reason}")
                left.append(number)
                continue
            if found:
                ocr_texts[number] = found
                texts[number] = (texts[number].rstrip("\n") + "\n" + found).strip("\n")
        if left:
            warnings.append(f"pages left without text: {_page_list(left)}")
