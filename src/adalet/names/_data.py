"""Loading of the tab-separated tables in ``adalet/names/data``.

Files are UTF-8, ``#`` starts a comment line, columns are tab-separated.
"""

from __future__ import annotations

from functools import cache
from importlib import resources


@cache
def load_table(name: str) -> tuple[tuple[str, ...], ...]:
    """Rows of data file *name* as tuples of stripped column strings."""
    text = resources.files("adalet.names").joinpath("data", name).read_text("utf-8")
    rows: list[tuple[str, ...]] = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        rows.append(tuple(col.strip() for col in line.split("\t")))
    return tuple(rows)
