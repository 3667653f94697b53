"""The element table (``uyghur_han.txt``) without its elements of two characters or more, for the development checks
that measure the transcription rules on names no table holds (rules_only_pairs.py, stress_given_names.py): after
:func:`empty_the_element_table`, every name in characters is read through its characters' syllables."""

from __future__ import annotations

import sys


def empty_the_element_table() -> None:
    """Keep only single characters of ``uyghur_han.txt`` in every module of adalet.names that loads tables (this
    process only; call before any name is compared)."""
    import adalet.names._data as data
    from adalet.names.uyghur_han import table

    original = data.load_table

    def singles(name: str) -> tuple[tuple[str, ...], ...]:
        out = original(name)
        return tuple(r for r in out if len(r[0]) < 2) if name == "uyghur_han.txt" else out

    for mod in list(sys.modules.values()):
        if getattr(mod, "__name__", "").startswith("adalet.names") and getattr(mod, "load_table", None) is original:
            mod.load_table = singles  # type: ignore[attr-defined]
    table.cache_clear()
