"""Plain text in any encoding (UTF-8, UTF-16, GB18030, ...), decoded by `textcodec`.

Metadata records the encoding used. Reads at most 4 × Limits.max_text_chars bytes.
"""

from __future__ import annotations

from typing import ClassVar

from adalet.archive.extractors._common import clip_text
from adalet.archive.extractors.base import Context, Extraction, ExtractionError, Extractor, Source
from adalet.archive.textcodec import read_text_file


class TextExtractor(Extractor):
    name: ClassVar[str] = "text"
    media_types: ClassVar[tuple[str, ...]] = ("text/plain",)
    extensions: ClassVar[tuple[str, ...]] = (".txt", ".text", ".log")
    score: ClassVar[int] = 10

    @classmethod
    def match(cls, media_type: str, extension: str) -> int:
        score = super().match(media_type, extension)
        if not score and media_type.startswith("text/"):
            return 3  # any other text/* type still reads as text
        return score

    def extract(self, source: Source, context: Context) -> Extraction:
        try:
            decoded = read_text_file(source.path, context.limits.max_text_chars)
        except OSError as exc:
            raise ExtractionError(f"cannot read the file: {exc.strerror or exc}") from exc
        warnings = list(decoded.warnings)
        text = clip_text(decoded.text, context.limits, warnings)
        return Extraction(
            text=text,
            metadata={"encoding": decoded.encoding, "characters": len(text), "lines": len(text.splitlines())},
            warnings=warnings,
        )
