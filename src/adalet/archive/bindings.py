"""Every fact the site shows, bound on the custody log by a hash of its content, row by row.

Each app registers the models it owns with the columns that are facts (`register`, from its AppConfig.ready); the
archive never imports the apps above it. When the application writes such rows it binds them: the rows are read back
inside the writing transaction and one custody record, action "bind", is appended whose detail is
``{"tables": {"people.Person": {"17": "<sha256 of the row's canonical facts>.<fingerprints>", "18": None}},
"columns": {"people.Person": [...]}}`` (None: deleted; the fingerprints name the columns that changed).
`adalet audit verify` replays these records into the state the log expects and compares it with the database both
ways (`compare`): a row that differs from its binding, a bound row that is gone, a row no binding knows.

Single saves and deletes bind through Django's signals; bulk writes (bulk_create, update(), raw SQL) name what they
wrote with `bind` and `unbind`. The writes of one `operation()` make one record (a very large one, a few).
"""

from __future__ import annotations

import datetime as dt
import getpass
import hashlib
import json
import socket
import zlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import models, transaction
from django.db.models.functions import Cast
from django.db.models.signals import post_delete, post_save

ACTION = "bind"
CHUNK = 5000
#: Rows per custody record: a records map of 100,000 rows writes a few records, not one body of many megabytes.
PER_RECORD = 50_000

Digest = str | None


@dataclass(frozen=True)
class Bound:
    """A model whose rows are bound, with the columns (attnames) that are facts."""

    model: type[models.Model]
    facts: tuple[str, ...]
    #: column -> {value: the value it is bound as}: states of work the log does not tell apart (an item being
    #: extracted is still pending), so that claiming and releasing work writes no binding
    equivalent: dict[str, dict[Any, Any]] = field(default_factory=dict)

    @property
    def table(self) -> str:
        return self.model._meta.label

    def rows(self, queryset: models.QuerySet[Any] | None = None) -> Iterator[tuple[str, str]]:
        """(primary key, binding) of every row of the queryset (default: the whole table): the digest of its facts,
        a dot, and a one-byte fingerprint of each fact column in turn (what lets the audit name the columns that
        changed; the digest alone decides whether the row did)."""
        for pk, facts in self.facts_of(queryset):
            yield pk, f"{fact_digest(facts)}.{fingerprints(facts, self.facts)}"

    def facts_of(self, queryset: models.QuerySet[Any] | None = None) -> Iterator[tuple[str, dict[str, Any]]]:
        """(primary key, facts) of every row of the queryset (default: the whole table).

        JSON, date and time columns are read as the database stores them (as text), not decoded by Django and
        encoded again: four times faster on rows of many cells; a change of their stored text is a change."""
        queryset = self.model._base_manager.all() if queryset is None else queryset
        names = self.facts
        as_text = {f"bound_{c.attname}": Cast(c.attname, models.TextField()) for c in self._stored_as_text()}
        selected = [f"bound_{name}" if f"bound_{name}" in as_text else name for name in names]
        folds = [(names.index(column), same) for column, same in self.equivalent.items()]
        rows = queryset.order_by().annotate(**as_text).values_list("pk", *selected)
        for values in rows.iterator(chunk_size=CHUNK):
            facts = dict(zip(names, values[1:], strict=True))
            for index, same in folds:
                value = values[index + 1]
                facts[names[index]] = same.get(value, value)
            yield str(values[0]), facts

    def _stored_as_text(self) -> list[models.Field[Any, Any]]:
        columns = {c.attname: c for c in self.model._meta.concrete_fields}
        return [c for c in map(columns.__getitem__, self.facts) if isinstance(c, models.JSONField | models.DateField)]


REGISTRY: dict[str, Bound] = {}


def register(
    model: type[models.Model],
    *,
    facts: Iterable[str] | None = None,
    exclude: Iterable[str] = (),
    equivalent: dict[str, dict[Any, Any]] | None = None,
) -> Bound:
    """Bind this model's rows by these columns (field names; a relation is bound by its key, ``collection_id``):
    ``facts``, or every column but the primary key and those in ``exclude`` (work state, times of writing).
    ``equivalent`` names values bound as another (``{"status": {"processing": "pending"}}``)."""
    if facts is None:
        left_out = set(exclude)
        facts = [f.name for f in model._meta.concrete_fields if not f.primary_key and f.name not in left_out]
    columns = tuple(_attname(model, name) for name in facts)
    bound = Bound(model, columns, {_attname(model, c): same for c, same in (equivalent or {}).items()})
    REGISTRY[bound.table] = bound
    post_save.connect(_saved, sender=model, dispatch_uid=f"bind-save-{bound.table}")
    post_delete.connect(_deleted, sender=model, dispatch_uid=f"bind-delete-{bound.table}")
    return bound


