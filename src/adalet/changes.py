"""What the public pages show has changed: a generation token in the shared cache, renewed after every committed
write to the tables those pages read.

Every database connection of every process (web workers, task workers, the command line) carries an execute
wrapper that looks at each statement it sends. A write (INSERT, UPDATE, DELETE, TRUNCATE; COPY is announced by
``adalet.bulkinsert`` through :func:`wrote`) to a table of the apps whose data the public site shows (``archive_``,
``people_``, ``verify_``, ``sanctions_``, and the per-collection access of ``web_``) renews the token once the
transaction commits, once per transaction however many statements it holds. Whatever is cached under an older
token (``adalet.lib.pagecache``) is never served again. The token is random, so a cache that lost it (restarted,
evicted) makes a new one: losing it only invalidates.

Not watched: the custody log (``archive_custodyrecord``): it is append-only, and what the public pages show of it
(an item's ingest) is written with the items themselves, while reads that are audited (a relative search, a
download) would otherwise make every such read empty the cache. Writes made outside Adalet (psql) are not seen:
cached pages then live until they expire (ADALET_PAGE_CACHE_SECONDS).
"""

from __future__ import annotations

import hashlib
import logging
import re
import uuid
from collections.abc import Callable
from functools import lru_cache
from typing import Any

from django.core.cache import cache
from django.db import connection
from django.db.backends.base.base import BaseDatabaseWrapper

log = logging.getLogger("adalet.changes")

WATCHED = ("archive_", "people_", "verify_", "sanctions_", "web_collectionaccess")
NOT_WATCHED = frozenset({"archive_custodyrecord"})
#: The table a statement writes comes early; a bulk INSERT's long VALUES list is not searched.
_HEAD = 2000
_WRITES = re.compile(r'\b(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM|TRUNCATE(?:\s+TABLE)?)\s+"?(\w+)', re.IGNORECASE)


def scope() -> str:
    """The database this process reads, as a short key part: caches shared by installations (or by test workers,
    each with its own test database) never mix their pages."""
    settings = connection.settings_dict
    return _scope(connection.vendor, str(settings.get("HOST", "")), str(settings.get("PORT", "")), str(settings["NAME"]))


@lru_cache(maxsize=8)
def _scope(*parts: str) -> str:
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:16]


def generation_key() -> str:
    return f"generation:{scope()}"


def new_token() -> str:
    return uuid.uuid4().hex


def generation() -> str:
    """The current token (made when the cache has none)."""
    key = generation_key()
    token = cache.get(key)
    if token is None:
        cache.add(key, new_token(), timeout=None)
        token = cache.get(key)
    return token


def renew() -> None:
    """A new token: everything cached under the old one is stale."""
    try:
        cache.set(generation_key(), new_token(), timeout=None)
    except Exception:  # the cache is down: pages cached before live until they expire
        log.exception("could not renew the public pages' generation")


def migrated(sender: object = None, **kwargs: object) -> None:
    """``post_migrate``: a database migrated (made anew, restored and migrated) renews the token."""
    renew()


def watched(table: str) -> bool:
    table = table.lower()
    return table.startswith(WATCHED) and table not in NOT_WATCHED


def writes_watched(sql: str) -> bool:
    """Does the statement write a watched table? (Reads, the most common, are told by their first word.)"""
    head = sql.lstrip()[:6].upper()
    if head == "SELECT" or head.startswith(("SAVEPO", "RELEAS", "BEGIN", "COMMIT", "ROLLBA", "PRAGMA")):
        return False
    return any(watched(match.group(1)) for match in _WRITES.finditer(sql, 0, _HEAD))


def wrote(connection: BaseDatabaseWrapper) -> None:
    """A watched table was written on *connection*: renew the token after commit (now, outside a transaction).

    One renewal per transaction: the callback is registered once per list of commit hooks, which Django replaces
    on commit and on rollback (a rolled-back write renews nothing; one rolled back to a savepoint may renew twice)."""
    if not connection.in_atomic_block:
        renew()
        return
    hooks = connection.run_on_commit
    if getattr(connection, "_adalet_renewal_hooks", None) is hooks:
        return
    connection._adalet_renewal_hooks = hooks  # type: ignore[attr-defined]
    connection.on_commit(renew, robust=True)


def _watch(connection: BaseDatabaseWrapper) -> Callable[..., Any]:
    def wrapper(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: dict[str, Any]) -> Any:
        result = execute(sql, params, many, context)
        if writes_watched(sql):
            wrote(connection)
        return result

    return wrapper


def install(sender: object = None, connection: BaseDatabaseWrapper | None = None, **kwargs: object) -> None:
    """Watch *connection*'s statements (a ``connection_created`` receiver; once per connection object)."""
    if connection is None or getattr(connection, "_adalet_watched", False):
        return
    connection._adalet_watched = True  # type: ignore[attr-defined]
    connection.execute_wrappers.append(_watch(connection))
