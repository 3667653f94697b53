"""Signals of the sanctions app: others learn that the designations changed without the sanctions app knowing them.

``lists_changed`` is sent after a list import that changed something, after a registry or reference file was
loaded, and after matches were confirmed or rejected, once the change is committed. ``reason`` says which
("import", "registry", "review"); ``subject`` names the list, file or matches. The campaigns app refreshes the
outcomes of letters' asks on it (`adalet.campaigns.outcomes`).
"""

from __future__ import annotations

from django.db import transaction
from django.dispatch import Signal

lists_changed = Signal()


def changed(reason: str, subject: str) -> None:
    """Send ``lists_changed`` once the current transaction (if any) commits."""
    transaction.on_commit(lambda: lists_changed.send(sender=None, reason=reason, subject=subject))
