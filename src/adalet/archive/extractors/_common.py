"""Small helpers shared by the extractors: text clipping, JSON-safe values, extension lookup,
capturing a library's log warnings, and the declared-size check for OOXML packages."""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path, PurePath
from typing import Any

from adalet.archive.extractors.base import ExtractionError, Limits

ZIP_RATIO_FLOOR = 10 * 1024 * 1024  # below this, any compression ratio is accepted


def extension(name: str) -> str:
    return PurePath(name).suffix.lower()


def clip_text(text: str, limits: Limits, warnings: list[str]) -> str:
    """Cut text at Limits.max_text_chars, noting it in warnings."""
    if len(text) > limits.max_text_chars:
        warnings.append(f"text cut at {limits.max_text_chars:,} characters (was {len(text):,})")
        return text[: limits.max_text_chars]
    return text


def iso(value: Any) -> str | None:
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    return None


def ratio_allowance(compressed: int, limits: Limits) -> int:
    """The most bytes a member of this compressed size may expand to."""
    return max(compressed * limits.max_compression_ratio, ZIP_RATIO_FLOOR)


def declared_size_problem(info: zipfile.ZipInfo, limits: Limits) -> str | None:
    """Why a zip entry's declared sizes are unacceptable, or None."""
    if info.file_size > limits.max_member_size:
        return f"member {info.filename!r} declares {info.file_size:,} bytes, over the {limits.max_member_size:,} byte limit"
    if info.file_size > ratio_allowance(info.compress_size, limits):
        ratio = info.file_size / max(info.compress_size, 1)
        return (
            f"member {info.filename!r} declares a compression ratio of {ratio:,.0f}:1 "
            f"({info.compress_size:,} -> {info.file_size:,} bytes), over the {limits.max_compression_ratio}:1 limit"
        )
    return None


def check_package(path: Path, limits: Limits, kind: str) -> None:
    """Refuse an OOXML package (DOCX/XLSX) that is not a zip or whose parts declare bomb sizes.

    Python's zipfile never returns more than a member's declared size, so checking the
    declared sizes bounds what python-docx/openpyxl will decompress.
    """
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except Exception as exc:  # noqa: BLE001 - BadZipFile, NotImplementedError (odd version), struct.error...
        message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ExtractionError(f"{kind} is damaged or truncated: not a readable zip package ({message})") from exc
    total = 0
    for info in infos:
        problem = declared_size_problem(info, limits)
        if problem:
            raise ExtractionError(f"{kind} refused: {problem}", code="zip_bomb")
        total += info.file_size
    if total > limits.max_archive_total:
        raise ExtractionError(
            f"{kind} refused: parts declare {total:,} bytes in total, over the {limits.max_archive_total:,} byte limit",
            code="zip_bomb",
        )


class _ThreadRecords(logging.Handler):
    def __init__(self, thread_id: int) -> None:
        super().__init__(logging.WARNING)
        self.thread_id = thread_id
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.thread == self.thread_id and len(self.messages) < 50:
            message = record.getMessage().strip().splitlines()
            if message and message[0] not in self.messages:
                self.messages.append(message[0])


@contextlib.contextmanager
def captured_warnings(logger_name: str) -> Iterator[list[str]]:
    """Collect the warning log lines a library emits from this thread while the block runs."""
    handler = _ThreadRecords(threading.get_ident())
    logger = logging.getLogger(logger_name)
    logger.addHandler(handler)
    try:
        yield handler.messages
    finally:
        logger.removeHandler(handler)
