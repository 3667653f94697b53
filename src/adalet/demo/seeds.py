"""Which seeds of the synthetic leak are for development and which one is held out.

Checks are developed and tuned on the development seeds (1-9; ``make demo`` uses 7). The hold-out
seed (1000) is frozen: a measurement runs on it (false alarms per 1,000 clean rows and photos,
recall on the planted problems) and its findings are never used to change a check or the
generator. When the generator changes, the hold-out leak changes with it, so a figure measured on
it is comparable only with figures measured by the same generator version. Any other seed is
"other" (tests use their own small seeds). The manifest records the role of its seed.
"""

from __future__ import annotations

DEVELOPMENT_SEEDS = range(1, 10)
HOLD_OUT_SEED = 1000


def seed_role(seed: int) -> str:
    """``development``, ``hold-out`` or ``other``."""
    if seed == HOLD_OUT_SEED:
        return "hold-out"
    return "development" if seed in DEVELOPMENT_SEEDS else "other"