def _attname(model: type[models.Model], name: str) -> str:
    column = model._meta.get_field(name)
    if not isinstance(column, models.Field):
        raise ValueError(f"{model._meta.label}.{name} is not a column")
    return column.attname


def bound(model: type[models.Model]) -> Bound:
    try:
        return REGISTRY[model._meta.label]
    except KeyError:
        raise LookupError(f"{model._meta.label} is not bound on the custody log") from None


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat() if value.tzinfo else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def fact_digest(facts: dict[str, Any]) -> str:
    """SHA-256 of the canonical JSON of one row's facts (keys sorted, dates ISO 8601, datetimes in UTC)."""
    body = json.dumps(facts, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=_plain)
    return hashlib.sha256(body.encode()).hexdigest()


def fingerprints(facts: dict[str, Any], columns: Iterable[str]) -> str:
    """Two hex digits per column (CRC-32 of its value, low byte): which columns changed, with 1 chance in 256 of
    missing one; never whether the row changed, which the SHA-256 decides."""
    return bytes(zlib.crc32(str(facts.get(c)).encode()) & 0xFF for c in columns).hex()


def changed_columns(binding: str, columns: list[str], facts: dict[str, Any]) -> list[str]:
    """The columns whose fingerprint differs from the binding's (empty when it has none or all agree)."""
    logged = binding.partition(".")[2]
    if len(logged) != 2 * len(columns):
        return []
    now = fingerprints(facts, columns)
    return [c for i, c in enumerate(columns) if logged[2 * i : 2 * i + 2] != now[2 * i : 2 * i + 2]]


@dataclass
class Operation:
    """The rows one write touched, bound together when it ends (inside its transaction)."""

    actor: str
    subject: str
    written: list[tuple[Bound, models.QuerySet[Any]]] = field(default_factory=list)
    deleted: dict[str, set[str]] = field(default_factory=dict)

    def bind(self, queryset: models.QuerySet[Any]) -> None:
        self.written.append((bound(queryset.model), queryset))

    def bind_pks(self, model: type[models.Model], pks: Iterable[Any]) -> None:
        """Bind these rows by primary key (in chunks: a database takes only so many parameters)."""
        keys = list(pks)
        for start in range(0, len(keys), CHUNK):
            self.bind(model._base_manager.filter(pk__in=keys[start : start + CHUNK]))

    def unbind(self, model: type[models.Model], pks: Iterable[Any]) -> None:
        self.deleted.setdefault(bound(model).table, set()).update(str(pk) for pk in pks)

    def tables(self) -> dict[str, dict[str, Digest]]:
        """{table: {pk: digest or None}}: deletions first, then whatever the written rows now hold."""
        tables: dict[str, dict[str, Digest]] = {t: dict.fromkeys(pks) for t, pks in self.deleted.items()}
        for entry, queryset in self.written:
            tables.setdefault(entry.table, {}).update(entry.rows(queryset))
        return {t: rows for t, rows in tables.items() if rows}

    def flush(self) -> None:
        from adalet.archive import custody

        tables = self.tables()
        for part in _parts(tables, PER_RECORD):
            columns = {table: list(REGISTRY[table].facts) for table in part}
            custody.append(ACTION, actor=self.actor, subject=self.subject, detail={"tables": part, "columns": columns})
        self.written, self.deleted = [], {}


def _parts(tables: dict[str, dict[str, Digest]], size: int) -> Iterator[dict[str, dict[str, Digest]]]:
    part: dict[str, dict[str, Digest]] = {}
    count = 0
    for table, rows in tables.items():
        for pk, digest in rows.items():
            part.setdefault(table, {})[pk] = digest
            count += 1
            if count >= size:
                yield part
                part, count = {}, 0
    if part:
        yield part


_current: ContextVar[Operation | None] = ContextVar("adalet_binding_operation", default=None)


@contextmanager
def operation(actor: str = "", subject: str = "") -> Iterator[Operation]:
    """Bind every write made inside as one custody record, appended in the same transaction as the writes.

    Nested operations join the outermost one."""
    current = _current.get()
    if current is not None:
        yield current
        return
    op = Operation(actor or _default_actor(), subject)
    token = _current.set(op)
    try:
        with transaction.atomic():
            yield op
            op.flush()
    finally:
        _current.reset(token)


def bind(queryset: models.QuerySet[Any], *, actor: str = "", subject: str = "") -> None:
    """Bind the rows of this queryset as they now are (within the current operation, else in a record of their own)."""
    with operation(actor, subject) as op:
        op.bind(queryset)


