"""The engine-specific full-text index (SQLite FTS5 table or PostgreSQL tsvector table)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import migrations

if TYPE_CHECKING:
    from django.apps.registry import Apps
    from django.db.backends.base.schema import BaseDatabaseSchemaEditor


def install(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    from adalet.archive import search

    search.install(schema_editor)


def uninstall(apps: Apps, schema_editor: BaseDatabaseSchemaEditor) -> None:
    from adalet.archive import search

    search.uninstall(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("archive", "0001_initial")]
    operations = [migrations.RunPython(install, uninstall)]
