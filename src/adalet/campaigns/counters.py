"""Counting attempts in fixed windows in the database: one upsert statement increments every key of a request and
returns the new counts, on PostgreSQL and SQLite alike. Old windows are deleted by `adalet campaign purge`."""

from __future__ import annotations

from datetime import datetime

from django.db import connection

from adalet.campaigns.models import RateCounter


def window_start(at: datetime, seconds: int) -> int:
    return int(at.timestamp()) // seconds * seconds


def hit(windows: dict[str, int]) -> dict[str, int]:
    """Count one attempt for each key (key → its window start); returns key → attempts in that window, this one
    included. Keys are sorted so that concurrent statements take row locks in the same order."""
    if not windows:
        return {}
    table = RateCounter._meta.db_table
    keys = sorted(windows)
    rows = ", ".join(["(%s, %s, 1)"] * len(keys))
    sql = (f'INSERT INTO {table} ("key", "window", "count") VALUES {rows} '
           f'ON CONFLICT ("key", "window") DO UPDATE SET "count" = {table}."count" + 1 RETURNING "key", "count"')
    params = [value for key in keys for value in (key, windows[key])]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return dict(cursor.fetchall())


def forget_before(at: datetime) -> int:
    deleted, _ = RateCounter.objects.filter(window__lt=int(at.timestamp())).delete()
    return deleted
