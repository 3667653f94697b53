"""The engine-specific full-text index (SQLite FTS5 table or PostgreSQL tsvector table)."""

from django.db import migrations


def install(apps, schema_editor):  # type: ignore[no-untyped-def]
    from adalet.archive import search

    search.install(schema_editor)


def uninstall(apps, schema_editor):  # type: ignore[no-untyped-def]
    from adalet.archive import search

    search.uninstall(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("archive", "0001_initial")]
    operations = [migrations.RunPython(install, uninstall)]