def unbind(model: type[models.Model], pks: Iterable[Any], *, actor: str = "", subject: str = "") -> None:
    """Record that these rows were deleted."""
    with operation(actor, subject) as op:
        op.unbind(model, pks)


def _default_actor() -> str:
    return f"{getpass.getuser()}@{socket.gethostname()}"


def _saved(sender: type[models.Model], instance: models.Model, update_fields: Any = None, raw: bool = False, **_: Any) -> None:
    if raw:  # loaddata writes what a dump held, unbound: the audit reports it
        return
    entry = bound(sender)
    if update_fields is not None and not {_attname(sender, f) for f in update_fields} & set(entry.facts):
        return
    bind(sender._base_manager.filter(pk=instance.pk))


def _deleted(sender: type[models.Model], instance: models.Model, **_: Any) -> None:
    unbind(sender, [instance.pk])


def adopt(actor: str) -> int:
    """Bind the rows the log has never bound (written before bindings existed), in one operation whose records say
    so (subject "adopt"); returns how many. For an installation's upgrade, once: a row that differs from its binding
    stays reported, and the log keeps who adopted what and when."""
    from adalet.archive import custody

    expected: Expected = {}
    for _ in custody.verify_chain(visit=replay(expected)):
        pass
    count = 0
    with operation(actor, "adopt") as op:
        for table, entry in REGISTRY.items():
            known = expected.get(table, {})
            every = entry.model._base_manager.order_by().values_list("pk", flat=True).iterator(chunk_size=CHUNK)
            unbound = [pk for pk in every if str(pk) not in known]
            op.bind_pks(entry.model, unbound)
            count += len(unbound)
    return count


# -- replaying the log, and comparing it with the database ------------------------------------------------------

#: table -> pk -> (binding or None, the custody record that bound it, the columns it fingerprints)
Expected = dict[str, dict[str, tuple[Digest, int, list[str]]]]
LIMIT_PER_KIND = 50  # lines per table and kind of problem before a summary line


def replay(expected: Expected) -> Callable[[int, str, dict[str, Any]], None]:
    """A visitor for custody.verify_chain that folds every bind record into ``expected``."""

    def visit(seq: int, action: str, detail: dict[str, Any]) -> None:
        if action != ACTION:
            return
        columns = detail.get("columns", {})
        for table, rows in detail.get("tables", {}).items():
            into = expected.setdefault(table, {})
            named = columns.get(table, [])
            for pk, binding in rows.items():
                into[pk] = (binding, seq, named)

    return visit


def compare(expected: Expected, progress: Callable[[str], None] | None = None) -> Iterator[str]:
    """Every difference between the bound tables and the log, one line each (a summary after many of a kind)."""
    for table in sorted(set(expected) - set(REGISTRY)):
        yield f"{table}: bound on the custody log, but no such table is bound by this version of Adalet"
    for table, entry in sorted(REGISTRY.items()):
        if progress:
            progress(table)
        yield from _capped(table, _compare_table(entry, expected.get(table, {})))


def _compare_table(entry: Bound, want: dict[str, tuple[Digest, int, list[str]]]) -> Iterator[tuple[str, str]]:
    seen: set[str] = set()
    for pk, facts in entry.facts_of():
        seen.add(pk)
        logged = want.get(pk)
        if logged is None:
            yield "unbound", f"{entry.table} #{pk}: not on the custody log (written outside the application)"
        elif logged[0] is None:
            yield "undeleted", f"{entry.table} #{pk}: deleted by custody record #{logged[1]}, but present"
        elif logged[0].partition(".")[0] != fact_digest(facts):
            changed = changed_columns(logged[0], logged[2], facts)
            what = f"altered: {', '.join(changed)}" if changed else "altered"
            yield "altered", f"{entry.table} #{pk}: {what} (differs from its binding in custody record #{logged[1]})"
    for pk, (logged_binding, seq, _) in want.items():
        if logged_binding is not None and pk not in seen:
            yield "missing", f"{entry.table} #{pk}: missing (bound by custody record #{seq}, deleted outside the application)"


def _capped(table: str, problems: Iterator[tuple[str, str]]) -> Iterator[str]:
    counts: dict[str, int] = {}
    for kind, line in problems:
        counts[kind] = counts.get(kind, 0) + 1
        if counts[kind] <= LIMIT_PER_KIND:
            yield line
    for kind, count in counts.items():
        if count > LIMIT_PER_KIND:
            yield f"{table}: {count - LIMIT_PER_KIND} more rows {kind} (first {LIMIT_PER_KIND} listed)"
