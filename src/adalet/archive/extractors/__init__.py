"""The extractor registry: which extractor reads which media type.

`EXTRACTORS` is the one list of extractor classes (dotted paths, imported on first use so that
importing `base` stays cheap). `choose()` asks every class's `match()` and returns an instance
of the best scorer, or None when the item is unsupported.
"""

from __future__ import annotations

import functools
from importlib import import_module

from adalet.archive.extractors.base import Extractor

EXTRACTORS: tuple[str, ...] = (
    "adalet.archive.extractors.text.TextExtractor",
    "adalet.archive.extractors.docx.DocxExtractor",
    "adalet.archive.extractors.tabular.TabularExtractor",
    "adalet.archive.extractors.pdf.PdfExtractor",
    "adalet.archive.extractors.image.ImageExtractor",
    "adalet.archive.extractors.archive.ZipExtractor",
)


def _load(dotted: str) -> type[Extractor]:
    module, _, name = dotted.rpartition(".")
    cls = getattr(import_module(module), name)
    if not (isinstance(cls, type) and issubclass(cls, Extractor)):
        raise TypeError(f"{dotted} is not an Extractor")
    return cls


@functools.cache
def extractor_classes() -> tuple[type[Extractor], ...]:
    return tuple(_load(dotted) for dotted in EXTRACTORS)


def choose(media_type: str, extension: str) -> Extractor | None:
    """An extractor for this media type / file extension, or None when nothing reads it."""
    media_type = (media_type or "").split(";", 1)[0].strip().lower()
    extension = (extension or "").strip().lower()
    if extension and not extension.startswith("."):
        extension = "." + extension
    best, best_score = None, 0
    for cls in extractor_classes():
        score = cls.match(media_type, extension)
        if score > best_score:
            best, best_score = cls, score
    return best() if best else None
