"""Fast inserts of many rows, for the steps that write 100,000s of records (records map, verification findings).

Django's bulk_create builds a model instance per row and prepares every value through its field: about 80% of the
time of mapping a large leak. Here rows are tuples of plain values (dates as ``datetime.date``, JSON as Python
objects) inserted with one prepared statement run many times (on PostgreSQL, with COPY), and primary keys are reserved up front so callers
can point foreign keys at rows before they exist:

* PostgreSQL: ``nextval`` of the table's sequence, once per row (safe with concurrent writers);
* SQLite: the table's maximum id, read inside the caller's transaction, which on Adalet's SQLite (transaction mode
  IMMEDIATE) already holds the write lock, so no other writer can take the same ids.

Call inside ``transaction.atomic()``.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connection, models

from adalet import changes

CHUNK = 5000


def reserve_ids(model: type[models.Model], count: int) -> list[int]:
    """``count`` primary keys no other row has or will get."""
    if count <= 0:
        return []
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [table, count]
            )
            return [row[0] for row in cursor.fetchall()]
        if not connection.in_atomic_block:
            raise RuntimeError("reserve_ids needs a transaction (it relies on its write lock on SQLite)")
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {connection.ops.quote_name(table)}")
        start = cursor.fetchone()[0] + 1
        return list(range(start, start + count))


def _converter(field: models.Field) -> tuple[str, Any]:
    """The placeholder and the value conversion for one column."""
    pg = connection.vendor == "postgresql"
    if isinstance(field, models.JSONField):
        return ("%s::jsonb" if pg else "%s"), lambda v: json.dumps(v, ensure_ascii=False, separators=(",", ":"))
    if isinstance(field, models.DateTimeField):
        return "%s", connection.ops.adapt_datetimefield_value
    if isinstance(field, models.DateField):
        return ("%s::date" if pg else "%s"), lambda v: v.isoformat() if isinstance(v, dt.date) else v
    return "%s", lambda v: v


def _filler(field: models.Field) -> Any:
    """The value a column not given gets, as Django would give it (its default, None, '' or now)."""
    if field.has_default():
        return field.get_default()
    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        from django.utils import timezone

        return timezone.now()
    if field.null:
        return None
    if isinstance(field, models.CharField | models.TextField):
        return ""
    raise ValueError(f"bulk insert into {field.model._meta.db_table}: no value for {field.name}")


def insert(model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Insert rows (values in the order of ``fields``, attnames such as ``person_id``); returns the count.

    Columns not named get what Django would give them (default, None, '' or now), so a field added to the model
    later cannot break the insert."""
    columns = [model._meta.get_field(name.removesuffix("_id") if name.endswith("_id") else name) for name in fields]
    named = {column.attname for column in columns}
    missing = [f for f in model._meta.concrete_fields if f.attname not in named and not f.primary_key]
    if missing:
        fillers = [_filler(f) for f in missing]
        columns += missing
        rows = (tuple(row) + tuple(fillers) for row in rows)
    converters = [_converter(column) for column in columns]
    names = ", ".join(connection.ops.quote_name(column.column) for column in columns)
    placeholders = ", ".join(placeholder for placeholder, _ in converters)
    sql = f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} ({names}) VALUES ({placeholders})"
    converts = [convert for _, convert in converters]
    if connection.vendor == "postgresql":
        return _copy(model, names, converts, rows)
    count = 0
    batch: list[list[Any]] = []
    with connection.cursor() as cursor:
        for row in rows:
            batch.append([None if value is None else convert(value) for convert, value in zip(converts, row, strict=True)])
            if len(batch) >= CHUNK:
                cursor.executemany(sql, batch)
                count += len(batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            count += len(batch)
    return count


def _copy(model: type[models.Model], names: str, converts: list[Any], rows: Iterable[Sequence[Any]]) -> int:
    """PostgreSQL: COPY ... FROM STDIN, several times faster than even pipelined INSERTs."""
    table = connection.ops.quote_name(model._meta.db_table)
    count = 0
    with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row([None if value is None else convert(value) for convert, value in zip(converts, row, strict=True)])
            count += 1
    if changes.watched(model._meta.db_table):  # COPY does not pass through the execute wrappers
        changes.wrote(connection)
    return count


def delete_where(model: type[models.Model], condition: str, params: Sequence[Any]) -> int:
    """``DELETE FROM table WHERE condition``, without Django's collector (callers delete children first)."""
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)} WHERE {condition}", list(params))
        return cursor.rowcount
