"""The extractor contract: what an extractor is given, what it returns, and how it says no.

An extractor reads one stored original (a read-only file in the blob store) and returns an
`Extraction`: text for search, metadata (EXIF, document properties), a table for spreadsheets,
derivatives (thumbnail, OCR text) and, for containers, the members as `Member`s. It never
writes anywhere itself; the ingest pipeline stores what it returns.

A clear refusal (encrypted, malformed, too large, unsupported) is an `ExtractionError` whose
message is one line a reviewer can read; it is recorded on the item and in the custody log.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, ClassVar


class ExtractionError(Exception):
    """A clear, one-line reason why an item could not be (fully) extracted."""

    def __init__(self, reason: str, code: str = "malformed") -> None:
        super().__init__(reason)
        self.reason = reason
        self.code = code  # short machine key: malformed, encrypted, too_large, unsupported, zip_bomb, unsafe_path, ocr_unavailable


@dataclass
class Limits:
    """Bounds that keep hostile input from exhausting the machine."""

    max_image_pixels: int = 100_000_000  # 100 megapixels
    max_member_size: int = 2 * 1024**3  # 2 GiB uncompressed per archive member
    max_archive_total: int = 8 * 1024**3  # 8 GiB uncompressed per archive
    max_compression_ratio: int = 200  # uncompressed / compressed, per member (beyond a small floor)
    max_members: int = 100_000
    max_depth: int = 8  # nesting of archives inside archives
    max_text_chars: int = 20_000_000
    max_table_rows: int = 1_000_000


@dataclass
class Source:
    """The stored original to read: its path in the blob store and what we know of it."""

    path: Path  # read-only file in the blob store
    name: str  # original file name (last part of the path inside the archive)
    media_type: str
    size: int
    depth: int = 0  # how many archives enclose it


@dataclass
class Context:
    """Settings an extractor may consult."""

    limits: Limits = field(default_factory=Limits)
    ocr: bool = True  # run OCR on images of text and PDF pages without a text layer
    ocr_languages: str = "chi_sim+uig+eng"


@dataclass
class Derivative:
    """A file derived from the original (thumbnail, OCR text, rendered page); stored separately."""

    kind: str  # "thumbnail", "ocr", "text", "page-image"
    media_type: str
    data: bytes


@dataclass
class Member:
    """One member of a container (an entry of a zip). Opened lazily, streamed, never extracted to disk."""

    path: str  # the member's path inside the container, as the container records it
    size: int | None = None  # declared uncompressed size
    open: Callable[[], IO[bytes] | io.RawIOBase] | None = None  # a fresh stream of its bytes; None when unreadable
    failure: ExtractionError | None = None  # why it cannot be read (encrypted, unsafe path, zip bomb...)


@dataclass
class Extraction:
    """What an extractor found in one original."""

    text: str = ""
    pages: list[str] = field(default_factory=list)  # per-page text where the format has pages
    metadata: dict[str, Any] = field(default_factory=dict)  # JSON-serialisable
    table: dict[str, Any] | None = None  # {"sheets": [{"name": str, "rows": [[str|None, ...], ...]}]}
    derivatives: list[Derivative] = field(default_factory=list)
    members: Iterator[Member] | None = None  # for containers; consumed while the source is open
    warnings: list[str] = field(default_factory=list)  # partial problems that did not stop extraction
    failure: ExtractionError | None = None  # set when extraction was partial (e.g. metadata read, pixels refused)


class Extractor:
    """Base class: declare what you read; the registry picks the best-scoring extractor."""

    name: ClassVar[str] = "base"
    media_types: ClassVar[tuple[str, ...]] = ()
    extensions: ClassVar[tuple[str, ...]] = ()
    score: ClassVar[int] = 10

    @classmethod
    def match(cls, media_type: str, extension: str) -> int:
        """Return this extractor's score for the item, 0 when it does not apply."""
        if media_type in cls.media_types:
            return cls.score
        if extension.lower() in cls.extensions:
            return cls.score // 2
        return 0

    def extract(self, source: Source, context: Context) -> Extraction:
        raise NotImplementedError
