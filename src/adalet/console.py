"""Console helpers shared by the `adalet` subcommands: one progress bar for a long step."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import IO

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn


@contextlib.contextmanager
def progress_bar(description: str, stream: IO[str], *, quiet: bool = False) -> Iterator[Callable[[int, int], None]]:
    """A callback ``(done, total)`` that draws a bar on ``stream`` (stderr, so --json output stays clean)."""
    if quiet:
        yield lambda done, total: None
        return
    bars = Progress(
        TextColumn(f"{description:<22}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
        console=Console(file=stream), transient=True,
    )
    task = bars.add_task(description, total=None)
    started = False

    def update(done: int, total: int) -> None:
        nonlocal started
        if not started:
            bars.start()
            started = True
        bars.update(task, completed=done, total=total)

    try:
        yield update
    finally:
        if started:
            bars.stop()
